/**
 * The store port: everything the service keeps about wearers and their posture, as one interface with two
 * clearly separate halves, so an adapter can put each where it belongs.
 *
 * - **Time series** (`TimeSeriesStore`): per-second points, episodes, alerts, device events, the hourly and
 *   daily rollups, and raw IMU samples. Large, append-mostly, read by time range: SQLite, or InfluxDB for
 *   larger deployments (influx-store.ts).
 * - **Relational** (`RelationalStore`): wearers, device status, calibrations, pipeline checkpoints. Small,
 *   updated in place, read by key: SQLite in every deployment.
 *
 * Writes go through one `write(batch)` per journal chunk. It is synchronous: the SQLite adapter writes inside
 * the caller's transaction (the journal consumer's, so the effects and the cursor commit together); an
 * adapter for a remote store must accept the batch into a durable local outbox at once and deliver it later
 * with idempotent writes (every record has a natural key below, so a second delivery overwrites). Time-series
 * reads are asynchronous (a remote store answers over the network); relational reads are synchronous.
 */
import type { Activity, Posture } from '@stance/protocol';
import type { AlertOutcome, Calibration, PostureAggregate, PosturePoint, SlouchEpisode } from '@stance/analysis';

/** A per-second point of one wearer. Key: (wearerId, tMs). */
export interface StoredPoint extends PosturePoint {
  wearerId: string;
  deviceId: string;
}

/**
 * A copy of a pipeline's point as stored. Written out field by field: `{ ...point, wearerId, deviceId }` made an
 * object of about 510 bytes instead of about 200, and a device's points are kept until its rollups are written (15 s).
 */
export function storedPoint(p: PosturePoint, wearerId: string, deviceId: string): StoredPoint {
  return {
    tMs: p.tMs, flexionDeg: p.flexionDeg, lateralDeg: p.lateralDeg, activity: p.activity, posture: p.posture, worn: p.worn,
    wearerId, deviceId,
  };
}

/** A slouch episode of one wearer. Key: (wearerId, startMs). */
export interface StoredEpisode extends SlouchEpisode {
  wearerId: string;
  deviceId: string;
  /**
   * Set when this episode was stored before, ended early when its device went offline, and its data then went
   * on: the stored row is replaced (same key) and the rollups add the difference (not another episode).
   */
  grownFrom?: SlouchEpisode;
}

export type AlertState = 'pending' | AlertOutcome['outcome'];

/** A haptic alert and what became of it. Key: (deviceId, buzzMs); written at the buzz, rewritten when resolved. */
export interface AlertRecord {
  wearerId: string;
  deviceId: string;
  buzzMs: number;
  slouchStartMs: number;
  repeat: number;
  pattern: string;
  outcome: AlertState;
  /** Seconds from buzz to correction; null unless corrected. */
  responseS: number | null;
  resolvedMs: number | null;
}

/** Something the wearer did on the sensor. Key: (deviceId, tMs, type, action). */
export interface DeviceEventRecord {
  deviceId: string;
  /** When the service received it, epoch ms. */
  tMs: number;
  type: string;
  action: string;
}

/** A device's current status. Key: deviceId (the latest wins). */
export interface DeviceStatusRecord {
  deviceId: string;
  online: boolean;
  battery: number | null;
  fw: string | null;
  /** Last time anything arrived from the device, epoch ms. */
  lastSeenMs: number;
}

/**
 * A hole in a device's analysed data that was given up: seqs of the sensor's boot that never arrived within
 * the bounds of the reorder window (dropped by the sensor, or lost at a reboot). Added to the device's counts.
 */
export interface DataGapRecord {
  deviceId: string;
  /** Where the analysed data stopped and where it went on, sensor time, epoch ms. */
  startMs: number;
  endMs: number;
  /**
   * True: not a new gap but part of an earlier one analysed after all (its data came late: analysis/late-fill.ts);
   * its seconds are taken off the device's `missingS`, and the count stays.
   */
  filled?: boolean;
}

/** A device's data gaps so far. Key: deviceId. */
export interface DataGapSummary {
  count: number;
  /** Seconds of sensor time the gaps left out. */
  missingS: number;
  /** The last gap, sensor time, epoch ms; null before any. */
  lastStartMs: number | null;
  lastEndMs: number | null;
}

/** What a wearer set for their feedback (wearer-settings.ts); absent fields take the service's defaults. */
export interface WearerSettingsOverrides {
  slouchDeg?: number;
  alertDelayS?: number;
  repeatIntervalS?: number;
  maxRepeats?: number;
  snoozeMin?: number;
  quietHours?: string[];
}

/** A calibration that took effect for a wearer's device. Key: (deviceId, tMs). */
export interface CalibrationRecord {
  wearerId: string;
  deviceId: string;
  /** Sensor time from which it applies, epoch ms. */
  tMs: number;
  /** What asked for it: 'api', 'button', 'auto'. */
  source: string;
  calibration: Calibration;
}

export type RollupSize = 'hour' | 'day';

/** An aggregate to merge into the wearer's rollup bucket `startMs` of `size` (created if missing). */
export interface RollupDelta {
  wearerId: string;
  size: RollupSize;
  startMs: number;
  aggregate: PostureAggregate;
}

/**
 * Where a journal consumer's points go first (the SQLite store's points log, point-log.ts): the consumer, the
 * journal position its step reached, and the position below which every point it logged is filed.
 */
export interface PointLogMark {
  consumer: string;
  pos: number;
  filedBelowPos: number;
}

/** What one processing step stores, all at once. */
export interface StoreBatch {
  /** New points: readable once written. */
  points: StoredPoint[];
  /**
   * With `pointLog`: `points` are logged, and these (given earlier in `points`, a device's at a time) are filed
   * where they stay. Stores without a log wrote them with `points` and ignore both.
   */
  filedPoints: StoredPoint[];
  pointLog?: PointLogMark;
  episodes: StoredEpisode[];
  alerts: AlertRecord[];
  events: DeviceEventRecord[];
  rollups: RollupDelta[];
  statuses: DeviceStatusRecord[];
  /** Data arrived from the device (moves `lastSeenMs` forward only; creates an online status if none). */
  seen: { deviceId: string; lastSeenMs: number }[];
  calibrations: CalibrationRecord[];
  /** Data gaps given up, each added to its device's `DataGapSummary` (so each is written once). */
  gaps: DataGapRecord[];
  /** Per-device pipeline checkpoints (opaque JSON-able values), replaced whole. */
  checkpoints: { deviceId: string; state: unknown }[];
}

export function emptyStoreBatch(): StoreBatch {
  return {
    points: [], filedPoints: [], episodes: [], alerts: [], events: [], rollups: [], statuses: [], seen: [], calibrations: [], gaps: [],
    checkpoints: [],
  };
}

/** A time range, epoch ms, `fromMs` inclusive, `toMs` exclusive. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** A downsampled point: the mean angles and the most common activity and posture of `stepMs`. */
export interface PointSummary {
  tMs: number;
  flexionDeg: number | null;
  lateralDeg: number | null;
  activity: Activity;
  posture: Posture;
}

export interface RollupBucket {
  startMs: number;
  aggregate: PostureAggregate;
}

/** Raw samples of one device over a time range, sample times in epoch ms. */
export interface RawSamples {
  tMs: Float64Array;
  acc: Float64Array;
  gyr: Float64Array;
}

export interface TimeSeriesStore {
  /** Points of `range` (oldest first); `stepMs` > 1000 averages them into steps (empty steps left out). */
  readPoints(wearerId: string, range: TimeRange, stepMs?: number): Promise<PointSummary[]>;
  /**
   * The per-second points of `range` as the API's JSON answer, `{"points":[{"t","flexionDeg","lateralDeg",
   * "activity","posture"}]}`, built by the database as one string: a day of seconds is tens of thousands of
   * objects, and building them in JS costs several times the query. Optional: without it the API reads
   * `readPoints`.
   */
  readPointsJson?(wearerId: string, range: TimeRange): string;
  /** Episodes that start within `range`, oldest first. */
  readEpisodes(wearerId: string, range: TimeRange): Promise<SlouchEpisode[]>;
  readAlerts(wearerId: string, range: TimeRange): Promise<AlertRecord[]>;
  readEvents(deviceId: string, range: TimeRange): Promise<DeviceEventRecord[]>;
  /** Rollup buckets of `size` that overlap `range` (a day bucket starting before `fromMs` included), oldest first. */
  readRollups(wearerId: string, size: RollupSize, range: TimeRange): Promise<RollupBucket[]>;
  /** Raw samples kept (RAW_RETENTION_H) of `deviceId` within `range`, in time order. Synchronous: calibration reads it while processing. */
  readRaw(deviceId: string, range: TimeRange): RawSamples;
}

export interface Wearer {
  id: string;
  name: string;
  /** Offset from UTC, minutes east, for local days. */
  utcOffsetMin: number;
  createdMs: number;
}

export interface RelationalStore {
  createWearer(name: string, utcOffsetMin?: number, nowMs?: number): Wearer;
  getWearer(id: string): Wearer | null;
  listWearers(): Wearer[];
  getStatus(deviceId: string): DeviceStatusRecord | null;
  listStatuses(): DeviceStatusRecord[];
  /** The device's data gaps (all zero and null before any). */
  getDataGaps(deviceId: string): DataGapSummary;
  /** What the wearer set, or null (everything default). */
  getWearerSettings(wearerId: string): WearerSettingsOverrides | null;
  /** Replaces what the wearer set, and their UTC offset. */
  putWearerSettings(wearerId: string, overrides: WearerSettingsOverrides, utcOffsetMin: number): void;
  /** Calibrations of a wearer, newest first. */
  listCalibrations(wearerId: string, limit?: number): CalibrationRecord[];
  getCheckpoint(deviceId: string): unknown;
}

/** What a remote store's outbox holds (all zero, never full, for SQLite). */
export interface StoreQueueStatus {
  /** Writes accepted and not yet acknowledged by the remote store. */
  rows: number;
  /** Their size, bytes (line protocol for InfluxDB). */
  bytes: number;
  /** When the oldest was accepted, epoch ms; null when empty. */
  oldestMs: number | null;
  /** At its limit: the caller must stop producing (back-pressure) until it is false again. */
  full: boolean;
  /** The last delivery attempt failed (the remote store is down or refusing). */
  failing: boolean;
}

export interface PostureStore extends TimeSeriesStore, RelationalStore {
  /** Stores everything in `batch` (see the module comment for the guarantees). */
  write(batch: StoreBatch): void;
  /** Store-side work waiting to be delivered (0 for SQLite: writes are done when `write` returns). */
  readonly queueDepth: number;
  queueStatus(): StoreQueueStatus;
  /** Delivers what was written before the call, waiting at most `timeoutMs`; true when all of it was delivered. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Stops background work (the database belongs to the service and stays open). */
  close(): void;
}
