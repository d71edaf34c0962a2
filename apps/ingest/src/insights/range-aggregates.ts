/**
 * The rollups behind a range-wide figure (pattern, distribution): hour buckets for ranges up to
 * `hourlyUpToDays`, which follow the range to the hour; day buckets beyond, which are 24 times fewer to read
 * and cover whole local days. Either way, the buckets overlapping the range.
 */
import type { PostureAggregate } from '@stance/analysis';
import type { PostureStore, RollupSize, TimeRange } from '../store/store-port.js';
import { DAY_MS } from './local-calendar.js';

/** Longest range, days, read from hour buckets. */
export const HOURLY_UP_TO_DAYS = 14;

export function rollupSizeFor(range: TimeRange): RollupSize {
  return range.toMs - range.fromMs <= HOURLY_UP_TO_DAYS * DAY_MS ? 'hour' : 'day';
}

export async function readRangeAggregates(store: PostureStore, wearerId: string, range: TimeRange): Promise<PostureAggregate[]> {
  const buckets = await store.readRollups(wearerId, rollupSizeFor(range), range);
  return buckets.map((b) => b.aggregate);
}
