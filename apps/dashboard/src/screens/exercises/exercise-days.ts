/**
 * The exercise log grouped into the wearer's local days, newest day first, for the history list. Pure, so the
 * grouping (and its time zone) is the same wherever the log is shown.
 */
import type { ExerciseLogEntry } from '../../lib/api/types.js';
import { localDayKey, localMidnight } from '../../lib/format.js';

export interface ExerciseDay {
  /** 'YYYY-MM-DD', wearer-local. */
  key: string;
  /** The day's local midnight, epoch ms (for its label). */
  startMs: number;
  /** Newest first. */
  entries: ExerciseLogEntry[];
}

export function groupByLocalDay(entries: readonly ExerciseLogEntry[], utcOffsetMin: number): ExerciseDay[] {
  const days = new Map<string, ExerciseDay>();
  const newestFirst = [...entries].sort((a, b) => b.doneMs - a.doneMs);
  for (const entry of newestFirst) {
    const key = localDayKey(entry.doneMs, utcOffsetMin);
    let day = days.get(key);
    if (!day) {
      day = { key, startMs: localMidnight(entry.doneMs, utcOffsetMin), entries: [] };
      days.set(key, day);
    }
    day.entries.push(entry);
  }
  return [...days.values()];
}

/** How many logged sessions are at or after `sinceMs` (for "3 this week"). */
export function countSince(entries: readonly ExerciseLogEntry[], sinceMs: number): number {
  return entries.filter((e) => e.doneMs >= sinceMs).length;
}
