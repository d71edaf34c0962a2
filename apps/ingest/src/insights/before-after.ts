/**
 * Before and after an exercise plan: 7-day windows back from the local midnight of the day the plan started,
 * and forward from it, so "the weeks after" line up with the plan and not with calendar weeks. Only windows
 * that have begun by `nowMs` are listed after the start. Pure.
 */
import { localDayStartMs, WEEK_MS } from './local-calendar.js';

export interface BeforeAfterWindows {
  /** Window starts before the plan, oldest first (the last one ends where the plan's day starts). */
  before: number[];
  /** Window starts from the plan's day on, oldest first. */
  after: number[];
}

export function beforeAfterWindows(planStartMs: number, weeks: number, utcOffsetMin: number, nowMs: number): BeforeAfterWindows {
  const anchor = localDayStartMs(planStartMs, utcOffsetMin);
  const before: number[] = [];
  for (let k = weeks; k >= 1; k--) before.push(anchor - k * WEEK_MS);
  const after: number[] = [];
  for (let k = 0; k < weeks && anchor + k * WEEK_MS <= nowMs; k++) after.push(anchor + k * WEEK_MS);
  return { before, after };
}
