/**
 * Batches that did not arrive over MQTT (the demo's two weeks of history, a test's past data) through the same
 * path a sensor's take: the device must be registered and enabled, then every payload goes through the imu
 * intake (decode and validate, sequence tracker, durable (device, seq, t0) de-duplication, journal, group
 * commit) and the journal consumers (sample counts, analysis) process it exactly as live data. The broker's
 * rate limit does not apply: it protects the service from a sensor's connection, and an import is the
 * service's own code.
 */
import { stanceError } from '../errors.js';
import type { DeviceRegistry } from '../devices/device-registry.js';
import type { ImuIntake } from './imu-intake.js';

export interface BatchImportResult {
  /** Payloads journaled or recognised as duplicates (resends of a batch already journaled). */
  queued: number;
  /** Payloads refused by validation (counted and logged like a sensor's). */
  rejected: number;
}

/** Journals `payloads` (encoded imu batches, in the order a sensor would send them); resolves after their commits. */
export type BatchImport = (deviceId: string, payloads: Iterable<Uint8Array>) => Promise<BatchImportResult>;

export function createBatchImport(parts: { registry: DeviceRegistry; intake: ImuIntake }): BatchImport {
  return async (deviceId, payloads) => {
    const device = parts.registry.get(deviceId);
    if (device === null) throw stanceError('DEVICE_NOT_FOUND', { id: deviceId });
    if (device.disabled) throw stanceError('FORBIDDEN', { reason: `device ${deviceId} is disabled` });
    const result: BatchImportResult = { queued: 0, rejected: 0 };
    const commits: Promise<void>[] = [];
    for (const payload of payloads) {
      commits.push(
        new Promise<void>((resolve, reject) => {
          const outcome = parts.intake.receive(deviceId, payload, (error) => (error ? reject(error) : resolve()));
          if (outcome === 'accepted') result.queued += 1;
          else result.rejected += 1;
        }),
      );
    }
    await Promise.all(commits);
    return result;
  };
}
