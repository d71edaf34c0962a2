/**
 * The analysis consumer: reads the intake journal in order and runs each device's posture pipeline on its
 * batches in sensor-time order (reorder-buffer.ts), then stores what that produced in the SAME transaction as
 * the cursor advance: points, episodes and alerts at once, a device's rollups and checkpoint every
 * `flushIntervalS` (deferred-writes.ts; the stored cursor stays below what they do not cover yet), so a restart
 * neither loses nor repeats anything. Haptic commands leave after the commit (at most once per buzz: a crash
 * between the commit and the publish loses that one buzz, and entries analysed again after a crash do not buzz
 * again).
 *
 * Devices without a wearer are not analysed (nothing to store them under). One pipeline per device, created
 * on its first batch from its checkpoint: the calibration, feedback and slouch state are restored, and the
 * orientation filter re-warms on the last `warmUpS` of raw samples.
 */
import { snoozeFeedback, type Calibration } from '@stance/analysis';
import { deviceTopic, encodeCommand, type SampleStoreAllocator } from '@stance/protocol';
import type { SqliteDatabase } from '../db/open-database.js';
import type { DeviceRegistry } from '../devices/device-registry.js';
import { stanceError } from '../errors.js';
import { computeCalibration } from './calibration-request.js';
import { entrySamples, type Journal, type JournalEntry } from '../intake/journal.js';
import { createSampleScratch, ownSamples } from '../intake/stored-samples.js';
import type { JournalConsumer } from '../intake/journal-consumer.js';
import type { Logger } from '../log.js';
import type { IngestMetrics } from '../metrics/ingest-metrics.js';
import { emptyStoreBatch, type CalibrationRecord, type StoreBatch, type PostureStore } from '../store/store-port.js';
import type { AnalysisSettings } from './analysis-settings.js';
import { createPendingWrites, deferredWritesPerStep, pendingRollups, writeDueWallMs, type PendingWrites } from './deferred-writes.js';
import { createLastSeenWrites } from './last-seen-writes.js';
import { createMinQueue } from './min-queue.js';
import { fillLate, givenUpSpanOf, recordGivenUp } from './late-fill.js';
import {
  applyCalibration, createDeviceAnalysis, feedBatch, recordOutcome, type DeviceAnalysis, type HapticCommand, type StepOutput,
} from './device-analysis.js';
import { deviceCheckpoint, freshCheckpoint, parseCheckpoint, restoreGapState, restoreStateFields } from './device-checkpoint.js';
import { closeDevice, closeDue, gapAwaited, setDeviceOnline } from './device-offline.js';
import type { CalibrationWindows } from './raw-calibration.js';
import { batchEndMs, followsOn, holdBatch, releaseBatches, type HeldBatch } from './reorder-buffer.js';
import { giveUpBelow, noteSeq } from './seq-gaps.js';
import { analysisForWearer } from './wearer-settings.js';

export type PublishHaptic = (command: HapticCommand) => void;

export interface AnalysisConsumerParts {
  db: SqliteDatabase;
  journal: Journal;
  store: PostureStore;
  registry: DeviceRegistry;
  metrics: IngestMetrics;
  log: Logger;
  publish: PublishHaptic;
  settings: AnalysisSettings;
  /** Wall clock, epoch ms. */
  now?: () => number;
  /** Called after each commit with what it stored (the live stream listens here). Must not throw. */
  onStored?: (batch: StoreBatch) => void;
  /** Cursor key (default `analysis`; `analysis@pK` for partition K's consumer in worker mode). */
  name?: string;
  /**
   * Worker mode: called at the start of every transaction of this consumer (journal entries, idle release,
   * buttons, calibrations); throws when this worker no longer holds the partition, which rolls it back. A
   * worker that lost its lease (paused, cut off) therefore cannot write points or checkpoints its successor
   * also writes.
   */
  fence?: () => void;
}

export interface AnalysisConsumer extends JournalConsumer {
  /** The service-wide settings (every wearer's defaults). */
  readonly settings: Readonly<AnalysisSettings>;
  /**
   * The wall-clock timers (own transaction): analyses what devices quiet for `idleReleaseMs` still hold in their
   * reorder windows, gives up gaps past their bounds, closes devices offline for `offlineCloseS`.
   */
  releaseIdle(): void;
  /** The device said it is online or offline (status message, last will). */
  deviceStatus(deviceId: string, online: boolean): void;
  /** A wearer's settings changed: their devices' analysis is rebuilt with them, from their checkpoints. */
  wearerSettingsChanged(wearerId: string): void;
  /**
   * The device was paired (again) to a wearer: its analysis starts afresh for them, with no calibration or slouch
   * state carried over. What it owed its previous wearer goes to them first, in the same transaction: its
   * batches journaled but not analysed yet, those it held, its last partial second and open episode, its pending
   * rollups. Then its checkpoint keeps only the journal position reached (the previous wearer's entries are
   * skipped if read again) and the copy in memory is forgotten.
   */
  devicePaired(deviceId: string): void;
  /** A button press on the sensor (own transaction). */
  buttonPressed(deviceId: string, action: string): void;
  /** Calibrates from windows of recent raw data, or "now" (null); applies from the data analysed next. */
  calibrate(deviceId: string, windows: CalibrationWindows | null, source: string): CalibrationRecord;
  /**
   * Applies a calibration found and recorded elsewhere (worker mode: by the worker that served the API
   * request) from the data analysed next, and keeps it in the device's checkpoint (own transaction).
   */
  adoptCalibration(deviceId: string, calibration: Calibration): void;
  /** The live analysis of a device, if it has one (tests, the API). */
  device(deviceId: string): DeviceAnalysis | null;
}

function newStep(): StepOutput {
  return { store: emptyStoreBatch(), haptics: [], pointEndsMs: [], lateBatches: 0, skippedBuzzes: 0, closes: 0, outcomes: [], late: new Map() };
}

/**
 * What a transaction writes of the devices it touched: `journal` (journal entries) leaves them pending unless
 * due, `own` (a wall-clock timer, a button, a calibration: no entry to replay them from) writes them all, `all`
 * (a drain, someone waiting) writes every pending device, `share` (the journal is quiet) the oldest share of them.
 */
type WriteMode = 'journal' | 'own' | 'all' | 'share';

export function createAnalysisConsumer(parts: AnalysisConsumerParts): AnalysisConsumer {
  const { db, journal, store, registry, metrics, log, publish, settings } = parts;
  const name = parts.name ?? 'analysis';
  const fence = parts.fence ?? (() => {});
  const now = parts.now ?? Date.now;
  const devices = new Map<string, DeviceAnalysis | null>();
  /** Each entry's samples are decoded into this store, used again for the next (stored-samples.ts). */
  const sampleScratch = createSampleScratch();
  let step = newStep();
  /** Devices changed in the current transaction. */
  const touched = new Set<DeviceAnalysis>();
  /** Devices to write in the current transaction whatever their interval (a data gap given up is written once, with its checkpoint). */
  const writeNow = new Set<DeviceAnalysis>();
  /** Devices with writes pending, in the order they became pending (so by their first pending position). */
  const pendingDevices = new Set<DeviceAnalysis>();
  /**
   * The same devices by when their writes are due, and by the lowest journal position whose logged points they
   * need kept (min-queue.ts). An entry whose device was written since is stale, and skipped when it comes up.
   */
  const dueQueue = createMinQueue<DeviceAnalysis>();
  const logQueue = createMinQueue<DeviceAnalysis>();
  const flushIntervalMs = settings.flushIntervalS * 1000;
  const lastSeen = createLastSeenWrites(flushIntervalMs);
  /** The device's writes are pending from now on (from journal position `firstPos`; Infinity: own-transaction work only). */
  const startPending = (d: DeviceAnalysis, firstPos: number, wallMs: number): void => {
    const p = createPendingWrites(firstPos, writeDueWallMs(d.deviceId, wallMs, flushIntervalMs));
    d.pending = p;
    dueQueue.push(p.dueWallMs, d);
    if (Number.isFinite(firstPos)) logQueue.push(firstPos, d);
  };
  /** The lowest journal position the points log must keep for the devices still pending (Infinity: none). */
  const lowestKeptLogPos = (): number => {
    for (;;) {
      const p = logQueue.peek()?.pending;
      if (p === undefined) return Number.POSITIVE_INFINITY;
      if (p !== null && Math.min(p.firstPos, p.logPos) === logQueue.peekKey()) return logQueue.peekKey();
      logQueue.pop();
    }
  };
  /** Times the in-memory state was dropped (the runner then reads again from the stored cursor). */
  let resets = 0;
  /** Highest journal position whose transaction committed; entries up to `appliedBefore` do not buzz again. */
  let committedPos = 0;
  let stepPos = 0;
  let appliedBefore = 0;

  const load = (deviceId: string): DeviceAnalysis | null => {
    const wearerId = registry.get(deviceId)?.wearerId ?? null;
    const wearer = wearerId === null ? null : store.getWearer(wearerId);
    if (wearer === null) return null;
    const saved = parseCheckpoint(store.getCheckpoint(deviceId));
    const own = analysisForWearer(settings, store.getWearerSettings(wearer.id));
    const d = createDeviceAnalysis(deviceId, wearer.id, wearer.utcOffsetMin, own, saved?.calibrationValue ?? null, saved?.calibrationGiven ?? false);
    d.gaps.clockWallMs = now();
    if (saved === null) return d;
    restoreGapState(d, saved, now());
    d.writtenPos = saved.pos ?? 0;
    d.appliedPos = d.writtenPos;
    if (saved.lastFedMs !== null) {
      const raw = store.readRaw(deviceId, { fromMs: saved.lastFedMs - settings.warmUpS * 1000, toMs: saved.lastFedMs + 0.5 });
      const warm = newStep();
      for (let i = 0; i < raw.tMs.length; i++) {
        const sample: HeldBatch = {
          pos: 0, boot: 0, seq: 0, t0Ms: raw.tMs[i] as number, hz: 1000, count: 1,
          acc: raw.acc.subarray(3 * i, 3 * i + 3), gyr: raw.gyr.subarray(3 * i, 3 * i + 3),
        };
        feedBatch(d, sample, warm, settings, false);
      }
      restoreStateFields(d, saved);
      d.lastFedMs = saved.lastFedMs;
    }
    d.reorder.nextExpectedMs = saved.nextExpectedMs ?? Number.NaN;
    for (const pos of saved.heldPos) {
      const entry = journal.readAt(pos);
      if (entry) holdBatch(d.reorder, heldFrom(entry));
    }
    log.info({ deviceId, lastFedMs: saved.lastFedMs, held: d.reorder.held.length }, 'device analysis resumed from checkpoint');
    return d;
  };

  const device = (deviceId: string): DeviceAnalysis | null => {
    let d = devices.get(deviceId);
    if (d === undefined) {
      d = load(deviceId);
      devices.set(deviceId, d);
    }
    return d;
  };

  /**
   * The device's writes are pending from this entry on. It joins the queue at once, even when the reorder window
   * holds the entry (a new device's first batch always is) and nothing is fed: the durable cursor must stay below
   * its first unwritten entry (durableThrough), and the queue is then in the order of the entries.
   */
  const notePending = (d: DeviceAnalysis, pos: number, wallMs: number): void => {
    if (d.pending !== null && Number.isFinite(d.pending.firstPos)) return;
    if (d.pending === null) startPending(d, pos, wallMs);
    else {
      d.pending.firstPos = pos; // pending from own-transaction work only, until now
      if (pos < d.pending.logPos) logQueue.push(pos, d);
    }
    pendingDevices.delete(d);
    pendingDevices.add(d);
  };

  /** One journal entry of a device: into its reorder window, and on through the pipeline as far as it may go. */
  const applyEntry = (d: DeviceAnalysis, entry: JournalEntry, wallMs: number): void => {
    d.appliedPos = entry.pos;
    notePending(d, entry.pos, wallMs);
    // Data received after the device said it went offline: it is back (its last batches may be journaled
    // after its last will was handled, so those do not count).
    if (!(entry.receivedMs < d.offlineSinceWallMs)) setDeviceOnline(d, true, wallMs);
    noteSeq(d.gaps, entry.boot, entry.batch.seq, wallMs);
    const held = heldFrom(entry, sampleScratch);
    holdBatch(d.reorder, held);
    d.lastBatchWallMs = wallMs;
    release(d, wallMs, false);
    // Kept for an earlier batch: its samples are in the scratch store the next entry is decoded into.
    if (d.reorder.held.length > 0 && d.reorder.held.includes(held)) ownSamples(held);
  };

  const positionsInTable = db.prepare<[string, number], number>(
    'SELECT pos FROM batch_identity WHERE device_id = ? AND pos > ? ORDER BY pos',
  ).pluck();
  /**
   * A device's journal positions after `afterPos`, through its batch identities, those not written yet included
   * (re-pairing only: the table is not indexed by pos).
   */
  const devicePositionsAfter = (deviceId: string, afterPos: number): number[] => {
    const positions = new Set(positionsInTable.all(deviceId, afterPos));
    for (const i of journal.unwrittenIdentities(deviceId)) if (i.pos > afterPos) positions.add(i.pos);
    return [...positions].sort((a, b) => a - b);
  };

  const released: HeldBatch[] = [];
  /** Releases what may go on now (`force`: the device went quiet), feeds it, and notes the gaps given up. */
  const release = (d: DeviceAnalysis, wallMs: number, force: boolean): void => {
    let endMs = d.reorder.nextExpectedMs;
    releaseBatches(d.reorder, released, (b) => gapAwaited(d, b, wallMs, settings), force);
    if (released.length === 0) return;
    for (const b of released) {
      const given = giveUpBelow(d.gaps, b.boot, b.seq);
      if (given > 0 && !followsOn({ nextExpectedMs: endMs }, b) && b.t0Ms > endMs) {
        step.store.gaps.push({ deviceId: d.deviceId, startMs: endMs, endMs: b.t0Ms });
        recordGivenUp(d.givenUp, endMs, b.t0Ms, d.pipeline.calibration);
        writeNow.add(d);
        log.info({ deviceId: d.deviceId, seqs: given, startMs: endMs, endMs: b.t0Ms }, 'data gap given up');
      }
      if (!(batchEndMs(b) <= endMs)) endMs = batchEndMs(b);
      if (batchEndMs(b) <= d.lastFedMs) {
        lateBatch(d, b);
        continue;
      }
      const buzzes = step.haptics.length;
      feedBatch(d, b, step, settings);
      // Analysed again after a crash or a rollback: its buzzes went out (or were lost) the first time.
      if (b.pos <= appliedBefore && step.haptics.length > buzzes) {
        step.skippedBuzzes += step.haptics.length - buzzes;
        step.haptics.length = buzzes;
      }
    }
    released.length = 0;
    touched.add(d);
  };

  /**
   * A batch wholly before what the device's pipeline analysed: inside a span given up as a gap it is analysed
   * apart (late-fill.ts; the device is written in this transaction, with the gap record it shrinks), else only
   * counted. Either way one log line per device after the commit.
   */
  const lateBatch = (d: DeviceAnalysis, b: HeldBatch): void => {
    const note = step.late.get(d.deviceId) ?? { batches: 0, filledS: 0, fromMs: b.t0Ms, toMs: batchEndMs(b) };
    step.late.set(d.deviceId, note);
    note.batches += 1;
    note.fromMs = Math.min(note.fromMs, b.t0Ms);
    note.toMs = Math.max(note.toMs, batchEndMs(b));
    const span = givenUpSpanOf(d.givenUp, b);
    if (span === null) {
      step.lateBatches += 1;
      return;
    }
    const rawBefore = () => store.readRaw(d.deviceId, { fromMs: b.t0Ms - settings.warmUpS * 1000, toMs: b.t0Ms });
    const filled = fillLate(d, b, span, rawBefore);
    if (filled.points.length === 0) return;
    step.store.points.push(...filled.points);
    step.store.gaps.push({ deviceId: d.deviceId, startMs: filled.fromMs, endMs: filled.toMs, filled: true });
    note.filledS += (filled.toMs - filled.fromMs) / 1000;
    writeNow.add(d);
  };

  /** Writes a device's rollups and checkpoint (into the current step). */
  const writeDevice = (d: DeviceAnalysis): void => {
    if (d.pending !== null) {
      step.store.rollups.push(...pendingRollups(d.pending, d.wearerId, d.utcOffsetMin));
      step.store.filedPoints.push(...d.pending.points);
    }
    step.store.checkpoints.push({ deviceId: d.deviceId, state: deviceCheckpoint(d) });
    d.writtenPos = d.appliedPos;
    d.pending = null;
    pendingDevices.delete(d);
  };

  /** The rollup input goes to each device's pending writes; the devices due are written; one store write (inside the current transaction). */
  const finishStep = (mode: WriteMode): void => {
    const out = step.store;
    const wallMs = now();
    // Rollup input, and points to file. Outside a journal entry (a wall-clock release, a close) the device is
    // written in this transaction.
    const pendingOf = (deviceId: string) => {
      const d = devices.get(deviceId);
      if (!d) return undefined;
      if (d.pending === null) {
        startPending(d, Number.POSITIVE_INFINITY, wallMs);
        pendingDevices.add(d);
      }
      return d;
    };
    for (const p of out.points) {
      const d = pendingOf(p.deviceId);
      if (d === undefined) {
        out.filedPoints.push(p);
        continue;
      }
      const pending = d.pending as PendingWrites;
      pending.points.push(p);
      if (stepPos < pending.logPos) {
        if (stepPos < pending.firstPos) logQueue.push(stepPos, d);
        pending.logPos = stepPos;
      }
    }
    for (const e of out.episodes) pendingOf(e.deviceId)?.pending?.episodes.push(e);
    for (const d of touched) {
      if (mode === 'own' || mode === 'all' || writeNow.has(d) || flushIntervalMs <= 0) writeDevice(d);
      else if (d.pending !== null) pendingDevices.add(d);
    }
    touched.clear();
    writeNow.clear();
    // A share at a time (deferredWritesPerStep): ahead of time (a drain, a quiet journal) the oldest pending first,
    // else the due ones, soonest due first (a device's slot can put it due before others pending sooner).
    let budget = mode === 'all' ? Number.POSITIVE_INFINITY : deferredWritesPerStep(pendingDevices.size);
    if (mode === 'all' || mode === 'share') {
      for (const d of pendingDevices) {
        if (budget <= 0) break;
        writeDevice(d);
        budget -= 1;
      }
    }
    if (pendingDevices.size === 0) {
      dueQueue.clear();
      logQueue.clear();
    }
    while (budget > 0 && dueQueue.peekKey() <= wallMs) {
      const d = dueQueue.pop() as DeviceAnalysis;
      // Stale (written since, or pending again with a later slot): skipped.
      if (d.pending === null || d.pending.dueWallMs > wallMs) continue;
      writeDevice(d);
      budget -= 1;
    }
    lastSeen.take(wallMs, mode === 'all', out.seen);
    // The devices still pending keep their points in the log from their first entry or first logged point on.
    out.pointLog = { consumer: name, pos: stepPos, filedBelowPos: Math.min(stepPos + 1, lowestKeptLogPos()) };
    store.write(out);
  };

  const afterCommit = (): void => {
    const done = step;
    step = newStep();
    committedPos = Math.max(committedPos, stepPos);
    const wallMs = now();
    for (const endMs of done.pointEndsMs) metrics.pipelineLatency.observe(Math.max(0, (wallMs - endMs) / 1000));
    metrics.pointsStored.inc({}, done.store.points.length);
    metrics.episodesStored.inc({}, done.store.episodes.length);
    if (done.lateBatches > 0) metrics.pipelineLateBatches.inc({}, done.lateBatches);
    if (done.skippedBuzzes > 0) metrics.hapticSkipped.inc({}, done.skippedBuzzes);
    if (done.closes > 0) metrics.offlineCloses.inc({}, done.closes);
    for (const g of done.store.gaps) {
      if (g.filled === true) {
        metrics.lateSecondsFilled.inc({}, (g.endMs - g.startMs) / 1000);
        continue;
      }
      metrics.dataGaps.inc();
      metrics.dataGapSeconds.inc({}, (g.endMs - g.startMs) / 1000);
    }
    for (const [deviceId, n] of done.late) {
      if (n.filledS > 0) log.info({ deviceId, batches: n.batches, filledS: n.filledS, fromMs: n.fromMs, toMs: n.toMs }, 'late data inside a given-up gap analysed apart (points only)');
      else log.warn({ deviceId, batches: n.batches, fromMs: n.fromMs, toMs: n.toMs }, 'late batches not analysed: older than the analysed data and outside any gap given up (kept raw)');
    }
    for (const outcome of done.outcomes) metrics.alertOutcomes.inc({ outcome });
    parts.onStored?.(done.store);
    for (const command of done.haptics) {
      metrics.hapticSent.inc();
      publish(command);
    }
  };

  /** Runs `work` and the step's store write in one transaction, then the after-commit effects. */
  const inTransaction = <T>(work: () => T): T => {
    let result: T;
    try {
      result = db.transaction(() => {
        fence();
        const r = work();
        finishStep('own');
        return r;
      })();
    } catch (error) {
      forget();
      throw error;
    }
    afterCommit();
    return result;
  };

  /**
   * After a rollback the in-memory state is ahead of the database: rebuild from checkpoints on next use, and the
   * runner reads again from the stored cursor (`resets`) what the pending writes did not cover.
   */
  const forget = (): void => {
    devices.clear();
    touched.clear();
    writeNow.clear();
    pendingDevices.clear();
    dueQueue.clear();
    logQueue.clear();
    step = newStep();
    appliedBefore = Math.max(appliedBefore, committedPos);
    stepPos = committedPos;
    resets += 1;
  };

  /** Finds the calibration (reads only; throws catalogue errors), without applying it. */
  const calibrationOf = (d: DeviceAnalysis, windows: CalibrationWindows | null): Calibration =>
    computeCalibration(
      { deviceId: d.deviceId, wearerId: d.wearerId, newestEndMs: d.reorder.newestEndMs, lastFedMs: d.lastFedMs },
      windows, settings, store,
    );

  /** Applies a calibration and records it (inside a transaction). */
  const applyAndRecord = (d: DeviceAnalysis, calibration: Calibration, source: string): CalibrationRecord => {
    const newestMs = d.reorder.newestEndMs;
    applyCalibration(d, calibration);
    touched.add(d);
    const tMs = Number.isFinite(d.lastFedMs) ? d.lastFedMs : newestMs;
    const record: CalibrationRecord = { wearerId: d.wearerId, deviceId: d.deviceId, tMs, source, calibration };
    step.store.calibrations.push(record);
    log.info({ deviceId: d.deviceId, source, method: calibration.method, quality: calibration.quality }, 'calibrated');
    return record;
  };

  return {
    name,
    settings,
    apply(entries: readonly JournalEntry[]) {
      fence();
      const wallMs = now();
      // Each entry is held and released in turn, so the outcome does not depend on how many entries a
      // transaction carries (a buzz is judged against the data received up to its batch, not up to the chunk's end).
      for (const entry of entries) {
        lastSeen.seen(entry.deviceId, entry.receivedMs);
        stepPos = Math.max(stepPos, entry.pos);
        const d = device(entry.deviceId);
        if (d === null) continue;
        // Already in the device's written checkpoint and rollups: read again after a restart (deferred-writes.ts).
        if (entry.pos <= d.writtenPos) continue;
        applyEntry(d, entry, wallMs);
      }
      finishStep('journal');
    },
    afterCommit,
    onRollback: forget,
    deferred: {
      durableThrough(applied) {
        // The queue is in the order of the devices' first pending entries (notePending): the first one with an entry
        // is the lowest.
        for (const d of pendingDevices) {
          const first = d.pending?.firstPos ?? Number.POSITIVE_INFINITY;
          if (Number.isFinite(first)) return Math.min(applied, first - 1);
        }
        return applied;
      },
      flush(scope) {
        fence();
        finishStep(scope);
        return pendingDevices.size > 0;
      },
      get resets() {
        return resets;
      },
      resumed(appliedPos) {
        appliedBefore = Math.max(appliedBefore, appliedPos);
        committedPos = Math.max(committedPos, appliedPos);
      },
    },
    // The store's outbox is full (InfluxDB down or slow): leave the entries in the journal until it drains.
    ready: () => !store.queueStatus().full,
    releaseIdle() {
      const wallMs = now();
      const quiet = (d: DeviceAnalysis): boolean => wallMs - d.lastBatchWallMs >= settings.idleReleaseMs;
      const due: DeviceAnalysis[] = [];
      for (const d of devices.values()) {
        if (d === null) continue;
        const head = d.reorder.held[0];
        if (head === undefined ? closeDue(d, wallMs, settings) : quiet(d) && !gapAwaited(d, head, wallMs, settings)) due.push(d);
      }
      if (due.length === 0) return;
      inTransaction(() => {
        for (const d of due) {
          release(d, wallMs, quiet(d));
          if (d.reorder.held.length === 0 && closeDue(d, wallMs, settings)) {
            closeDevice(d, step);
            step.closes += 1;
            touched.add(d);
            log.info({ deviceId: d.deviceId, lastFedMs: d.lastFedMs }, 'device offline: last second and open episode closed');
          }
        }
      });
    },
    deviceStatus(deviceId, online) {
      const d = device(deviceId);
      if (d !== null) setDeviceOnline(d, online, now());
    },
    devicePaired(deviceId) {
      const d = devices.get(deviceId) ?? null;
      try {
        db.transaction(() => {
          fence();
          let pos = parseCheckpoint(store.getCheckpoint(deviceId))?.pos ?? 0;
          const unread = devicePositionsAfter(deviceId, d?.appliedPos ?? pos);
          if (d !== null) {
            // Its batches journaled before the pairing and not analysed yet (a backlog, while the store was slow)
            // are its previous wearer's: analysed for them now, ahead of the consumer, which then skips them.
            const wallMs = now();
            for (const p of unread) {
              const entry = journal.readAt(p);
              if (entry !== null) applyEntry(d, entry, wallMs);
            }
            release(d, wallMs, true);
            if (!d.closed && Number.isFinite(d.lastFedMs)) closeDevice(d, step);
            touched.add(d);
          }
          finishStep('own'); // the device written for its previous wearer
          if (d !== null) pos = d.appliedPos;
          else if (unread.length > 0) {
            // Not in memory (nothing of it analysed since the service started): whose wearer's they are cannot
            // be told apart from the new one's any more, so they are not analysed at all (their raw data stays).
            pos = unread[unread.length - 1] as number;
            log.warn({ deviceId, batches: unread.length }, 'batches of the previous wearer not analysed: the device was paired again before they were');
          }
          // Then a checkpoint of nothing but that position: entries up to it are the previous wearer's, and are
          // skipped if read again after a crash.
          store.write({ ...emptyStoreBatch(), checkpoints: [{ deviceId, state: freshCheckpoint(pos) }] });
        })();
      } catch (error) {
        forget();
        throw error;
      }
      afterCommit();
      devices.delete(deviceId);
      log.info({ deviceId, previousWearerId: d?.wearerId ?? null }, 'device paired: its analysis starts afresh');
    },
    wearerSettingsChanged(wearerId) {
      const affected = [...devices.values()].filter((d): d is DeviceAnalysis => d !== null && d.wearerId === wearerId);
      if (affected.length === 0) return;
      // Their pending writes first, so that the checkpoints they are rebuilt from are current.
      inTransaction(() => {
        for (const d of affected) touched.add(d);
      });
      for (const old of affected) {
        const deviceId = old.deviceId;
        // The stored checkpoint is the state as of the last commit; what only lives in memory is carried over.
        devices.delete(deviceId);
        const d = device(deviceId);
        if (d === null) continue;
        d.offlineSinceWallMs = old.offlineSinceWallMs;
        d.lastBatchWallMs = old.lastBatchWallMs;
        d.gaps.clockWallMs = old.gaps.clockWallMs;
      }
    },
    buttonPressed(deviceId, action) {
      let calibration: Calibration | null = null;
      const pressed = device(deviceId);
      if (action === 'calibrate' && pressed !== null) {
        try {
          calibration = calibrationOf(pressed, null);
        } catch (error) {
          // The button has no way to answer; the event is stored and the reason logged.
          log.warn({ deviceId, err: error instanceof Error ? error.message : String(error) }, 'button calibration failed');
        }
      }
      inTransaction(() => {
        step.store.events.push({ deviceId, tMs: now(), type: 'button', action });
        const d = device(deviceId);
        if (d === null) return;
        if (action === 'snooze') {
          const tMs = Number.isFinite(d.lastFedMs) ? d.lastFedMs : now();
          const outcome = snoozeFeedback(d.feedback, tMs);
          if (outcome) recordOutcome(d, outcome, step);
          touched.add(d);
        } else if (action === 'calibrate' && calibration !== null) {
          applyAndRecord(d, calibration, 'button');
        }
      });
    },
    calibrate(deviceId, windows, source) {
      const d = device(deviceId);
      if (d === null) throw stanceError('DEVICE_NOT_FOUND', { id: deviceId });
      const calibration = calibrationOf(d, windows);
      return inTransaction(() => applyAndRecord(d, calibration, source));
    },
    adoptCalibration(deviceId, calibration) {
      inTransaction(() => {
        const d = device(deviceId);
        if (d === null) return;
        applyCalibration(d, calibration);
        touched.add(d);
        log.info({ deviceId, method: calibration.method, quality: calibration.quality }, 'calibration adopted');
      });
    },
    device: (deviceId) => devices.get(deviceId) ?? null,
  };
}

/** An entry as the reorder window holds it, its samples decoded into a store from `allocate` (default: their own). */
function heldFrom(entry: JournalEntry, allocate?: SampleStoreAllocator): HeldBatch {
  const b = entry.batch;
  const { acc, gyr } = entrySamples(entry, allocate);
  return { pos: entry.pos, boot: entry.boot, seq: b.seq, t0Ms: b.t0Ms, hz: b.hz, count: b.count, acc, gyr };
}

/** The command payload a buzz publishes on `posture/ID/cmd`. */
export function hapticPayload(command: HapticCommand): { topic: string; payload: string } {
  return {
    topic: deviceTopic(command.deviceId, 'cmd'),
    payload: encodeCommand({ type: 'haptic', pattern: command.pattern, reason: 'slouch' }),
  };
}
