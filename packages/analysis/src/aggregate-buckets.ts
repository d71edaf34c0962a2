/**
 * Bucketing helpers: which hour or local day a time falls in, and aggregating a run of points and episodes
 * into consecutive buckets (what the service does as points arrive, and what tests compare merges against).
 */
import type { PosturePoint, SlouchEpisode } from './posture-point.js';
import { addEpisode, addPoint, createAggregate, growEpisode, type AggregateSettings, type PostureAggregate } from './aggregates.js';

export type BucketSize = 'hour' | 'day' | 'week';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Start of the bucket holding `tMs`, epoch ms. Days start at local midnight for a wearer at `utcOffsetMin`;
 * weeks start on the local Monday. Hours are UTC hours, which are local hours for whole-hour offsets.
 */
export function bucketStartMs(tMs: number, size: BucketSize, utcOffsetMin: number): number {
  if (size === 'hour') return Math.floor(tMs / HOUR_MS) * HOUR_MS;
  const offsetMs = utcOffsetMin * 60_000;
  const localDay = Math.floor((tMs + offsetMs) / DAY_MS);
  if (size === 'day') return localDay * DAY_MS - offsetMs;
  // 1970-01-01 (day 0) was a Thursday, so (day + 3) % 7 counts days since Monday.
  const monday = localDay - ((localDay + 3) % 7 + 7) % 7;
  return monday * DAY_MS - offsetMs;
}

export function bucketLengthMs(size: BucketSize): number {
  return size === 'hour' ? HOUR_MS : size === 'day' ? DAY_MS : 7 * DAY_MS;
}

/** An episode added before that went on (see `growEpisode`). */
export interface GrownEpisode {
  added: SlouchEpisode;
  grown: SlouchEpisode;
}

/**
 * Aggregates time-ordered points and episodes into buckets of `size`, oldest first (only buckets with data).
 * `grown`: episodes aggregated before (elsewhere) that went on; the buckets get the differences.
 */
export function aggregateIntoBuckets(
  points: Iterable<PosturePoint>,
  episodes: Iterable<SlouchEpisode>,
  size: BucketSize,
  settings: Partial<AggregateSettings> = {},
  grown: Iterable<GrownEpisode> = [],
): PostureAggregate[] {
  const offset = settings.utcOffsetMin ?? 0;
  const byStart = new Map<number, PostureAggregate>();
  const bucketFor = (tMs: number): PostureAggregate => {
    const start = bucketStartMs(tMs, size, offset);
    let a = byStart.get(start);
    if (a === undefined) {
      a = createAggregate(start, start + bucketLengthMs(size), settings);
      byStart.set(start, a);
    }
    return a;
  };
  for (const p of points) addPoint(bucketFor(p.tMs), p);
  for (const e of episodes) addEpisode(bucketFor(e.startMs), e);
  for (const g of grown) growEpisode(bucketFor(g.grown.startMs), g.added, g.grown);
  return [...byStart.values()].sort((x, y) => x.startMs - y.startMs);
}
