/**
 * The period a trends view shows: a local day, a local week (Monday to Sunday) or a local month of the wearer
 * (their `utcOffsetMin`, the same days the service's day buckets use). Periods are named by the local date of
 * their first day ('YYYY-MM-DD'), which is what the page's address keeps.
 */
import { formatDate, localDayKey, localMidnight, localWeekStart } from '../../lib/format.js';

export type TrendsView = 'day' | 'week' | 'month';

export const TRENDS_VIEWS: readonly TrendsView[] = Object.freeze(['day', 'week', 'month']);

export interface TrendsPeriod {
  view: TrendsView;
  /** Local midnight starting the period, epoch ms. */
  startMs: number;
  /** Local midnight ending it (exclusive), epoch ms. */
  endMs: number;
}

export const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

function localMonthStart(ms: number, utcOffsetMin: number): number {
  const local = new Date(ms + utcOffsetMin * MIN_MS);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - utcOffsetMin * MIN_MS;
}

function localMonthEnd(monthStartMs: number, utcOffsetMin: number): number {
  const local = new Date(monthStartMs + utcOffsetMin * MIN_MS);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - utcOffsetMin * MIN_MS;
}

/** The period of `view` holding the moment `ms`. */
export function periodAt(view: TrendsView, ms: number, utcOffsetMin: number): TrendsPeriod {
  if (view === 'day') {
    const startMs = localMidnight(ms, utcOffsetMin);
    return { view, startMs, endMs: startMs + DAY_MS };
  }
  if (view === 'week') {
    const startMs = localWeekStart(ms, utcOffsetMin);
    return { view, startMs, endMs: startMs + 7 * DAY_MS };
  }
  const startMs = localMonthStart(ms, utcOffsetMin);
  return { view, startMs, endMs: localMonthEnd(startMs, utcOffsetMin) };
}

/** The period before (`-1`) or after (`1`) `p`. */
export function shiftPeriod(p: TrendsPeriod, direction: -1 | 1, utcOffsetMin: number): TrendsPeriod {
  const inside = direction < 0 ? p.startMs - DAY_MS / 2 : p.endMs + DAY_MS / 2;
  return periodAt(p.view, inside, utcOffsetMin);
}

/** The local midnight of 'YYYY-MM-DD', or null if it is not such a date. */
export function dayKeyToMs(key: string, utcOffsetMin: number): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== key) return null;
  return ms - utcOffsetMin * MIN_MS;
}

/** The local midnights of every day of `p`. */
export function daysOf(p: TrendsPeriod): number[] {
  const days: number[] = [];
  for (let t = p.startMs; t < p.endMs; t += DAY_MS) days.push(t);
  return days;
}

const monthFormat = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** "Mon, 17 Nov", "17 – 23 Nov" style week label, "November 2025". */
export function periodLabel(p: TrendsPeriod, utcOffsetMin: number): string {
  if (p.view === 'day') return formatDate(p.startMs, utcOffsetMin);
  if (p.view === 'week') return `Week of ${formatDate(p.startMs, utcOffsetMin)}`;
  return monthFormat.format(new Date(p.startMs + utcOffsetMin * MIN_MS));
}

/** The period's first local day as 'YYYY-MM-DD'. */
export function periodKey(p: TrendsPeriod, utcOffsetMin: number): string {
  return localDayKey(p.startMs, utcOffsetMin);
}

/** True when the period lies wholly after `nowMs` (nothing to show yet). */
export function isFuture(p: TrendsPeriod, nowMs: number): boolean {
  return p.startMs > nowMs;
}

/** The local weeks from the one holding `sinceMs` to the one holding `nowMs`, newest first, at most `max`. */
export function weeksBetween(sinceMs: number, nowMs: number, utcOffsetMin: number, max = 52): TrendsPeriod[] {
  const weeks: TrendsPeriod[] = [];
  for (let w = periodAt('week', nowMs, utcOffsetMin); w.endMs > sinceMs && weeks.length < max; w = shiftPeriod(w, -1, utcOffsetMin)) {
    weeks.push(w);
  }
  return weeks;
}

/** "This week", "Last week" or "Week of Mon, 9 Nov". */
export function weekName(week: TrendsPeriod, nowMs: number, utcOffsetMin: number): string {
  const current = periodAt('week', nowMs, utcOffsetMin).startMs;
  if (week.startMs === current) return 'This week';
  if (week.startMs === current - 7 * DAY_MS) return 'Last week';
  return periodLabel(week, utcOffsetMin);
}
