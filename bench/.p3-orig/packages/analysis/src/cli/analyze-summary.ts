/**
 * The `summary` of the analyze command: the same PostureAggregate the service keeps per hour and day
 * (aggregates.ts), over the whole file, so both report the same numbers from the same definitions: worn =
 * activity other than not_worn; assessed = worn, not walking or lying, posture known; upright % = upright /
 * assessed; flexion mean and p90 and lateral mean over assessed seconds. `episodeS` is the total length of
 * the slouch episodes, `doseDegS` their exposure dose.
 */
import { summariseAggregate } from '../aggregate-summary.js';
import type { PostureAggregate } from '../aggregates.js';
import { round } from './analyze-series.js';

export interface AnalyzeSummary {
  durationS: number;
  wornS: number;
  assessedS: number;
  uprightS: number;
  slouchS: number;
  uprightPct: number | null;
  episodeCount: number;
  episodeS: number;
  doseDegS: number;
  meanFlexionDeg: number | null;
  p90FlexionDeg: number | null;
  meanLateralDeg: number | null;
}

export function analyzeSummary(a: PostureAggregate, durationS: number): AnalyzeSummary {
  const s = summariseAggregate(a);
  const r = (x: number | null, digits = 2): number | null => (x === null ? null : round(x, digits));
  return {
    durationS: round(durationS, 3),
    wornS: s.wornS,
    assessedS: s.assessedS,
    uprightS: s.uprightS,
    slouchS: s.slouchS,
    uprightPct: r(s.uprightPct),
    episodeCount: s.episodeCount,
    episodeS: round(a.episodeS, 2),
    doseDegS: round(s.doseDegS, 1),
    meanFlexionDeg: r(s.meanFlexionDeg),
    p90FlexionDeg: r(s.p90FlexionDeg),
    meanLateralDeg: r(s.meanLateralDeg),
  };
}
