/**
 * The wearer's calendar: local days, local weeks (Monday 00:00) and dates, from a UTC offset in minutes east
 * (the wearer's `utcOffsetMin`). The same arithmetic as the rollups' buckets (`bucketStartMs` of
 * @stance/analysis), so a local day here is exactly a stored day bucket.
 */
import { bucketStartMs } from '@stance/analysis';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** Local midnight of the day holding `tMs`, epoch ms. */
export function localDayStartMs(tMs: number, utcOffsetMin: number): number {
  return bucketStartMs(tMs, 'day', utcOffsetMin);
}

/** Local Monday 00:00 of the week holding `tMs`, epoch ms. */
export function localWeekStartMs(tMs: number, utcOffsetMin: number): number {
  return bucketStartMs(tMs, 'week', utcOffsetMin);
}

/** Local weekday of `tMs`: 0 = Monday ... 6 = Sunday. */
export function localWeekday(tMs: number, utcOffsetMin: number): number {
  const localDay = Math.floor((tMs + utcOffsetMin * 60_000) / DAY_MS);
  // 1970-01-01 (day 0) was a Thursday.
  return (((localDay + 3) % 7) + 7) % 7;
}

/** Local hour of day of `tMs`, 0..23. */
export function localHour(tMs: number, utcOffsetMin: number): number {
  const localMs = tMs + utcOffsetMin * 60_000;
  return Math.floor((((localMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
}

/** The local date of `tMs` as 'YYYY-MM-DD'. */
export function localDateText(tMs: number, utcOffsetMin: number): string {
  return new Date(tMs + utcOffsetMin * 60_000).toISOString().slice(0, 10);
}

/** Local midnight of the date 'YYYY-MM-DD', epoch ms; null when it is not a real date. */
export function localDateStartMs(date: string, utcOffsetMin: number): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return null;
  const utcMidnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Date.UTC rolls 2025-02-30 over to March: a date that does not read back the same is not a date.
  if (!Number.isFinite(utcMidnight) || new Date(utcMidnight).toISOString().slice(0, 10) !== date) return null;
  return utcMidnight - utcOffsetMin * 60_000;
}
