/**
 * The time-series reads of the store port as InfluxQL (measurements in influx-records.ts). Identifiers are
 * bound parameters (`$wearer`), times are whole milliseconds written into the statement (`1763712000000ms`,
 * an epoch literal), and results come back with `epoch=ms`. Answers have the same shape and order as the
 * SQLite adapter's: the store contract runs on both.
 */
import { aggregateFromJson, type SlouchEpisode } from '@stance/analysis';
import type { Activity, Posture } from '@stance/protocol';
import type { InfluxClient, InfluxSeries } from './influx-client.js';
import { MEASUREMENTS } from './influx-records.js';
import type { AlertRecord, DeviceEventRecord, PointSummary, RollupBucket, RollupSize, TimeRange } from './store-port.js';

const BUCKET_MS: Readonly<Record<RollupSize, number>> = { hour: 3_600_000, day: 86_400_000 };

/** `time >= from AND time < to`, the range as epoch-ms literals (integers only: nothing else reaches the statement). */
function timeBetween(fromMs: number, toMs: number): string {
  const whole = (t: number): number => {
    if (!Number.isFinite(t)) throw new RangeError(`time ${t} is not finite`);
    return Math.ceil(t);
  };
  return `time >= ${whole(fromMs)}ms AND time < ${whole(toMs)}ms`;
}

/** Rows of every series as objects keyed by column (and the series' tags). */
function rows(series: readonly InfluxSeries[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const s of series) {
    for (const values of s.values) {
      const row: Record<string, unknown> = { ...s.tags };
      s.columns.forEach((column, i) => (row[column] = values[i] ?? null));
      out.push(row);
    }
  }
  return out;
}

const num = (v: unknown): number => v as number;
const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export function createInfluxQueries(client: InfluxClient) {
  return {
    async points(wearerId: string, range: TimeRange, stepMs = 1000): Promise<PointSummary[]> {
      const where = `WHERE wearer = $wearer AND ${timeBetween(range.fromMs, range.toMs)}`;
      // Steps are epoch-aligned GROUP BY time buckets; MODE breaks ties by the earliest value, as point-downsampling.ts does.
      const statement = stepMs > 1000
        ? `SELECT MEAN(flexion_deg) AS f, MEAN(lateral_deg) AS l, MODE(activity) AS a, MODE(posture) AS p FROM ${MEASUREMENTS.point}
           ${where} GROUP BY time(${Math.round(stepMs)}ms) fill(none)`
        : `SELECT flexion_deg AS f, lateral_deg AS l, activity AS a, posture AS p FROM ${MEASUREMENTS.point} ${where}`;
      return rows(await client.query(statement, { wearer: wearerId })).map((r) => ({
        tMs: num(r.time), flexionDeg: numOrNull(r.f), lateralDeg: numOrNull(r.l), activity: r.a as Activity, posture: r.p as Posture,
      }));
    },

    async episodes(wearerId: string, range: TimeRange): Promise<SlouchEpisode[]> {
      const statement = `SELECT end_ms, duration_s, peak_flexion_deg, mean_flexion_deg, dose_deg_s FROM ${MEASUREMENTS.episode}
        WHERE wearer = $wearer AND ${timeBetween(range.fromMs, range.toMs)}`;
      return rows(await client.query(statement, { wearer: wearerId })).map((r) => ({
        startMs: num(r.time), endMs: num(r.end_ms), durationS: num(r.duration_s), peakFlexionDeg: num(r.peak_flexion_deg),
        meanFlexionDeg: num(r.mean_flexion_deg), doseDegS: num(r.dose_deg_s),
      }));
    },

    async alerts(wearerId: string, range: TimeRange): Promise<AlertRecord[]> {
      const statement = `SELECT slouch_start_ms, "repeat", pattern, outcome, response_s, resolved_ms FROM ${MEASUREMENTS.alert}
        WHERE wearer = $wearer AND ${timeBetween(range.fromMs, range.toMs)} GROUP BY device`;
      return rows(await client.query(statement, { wearer: wearerId }))
        .map((r) => ({
          wearerId, deviceId: r.device as string, buzzMs: num(r.time), slouchStartMs: num(r.slouch_start_ms), repeat: num(r.repeat),
          pattern: r.pattern as string, outcome: r.outcome as AlertRecord['outcome'], responseS: numOrNull(r.response_s),
          resolvedMs: numOrNull(r.resolved_ms),
        }))
        .sort((a, b) => a.buzzMs - b.buzzMs);
    },

    async events(deviceId: string, range: TimeRange): Promise<DeviceEventRecord[]> {
      const statement = `SELECT n FROM ${MEASUREMENTS.event} WHERE device = $device AND ${timeBetween(range.fromMs, range.toMs)} GROUP BY "type", "action"`;
      return rows(await client.query(statement, { device: deviceId }))
        .map((r) => ({ deviceId, tMs: num(r.time), type: (r.type as string | undefined) ?? '', action: (r.action as string | undefined) ?? '' }))
        .sort((a, b) => a.tMs - b.tMs);
    },

    async rollups(wearerId: string, size: RollupSize, range: TimeRange): Promise<RollupBucket[]> {
      // A bucket that starts before the range but overlaps it is included.
      const statement = `SELECT aggregate FROM ${MEASUREMENTS.rollup}
        WHERE wearer = $wearer AND size = $size AND ${timeBetween(range.fromMs - BUCKET_MS[size] + 1, range.toMs)}`;
      return rows(await client.query(statement, { wearer: wearerId, size })).map((r) => ({
        startMs: num(r.time),
        aggregate: aggregateFromJson(JSON.parse(r.aggregate as string)),
      }));
    },
  };
}

export type InfluxQueries = ReturnType<typeof createInfluxQueries>;
