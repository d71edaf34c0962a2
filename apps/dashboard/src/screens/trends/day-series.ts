/**
 * A day of posture points turned into what the day chart draws: the flexion line broken into unbroken runs,
 * the activity band, and the spans without data. Flexion means nothing while the sensor is off the body or
 * the wearer lies down (the slouch detector ignores those seconds too), so the line breaks there and the band
 * says why. Time not yet lived (later today) is neither data nor a gap.
 */
import type { PosturePoint } from '../../lib/api/types.js';
import { missingSpans, splitAtGaps, type Span, type XY } from '../../lib/charts/series-gaps.js';

export type ActivityName = 'still' | 'moving' | 'walking' | 'lying' | 'not_worn' | 'unknown';

export const ACTIVITY_LABELS: Readonly<Record<ActivityName, string>> = Object.freeze({
  still: 'Sitting or standing still',
  moving: 'Moving',
  walking: 'Walking',
  lying: 'Lying',
  not_worn: 'Not worn',
  unknown: 'Settling in',
});

export interface ActivitySpan extends Span {
  activity: ActivityName;
}

export interface DaySeries {
  stepMs: number;
  /** Flexion runs, degrees over epoch ms; one dataset each. */
  runs: { x: number; y: number }[][];
  activity: ActivitySpan[];
  /** Spans of the day (up to now) without any point. */
  missing: Span[];
  /** Seconds with a point whose activity is not `not_worn`. */
  wornS: number;
  /** Seconds without any point, up to now. */
  missingS: number;
}

const NO_LINE: ReadonlySet<string> = new Set(['not_worn', 'lying']);

function activityName(a: string): ActivityName {
  return a in ACTIVITY_LABELS ? (a as ActivityName) : 'unknown';
}

/** The series of [fromMs, toMs) from `points` (oldest first) spaced `stepMs`; nothing after `nowMs` is missing. */
export function daySeries(points: readonly PosturePoint[], fromMs: number, toMs: number, stepMs: number, nowMs: number): DaySeries {
  const gap = { stepMs };
  const flexion: XY[] = points.map((p) => ({ x: p.t, y: NO_LINE.has(p.activity) ? null : p.flexionDeg }));
  const activity: ActivitySpan[] = [];
  let wornS = 0;
  for (const p of points) {
    const name = activityName(p.activity);
    if (name !== 'not_worn') wornS += stepMs / 1000;
    const last = activity[activity.length - 1];
    // Same activity and no missing step between: extend; otherwise a new span.
    if (last && last.activity === name && p.t - last.endMs <= stepMs / 2) last.endMs = p.t + stepMs;
    else activity.push({ startMs: p.t, endMs: p.t + stepMs, activity: name });
  }
  const lived = Math.min(toMs, Math.max(fromMs, nowMs));
  const missing = missingSpans(points.map((p) => p.t), fromMs, lived, gap);
  const missingS = missing.reduce((sum, s) => sum + (s.endMs - s.startMs) / 1000, 0);
  return { stepMs, runs: splitAtGaps(flexion, gap), activity, missing, wornS, missingS };
}

/** Per-second points for a day; a coarser step only for ranges too long for the API's 100,000-point answers. */
export function stepForRange(fromMs: number, toMs: number): number {
  const spanS = (toMs - fromMs) / 1000;
  return spanS <= 90_000 ? 1000 : 60_000;
}
