/**
 * Quiet hours: local time-of-day ranges in which the sensor never buzzes.
 * Pure: the caller passes the wearer's UTC offset (resolved from their IANA zone by the service, which owns the
 * clock and the zone database), so daylight-saving changes are the caller's concern, not this file's.
 */

export const MINUTES_PER_DAY = 1440;

/** One range of local minutes of the day, `[startMinuteOfDay, endMinuteOfDay)`. */
export interface QuietHoursRange {
  /** First quiet minute, 0..1439 (22:00 = 1320). */
  startMinuteOfDay: number;
  /** First minute that is no longer quiet, 0..1439. Smaller than the start: the range crosses midnight. Equal: empty. */
  endMinuteOfDay: number;
}

/** Local minute of the day (0..1439) of an epoch time, for a wearer at `utcOffsetMin` minutes east of UTC. */
export function localMinuteOfDay(tMs: number, utcOffsetMin: number): number {
  const minutes = Math.floor(tMs / 60_000) + Math.round(utcOffsetMin);
  return ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

/** Local hour of the day (0..23). */
export function localHourOfDay(tMs: number, utcOffsetMin: number): number {
  return Math.floor(localMinuteOfDay(tMs, utcOffsetMin) / 60);
}

/** True when `minuteOfDay` lies in the range (end exclusive; a range whose end is before its start wraps midnight). */
export function isInQuietRange(range: QuietHoursRange, minuteOfDay: number): boolean {
  const { startMinuteOfDay: start, endMinuteOfDay: end } = range;
  if (start === end) return false;
  if (start < end) return minuteOfDay >= start && minuteOfDay < end;
  return minuteOfDay >= start || minuteOfDay < end;
}

/** True when `minuteOfDay` lies in any of the ranges. */
export function isInQuietHours(ranges: readonly QuietHoursRange[], minuteOfDay: number): boolean {
  for (const range of ranges) if (isInQuietRange(range, minuteOfDay)) return true;
  return false;
}

/**
 * Parses "22:00-07:00" (24-hour clock, `HH:MM-HH:MM`) into a range; null when malformed.
 * Settings files and the API carry quiet hours in this form because people read and write it.
 */
export function parseQuietHoursRange(text: string): QuietHoursRange | null {
  const match = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (match === null) return null;
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || (h2 === 24 && m2 !== 0)) return null;
  return { startMinuteOfDay: h1 * 60 + m1, endMinuteOfDay: (h2 * 60 + m2) % MINUTES_PER_DAY };
}
