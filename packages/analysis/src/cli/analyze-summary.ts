/**
 * The `summary` of the analyze command, accumulated per sample and weighted by time (each sample stands for
 * the step since the previous one; gaps longer than the pipeline's `maxStepS` count nothing). Definitions match
 * the service's aggregates (aggregates.ts): worn = activity other than not_worn; assessed = worn, not walking or
 * lying, posture known; upright % = upright / assessed; flexion mean and p90 and lateral mean over assessed time.
 * `slouchS` is assessed time with a slouched posture; `episodeS` the total length of the slouch episodes.
 */
import { addToHistogram, createFlexionHistogram, histogramQuantile, type FlexionHistogram } from '../flexion-histogram.js';
import type { PosturePipeline } from '../posture-pipeline.js';

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

export interface SummaryAccumulator {
  maxStepS: number;
  prevTS: number;
  wornS: number;
  assessedS: number;
  uprightS: number;
  slouchS: number;
  flexSum: number;
  latSum: number;
  latS: number;
  histogram: FlexionHistogram;
}

export function createSummaryAccumulator(maxStepS: number): SummaryAccumulator {
  return { maxStepS, prevTS: Number.NaN, wornS: 0, assessedS: 0, uprightS: 0, slouchS: 0, flexSum: 0, latSum: 0, latS: 0, histogram: createFlexionHistogram() };
}

export function addSummarySample(s: SummaryAccumulator, p: PosturePipeline): void {
  const dt = s.prevTS === s.prevTS ? p.tS - s.prevTS : 0;
  s.prevTS = p.tS;
  if (!(dt > 0) || dt > s.maxStepS) return;
  const activity = p.activity;
  if (activity === 'not_worn') return;
  s.wornS += dt;
  if (activity === 'walking' || activity === 'lying' || p.posture === 'unknown' || !Number.isFinite(p.flexionDeg)) return;
  s.assessedS += dt;
  if (p.posture === 'upright') s.uprightS += dt;
  else s.slouchS += dt;
  s.flexSum += p.flexionDeg * dt;
  addToHistogram(s.histogram, p.flexionDeg, dt);
  if (Number.isFinite(p.lateralDeg)) {
    s.latSum += p.lateralDeg * dt;
    s.latS += dt;
  }
}

export function finishSummary(s: SummaryAccumulator, durationS: number, episodes: readonly { durationS: number; doseDegS: number }[]): AnalyzeSummary {
  const r = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
  const assessed = s.assessedS;
  return {
    durationS: r(durationS, 3),
    wornS: r(s.wornS),
    assessedS: r(assessed),
    uprightS: r(s.uprightS),
    slouchS: r(s.slouchS),
    uprightPct: assessed > 0 ? r((100 * s.uprightS) / assessed) : null,
    episodeCount: episodes.length,
    episodeS: r(episodes.reduce((a, e) => a + e.durationS, 0)),
    doseDegS: r(episodes.reduce((a, e) => a + e.doseDegS, 0), 1),
    meanFlexionDeg: assessed > 0 ? r(s.flexSum / assessed) : null,
    p90FlexionDeg: assessed > 0 ? r(histogramQuantile(s.histogram, 0.9)) : null,
    meanLateralDeg: s.latS > 0 ? r(s.latSum / s.latS) : null,
  };
}
