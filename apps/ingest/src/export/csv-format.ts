/**
 * CSV text (RFC 4180): comma-separated, CRLF line ends, a field quoted when it holds a comma, quote or line
 * break. Numbers are written with a fixed number of decimals per column (their precision, not float noise);
 * a missing value is an empty field.
 */

export type CsvValue = string | number | null;

/** One line, CRLF included. */
export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

export function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `value` rounded to `decimals` (no trailing zeros), or null when it is null or not finite. */
export function fixed(value: number | null, decimals: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** ISO 8601 at the wearer's offset from UTC: `2025-11-21T09:00:00+01:00` (seconds precision). */
export function localIso(tMs: number, utcOffsetMin: number): string {
  const local = new Date(tMs + utcOffsetMin * 60_000).toISOString().slice(0, 19);
  return local + offsetText(utcOffsetMin);
}

/** The wearer's local calendar day of `tMs`: `2025-11-21`. */
export function localDay(tMs: number, utcOffsetMin: number): string {
  return new Date(tMs + utcOffsetMin * 60_000).toISOString().slice(0, 10);
}

function offsetText(utcOffsetMin: number): string {
  if (utcOffsetMin === 0) return 'Z';
  const sign = utcOffsetMin < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMin);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
