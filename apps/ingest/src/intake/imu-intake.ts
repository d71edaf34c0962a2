/**
 * What happens to an `imu` payload before the broker acknowledges it: decode and validate
 * (packages/protocol), note gaps and reboots with the device's sequence tracker, and append it to the intake
 * journal unless its identity (device, seq, t0) is already there. `done` is called once the journal holds the batch durably (or immediately-in-order
 * for one that is dropped), and only then does the broker send the PUBACK.
 *
 * A batch that fails validation is acknowledged and dropped, never refused: a refused QoS 1 PUBLISH in
 * MQTT 3.1.1 can only close the connection without a PUBACK, so the sensor would keep the same bad batch
 * in its outgoing queue and resend it at every reconnect, forever, holding its good data behind it.
 * It is counted by reason and logged with the device id instead.
 */
import { decodeBatch, updateSequenceTracker, type BatchFormat, type ImuBatch } from '@stance/protocol';
import type { Logger } from '../log.js';
import type { IngestMetrics } from '../metrics/ingest-metrics.js';
import { createByteScratch, type DevicePayload } from './device-payload.js';
import type { Done, GroupCommitter } from './group-commit.js';
import type { IntakeAdmission } from './intake-admission.js';
import type { Journal } from './journal.js';
import type { SequenceStates } from './sequence-state.js';
import { createSampleScratch } from './stored-samples.js';

export interface ImuIntakeParts {
  journal: Journal;
  sequences: SequenceStates;
  committer: GroupCommitter;
  metrics: IngestMetrics;
  log: Logger;
  /** Clock for `received_ms`, epoch ms. */
  now?: () => number;
  /** Holds valid batches while the journal's backlog is at its limit (back-pressure); none: always admitted. */
  admission?: IntakeAdmission;
  /**
   * Worker mode: where a batch of `deviceId` goes, asked INSIDE the journal's transaction (so the answer and the
   * append commit together): its partition and the epoch of this worker's lease on it, or an Error when this
   * worker no longer holds that partition. A refused batch is not journaled and not acknowledged (the broker
   * redelivers it to the partition's new holder). None: single-process mode, no partitions.
   */
  placement?: (deviceId: string) => JournalPlacement | Error;
}

/** A batch's partition and the lease epoch it is journaled under. */
export interface JournalPlacement {
  part: number;
  leaseEpoch: number;
}

/** What became of one payload: refused at once, or queued for the journal (where duplicates are dropped). */
export type IntakeOutcome = 'accepted' | 'rejected';

export interface ImuIntake {
  /** Takes one `posture/ID/imu` payload from `deviceId`; `done` fires after the journal commit. */
  receive(deviceId: string, payload: DevicePayload, done: Done): IntakeOutcome;
}

export function createImuIntake(parts: ImuIntakeParts): ImuIntake {
  const { journal, sequences, committer, metrics, log } = parts;
  const now = parts.now ?? Date.now;
  // Decoding here only validates: the journal keeps the payload, and the consumers decode it again where they
  // use the samples (stored-samples.ts). So the samples go into one store, used again and again.
  const validationScratch = createSampleScratch();
  const bytesOf = createByteScratch();

  return {
    receive(deviceId, payload, done) {
      const decoded = decodeBatch(bytesOf(payload), validationScratch);
      if (!decoded.ok) {
        metrics.batchesRejected.inc({ reason: decoded.reason });
        log.warn({ deviceId, reason: decoded.reason, detail: decoded.detail }, 'imu batch refused');
        committer.enqueue(null, done);
        return 'rejected';
      }
      const { batch, format } = decoded;
      if (parts.admission) parts.admission.whenOpen(() => journalBatch(deviceId, batch, format, payload, done));
      else journalBatch(deviceId, batch, format, payload, done);
      return 'accepted';
    },
  };

  function journalBatch(deviceId: string, batch: ImuBatch, format: BatchFormat, payload: DevicePayload, done: Done): void {
    const state = sequences.get(deviceId);
    // The tracker only describes the stream (gaps, late batches, reboots) for the metrics. Whether a batch
    // is new is decided by its durable identity (device, seq, t0) in the journal's transaction: that has
    // no window, so an offline buffer of any length resent after newer live data is kept, and it survives
    // restarts.
    const verdict = updateSequenceTracker(state.tracker, batch);
    if (verdict.kind === 'reboot') {
      state.boot += 1;
      metrics.deviceReboots.inc();
      log.info({ deviceId, seq: batch.seq, boot: state.boot }, 'sensor rebooted');
    } else if (verdict.kind === 'gap') {
      metrics.batchGaps.inc();
    } else if (verdict.kind === 'late') {
      metrics.batchesLate.inc();
    } else if (verdict.kind === 'stale') {
      metrics.batchesStale.inc();
    }
    if (verdict.missed > 0) metrics.batchesMissed.inc({}, verdict.missed);
    if (verdict.fresh) sequences.markDirty(deviceId);
    // The journal keeps the payload as received (a quarter of the bytes of the decoded samples for binary), not
    // `batch`'s samples: they are views of the scratch store, overwritten by the next payload.
    const entry = { deviceId, boot: state.boot, batch, format, payload, receivedMs: now() };
    let stored = false;
    let refused: Error | null = null;
    const placement = parts.placement;
    // Through the queue even when it turns out a duplicate: the original may still be waiting for its commit.
    committer.enqueue(
      () => {
        if (placement === undefined) {
          stored = journal.append(entry);
          return;
        }
        const placed = placement(deviceId);
        if (placed instanceof Error) refused = placed;
        else stored = journal.append({ ...entry, ...placed });
      },
      (error) => {
        if (!error && refused !== null) {
          done(refused);
          return;
        }
        if (!error) {
          if (stored) {
            metrics.batchesAccepted.inc();
            metrics.samples.inc({}, batch.count);
          } else {
            metrics.batchesDuplicate.inc();
          }
        }
        done(error);
      },
    );
  }
}
