/**
 * Per-minute sums of the per-second points (migration 12), so that points at steps of whole minutes (a week's
 * chart at 1 minute: 10,080 steps over up to 604,800 seconds) are read from one row a minute instead of one a
 * second. The answers are those of `downsamplePoints` over the seconds: means of the angles over the seconds
 * that have them, and the most common activity and posture, ties going to the one seen first.
 *
 * Writing a point costs one look-up in a small table. A minute's row is computed from its points (SQL, at most
 * 60 rows) once data two minutes newer has arrived for the wearer; until then the minute is listed as open
 * (`posture_minute_open`, a few rows per active wearer, sharing pages) and read from its seconds. A point that
 * arrives late (an offline buffer) reopens its minute the same way. Points are counted here when they are filed
 * (point-log.ts); a minute with points still in the log is read from its seconds too. Everything happens in the
 * caller's transaction, so a rollback leaves rows and marks consistent; nothing is kept in memory between writes.
 */
import { ACTIVITIES, POSTURES, type Activity, type Posture } from '@stance/protocol';
import type { SqliteDatabase } from '../db/open-database.js';
import { LOGGED_MINUTES_SQL, POINT_ROWS_SQL, pointRowsParams, type PointRowsParams } from './point-log.js';
import type { PointSummary, TimeRange } from './store-port.js';

export const MINUTE_MS = 60_000;

/** Categories in the column order of migration 12: activities, then postures. */
const CATEGORY_COLUMNS = [
  'still', 'moving', 'walking', 'lying', 'not_worn', 'unknown_activity', 'upright', 'slouched', 'unknown_posture',
] as const;
const ACTIVITY_COUNT = ACTIVITIES.length;
const CATEGORY_COUNT = ACTIVITY_COUNT + POSTURES.length;
const ACTIVITY_INDEX = new Map<string, number>(ACTIVITIES.map((a, i) => [a, i]));
const POSTURE_INDEX = new Map<string, number>(POSTURES.map((p, i) => [p, ACTIVITY_COUNT + i]));

const CATEGORY_SQL = [
  ...ACTIVITIES.map((a) => `sum(activity = '${a}'), min(CASE WHEN activity = '${a}' THEN t_ms END)`),
  ...POSTURES.map((p) => `sum(posture = '${p}'), min(CASE WHEN posture = '${p}' THEN t_ms END)`),
].join(', ');

export interface PointMinutes {
  /** A point of `wearerId` at `tMs` was written (inside the writer's transaction). */
  touched(wearerId: string, tMs: number): void;
  /** Points at `stepMs` (a whole number of minutes) from the minute rows; null when the range holds no whole minute. */
  readSteps(wearerId: string, range: TimeRange, stepMs: number): PointSummary[] | null;
}

/** One step's sums while reading. */
interface StepSums {
  flexionN: number;
  flexionSum: number;
  lateralN: number;
  lateralSum: number;
  counts: Float64Array;
  firsts: Float64Array;
}

export function createPointMinutes(db: SqliteDatabase): PointMinutes {
  if (CATEGORY_COLUMNS.length !== CATEGORY_COUNT) throw new Error('point-minutes: categories out of step with migration 12');
  const q = {
    openOf: db.prepare<[string], number>('SELECT t_ms FROM posture_minute_open WHERE wearer_id = ?').pluck(),
    openAdd: db.prepare('INSERT OR IGNORE INTO posture_minute_open (wearer_id, t_ms) VALUES (?, ?)'),
    openDelete: db.prepare('DELETE FROM posture_minute_open WHERE wearer_id = ? AND t_ms = ?'),
    openIn: db.prepare<[string, number, number], number>(
      'SELECT t_ms FROM posture_minute_open WHERE wearer_id = ? AND t_ms >= ? AND t_ms < ?',
    ).pluck(),
    minuteDelete: db.prepare('DELETE FROM posture_minute WHERE wearer_id = ? AND t_ms = ?'),
    minuteCompute: db.prepare(
      `INSERT INTO posture_minute SELECT wearer_id, @t, count(flexion_deg), coalesce(sum(flexion_deg), 0), count(lateral_deg),
         coalesce(sum(lateral_deg), 0), ${CATEGORY_SQL}
       FROM posture_point WHERE wearer_id = @w AND t_ms >= @t AND t_ms < @t + ${MINUTE_MS} GROUP BY wearer_id`,
    ),
    minutes: db.prepare<[string, number, number], unknown[]>(
      `SELECT t_ms, flexion_n, flexion_sum, lateral_n, lateral_sum, ${CATEGORY_COLUMNS.map((c) => `${c}_n, ${c}_first`).join(', ')}
       FROM posture_minute WHERE wearer_id = ? AND t_ms >= ? AND t_ms < ? ORDER BY t_ms`,
    ).raw(true),
    // Filed and logged (point-log.ts).
    seconds: db.prepare<[PointRowsParams], unknown[]>(POINT_ROWS_SQL).raw(true),
    loggedMinutes: db.prepare<[PointRowsParams], number>(LOGGED_MINUTES_SQL).pluck(),
  };

  const close = (wearerId: string, minuteMs: number): void => {
    q.minuteDelete.run(wearerId, minuteMs);
    q.minuteCompute.run({ w: wearerId, t: minuteMs });
    q.openDelete.run(wearerId, minuteMs);
  };

  return {
    touched(wearerId, tMs) {
      const minute = tMs - (tMs % MINUTE_MS);
      const open = q.openOf.all(wearerId);
      if (!open.includes(minute)) q.openAdd.run(wearerId, minute);
      // Two minutes on, the reorder window and a second device of the wearer are past it: compute its row.
      for (const o of open) if (o < minute - MINUTE_MS) close(wearerId, o);
    },

    readSteps(wearerId, range, stepMs) {
      const wholeFrom = Math.ceil(range.fromMs / MINUTE_MS) * MINUTE_MS;
      const wholeTo = Math.floor(range.toMs / MINUTE_MS) * MINUTE_MS;
      if (wholeTo <= wholeFrom) return null;
      const steps = new Map<number, StepSums>();
      const sumsAt = (tMs: number): StepSums => {
        const start = Math.floor(tMs / stepMs) * stepMs;
        let s = steps.get(start);
        if (s === undefined) {
          s = { flexionN: 0, flexionSum: 0, lateralN: 0, lateralSum: 0, counts: new Float64Array(CATEGORY_COUNT), firsts: new Float64Array(CATEGORY_COUNT).fill(Infinity) };
          steps.set(start, s);
        }
        return s;
      };
      const addSeconds = (fromMs: number, toMs: number): void => {
        if (toMs <= fromMs) return;
        for (const row of q.seconds.all(pointRowsParams(wearerId, fromMs, toMs))) {
          const [t, flexion, lateral, activity, posture] = row as [number, number | null, number | null, string, string];
          const s = sumsAt(t);
          if (flexion !== null) (s.flexionSum += flexion), s.flexionN++;
          if (lateral !== null) (s.lateralSum += lateral), s.lateralN++;
          for (const k of [ACTIVITY_INDEX.get(activity), POSTURE_INDEX.get(posture)]) {
            if (k === undefined) continue;
            s.counts[k] = (s.counts[k] as number) + 1;
            if (t < (s.firsts[k] as number)) s.firsts[k] = t;
          }
        }
      };
      // The partial minutes at the edges, and the open minutes (and those with points not filed yet: their rows
      // may miss them), from their seconds; whole minutes from their rows.
      addSeconds(range.fromMs, Math.min(wholeFrom, range.toMs));
      addSeconds(Math.max(wholeTo, range.fromMs), range.toMs);
      const open = new Set([...q.openIn.all(wearerId, wholeFrom, wholeTo), ...q.loggedMinutes.all(pointRowsParams(wearerId, wholeFrom, wholeTo))]);
      for (const o of open) addSeconds(o, o + MINUTE_MS);
      for (const row of q.minutes.all(wearerId, wholeFrom, wholeTo)) {
        const r = row as (number | null)[];
        const t = r[0] as number;
        if (open.has(t)) continue;
        const s = sumsAt(t);
        s.flexionN += r[1] as number;
        s.flexionSum += r[2] as number;
        s.lateralN += r[3] as number;
        s.lateralSum += r[4] as number;
        for (let k = 0; k < CATEGORY_COUNT; k++) {
          const n = r[5 + 2 * k] as number;
          if (n === 0) continue;
          s.counts[k] = (s.counts[k] as number) + n;
          const first = r[6 + 2 * k] as number;
          if (first < (s.firsts[k] as number)) s.firsts[k] = first;
        }
      }
      return [...steps.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([tMs, s]) => ({
          tMs,
          flexionDeg: s.flexionN > 0 ? s.flexionSum / s.flexionN : null,
          lateralDeg: s.lateralN > 0 ? s.lateralSum / s.lateralN : null,
          activity: ACTIVITIES[mostCommon(s, 0, ACTIVITY_COUNT)] as Activity,
          posture: POSTURES[mostCommon(s, ACTIVITY_COUNT, CATEGORY_COUNT) - ACTIVITY_COUNT] as Posture,
        }));
    },
  };
}

/** The category in [from, to) with the most seconds; a tie goes to the one seen first. */
function mostCommon(s: StepSums, from: number, to: number): number {
  let best = from;
  for (let k = from + 1; k < to; k++) {
    const n = s.counts[k] as number;
    const b = s.counts[best] as number;
    if (n > b || (n === b && (s.firsts[k] as number) < (s.firsts[best] as number))) best = k;
  }
  return best;
}

/** Recomputes every minute row from the points (after points were written around the store, e.g. a bulk load). */
export function rebuildPointMinutes(db: SqliteDatabase): void {
  db.transaction(() => {
    db.exec('DELETE FROM posture_minute; DELETE FROM posture_minute_open');
    db.exec(
      `INSERT INTO posture_minute SELECT wearer_id, t_ms - t_ms % ${MINUTE_MS}, count(flexion_deg), coalesce(sum(flexion_deg), 0),
         count(lateral_deg), coalesce(sum(lateral_deg), 0), ${CATEGORY_SQL}
       FROM posture_point GROUP BY wearer_id, t_ms - t_ms % ${MINUTE_MS}`,
    );
  })();
}
