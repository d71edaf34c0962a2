/**
 * The flexion distribution (`GET distribution`) regrouped into bins wide enough to read (5° by default) over
 * the range people actually sit in, with the tails folded into the edge bins, plus the numbers the summary
 * quotes: the median and the share of time above the threshold.
 */
import { formatAngle, formatDuration, formatPercent } from '../../lib/format.js';

export interface HistogramSettings {
  /** Width of a shown bin, degrees (never narrower than the API's bins). */
  binDeg: number;
  /** Shown range, degrees; time outside lands in the first or last bin. */
  minDeg: number;
  maxDeg: number;
}

export const DEFAULT_HISTOGRAM_SETTINGS: Readonly<HistogramSettings> = Object.freeze({ binDeg: 5, minDeg: -20, maxDeg: 70 });

export interface Histogram {
  /** Bin starts, degrees. */
  startsDeg: number[];
  binDeg: number;
  seconds: number[];
  totalS: number;
}

export function regroup(binStartDeg: readonly number[], seconds: readonly number[], settings: Partial<HistogramSettings> = {}): Histogram {
  const s = { ...DEFAULT_HISTOGRAM_SETTINGS, ...settings };
  const apiWidth = binStartDeg.length > 1 ? (binStartDeg[1] ?? 0) - (binStartDeg[0] ?? 0) : s.binDeg;
  const binDeg = Math.max(s.binDeg, apiWidth);
  const count = Math.ceil((s.maxDeg - s.minDeg) / binDeg);
  const out = new Array<number>(count).fill(0);
  let totalS = 0;
  binStartDeg.forEach((start, i) => {
    const secs = seconds[i] ?? 0;
    if (secs <= 0) return;
    totalS += secs;
    const index = Math.min(count - 1, Math.max(0, Math.floor((start + apiWidth / 2 - s.minDeg) / binDeg)));
    out[index] = (out[index] ?? 0) + secs;
  });
  return { startsDeg: out.map((_, i) => s.minDeg + i * binDeg), binDeg, seconds: out, totalS };
}

/** Share of the time at or above `thresholdDeg` in the API's bins, 0..100 (a straddling bin split linearly). */
export function shareAbovePct(binStartDeg: readonly number[], seconds: readonly number[], thresholdDeg: number): number | null {
  const width = binStartDeg.length > 1 ? (binStartDeg[1] ?? 0) - (binStartDeg[0] ?? 0) : 1;
  let total = 0, above = 0;
  binStartDeg.forEach((start, i) => {
    const secs = seconds[i] ?? 0;
    total += secs;
    const fraction = Math.max(0, Math.min(1, (start + width - thresholdDeg) / width));
    above += secs * fraction;
  });
  return total > 0 ? (100 * above) / total : null;
}

/** The median flexion, degrees, interpolated inside its bin; null without data. */
export function medianDeg(binStartDeg: readonly number[], seconds: readonly number[]): number | null {
  const width = binStartDeg.length > 1 ? (binStartDeg[1] ?? 0) - (binStartDeg[0] ?? 0) : 1;
  const total = seconds.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  let cumulative = 0;
  for (let i = 0; i < seconds.length; i++) {
    const secs = seconds[i] ?? 0;
    if (cumulative + secs >= total / 2) return (binStartDeg[i] ?? 0) + (width * (total / 2 - cumulative)) / Math.max(secs, 1e-9);
    cumulative += secs;
  }
  return null;
}

export function binLabel(h: Histogram, i: number): string {
  const start = h.startsDeg[i] ?? 0;
  if (i === 0) return `< ${start + h.binDeg}°`;
  if (i === h.seconds.length - 1) return `≥ ${start}°`;
  return `${start}–${start + h.binDeg}°`;
}

/** "Median bend 11°; 18% of the measured time at or above your 20° threshold; most often 5–10°." */
export function distributionSummaryText(
  h: Histogram, median: number | null, abovePct: number | null, thresholdDeg: number,
): string {
  if (h.totalS <= 0) return 'No measured time in this period.';
  let most = 0;
  h.seconds.forEach((s, i) => { if (s > (h.seconds[most] ?? 0)) most = i; });
  return `Median bend ${formatAngle(median)} over ${formatDuration(h.totalS)} measured; ${formatPercent(abovePct)} of it at or above your ${formatAngle(thresholdDeg)} threshold; most often ${binLabel(h, most)}.`;
}
