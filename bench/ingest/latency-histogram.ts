/**
 * A latency histogram with 1 ms buckets up to a limit (beyond it, one overflow bucket), so percentiles come
 * out to the millisecond with no sample kept. Plain arrays: mergeable, and they cross process boundaries.
 */

/** Largest latency with its own bucket, ms; anything later counts as "over". */
export const HISTOGRAM_LIMIT_MS = 60_000;

export interface LatencyHistogram {
  /** counts[i]: observations in [i, i+1) ms; the last entry: at or over the limit. */
  counts: Uint32Array;
  n: number;
}

export function createLatencyHistogram(): LatencyHistogram {
  return { counts: new Uint32Array(HISTOGRAM_LIMIT_MS + 1), n: 0 };
}

export function observeMs(h: LatencyHistogram, ms: number): void {
  const i = ms < 0 ? 0 : ms >= HISTOGRAM_LIMIT_MS ? HISTOGRAM_LIMIT_MS : Math.floor(ms);
  h.counts[i] = (h.counts[i] as number) + 1;
  h.n += 1;
}

/** The q-quantile, ms (upper edge of its bucket; Infinity past the limit, NaN with no observation). */
export function quantileMs(h: LatencyHistogram, q: number): number {
  if (h.n === 0) return Number.NaN;
  const want = Math.max(1, Math.ceil(q * h.n));
  let seen = 0;
  for (let i = 0; i < h.counts.length; i++) {
    seen += h.counts[i] as number;
    if (seen >= want) return i === HISTOGRAM_LIMIT_MS ? Infinity : i + 1;
  }
  return Infinity;
}
