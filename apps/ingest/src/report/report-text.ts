/**
 * Text for the report: HTML escaping (every piece of data goes through `esc`, names and notes included) and
 * the number, duration and date formats a reader expects. Pure.
 */

const ESCAPES: Readonly<Record<string, string>> = Object.freeze({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' });

/** Escapes text for HTML and SVG content and attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Shown for a number that does not exist (not worn, nothing assessed). */
export const NONE = '–';

export function pct(value: number | null): string {
  return value === null ? NONE : `${Math.round(value)} %`;
}

export function num(value: number | null, decimals = 0): string {
  return value === null ? NONE : value.toFixed(decimals);
}

export function deg(value: number | null): string {
  return value === null ? NONE : `${value.toFixed(1)}°`;
}

/** `45 s`, `12 min`, `1 h 05 min`. */
export function duration(seconds: number | null): string {
  if (seconds === null) return NONE;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

export function hours(seconds: number): string {
  return `${(seconds / 3600).toFixed(1)} h`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function local(tMs: number, utcOffsetMin: number): Date {
  return new Date(tMs + utcOffsetMin * 60_000);
}

/** `21 Nov 2025`, the wearer's local date. */
export function date(tMs: number, utcOffsetMin: number): string {
  const d = local(tMs, utcOffsetMin);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** `Fri 21 Nov`, a short day label. */
export function shortDay(tMs: number, utcOffsetMin: number): string {
  const d = local(tMs, utcOffsetMin);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** `21 Nov 2025, 14:05 (UTC+01:00)`. */
export function dateTime(tMs: number, utcOffsetMin: number): string {
  const d = local(tMs, utcOffsetMin);
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${date(tMs, utcOffsetMin)}, ${hm} (${utcOffsetText(utcOffsetMin)})`;
}

export function utcOffsetText(utcOffsetMin: number): string {
  const sign = utcOffsetMin < 0 ? '−' : '+';
  const abs = Math.abs(utcOffsetMin);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The period as dates: its first day and its last day (`to` is exclusive). */
export function periodText(fromMs: number, toMs: number, utcOffsetMin: number): string {
  const first = date(fromMs, utcOffsetMin);
  const last = date(Math.max(fromMs, toMs - 1), utcOffsetMin);
  return first === last ? first : `${first} – ${last}`;
}
