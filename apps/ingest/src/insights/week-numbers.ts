/**
 * The numbers of one week (or any 7-day window) of a wearer, from its daily rollups: what the week comparison,
 * the coach's list and before/after show side by side. Pure: the caller reads the rollups and the exercise log.
 *
 * - Per-day figures divide by the days the sensor was worn at all (`wornDays`), not by 7, so a week in progress
 *   or a week with days off is not diluted; they are null when it was not worn.
 * - Means and percentages are over assessed seconds (aggregates.ts) and null without any.
 * - An exercise session is a run of logged exercises no more than `sessionGapMin` apart: a routine of four
 *   exercises is one session.
 */
import { createAggregate, mergeAggregates, summariseAggregate, type PostureAggregate } from '@stance/analysis';

export interface WeekNumbers {
  /** Window start, epoch ms (a local Monday 00:00 for calendar weeks). */
  start: number;
  wornS: number;
  /** Local days with any worn time. */
  wornDays: number;
  uprightPct: number | null;
  slouchMinPerDay: number | null;
  episodesPerDay: number | null;
  /** Degree-seconds above the slouch threshold, the week's episodes together. */
  doseDegS: number;
  meanFlexionDeg: number | null;
  meanLateralDeg: number | null;
  exerciseSessions: number;
}

export interface ExerciseSessionSettings {
  /** Logged exercises this close (minutes) belong to one session. */
  sessionGapMin: number;
}

export const DEFAULT_EXERCISE_SESSION_SETTINGS: Readonly<ExerciseSessionSettings> = Object.freeze({
  sessionGapMin: 60,
});

/** Merges aggregates (any order) into one spanning [startMs, endMs); an empty list gives an empty aggregate. */
export function mergeAll(aggregates: readonly PostureAggregate[], startMs: number, endMs: number): PostureAggregate {
  const first = aggregates[0];
  const empty = createAggregate(startMs, endMs, first === undefined ? {} : first);
  const merged = aggregates.reduce((acc, a) => mergeAggregates(acc, a), empty);
  return { ...merged, startMs, endMs };
}

/** The numbers of the window starting at `startMs` from the day aggregates inside it. */
export function weekNumbers(startMs: number, days: readonly PostureAggregate[], exerciseSessions: number): WeekNumbers {
  const week = summariseAggregate(mergeAll(days, startMs, startMs + 7 * 86_400_000));
  const wornDays = days.filter((d) => d.wornS > 0).length;
  const perDay = (x: number): number | null => (wornDays > 0 ? x / wornDays : null);
  return {
    start: startMs,
    wornS: week.wornS,
    wornDays,
    uprightPct: week.uprightPct,
    slouchMinPerDay: perDay(week.slouchS / 60),
    episodesPerDay: perDay(week.episodeCount),
    doseDegS: week.doseDegS,
    meanFlexionDeg: week.meanFlexionDeg,
    meanLateralDeg: week.meanLateralDeg,
    exerciseSessions,
  };
}

/** Sessions among logged exercise times (any order). */
export function countExerciseSessions(doneMs: readonly number[], settings: Readonly<ExerciseSessionSettings> = DEFAULT_EXERCISE_SESSION_SETTINGS): number {
  const sorted = doneMs.slice().sort((a, b) => a - b);
  const gapMs = settings.sessionGapMin * 60_000;
  let sessions = 0;
  let previous = -Infinity;
  for (const t of sorted) {
    if (t - previous > gapMs) sessions += 1;
    previous = t;
  }
  return sessions;
}
