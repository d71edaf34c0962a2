/**
 * The analysis of one recording in memory: calibrate (windows, or automatically in a first pass), then run the
 * posture pipeline once over every sample and collect series, episodes, summary and optionally `up`.
 */
import { calibrateFromWindows, calibrateNeutralWithMotion, indexRangeForTimes, type Calibration } from '../calibration.js';
import { createOrientationFilter, resetOrientationFilter, updateOrientationFilter } from '../orientation-filter.js';
import {
  createPosturePipeline,
  finishPosturePipeline,
  rewindPosturePipeline,
  setPosturePipelineCalibration,
  updatePosturePipeline,
  type PosturePipeline,
  type PosturePipelineSettings,
} from '../posture-pipeline.js';
import type { ImuColumns } from './csv-reader.js';
import { InputError } from './input-error.js';
import { addEpisode, addPoint, createAggregate } from '../aggregates.js';
import { analyzeSummary, type AnalyzeSummary } from './analyze-summary.js';
import { round, SeriesBinner, SeriesSampler, type SeriesPoint } from './analyze-series.js';

/** The samples of a recording (a parsed CSV, or a simulator Recording with `count` added). */
export type ImuSamples = Pick<ImuColumns, 'count' | 'timeS' | 'acc' | 'gyr'>;

export interface AnalyzeOptions {
  neutral?: [number, number];
  bend?: [number, number];
  slouchDeg?: number;
  minSlouchS?: number;
  everyS: number;
  emitUp: boolean;
}

export interface EpisodeOut { start: number; end: number; durationS: number; peakFlexionDeg: number; meanFlexionDeg: number; doseDegS: number }

export interface AnalyzeResult {
  calibration: Record<string, unknown>;
  series: SeriesPoint[];
  episodes: EpisodeOut[];
  summary: AnalyzeSummary;
  /** Interleaved t, x, y, z per sample when asked for. */
  up: Float64Array | null;
}

/** Seconds of data run through a pipeline (or filter) before the real pass, so the gyroscope bias is known. */
export const PRIME_S = 120;

/** Pipeline settings from the command's options (points stay per second: the summary is built from them). */
export function pipelineSettings(options: Pick<AnalyzeOptions, 'slouchDeg' | 'minSlouchS'>): Partial<PosturePipelineSettings> {
  const base: Partial<PosturePipelineSettings> = {};
  if (options.slouchDeg !== undefined) base.slouchDeg = options.slouchDeg;
  if (options.minSlouchS !== undefined) base.minSlouchS = options.minSlouchS;
  return base;
}

/**
 * A pipeline that has already seen the first `primeS` of the recording and was rewound to its start: the
 * orientation filter knows the gyroscope bias from the first sample on (an unknown bias of 2-3 °/s would
 * otherwise tilt the first seconds, which is where the neutral window usually is).
 */
export function primedPipeline(cols: ImuSamples, settings: Partial<PosturePipelineSettings>, primeS = PRIME_S): PosturePipeline {
  const p = createPosturePipeline(settings);
  const t0 = cols.timeS[0]!;
  for (let i = 0; i < cols.count && cols.timeS[i]! - t0 < primeS; i++) feed(p, cols, i);
  rewindPosturePipeline(p);
  // Automatic calibration starts from nothing: it must not count the primed stretch twice.
  if (p.settings.calibration === null) setPosturePipelineCalibration(p, null);
  return p;
}

/**
 * The calibration for a recording: from the windows when given (`neutral`, optional `bend`; without a bend the
 * forward axis comes from the movement over the whole file), else the service's automatic calibration run
 * over the whole file (first pass), keeping what it ended with. Throws InputError / CalibrationError.
 */
export function calibrateRecording(
  cols: ImuSamples,
  options: AnalyzeOptions,
  settings: Partial<PosturePipelineSettings> = {},
): { calibration: Calibration | null; how: Record<string, unknown> } {
  const base = { ...settings, ...pipelineSettings(options) };
  if (options.neutral) {
    const calibration = windowCalibration(cols, options.neutral, options.bend, base);
    const how = { source: options.bend ? 'neutral and bend windows' : 'neutral window, forward axis from the movement', neutral: options.neutral, ...(options.bend ? { bend: options.bend } : {}) };
    return { calibration, how };
  }
  const first = primedPipeline(cols, { ...base, calibration: null });
  // Keep the calibration as it stood until the first pass judged it stale: refined by everything before, and
  // still describing the start of the file. Whatever was learned after a slip describes a moved sensor; the
  // second pass finds that slip itself and re-learns from there, as the service would.
  let kept: Calibration | null = null;
  let foundAtS = Number.NaN;
  for (let i = 0; i < cols.count; i++) {
    feed(first, cols, i);
    if (first.calibrationStale) break;
    const c = first.calibration;
    if (!first.calibrationChanged || c === null) continue;
    if (kept === null) foundAtS = cols.timeS[i]! - cols.timeS[0]!;
    kept = copyCalibration(c);
  }
  const how = {
    source: 'automatic: a first pass calibrates the way the service would, a second analyses the whole file with that calibration as it stood before anything made it stale',
    foundAfterS: Number.isNaN(foundAtS) ? null : round(foundAtS, 1),
    staleDuringFirstPass: first.calibrator.stale,
  };
  return { calibration: kept, how };
}

function copyCalibration(c: Calibration): Calibration {
  return {
    frame: { f: Float64Array.from(c.frame.f), l: Float64Array.from(c.frame.l), u: Float64Array.from(c.frame.u) },
    method: c.method,
    quality: c.quality,
    detail: { ...c.detail },
  };
}

export function analyzeRecording(cols: ImuSamples, options: AnalyzeOptions): AnalyzeResult {
  const { calibration, how } = calibrateRecording(cols, options);
  // Automatic mode: the first pass's calibration seeds the second, which hands over to automatic calibration
  // if it goes stale (the clip moved during the recording), as the service would.
  const p = primedPipeline(cols, { ...pipelineSettings(options), calibration, calibrationMode: options.neutral ? 'fixed' : 'seed' });
  const t0S = cols.timeS[0]!;
  const t1S = cols.timeS[cols.count - 1]!;
  const aggregate = createAggregate(Math.floor(t0S) * 1000, Math.ceil(t1S + 1) * 1000);
  const binner = options.everyS >= 1 ? new SeriesBinner(options.everyS) : null;
  const sampler = binner === null ? new SeriesSampler(options.everyS) : null;
  const episodes: EpisodeOut[] = [];
  const up = options.emitUp ? new Float64Array(4 * cols.count) : null;
  const collect = (): void => {
    if (p.pointReady) {
      addPoint(aggregate, p.point);
      binner?.add(p.point);
    }
    if (p.episodeEnded) {
      const e = p.episode;
      addEpisode(aggregate, e);
      episodes.push({
        start: round(e.startMs / 1000, 3), end: round(e.endMs / 1000, 3), durationS: round(e.durationS, 3),
        peakFlexionDeg: round(e.peakFlexionDeg, 2), meanFlexionDeg: round(e.meanFlexionDeg, 2), doseDegS: round(e.doseDegS, 1),
      });
    }
  };
  let staleFromS = Number.NaN;
  for (let i = 0; i < cols.count; i++) {
    feed(p, cols, i);
    if (p.calibrationStale && staleFromS !== staleFromS) staleFromS = p.tS;
    sampler?.sample(p.tS, p.flexionDeg, p.lateralDeg, p.activity, p.posture);
    if (up) {
      up[4 * i] = cols.timeS[i]!;
      up[4 * i + 1] = p.up[0]!;
      up[4 * i + 2] = p.up[1]!;
      up[4 * i + 3] = p.up[2]!;
    }
    collect();
  }
  finishPosturePipeline(p);
  collect();
  binner?.finish();

  return {
    calibration: {
      ...describeCalibration(calibration, how),
      // The staleness detector's verdict during the analysis: from then on posture is unknown.
      staleFromS: Number.isNaN(staleFromS) ? null : round(staleFromS, 1),
      staleReason: Number.isNaN(staleFromS) ? null : p.calibrator.staleness.reason,
    },
    series: binner?.points ?? sampler?.points ?? [],
    episodes,
    summary: analyzeSummary(aggregate, t1S - t0S),
    up,
  };
}

export function feed(p: PosturePipeline, cols: ImuSamples, i: number): void {
  const a = cols.acc;
  const g = cols.gyr;
  updatePosturePipeline(p, cols.timeS[i]!, a[3 * i]!, a[3 * i + 1]!, a[3 * i + 2]!, g[3 * i]!, g[3 * i + 1]!, g[3 * i + 2]!);
}

/** Runs the orientation filter alone to get `up` per sample, then calibrates from the windows. */
function windowCalibration(cols: ImuSamples, neutral: [number, number], bend: [number, number] | undefined, base: Partial<PosturePipelineSettings>): Calibration {
  const t0 = cols.timeS[0]!;
  const t1 = cols.timeS[cols.count - 1]!;
  for (const [name, w] of [['--neutral', neutral], ['--bend', bend]] as const) {
    if (w && (w[1] <= t0 || w[0] >= t1)) {
      throw new InputError(`${name} ${w[0]}:${w[1]} lies outside the recording (${t0} to ${t1} s)`, 0);
    }
  }
  const f = createOrientationFilter(base.filter);
  const up = new Float64Array(3 * cols.count);
  // Prime the filter (see primedPipeline), then forget the orientation but keep the bias.
  for (let i = 0, prev = Number.NaN; i < cols.count && cols.timeS[i]! - t0 < PRIME_S; i++) {
    const t = cols.timeS[i]!;
    const a = cols.acc;
    const g = cols.gyr;
    updateOrientationFilter(f, prev === prev ? t - prev : 0, a[3 * i]!, a[3 * i + 1]!, a[3 * i + 2]!, g[3 * i]!, g[3 * i + 1]!, g[3 * i + 2]!);
    prev = t;
  }
  resetOrientationFilter(f);
  let prev = Number.NaN;
  for (let i = 0; i < cols.count; i++) {
    const t = cols.timeS[i]!;
    const a = cols.acc;
    const g = cols.gyr;
    updateOrientationFilter(f, prev === prev ? t - prev : 0, a[3 * i]!, a[3 * i + 1]!, a[3 * i + 2]!, g[3 * i]!, g[3 * i + 1]!, g[3 * i + 2]!);
    prev = t;
    up[3 * i] = f.up[0]!;
    up[3 * i + 1] = f.up[1]!;
    up[3 * i + 2] = f.up[2]!;
  }
  const n = indexRangeForTimes(cols.timeS, neutral[0], neutral[1]);
  if (bend) return calibrateFromWindows(up, n, indexRangeForTimes(cols.timeS, bend[0], bend[1]));
  return calibrateNeutralWithMotion(up, cols.timeS, n, { start: 0, end: cols.count });
}

function describeCalibration(c: Calibration | null, how: Record<string, unknown>): Record<string, unknown> {
  if (!c) return { ...how, method: 'none', found: false, note: 'no calibration could be found: angles and posture are unknown' };
  const v = (a: Float64Array): number[] => [round(a[0]!, 6), round(a[1]!, 6), round(a[2]!, 6)];
  const detail: Record<string, number | string> = {};
  for (const [k, x] of Object.entries(c.detail)) detail[k] = typeof x === 'number' ? round(x, 4) : x;
  return { ...how, method: c.method, found: true, quality: round(c.quality, 3), upSensor: v(c.frame.u), forwardSensor: c.method === 'neutral-only' ? null : v(c.frame.f), detail };
}
