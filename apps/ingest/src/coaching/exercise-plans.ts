/**
 * Exercise plans (table `exercise_plan`, migration 10): the moments a wearer (or their coach) started a plan,
 * so before/after can compare the weeks on either side of the latest one.
 */
import type { SqliteDatabase } from '../db/open-database.js';

export interface ExercisePlan {
  wearerId: string;
  startMs: number;
  /** Account that started it. */
  startedBy: string;
}

export interface ExercisePlans {
  /** Records a plan start (the same moment twice is one plan). */
  start(wearerId: string, startMs: number, startedBy: string): ExercisePlan;
  /** The plan with the latest start, or null. */
  latest(wearerId: string): ExercisePlan | null;
}

export function createExercisePlans(db: SqliteDatabase): ExercisePlans {
  const upsert = db.prepare('INSERT OR REPLACE INTO exercise_plan (wearer_id, started_ms, started_by) VALUES (?, ?, ?)');
  const newest = db.prepare<[string], { started_ms: number; started_by: string }>(
    'SELECT started_ms, started_by FROM exercise_plan WHERE wearer_id = ? ORDER BY started_ms DESC LIMIT 1',
  );
  return {
    start(wearerId, startMs, startedBy) {
      upsert.run(wearerId, startMs, startedBy);
      return { wearerId, startMs, startedBy };
    },
    latest(wearerId) {
      const row = newest.get(wearerId);
      return row === undefined ? null : { wearerId, startMs: row.started_ms, startedBy: row.started_by };
    },
  };
}
