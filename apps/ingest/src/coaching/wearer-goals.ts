/**
 * A wearer's goals (table `wearer_goals`, migration 10): what they aim for, shown against their numbers. Stored
 * as what was set (JSON); a goal not set takes its default, so a default can improve later for everyone who
 * did not choose their own.
 */
import type { SqliteDatabase } from '../db/open-database.js';

export interface WearerGoals {
  /** Share of assessed (sitting or standing still) time upright, percent. */
  uprightPctTarget: number;
  /** Slouched minutes per worn day, at most. */
  maxSlouchMinPerDay: number;
  /** Exercise sessions per week (a run of logged exercises, week-numbers.ts). */
  exerciseSessionsPerWeek: number;
  /** Hours a day the sensor is worn. */
  wornHoursPerDay: number;
}

/**
 * 30 slouched minutes a day is where the recommendation rules start to speak (slouch-load); strength work 3 to
 * 4 times a week (exercises.md); a working day's wear.
 */
export const DEFAULT_WEARER_GOALS: Readonly<WearerGoals> = Object.freeze({
  uprightPctTarget: 80,
  maxSlouchMinPerDay: 30,
  exerciseSessionsPerWeek: 3,
  wornHoursPerDay: 6,
});

export const WEARER_GOAL_NAMES = Object.freeze(Object.keys(DEFAULT_WEARER_GOALS) as (keyof WearerGoals)[]);

export interface WearerGoalsStore {
  /** What the wearer set (possibly nothing). */
  get(wearerId: string): Partial<WearerGoals>;
  /** Replaces what the wearer set. */
  put(wearerId: string, goals: Partial<WearerGoals>): void;
}

export function createWearerGoalsStore(db: SqliteDatabase): WearerGoalsStore {
  const select = db.prepare<[string], { goals: string }>('SELECT goals FROM wearer_goals WHERE wearer_id = ?');
  const upsert = db.prepare('INSERT OR REPLACE INTO wearer_goals (wearer_id, goals) VALUES (?, ?)');
  return {
    get(wearerId) {
      const row = select.get(wearerId);
      return row === undefined ? {} : knownGoals(JSON.parse(row.goals) as Record<string, unknown>);
    },
    put(wearerId, goals) {
      upsert.run(wearerId, JSON.stringify(knownGoals(goals)));
    },
  };
}

/** The effective goals: what was set over the defaults. */
export function effectiveGoals(set: Partial<WearerGoals>): WearerGoals {
  return { ...DEFAULT_WEARER_GOALS, ...set };
}

/** Only the known goals with numeric values (a stored value of an older release is ignored, not trusted). */
function knownGoals(value: Record<string, unknown>): Partial<WearerGoals> {
  const out: Partial<WearerGoals> = {};
  for (const name of WEARER_GOAL_NAMES) {
    const v = value[name];
    if (typeof v === 'number' && Number.isFinite(v)) out[name] = v;
  }
  return out;
}
