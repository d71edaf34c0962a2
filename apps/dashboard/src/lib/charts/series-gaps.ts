/**
 * Turning timed samples into line-chart data that shows missing data as missing. A line drawn across an hour
 * without data would read as an hour of steady posture, so every place where time jumps by more than the step
 * (or the value is null) breaks the line. The day chart draws each unbroken run as its own dataset: the
 * decimation plugin may drop the nulls of one long dataset, but it cannot join two datasets.
 */

export interface XY {
  x: number;
  y: number | null;
}

export interface GapSettings {
  /** The spacing of the samples, ms (1000 for per-second points). */
  stepMs: number;
  /** A jump longer than `stepMs` × this is a gap (a little over 1 so timestamp jitter is not a gap). */
  toleranceFactor: number;
}

export const DEFAULT_GAP_SETTINGS: Readonly<GapSettings> = Object.freeze({ stepMs: 1000, toleranceFactor: 1.5 });

/** The samples with a null inserted wherever time jumps by more than the step (sorted by x). */
export function withGapNulls(samples: readonly XY[], settings: Partial<GapSettings> = {}): XY[] {
  const s = { ...DEFAULT_GAP_SETTINGS, ...settings };
  const maxJumpMs = s.stepMs * s.toleranceFactor;
  const out: XY[] = [];
  let previousX: number | null = null;
  for (const p of samples) {
    if (previousX !== null && p.x - previousX > maxJumpMs) out.push({ x: previousX + s.stepMs, y: null });
    out.push(p);
    previousX = p.x;
  }
  return out;
}

/** The unbroken runs of the samples: split at nulls and at jumps longer than the step. */
export function splitAtGaps(samples: readonly XY[], settings: Partial<GapSettings> = {}): { x: number; y: number }[][] {
  const runs: { x: number; y: number }[][] = [];
  let run: { x: number; y: number }[] = [];
  for (const p of withGapNulls(samples, settings)) {
    if (p.y === null || !Number.isFinite(p.y)) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push({ x: p.x, y: p.y });
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** A time span, epoch ms, `startMs` inclusive, `endMs` exclusive. */
export interface Span {
  startMs: number;
  endMs: number;
}

/**
 * The spans of [fromMs, toMs) that hold no sample: before the first, after the last, and every jump longer than
 * the step. A sample covers [x, x + stepMs).
 */
export function missingSpans(xs: readonly number[], fromMs: number, toMs: number, settings: Partial<GapSettings> = {}): Span[] {
  const s = { ...DEFAULT_GAP_SETTINGS, ...settings };
  const maxJumpMs = s.stepMs * s.toleranceFactor;
  const spans: Span[] = [];
  let coveredTo = fromMs;
  for (const x of xs) {
    if (x < fromMs || x >= toMs) continue;
    if (x - coveredTo > maxJumpMs - s.stepMs) spans.push({ startMs: coveredTo, endMs: x });
    coveredTo = Math.max(coveredTo, x + s.stepMs);
  }
  if (toMs - coveredTo > maxJumpMs - s.stepMs) spans.push({ startMs: coveredTo, endMs: toMs });
  return spans;
}
