/** How the SQLite store writes times and angles: shared by the tables that hold points (sqlite-store.ts, point-log.ts). */

/** Times are kept to the millisecond (sample times at odd rates, interpolated crossings, are fractional). */
export function storedMs(t: number): number {
  return Math.round(t);
}

/** SQLite has no NaN (it would become NULL anyway); say so explicitly. */
export function storedReal(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
