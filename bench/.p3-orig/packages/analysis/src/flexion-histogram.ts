/**
 * A fixed-bin flexion histogram: mergeable by adding counts, so percentiles of a day or a week come from hour
 * buckets without keeping the samples. Resolution 0.5 degrees over -90..+120 degrees (420 bins); values outside
 * land in the edge bins. Percentiles interpolate linearly inside a bin, so they are good to about +/-0.25 degrees.
 */

export const HISTOGRAM_MIN_DEG = -90;
export const HISTOGRAM_MAX_DEG = 120;
export const HISTOGRAM_BIN_DEG = 0.5;
export const HISTOGRAM_BIN_COUNT = (HISTOGRAM_MAX_DEG - HISTOGRAM_MIN_DEG) / HISTOGRAM_BIN_DEG;

/** Counts per bin; bin i covers [MIN + i*BIN, MIN + (i+1)*BIN) degrees. Counts are seconds (one point = 1). */
export type FlexionHistogram = number[];

export function createFlexionHistogram(): FlexionHistogram {
  return new Array<number>(HISTOGRAM_BIN_COUNT).fill(0);
}

export function histogramBin(flexionDeg: number): number {
  const bin = Math.floor((flexionDeg - HISTOGRAM_MIN_DEG) / HISTOGRAM_BIN_DEG);
  return bin < 0 ? 0 : bin >= HISTOGRAM_BIN_COUNT ? HISTOGRAM_BIN_COUNT - 1 : bin;
}

export function addToHistogram(h: FlexionHistogram, flexionDeg: number, weight = 1): void {
  const bin = histogramBin(flexionDeg);
  h[bin] = (h[bin] ?? 0) + weight;
}

/** Adds `source` into `target` in place. */
export function mergeHistogramInto(target: FlexionHistogram, source: readonly number[]): void {
  for (let i = 0; i < HISTOGRAM_BIN_COUNT; i++) target[i] = (target[i] ?? 0) + (source[i] ?? 0);
}

/** The `q`-quantile (0..1) in degrees, or NaN for an empty histogram. */
export function histogramQuantile(h: readonly number[], q: number): number {
  let total = 0;
  for (let i = 0; i < HISTOGRAM_BIN_COUNT; i++) total += h[i] ?? 0;
  if (total <= 0) return Number.NaN;
  const target = Math.min(Math.max(q, 0), 1) * total;
  let cumulative = 0;
  for (let i = 0; i < HISTOGRAM_BIN_COUNT; i++) {
    const count = h[i] ?? 0;
    if (count > 0 && cumulative + count >= target) {
      const within = (target - cumulative) / count; // fraction of the way through this bin
      return HISTOGRAM_MIN_DEG + (i + within) * HISTOGRAM_BIN_DEG;
    }
    cumulative += count;
  }
  return HISTOGRAM_MAX_DEG;
}

/** Compact JSON form: the first non-empty bin and the counts from there to the last non-empty bin. */
export interface FlexionHistogramJson {
  firstBin: number;
  counts: number[];
}

export function histogramToJson(h: readonly number[]): FlexionHistogramJson {
  let first = 0;
  while (first < HISTOGRAM_BIN_COUNT && (h[first] ?? 0) === 0) first++;
  let last = HISTOGRAM_BIN_COUNT - 1;
  while (last >= first && (h[last] ?? 0) === 0) last--;
  return first > last ? { firstBin: 0, counts: [] } : { firstBin: first, counts: h.slice(first, last + 1) };
}

/** Inverse of `histogramToJson`; throws RangeError on a malformed value. */
export function histogramFromJson(json: FlexionHistogramJson): FlexionHistogram {
  const { firstBin, counts } = json;
  if (!Number.isInteger(firstBin) || firstBin < 0 || !Array.isArray(counts) || firstBin + counts.length > HISTOGRAM_BIN_COUNT) {
    throw new RangeError('flexion histogram: bins out of range');
  }
  const h = createFlexionHistogram();
  counts.forEach((c, i) => {
    if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) throw new RangeError('flexion histogram: bad count');
    h[firstBin + i] = c;
  });
  return h;
}
