/**
 * The SQLite adapter of the store port: the embedded default. It shares the service's database (WAL), so
 * `write` joins the caller's transaction: the journal consumer's effects and its cursor commit together.
 * Every write is an upsert on the record's natural key, so writing the same batch twice changes nothing,
 * except rollups, which merge (the consumer writes each point once; see analysis-consumer.ts). A journal
 * consumer's points go to the points log and are filed later (point-log.ts); other writers' are filed at once.
 */
import { randomUUID } from 'node:crypto';
import { aggregateFromJson, aggregateToJson, mergeAggregates, type SlouchEpisode } from '@stance/analysis';
import type { SqliteDatabase } from '../db/open-database.js';
import { createSampleScratch, decodeStoredSamples, storedSamplesOfRow } from '../intake/stored-samples.js';
import { calibrationFromJson, calibrationToJson } from './calibration-json.js';
import { downsamplePoints, type PointRow } from './point-downsampling.js';
import { createPointLog, POINT_ROWS_SQL, pointRowsParams, type PointRowsParams } from './point-log.js';
import { createPointMinutes, MINUTE_MS } from './point-minutes.js';
import { storedMs, storedReal } from './sqlite-values.js';
import type {
  AlertRecord, CalibrationRecord, DataGapSummary, DeviceEventRecord, DeviceStatusRecord, PointSummary, PostureStore, RawSamples, RollupBucket,
  StoreBatch, StoredPoint, Wearer, WearerSettingsOverrides,
} from './store-port.js';

interface WearerRow { id: string; name: string; utc_offset_min: number; created_ms: number }
interface StatusRow { device_id: string; online: number; battery: number | null; fw: string | null; last_seen_ms: number }
interface CalibrationRow { device_id: string; t_ms: number; wearer_id: string; source: string; calibration: string }
interface RawRow { pos: number; t0_ms: number; hz: number; count: number; samples: Buffer; encoding: string }

export interface SqliteStoreParts {
  /**
   * A device's journal entries whose batch identities are not written yet (intake/batch-identities.ts, which may
   * write them a few at a time): raw reads take them with the table's. Default: none.
   */
  unwrittenBatches?: (deviceId: string) => readonly { pos: number; t0Ms: number }[];
}

export function createSqliteStore(db: SqliteDatabase, parts: SqliteStoreParts = {}): PostureStore {
  const unwrittenBatches = parts.unwrittenBatches ?? (() => []);
  const q = {
    point: db.prepare(
      `INSERT OR REPLACE INTO posture_point (wearer_id, t_ms, device_id, flexion_deg, lateral_deg, activity, posture, worn)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    episode: db.prepare(
      `INSERT OR REPLACE INTO episode (wearer_id, start_ms, device_id, end_ms, duration_s, peak_flexion_deg, mean_flexion_deg, dose_deg_s)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    alert: db.prepare(
      `INSERT OR REPLACE INTO alert (device_id, buzz_ms, wearer_id, slouch_start_ms, repeat, pattern, outcome, response_s, resolved_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    event: db.prepare('INSERT OR IGNORE INTO device_event (device_id, t_ms, type, action) VALUES (?, ?, ?, ?)'),
    status: db.prepare(
      `INSERT INTO device_status (device_id, online, battery, fw, last_seen_ms) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE SET online = excluded.online, battery = coalesce(excluded.battery, battery),
         fw = coalesce(excluded.fw, fw), last_seen_ms = max(last_seen_ms, excluded.last_seen_ms)`,
    ),
    seen: db.prepare(
      `INSERT INTO device_status (device_id, online, last_seen_ms) VALUES (?, 1, ?)
       ON CONFLICT (device_id) DO UPDATE SET last_seen_ms = max(last_seen_ms, excluded.last_seen_ms)`,
    ),
    calibration: db.prepare(
      `INSERT OR REPLACE INTO calibration (device_id, t_ms, wearer_id, source, method, quality, calibration)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    rollupGet: db.prepare<[string, string, number], { aggregate: string }>(
      'SELECT aggregate FROM rollup WHERE wearer_id = ? AND size = ? AND start_ms = ?',
    ),
    // In place (migration 15): REPLACE would delete the row and insert it again under a new rowid.
    rollupPut: db.prepare(
      `INSERT INTO rollup (wearer_id, size, start_ms, aggregate) VALUES (?, ?, ?, ?)
       ON CONFLICT (wearer_id, size, start_ms) DO UPDATE SET aggregate = excluded.aggregate`,
    ),
    gapAdd: db.prepare(
      `INSERT INTO device_data_gaps (device_id, gap_count, missing_s, last_start_ms, last_end_ms) VALUES (?, 1, ?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE SET gap_count = gap_count + 1, missing_s = missing_s + excluded.missing_s,
         last_start_ms = excluded.last_start_ms, last_end_ms = excluded.last_end_ms`,
    ),
    gapFill: db.prepare('UPDATE device_data_gaps SET missing_s = max(0, missing_s - ?) WHERE device_id = ?'),
    gapGet: db.prepare<[string], { gap_count: number; missing_s: number; last_start_ms: number | null; last_end_ms: number | null }>(
      'SELECT * FROM device_data_gaps WHERE device_id = ?',
    ),
    settingsGet: db.prepare<[string], { settings: string }>('SELECT settings FROM wearer_settings WHERE wearer_id = ?'),
    settingsPut: db.prepare('INSERT OR REPLACE INTO wearer_settings (wearer_id, settings) VALUES (?, ?)'),
    wearerOffset: db.prepare('UPDATE wearer SET utc_offset_min = ? WHERE id = ?'),
    // In place, as the rollups: REPLACE would delete the row and its key and insert both again (8.6-10.3 → 3.9-4.2 µs).
    checkpointPut: db.prepare(
      'INSERT INTO pipeline_checkpoint (device_id, state) VALUES (?, ?) ON CONFLICT (device_id) DO UPDATE SET state = excluded.state',
    ),
    checkpointGet: db.prepare<[string], { state: string }>('SELECT state FROM pipeline_checkpoint WHERE device_id = ?'),
    // Points filed and logged (point-log.ts).
    points: db.prepare<[PointRowsParams], PointRow>(`SELECT * FROM (${POINT_ROWS_SQL}) ORDER BY t_ms`),
    // Rows named as the answer: a day is up to 86,400 of them, one object each and no copy.
    pointSummaries: db.prepare<[PointRowsParams], PointSummary>(
      `SELECT t_ms AS tMs, flexion_deg AS flexionDeg, lateral_deg AS lateralDeg, activity, posture FROM (${POINT_ROWS_SQL})
       ORDER BY t_ms`,
    ),
    // SQLite writes doubles with 17 significant digits here: JSON.parse gives back exactly the stored values.
    pointsJson: db.prepare<[PointRowsParams], string>(
      `SELECT '{"points":[' || coalesce(group_concat(json_object('t', t_ms, 'flexionDeg', flexion_deg, 'lateralDeg', lateral_deg,
         'activity', activity, 'posture', posture)), '') || ']}'
       FROM (SELECT * FROM (${POINT_ROWS_SQL}) ORDER BY t_ms)`,
    ).pluck(),
    episodes: db.prepare<[string, number, number], Record<string, number>>(
      `SELECT start_ms, end_ms, duration_s, peak_flexion_deg, mean_flexion_deg, dose_deg_s FROM episode
       WHERE wearer_id = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms`,
    ),
    // Named as the record: a year of one wearer's alerts is thousands of rows, one object each.
    alerts: db.prepare<[string, number, number], AlertRecord>(
      `SELECT wearer_id AS wearerId, device_id AS deviceId, buzz_ms AS buzzMs, slouch_start_ms AS slouchStartMs, repeat, pattern,
         outcome, response_s AS responseS, resolved_ms AS resolvedMs
       FROM alert WHERE wearer_id = ? AND buzz_ms >= ? AND buzz_ms < ? ORDER BY buzz_ms`,
    ),
    events: db.prepare<[string, number, number], DeviceEventRecord>(
      `SELECT device_id AS deviceId, t_ms AS tMs, type, action FROM device_event
       WHERE device_id = ? AND t_ms >= ? AND t_ms < ? ORDER BY t_ms`,
    ),
    rollups: db.prepare<[string, string, number, number], { start_ms: number; aggregate: string }>(
      'SELECT start_ms, aggregate FROM rollup WHERE wearer_id = ? AND size = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms',
    ),
    raw: db.prepare<[string, number, number], RawRow>(
      // A batch overlapping the range's start may begin before it: look back by the longest batch (1000 samples at 25 Hz).
      // Through the batch identities (keyed by device and t0, migration 13): the journal has no index by device.
      `SELECT j.pos, j.t0_ms, j.hz, j.count, j.samples, j.encoding FROM batch_identity b JOIN journal j ON j.pos = b.pos
       WHERE b.device_id = ? AND b.t0_ms >= ? AND b.t0_ms < ? ORDER BY b.t0_ms`,
    ),
    rawAt: db.prepare<[number], RawRow>('SELECT pos, t0_ms, hz, count, samples, encoding FROM journal WHERE pos = ?'),
    wearerInsert: db.prepare('INSERT INTO wearer (id, name, utc_offset_min, created_ms) VALUES (?, ?, ?, ?)'),
    wearerGet: db.prepare<[string], WearerRow>('SELECT * FROM wearer WHERE id = ?'),
    wearerAll: db.prepare<[], WearerRow>('SELECT * FROM wearer ORDER BY created_ms, id'),
    statusGet: db.prepare<[string], StatusRow>('SELECT * FROM device_status WHERE device_id = ?'),
    statusAll: db.prepare<[], StatusRow>('SELECT * FROM device_status ORDER BY device_id'),
    calibrations: db.prepare<[string, number], CalibrationRow>(
      'SELECT * FROM calibration WHERE wearer_id = ? ORDER BY t_ms DESC LIMIT ?',
    ),
  };

  const minutes = createPointMinutes(db);
  const pointLog = createPointLog(db);

  const filePoints = (points: readonly StoredPoint[]): void => {
    let lastWearer = '';
    let lastMinute = Number.NaN;
    for (const p of points) {
      const tMs = storedMs(p.tMs);
      q.point.run(p.wearerId, tMs, p.deviceId, storedReal(p.flexionDeg), storedReal(p.lateralDeg), p.activity, p.posture, p.worn ? 1 : 0);
      const minute = tMs - (tMs % MINUTE_MS);
      if (p.wearerId === lastWearer && minute === lastMinute) continue;
      minutes.touched(p.wearerId, tMs);
      lastWearer = p.wearerId;
      lastMinute = minute;
    }
  };

  const writeAll = (b: StoreBatch): void => {
    if (b.pointLog === undefined) filePoints(b.points);
    else pointLog.append(b.points, b.pointLog);
    filePoints(b.filedPoints);
    if (b.pointLog !== undefined) pointLog.prune(b.pointLog);
    for (const e of b.episodes) {
      q.episode.run(e.wearerId, storedMs(e.startMs), e.deviceId, storedMs(e.endMs), e.durationS, e.peakFlexionDeg, e.meanFlexionDeg, e.doseDegS);
    }
    for (const a of b.alerts) {
      q.alert.run(a.deviceId, storedMs(a.buzzMs), a.wearerId, storedMs(a.slouchStartMs), a.repeat, a.pattern, a.outcome, a.responseS, a.resolvedMs === null ? null : storedMs(a.resolvedMs));
    }
    for (const e of b.events) q.event.run(e.deviceId, storedMs(e.tMs), e.type, e.action);
    for (const s of b.statuses) q.status.run(s.deviceId, s.online ? 1 : 0, s.battery, s.fw, storedMs(s.lastSeenMs));
    for (const s of b.seen) q.seen.run(s.deviceId, storedMs(s.lastSeenMs));
    for (const c of b.calibrations) {
      const json = JSON.stringify(calibrationToJson(c.calibration));
      q.calibration.run(c.deviceId, storedMs(c.tMs), c.wearerId, c.source, c.calibration.method, c.calibration.quality, json);
    }
    for (const r of b.rollups) {
      const row = q.rollupGet.get(r.wearerId, r.size, r.startMs);
      const merged = row === undefined ? r.aggregate : mergeAggregates(aggregateFromJson(JSON.parse(row.aggregate)), r.aggregate);
      q.rollupPut.run(r.wearerId, r.size, r.startMs, JSON.stringify(aggregateToJson(merged)));
    }
    for (const g of b.gaps) {
      if (g.filled === true) q.gapFill.run((g.endMs - g.startMs) / 1000, g.deviceId);
      else q.gapAdd.run(g.deviceId, (g.endMs - g.startMs) / 1000, storedMs(g.startMs), storedMs(g.endMs));
    }
    for (const c of b.checkpoints) q.checkpointPut.run(c.deviceId, JSON.stringify(c.state));
  };
  const writeTransaction = db.transaction(writeAll);
  const putSettings = db.transaction((wearerId: string, overrides: WearerSettingsOverrides, utcOffsetMin: number) => {
    q.settingsPut.run(wearerId, JSON.stringify(overrides));
    q.wearerOffset.run(utcOffsetMin, wearerId);
  });

  return {
    // Inside the caller's transaction the statements simply join it: a savepoint would copy every page it first
    // changes into a sub-journal (a page per device for the points), and on an error it is the caller's transaction
    // that rolls back. Called alone, it is a transaction of its own.
    write: (batch) => (db.inTransaction ? writeAll(batch) : writeTransaction(batch)),
    queueDepth: 0,
    queueStatus: () => ({ rows: 0, bytes: 0, oldestMs: null, full: false, failing: false }),
    flush: async () => true,
    close() {
      /* the database belongs to the service */
    },
    async readPoints(wearerId, range, stepMs = 1000) {
      const params = pointRowsParams(wearerId, range.fromMs, range.toMs);
      if (stepMs <= 1000) return q.pointSummaries.all(params);
      const fromMinutes = stepMs % MINUTE_MS === 0 ? minutes.readSteps(wearerId, range, stepMs) : null;
      return fromMinutes ?? downsamplePoints(q.points.all(params), stepMs);
    },
    readPointsJson(wearerId, range) {
      return q.pointsJson.get(pointRowsParams(wearerId, range.fromMs, range.toMs)) as string;
    },
    async readEpisodes(wearerId, range): Promise<SlouchEpisode[]> {
      return q.episodes.all(wearerId, range.fromMs, range.toMs).map((r) => ({
        startMs: r.start_ms as number, endMs: r.end_ms as number, durationS: r.duration_s as number,
        peakFlexionDeg: r.peak_flexion_deg as number, meanFlexionDeg: r.mean_flexion_deg as number, doseDegS: r.dose_deg_s as number,
      }));
    },
    async readAlerts(wearerId, range) {
      return q.alerts.all(wearerId, range.fromMs, range.toMs);
    },
    async readEvents(deviceId, range) {
      return q.events.all(deviceId, range.fromMs, range.toMs);
    },
    async readRollups(wearerId, size, range): Promise<RollupBucket[]> {
      const lengthMs = size === 'hour' ? 3_600_000 : 86_400_000;
      return q.rollups.all(wearerId, size, range.fromMs - lengthMs + 1, range.toMs).map((r) => ({
        startMs: r.start_ms,
        aggregate: aggregateFromJson(JSON.parse(r.aggregate)),
      }));
    },
    readRaw(deviceId, range) {
      const fromT0 = range.fromMs - 40_000;
      const rows = q.raw.all(deviceId, fromT0, range.toMs);
      const unwritten = unwrittenBatches(deviceId).filter((b) => b.t0Ms >= fromT0 && b.t0Ms < range.toMs);
      if (unwritten.length > 0) {
        // Waiting to be written, or written since: each entry once, in time order.
        const read = new Set(rows.map((r) => r.pos));
        for (const b of unwritten) {
          const row = read.has(b.pos) ? undefined : q.rawAt.get(b.pos);
          if (row !== undefined) rows.push(row);
        }
        rows.sort((a, b) => a.t0_ms - b.t0_ms);
      }
      return rawFromRows(rows, range.fromMs, range.toMs);
    },
    createWearer(name, utcOffsetMin = 0, nowMs = Date.now()) {
      const wearer: Wearer = { id: randomUUID(), name, utcOffsetMin, createdMs: nowMs };
      q.wearerInsert.run(wearer.id, name, utcOffsetMin, nowMs);
      return wearer;
    },
    getWearer(id) {
      const row = q.wearerGet.get(id);
      return row === undefined ? null : toWearer(row);
    },
    listWearers: () => q.wearerAll.all().map(toWearer),
    getStatus(deviceId) {
      const row = q.statusGet.get(deviceId);
      return row === undefined ? null : toStatus(row);
    },
    listStatuses: () => q.statusAll.all().map(toStatus),
    getDataGaps(deviceId): DataGapSummary {
      const row = q.gapGet.get(deviceId);
      if (row === undefined) return { count: 0, missingS: 0, lastStartMs: null, lastEndMs: null };
      return { count: row.gap_count, missingS: row.missing_s, lastStartMs: row.last_start_ms, lastEndMs: row.last_end_ms };
    },
    getWearerSettings(wearerId) {
      const row = q.settingsGet.get(wearerId);
      return row === undefined ? null : (JSON.parse(row.settings) as WearerSettingsOverrides);
    },
    putWearerSettings: (wearerId, overrides, utcOffsetMin) => putSettings(wearerId, overrides, utcOffsetMin),
    listCalibrations(wearerId, limit = 100): CalibrationRecord[] {
      return q.calibrations.all(wearerId, limit).map((r) => ({
        wearerId: r.wearer_id, deviceId: r.device_id, tMs: r.t_ms, source: r.source,
        calibration: calibrationFromJson(JSON.parse(r.calibration)),
      }));
    },
    getCheckpoint(deviceId) {
      const row = q.checkpointGet.get(deviceId);
      return row === undefined ? null : (JSON.parse(row.state) as unknown);
    },
  };
}

function rawFromRows(rows: RawRow[], fromMs: number, toMs: number): RawSamples {
  const scratch = createSampleScratch();
  const t: number[] = [];
  const acc: number[] = [];
  const gyr: number[] = [];
  for (const row of rows) {
    const samples = decodeStoredSamples(storedSamplesOfRow(row.samples, row.encoding), row.count, scratch);
    for (let i = 0; i < row.count; i++) {
      const tMs = row.t0_ms + (i * 1000) / row.hz;
      if (tMs < fromMs || tMs >= toMs) continue;
      t.push(tMs);
      for (let k = 0; k < 3; k++) {
        acc.push(samples.acc[3 * i + k] as number);
        gyr.push(samples.gyr[3 * i + k] as number);
      }
    }
  }
  return { tMs: Float64Array.from(t), acc: Float64Array.from(acc), gyr: Float64Array.from(gyr) };
}

function toWearer(r: WearerRow): Wearer {
  return { id: r.id, name: r.name, utcOffsetMin: r.utc_offset_min, createdMs: r.created_ms };
}

function toStatus(r: StatusRow): DeviceStatusRecord {
  return { deviceId: r.device_id, online: r.online !== 0, battery: r.battery, fw: r.fw, lastSeenMs: r.last_seen_ms };
}
