/**
 * The numbers people read, derived from a PostureAggregate (contracts section 4 `summary` buckets and more).
 * Means and percentiles are null when the bucket has no assessed seconds, rather than a misleading 0.
 */
import { histogramQuantile } from './flexion-histogram.js';
import { longestSittingS } from './sitting-runs.js';
import type { PostureAggregate } from './aggregates.js';

export interface AggregateSummary {
  startMs: number;
  endMs: number;
  wornS: number;
  assessedS: number;
  uprightS: number;
  slouchS: number;
  /** upright / assessed * 100; null without assessed time. */
  uprightPct: number | null;
  episodeCount: number;
  longestEpisodeS: number;
  meanFlexionDeg: number | null;
  /** 90th percentile from the 0.5-degree histogram (about +/-0.25 degrees). */
  p90FlexionDeg: number | null;
  /** Population standard deviation of flexion over assessed seconds: low means a stiff day. */
  sdFlexionDeg: number | null;
  meanLateralDeg: number | null;
  doseDegS: number;
  longestSittingS: number;
  movementBreaks: number;
  slouchSByLocalHour: number[];
}

export function summariseAggregate(a: PostureAggregate): AggregateSummary {
  const n = a.assessedS;
  const mean = n > 0 ? a.flexionSumDeg / n : null;
  const variance = mean !== null ? Math.max(0, a.flexionSumSqDeg2 / n - mean * mean) : null;
  return {
    startMs: a.startMs,
    endMs: a.endMs,
    wornS: a.wornS,
    assessedS: n,
    uprightS: a.uprightS,
    slouchS: a.slouchS,
    uprightPct: n > 0 ? (a.uprightS / n) * 100 : null,
    episodeCount: a.episodeCount,
    longestEpisodeS: a.longestEpisodeS,
    meanFlexionDeg: mean,
    p90FlexionDeg: n > 0 ? histogramQuantile(a.flexionHistogram, 0.9) : null,
    sdFlexionDeg: variance !== null ? Math.sqrt(variance) : null,
    meanLateralDeg: a.lateralS > 0 ? a.lateralSumDeg / a.lateralS : null,
    doseDegS: a.doseDegS,
    longestSittingS: longestSittingS(a.sitting),
    movementBreaks: a.sitting.breaks,
    slouchSByLocalHour: a.slouchSByLocalHour.slice(),
  };
}
