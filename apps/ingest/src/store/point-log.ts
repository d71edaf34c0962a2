/**
 * The points log (migration 14): where a journal consumer's new per-second points are written first, to be
 * filed in `posture_point` a device at a time.
 *
 * Why: `posture_point` is keyed (wearer, time). Once it is a minute or two old, each wearer's newest points sit on
 * a leaf page of their own, so writing every device's point every second rewrote one 4 KB page per point: 85 %
 * of the WAL's pages at 9,000 sensors, and disk writes that grew for minutes. The log is
 * keyed by the journal position the points came from, so a transaction's points fill a few pages at its tail;
 * the analysis files a device's points in one group when it writes the device's rollups (every
 * `flushIntervalS`, analysis/deferred-writes.ts): one page rewrite for fifteen points.
 *
 * A point is readable as soon as its transaction commits: reads take the log's points with `posture_point`'s
 * (`POINT_ROWS_SQL`). Where both hold a second, `posture_point`'s wins (the log's copy is the same or older);
 * among log copies of a second (analysed again after a crash), the highest position's. The log is pruned in the
 * writer's transaction behind the lowest position whose points are not filed yet (`PointLogMark`).
 */
import type { SqliteDatabase } from '../db/open-database.js';
import { storedMs, storedReal } from './sqlite-values.js';
import type { PointLogMark, StoredPoint } from './store-port.js';

/** Buckets the log is read by: a read scans a bucket's index, a thirty-second of the log. */
export const POINT_LOG_BUCKETS = 32;

/** The bucket of a wearer (FNV-1a of the id): stable across processes and versions, as it is stored. */
export function pointLogBucket(wearerId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < wearerId.length; i++) {
    h ^= wearerId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % POINT_LOG_BUCKETS;
}

/** Named parameters of the reads below: wearer, its bucket, and the time range. */
export interface PointRowsParams {
  w: string;
  b: number;
  from: number;
  to: number;
}

export function pointRowsParams(wearerId: string, fromMs: number, toMs: number): PointRowsParams {
  return { w: wearerId, b: pointLogBucket(wearerId), from: fromMs, to: toMs };
}

/**
 * The keys of a wearer's logged points in [@from, @to): from the bucket's index alone (it holds the key), so the
 * rows themselves are read only for the wearer's points (a scan that read every row of the bucket cost 8 ms at
 * 10,000 sensors).
 */
const LOGGED_KEYS_SQL = `
  SELECT consumer, pos, t_ms FROM posture_point_log WHERE bucket = @b AND wearer_id = @w AND t_ms >= @from AND t_ms < @to`;

/**
 * A wearer's points in [@from, @to), filed and logged, one row per second (t_ms, flexion_deg, lateral_deg,
 * activity, posture), in no particular order: select from it and order by t_ms.
 */
export const POINT_ROWS_SQL = `
  SELECT t_ms, flexion_deg, lateral_deg, activity, posture FROM posture_point
    WHERE wearer_id = @w AND t_ms >= @from AND t_ms < @to
  UNION ALL
  SELECT t_ms, flexion_deg, lateral_deg, activity, posture FROM (
    WITH keys AS MATERIALIZED (${LOGGED_KEYS_SQL})
    SELECT l.t_ms, l.flexion_deg, l.lateral_deg, l.activity, l.posture, max(l.pos) FROM keys
      JOIN posture_point_log AS l ON l.consumer = keys.consumer AND l.pos = keys.pos AND l.wearer_id = @w AND l.t_ms = keys.t_ms
      GROUP BY l.t_ms
  ) AS logged
    WHERE NOT EXISTS (SELECT 1 FROM posture_point p WHERE p.wearer_id = @w AND p.t_ms = logged.t_ms)`;

/** The minutes (start, epoch ms) in [@from, @to) in which the wearer has logged points. */
export const LOGGED_MINUTES_SQL = `
  SELECT DISTINCT t_ms - t_ms % 60000 FROM posture_point_log WHERE bucket = @b AND wearer_id = @w AND t_ms >= @from AND t_ms < @to`;

export interface PointLog {
  /** Logs a step's new points under its consumer and position (inside the writer's transaction). */
  append(points: readonly StoredPoint[], mark: PointLogMark): void;
  /** Drops the consumer's points below `filedBelowPos`: they are filed. */
  prune(mark: PointLogMark): void;
}

export function createPointLog(db: SqliteDatabase): PointLog {
  const q = {
    append: db.prepare(
      `INSERT OR REPLACE INTO posture_point_log
         (consumer, pos, wearer_id, t_ms, bucket, device_id, flexion_deg, lateral_deg, activity, posture, worn)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    prune: db.prepare('DELETE FROM posture_point_log WHERE consumer = ? AND pos < ?'),
  };
  return {
    append(points, mark) {
      for (const p of points) {
        q.append.run(
          mark.consumer, mark.pos, p.wearerId, storedMs(p.tMs), pointLogBucket(p.wearerId), p.deviceId,
          storedReal(p.flexionDeg), storedReal(p.lateralDeg), p.activity, p.posture, p.worn ? 1 : 0,
        );
      }
    },
    prune(mark) {
      q.prune.run(mark.consumer, Math.min(mark.filedBelowPos, Number.MAX_SAFE_INTEGER));
    },
  };
}
