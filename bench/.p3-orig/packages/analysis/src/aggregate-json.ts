/**
 * JSON form of a PostureAggregate for storage: the histogram compacted to its non-empty span, a version tag,
 * and a validating reader (stored data is outside input: it is checked, then typed).
 */
import { histogramFromJson, histogramToJson, type FlexionHistogramJson } from './flexion-histogram.js';
import { createAggregate, type PostureAggregate } from './aggregates.js';
import type { SittingRuns } from './sitting-runs.js';

export const AGGREGATE_JSON_VERSION = 1;

export type PostureAggregateJson = Omit<PostureAggregate, 'flexionHistogram'> & {
  v: typeof AGGREGATE_JSON_VERSION;
  flexionHistogram: FlexionHistogramJson;
};

export function aggregateToJson(a: PostureAggregate): PostureAggregateJson {
  return { v: AGGREGATE_JSON_VERSION, ...a, flexionHistogram: histogramToJson(a.flexionHistogram), sitting: { ...a.sitting } };
}

const NUMBER_FIELDS = [
  'startMs', 'endMs', 'movementBreakMinS', 'utcOffsetMin', 'pointS', 'wornS', 'assessedS', 'uprightS', 'slouchS',
  'stillS', 'movingS', 'walkingS', 'lyingS', 'episodeCount', 'episodeS', 'longestEpisodeS', 'doseDegS',
  'flexionSumDeg', 'flexionSumSqDeg2', 'lateralSumDeg', 'lateralS',
] as const;
const NULLABLE_FIELDS = ['firstPointMs', 'lastPointEndMs', 'peakFlexionDeg'] as const;
const RUN_NUMBER_FIELDS = [
  'headGapS', 'headGapActiveS', 'headStretchS', 'innerLongestS', 'breaks', 'tailStretchS', 'tailGapS', 'tailGapActiveS',
] as const;

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function hourArray(x: unknown, name: string): number[] {
  if (!Array.isArray(x) || x.length !== 24 || !x.every((v) => isFiniteNumber(v) && v >= 0)) {
    throw new RangeError(`aggregate JSON: ${name} must be 24 non-negative numbers`);
  }
  return x.slice() as number[];
}

/** Reads what `aggregateToJson` wrote (after JSON.parse). Throws RangeError naming the first bad field. */
export function aggregateFromJson(json: unknown): PostureAggregate {
  if (typeof json !== 'object' || json === null) throw new RangeError('aggregate JSON: not an object');
  const o = json as Record<string, unknown>;
  if (o['v'] !== AGGREGATE_JSON_VERSION) throw new RangeError(`aggregate JSON: unknown version ${String(o['v'])}`);
  const a = createAggregate(0, 0);
  for (const f of NUMBER_FIELDS) {
    const v = o[f];
    if (!isFiniteNumber(v)) throw new RangeError(`aggregate JSON: ${f} must be a finite number`);
    a[f] = v;
  }
  for (const f of NULLABLE_FIELDS) {
    const v = o[f];
    if (v !== null && !isFiniteNumber(v)) throw new RangeError(`aggregate JSON: ${f} must be a number or null`);
    a[f] = v;
  }
  const h = o['flexionHistogram'];
  if (typeof h !== 'object' || h === null) throw new RangeError('aggregate JSON: flexionHistogram must be an object');
  a.flexionHistogram = histogramFromJson(h as FlexionHistogramJson);
  a.slouchSByLocalHour = hourArray(o['slouchSByLocalHour'], 'slouchSByLocalHour');
  a.assessedSByLocalHour = hourArray(o['assessedSByLocalHour'], 'assessedSByLocalHour');
  const r = o['sitting'] as Record<string, unknown> | null | undefined;
  if (typeof r !== 'object' || r === null || typeof r['hasSit'] !== 'boolean' || typeof r['oneStretch'] !== 'boolean') {
    throw new RangeError('aggregate JSON: sitting must be an object with hasSit and oneStretch');
  }
  const sitting = { hasSit: r['hasSit'], oneStretch: r['oneStretch'] } as SittingRuns;
  for (const f of RUN_NUMBER_FIELDS) {
    const v = r[f];
    if (!isFiniteNumber(v)) throw new RangeError(`aggregate JSON: sitting.${f} must be a finite number`);
    sitting[f] = v;
  }
  a.sitting = sitting;
  return a;
}
