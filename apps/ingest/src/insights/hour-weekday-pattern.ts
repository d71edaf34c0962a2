/**
 * When in the week a wearer slouches: assessed and slouched seconds per local hour of day and local weekday,
 * from hour or day rollups. Each aggregate already splits its seconds by local hour (at the offset it was
 * written with), so only the weekday has to be found: a day bucket is one local day; an hour bucket covers at
 * most two local hours (offsets that are not whole hours), each on the local day it falls in. Pure.
 */
import type { PostureAggregate } from '@stance/analysis';
import { HOUR_MS, localHour, localWeekday } from './local-calendar.js';

export interface PatternCell {
  /** 0 = Monday, local. */
  weekday: number;
  /** Local hour of day, 0..23. */
  hour: number;
  assessedS: number;
  slouchS: number;
  /** slouch / assessed * 100; null without assessed time. */
  slouchPct: number | null;
}

/** The 168 cells (Monday 0:00 first), from hour or day aggregates. */
export function hourWeekdayPattern(aggregates: readonly PostureAggregate[]): PatternCell[] {
  const assessed = new Float64Array(7 * 24);
  const slouch = new Float64Array(7 * 24);
  for (const a of aggregates) {
    const weekdayOf = weekdayByLocalHour(a);
    for (let h = 0; h < 24; h++) {
      const assessedS = a.assessedSByLocalHour[h] ?? 0;
      const slouchS = a.slouchSByLocalHour[h] ?? 0;
      if (assessedS === 0 && slouchS === 0) continue;
      const cell = weekdayOf(h) * 24 + h;
      assessed[cell] = (assessed[cell] ?? 0) + assessedS;
      slouch[cell] = (slouch[cell] ?? 0) + slouchS;
    }
  }
  const cells: PatternCell[] = [];
  for (let weekday = 0; weekday < 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) {
      const assessedS = assessed[weekday * 24 + hour] ?? 0;
      const slouchS = slouch[weekday * 24 + hour] ?? 0;
      cells.push({ weekday, hour, assessedS, slouchS, slouchPct: assessedS > 0 ? (slouchS / assessedS) * 100 : null });
    }
  }
  return cells;
}

/** For an aggregate, the local weekday each of its local hours falls on. */
function weekdayByLocalHour(a: PostureAggregate): (hour: number) => number {
  const offset = a.utcOffsetMin;
  const startWeekday = localWeekday(a.startMs, offset);
  if (a.endMs - a.startMs > HOUR_MS) return () => startWeekday; // a local day: every hour is on it
  const firstHour = localHour(a.startMs, offset);
  const lastWeekday = localWeekday(a.endMs - 1, offset);
  return (hour) => (hour === firstHour ? startWeekday : lastWeekday);
}
