/**
 * How numbers, durations, angles and times read on every screen. One place so "1 h 05 min" looks the same on
 * the home screen, the trends and the coach's list.
 *
 * Times are shown in the WEARER's local time (their `utcOffsetMin`, minutes east of UTC), not the browser's: a
 * coach in another time zone must see the wearer's 09:00 as 09:00. So local fields are read by shifting the
 * epoch by the offset and formatting in UTC.
 */

/** Shown for a value that does not exist (no assessed time, no data): never a misleading 0. */
export const MISSING = '—';

const MIN_MS = 60_000;
const DAY_MS = 86_400_000;

/** Seconds as "45 s", "12 min", "1 h 05 min"; under a minute only when the whole value is. Null → MISSING. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return MISSING;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const totalMin = Math.round(s / 60);
  if (totalMin < 60) return `${totalMin} min`;
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return `${h} h ${String(m).padStart(2, '0')} min`;
}

/** Whole minutes as a number string ("12"), for tiles that put the unit beside the value. */
export function formatMinutes(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return MISSING;
  return String(Math.round(Math.max(0, seconds) / 60));
}

/** A percentage 0..100 as "87%" (`digits` after the point). Null → MISSING. */
export function formatPercent(pct: number | null | undefined, digits = 0): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return MISSING;
  return `${pct.toFixed(digits)}%`;
}

/** An angle in degrees as "23°" (rounded; "-0" never shown). Null → MISSING. */
export function formatAngle(deg: number | null | undefined, digits = 0): string {
  if (deg === null || deg === undefined || !Number.isFinite(deg)) return MISSING;
  const text = deg.toFixed(digits);
  return `${Number(text) === 0 ? (0).toFixed(digits) : text}°`;
}

/** A count with thousands separators ("1,204"). */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return MISSING;
  return Math.round(n).toLocaleString();
}

/** A signed change for "vs last week" lines: "+4", "−2.5" (a real minus sign), "0". */
export function formatSigned(delta: number, digits = 0): string {
  const text = Math.abs(delta).toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return `${delta > 0 ? '+' : '−'}${text}`;
}

// ---- local time of the wearer ----

/** The epoch ms whose UTC fields are the wearer's local fields. */
function shifted(ms: number, utcOffsetMin: number): Date {
  return new Date(ms + utcOffsetMin * MIN_MS);
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dateFormat = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
const dateYearFormat = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'long' });
const weekdayShortFormat = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'short' });

/** "14:05" in the wearer's local time. */
export function formatTime(ms: number, utcOffsetMin: number): string {
  return timeFormat.format(shifted(ms, utcOffsetMin));
}

/** "Mon, 21 Nov" (locale order) in the wearer's local time. */
export function formatDate(ms: number, utcOffsetMin: number): string {
  return dateFormat.format(shifted(ms, utcOffsetMin));
}

/** "21 Nov 2025": for dates that may lie in another year (account creation, plan start). */
export function formatDateWithYear(ms: number, utcOffsetMin: number): string {
  return dateYearFormat.format(shifted(ms, utcOffsetMin));
}

/** "Mon, 21 Nov, 14:05". */
export function formatDateTime(ms: number, utcOffsetMin: number): string {
  return `${formatDate(ms, utcOffsetMin)}, ${formatTime(ms, utcOffsetMin)}`;
}

/** "Monday". */
export function formatWeekday(ms: number, utcOffsetMin: number): string {
  return weekdayFormat.format(shifted(ms, utcOffsetMin));
}

/** Short weekday name for weekday index 0 = Monday (the API's `pattern` cells), "Mon". */
export function weekdayShortName(weekdayMon0: number): string {
  // 2024-01-01 was a Monday.
  return weekdayShortFormat.format(new Date(Date.UTC(2024, 0, 1 + weekdayMon0)));
}

/** "Today", "Yesterday" or the date, for a day label relative to `nowMs` (all in wearer-local days). */
export function formatDayLabel(ms: number, utcOffsetMin: number, nowMs = Date.now()): string {
  const days = Math.round((localMidnight(nowMs, utcOffsetMin) - localMidnight(ms, utcOffsetMin)) / DAY_MS);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return formatDate(ms, utcOffsetMin);
}

/** Epoch ms of the wearer's local midnight that starts the day holding `ms`. */
export function localMidnight(ms: number, utcOffsetMin: number): number {
  const offsetMs = utcOffsetMin * MIN_MS;
  return Math.floor((ms + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
}

/** Epoch ms of the wearer's local Monday 00:00 of the week holding `ms`. */
export function localWeekStart(ms: number, utcOffsetMin: number): number {
  const midnight = localMidnight(ms, utcOffsetMin);
  const weekdayMon0 = (shifted(midnight, utcOffsetMin).getUTCDay() + 6) % 7;
  return midnight - weekdayMon0 * DAY_MS;
}

/** The wearer-local day as 'YYYY-MM-DD' (the API's `day` for notes). */
export function localDayKey(ms: number, utcOffsetMin: number): string {
  return shifted(ms, utcOffsetMin).toISOString().slice(0, 10);
}

/** "just now", "2 min ago", "3 h ago", "yesterday", "5 days ago"; the future as "in 4 min". */
export function formatRelative(ms: number, nowMs = Date.now()): string {
  const diffS = Math.round((nowMs - ms) / 1000);
  const future = diffS < 0;
  const s = Math.abs(diffS);
  let text: string;
  if (s < 45) return future ? 'in a moment' : 'just now';
  if (s < 3600) text = `${Math.max(1, Math.round(s / 60))} min`;
  else if (s < 86_400) text = `${Math.round(s / 3600)} h`;
  else {
    const d = Math.round(s / 86_400);
    if (d === 1) return future ? 'tomorrow' : 'yesterday';
    text = `${d} days`;
  }
  return future ? `in ${text}` : `${text} ago`;
}

/** The browser's own offset, minutes east of UTC: the default for a wearer being set up on this device. */
export function browserUtcOffsetMin(nowMs = Date.now()): number {
  return -new Date(nowMs).getTimezoneOffset();
}
