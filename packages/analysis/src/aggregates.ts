/**
 * Per-bucket posture aggregates (an hour, a day, a week), built from per-second PosturePoints and
 * SlouchEpisodes, and mergeable: merging consecutive hours gives exactly what aggregating the day directly gives
 * (up to floating-point rounding of the sums), and merging is associative.
 *
 * Definitions (seconds are point counts: one PosturePoint = one second):
 * - worn: points with `worn` true and activity other than `not_worn`.
 * - assessed: worn, not walking or lying, posture known (upright or slouched). Posture only means something here.
 * - upright % = upright / assessed * 100 (upright + slouched = assessed).
 * - flexion mean, standard deviation, p90 and lateral mean are over assessed seconds.
 * - episodes are counted in the bucket holding their start, whole (count, total and longest duration, dose).
 * - dose = sum of the episodes' `doseDegS` (degree-seconds above the slouch threshold the pipeline used).
 * - slouch and assessed seconds per local hour of day (0..23) at the wearer's UTC offset.
 * - sitting stretches and movement breaks: see sitting-runs.ts.
 */
import type { PosturePoint, SlouchEpisode } from './posture-point.js';
import { addToHistogram, createFlexionHistogram, mergeHistogramInto, type FlexionHistogram } from './flexion-histogram.js';
import { appendSecond, emptySittingRuns, mergeSittingRuns, type SecondClass, type SittingRuns } from './sitting-runs.js';
import { localHourOfDay } from './quiet-hours.js';

export interface AggregateSettings {
  /** Shortest walking/moving interruption, seconds, that ends a sitting stretch and counts as a movement break. */
  movementBreakMinS: number;
  /** Wearer's offset from UTC, minutes east, for the per-local-hour slouch distribution. */
  utcOffsetMin: number;
}

export const DEFAULT_AGGREGATE_SETTINGS: Readonly<AggregateSettings> = Object.freeze({
  movementBreakMinS: 60,
  utcOffsetMin: 0,
});

export interface PostureAggregate {
  /** Bucket start and end (exclusive), epoch ms; a merge spans both. */
  startMs: number;
  endMs: number;
  movementBreakMinS: number;
  utcOffsetMin: number;
  /** First point's time and last point's end (time + 1 s), epoch ms; null while empty. */
  firstPointMs: number | null;
  lastPointEndMs: number | null;
  pointS: number;
  wornS: number;
  assessedS: number;
  uprightS: number;
  slouchS: number;
  stillS: number;
  movingS: number;
  walkingS: number;
  lyingS: number;
  episodeCount: number;
  episodeS: number;
  longestEpisodeS: number;
  peakFlexionDeg: number | null;
  doseDegS: number;
  flexionSumDeg: number;
  flexionSumSqDeg2: number;
  lateralSumDeg: number;
  /** Assessed seconds with a known lateral angle (a neutral-only calibration has none): lateralSumDeg's divisor. */
  lateralS: number;
  flexionHistogram: FlexionHistogram;
  /** Index = local hour of day. */
  slouchSByLocalHour: number[];
  assessedSByLocalHour: number[];
  sitting: SittingRuns;
}

export function createAggregate(startMs: number, endMs: number, settings: Partial<AggregateSettings> = {}): PostureAggregate {
  const s = { ...DEFAULT_AGGREGATE_SETTINGS, ...settings };
  return {
    startMs, endMs, movementBreakMinS: s.movementBreakMinS, utcOffsetMin: s.utcOffsetMin,
    firstPointMs: null, lastPointEndMs: null,
    pointS: 0, wornS: 0, assessedS: 0, uprightS: 0, slouchS: 0, stillS: 0, movingS: 0, walkingS: 0, lyingS: 0,
    episodeCount: 0, episodeS: 0, longestEpisodeS: 0, peakFlexionDeg: null, doseDegS: 0,
    flexionSumDeg: 0, flexionSumSqDeg2: 0, lateralSumDeg: 0, lateralS: 0,
    flexionHistogram: createFlexionHistogram(),
    slouchSByLocalHour: new Array<number>(24).fill(0),
    assessedSByLocalHour: new Array<number>(24).fill(0),
    sitting: emptySittingRuns(),
  };
}

/** Whole seconds of missing data between one point's end and the next one's start (jitter under 0.5 s is none). */
export function gapSeconds(prevEndMs: number | null, nextStartMs: number): number {
  return prevEndMs === null ? 0 : Math.max(0, Math.round((nextStartMs - prevEndMs) / 1000));
}

export function isAssessed(p: PosturePoint): boolean {
  return isWorn(p) && p.activity !== 'walking' && p.activity !== 'lying' && p.posture !== 'unknown';
}

function isWorn(p: PosturePoint): boolean {
  return p.worn && p.activity !== 'not_worn';
}

function secondClass(p: PosturePoint): SecondClass {
  if (!isWorn(p)) return 'other';
  if (p.activity === 'still') return 'sit';
  return p.activity === 'walking' || p.activity === 'moving' ? 'active' : 'other';
}

/** Adds one per-second point. Points must arrive in time order. */
export function addPoint(a: PostureAggregate, p: PosturePoint): void {
  const gapS = gapSeconds(a.lastPointEndMs, p.tMs);
  appendSecond(a.sitting, secondClass(p), gapS, a.movementBreakMinS);
  a.firstPointMs ??= p.tMs;
  a.lastPointEndMs = Math.max(a.lastPointEndMs ?? -Infinity, p.tMs + 1000);
  a.pointS += 1;
  if (!isWorn(p)) return;
  a.wornS += 1;
  if (p.activity === 'still') a.stillS += 1;
  else if (p.activity === 'moving') a.movingS += 1;
  else if (p.activity === 'walking') a.walkingS += 1;
  else if (p.activity === 'lying') a.lyingS += 1;
  if (!isAssessed(p)) return;
  const hour = localHourOfDay(p.tMs, a.utcOffsetMin);
  a.assessedS += 1;
  a.assessedSByLocalHour[hour] = (a.assessedSByLocalHour[hour] ?? 0) + 1;
  if (p.posture === 'upright') a.uprightS += 1;
  else {
    a.slouchS += 1;
    a.slouchSByLocalHour[hour] = (a.slouchSByLocalHour[hour] ?? 0) + 1;
  }
  a.flexionSumDeg += p.flexionDeg;
  a.flexionSumSqDeg2 += p.flexionDeg * p.flexionDeg;
  if (Number.isFinite(p.lateralDeg)) {
    a.lateralSumDeg += p.lateralDeg;
    a.lateralS += 1;
  }
  addToHistogram(a.flexionHistogram, p.flexionDeg);
}

/** Adds one slouch episode (to the bucket holding its start; the caller picks the bucket). */
export function addEpisode(a: PostureAggregate, e: SlouchEpisode): void {
  a.episodeCount += 1;
  a.episodeS += e.durationS;
  a.longestEpisodeS = Math.max(a.longestEpisodeS, e.durationS);
  a.peakFlexionDeg = Math.max(a.peakFlexionDeg ?? -Infinity, e.peakFlexionDeg);
  a.doseDegS += e.doseDegS;
}

/**
 * An episode already added went on: it had been ended early (its sensor's data stopped, then came back and
 * continued it). The bucket keeps one episode, now `grown`. An episode that goes on only gets longer, higher
 * and a larger dose, so adding the differences (and taking the maxima) is exact; `added` must be the version
 * added before, with the same start.
 */
export function growEpisode(a: PostureAggregate, added: SlouchEpisode, grown: SlouchEpisode): void {
  if (grown.startMs !== added.startMs) throw new RangeError(`growEpisode: the grown episode starts at ${grown.startMs}, the added one at ${added.startMs}`);
  a.episodeS += grown.durationS - added.durationS;
  a.longestEpisodeS = Math.max(a.longestEpisodeS, grown.durationS);
  a.peakFlexionDeg = Math.max(a.peakFlexionDeg ?? -Infinity, grown.peakFlexionDeg);
  a.doseDegS += grown.doseDegS - added.doseDegS;
}

const SUMMED_FIELDS = [
  'pointS', 'wornS', 'assessedS', 'uprightS', 'slouchS', 'stillS', 'movingS', 'walkingS', 'lyingS',
  'episodeCount', 'episodeS', 'doseDegS', 'flexionSumDeg', 'flexionSumSqDeg2', 'lateralSumDeg', 'lateralS',
] as const;

/**
 * Merges two aggregates into a new one (inputs untouched). Order does not matter: the earlier one (by first
 * point) is taken as first. Both must use the same movementBreakMinS.
 */
export function mergeAggregates(x: PostureAggregate, y: PostureAggregate): PostureAggregate {
  if (x.movementBreakMinS !== y.movementBreakMinS) {
    throw new RangeError(`cannot merge aggregates with movementBreakMinS ${x.movementBreakMinS} and ${y.movementBreakMinS}`);
  }
  const [a, b] = (y.firstPointMs ?? Infinity) < (x.firstPointMs ?? Infinity) ? [y, x] : [x, y];
  const out = createAggregate(Math.min(a.startMs, b.startMs), Math.max(a.endMs, b.endMs), a);
  for (const field of SUMMED_FIELDS) out[field] = a[field] + b[field];
  out.firstPointMs = a.firstPointMs ?? b.firstPointMs;
  out.lastPointEndMs = maxOrNull(a.lastPointEndMs, b.lastPointEndMs);
  out.longestEpisodeS = Math.max(a.longestEpisodeS, b.longestEpisodeS);
  out.peakFlexionDeg = maxOrNull(a.peakFlexionDeg, b.peakFlexionDeg);
  mergeHistogramInto(out.flexionHistogram, a.flexionHistogram);
  mergeHistogramInto(out.flexionHistogram, b.flexionHistogram);
  for (let h = 0; h < 24; h++) {
    out.slouchSByLocalHour[h] = (a.slouchSByLocalHour[h] ?? 0) + (b.slouchSByLocalHour[h] ?? 0);
    out.assessedSByLocalHour[h] = (a.assessedSByLocalHour[h] ?? 0) + (b.assessedSByLocalHour[h] ?? 0);
  }
  const gapS = a.lastPointEndMs !== null && b.firstPointMs !== null ? gapSeconds(a.lastPointEndMs, b.firstPointMs) : 0;
  out.sitting = mergeSittingRuns(a.sitting, b.sitting, gapS, a.movementBreakMinS);
  return out;
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
