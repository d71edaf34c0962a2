/**
 * The analysis as the API and the device message handlers see it in worker mode: one `AnalysisConsumer` face
 * over the analyses of the partitions this worker holds, which routes each call to the device's partition.
 *
 * - Held here: the call goes to that partition's analysis, as in single-process mode.
 * - Held by another worker (or by none for a moment): what must reach the device's analysis waits in
 *   `pending_action` for the partition's holder (pending-actions.ts): settings changes and buttons. A
 *   calibration is computed HERE from the shared database (raw samples in the journal, how far the analysis got
 *   from its checkpoint), recorded at once, so the API answers as before, and handed to the holder to apply to
 *   the data analysed next.
 * - `device(id)` (the live state: calibration staleness) answers for devices held here only; null otherwise.
 */
import type { AnalysisConsumer } from '../analysis/analysis-consumer.js';
import type { AnalysisSettings } from '../analysis/analysis-settings.js';
import { computeCalibration } from '../analysis/calibration-request.js';
import { parseCheckpoint } from '../analysis/device-checkpoint.js';
import type { SqliteDatabase } from '../db/open-database.js';
import type { DeviceRegistry } from '../devices/device-registry.js';
import { stanceError } from '../errors.js';
import type { Logger } from '../log.js';
import { calibrationToJson } from '../store/calibration-json.js';
import { emptyStoreBatch, type CalibrationRecord, type PostureStore } from '../store/store-port.js';
import type { PartitionOf } from './partition-of.js';
import type { PendingActions } from './pending-actions.js';

export interface PartitionedAnalysisParts {
  db: SqliteDatabase;
  store: PostureStore;
  registry: DeviceRegistry;
  settings: AnalysisSettings;
  partitionOf: PartitionOf;
  /** The analysis of partition `part` if this worker holds it. */
  local(part: number): AnalysisConsumer | null;
  /** Every analysis held here. */
  all(): AnalysisConsumer[];
  actions: PendingActions;
  log: Logger;
  now?: () => number;
}

export function createPartitionedAnalysis(parts: PartitionedAnalysisParts): AnalysisConsumer {
  const { db, store, registry, settings, partitionOf, actions, log } = parts;
  const now = parts.now ?? Date.now;
  const local = (deviceId: string): AnalysisConsumer | null => parts.local(partitionOf(deviceId));
  const newestBatch = db.prepare<[string], { t0_ms: number; count: number; hz: number }>(
    // Through the batch identities (keyed by device and t0, migration 13): the journal has no index by device.
    `SELECT j.t0_ms, j.count, j.hz FROM batch_identity b JOIN journal j ON j.pos = b.pos
     WHERE b.device_id = ? ORDER BY b.t0_ms DESC LIMIT 1`,
  );

  /** A calibration for a device held elsewhere: computed here, recorded, and queued for its holder. */
  const calibrateRemote = (deviceId: string, windows: Parameters<AnalysisConsumer['calibrate']>[1], source: string): CalibrationRecord => {
    const wearerId = registry.get(deviceId)?.wearerId ?? null;
    if (wearerId === null || store.getWearer(wearerId) === null) throw stanceError('DEVICE_NOT_FOUND', { id: deviceId });
    const newest = newestBatch.get(deviceId);
    const newestEndMs = newest === undefined ? Number.NaN : newest.t0_ms + (newest.count * 1000) / newest.hz;
    const lastFedMs = parseCheckpoint(store.getCheckpoint(deviceId))?.lastFedMs ?? Number.NaN;
    const calibration = computeCalibration({ deviceId, wearerId, newestEndMs, lastFedMs }, windows, settings, store);
    const record: CalibrationRecord = { wearerId, deviceId, tMs: Number.isFinite(lastFedMs) ? lastFedMs : newestEndMs, source, calibration };
    db.transaction(() => {
      store.write({ ...emptyStoreBatch(), calibrations: [record] });
      actions.add(partitionOf(deviceId), 'calibration', deviceId, calibrationToJson(calibration), now());
    })();
    log.info({ deviceId, source, method: calibration.method, part: partitionOf(deviceId) }, 'calibrated; handed to the partition holder');
    return record;
  };

  return {
    name: 'analysis (partitioned)',
    settings,
    apply() {
      throw new Error('the partitioned analysis is not a journal consumer: each held partition has its own');
    },
    releaseIdle() {
      for (const a of parts.all()) a.releaseIdle();
    },
    deviceStatus(deviceId, online) {
      // Status messages arrive on the partition's own session, so the device's analysis is held here.
      local(deviceId)?.deviceStatus(deviceId, online);
    },
    wearerSettingsChanged(wearerId) {
      const partsOfWearer = new Set(registry.list().filter((d) => d.wearerId === wearerId).map((d) => partitionOf(d.id)));
      for (const a of parts.all()) a.wearerSettingsChanged(wearerId);
      for (const part of partsOfWearer) {
        if (parts.local(part) === null) actions.add(part, 'wearer-settings', wearerId, null, now());
      }
    },
    devicePaired(deviceId) {
      const a = local(deviceId);
      if (a !== null) {
        a.devicePaired(deviceId);
        return;
      }
      // The holder (or the next one, if it dies first) writes what the device owed its previous wearer, then
      // starts afresh; until then (at most the action poll) it analyses as before.
      actions.add(partitionOf(deviceId), 'device-paired', deviceId, null, now());
    },
    buttonPressed(deviceId, action) {
      const a = local(deviceId);
      if (a !== null) a.buttonPressed(deviceId, action);
      else actions.add(partitionOf(deviceId), 'button', deviceId, { action }, now());
    },
    calibrate(deviceId, windows, source) {
      const a = local(deviceId);
      return a !== null ? a.calibrate(deviceId, windows, source) : calibrateRemote(deviceId, windows, source);
    },
    adoptCalibration(deviceId, calibration) {
      const a = local(deviceId);
      if (a !== null) a.adoptCalibration(deviceId, calibration);
      else actions.add(partitionOf(deviceId), 'calibration', deviceId, calibrationToJson(calibration), now());
    },
    device: (deviceId) => local(deviceId)?.device(deviceId) ?? null,
  };
}
