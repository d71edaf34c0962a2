/**
 * Reads what week numbers are made of (day rollups, the exercise log) for any set of 7-day windows of one
 * wearer, with one rollup read for all of them.
 */
import type { ExerciseLog } from '../coaching/exercise-log.js';
import type { PostureStore } from '../store/store-port.js';
import { WEEK_MS } from './local-calendar.js';
import { countExerciseSessions, weekNumbers, type WeekNumbers } from './week-numbers.js';

export interface WeekSources {
  store: PostureStore;
  exerciseLog: ExerciseLog;
}

/** The numbers of the 7-day windows starting at `starts` (in that order). */
export async function readWeekNumbers(sources: WeekSources, wearerId: string, starts: readonly number[]): Promise<WeekNumbers[]> {
  if (starts.length === 0) return [];
  const fromMs = Math.min(...starts);
  const toMs = Math.max(...starts) + WEEK_MS;
  const days = await sources.store.readRollups(wearerId, 'day', { fromMs, toMs });
  const done = sources.exerciseLog.doneTimes(wearerId, { fromMs, toMs });
  return starts.map((start) => {
    const end = start + WEEK_MS;
    const inside = days.filter((d) => d.startMs >= start && d.startMs < end).map((d) => d.aggregate);
    return weekNumbers(start, inside, countExerciseSessions(done.filter((t) => t >= start && t < end)));
  });
}
