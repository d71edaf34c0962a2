/**
 * Where a fleet's data lies in time. Live runs start their streams now. With `historyDays`, the streams start
 * that many days ago and the devices catch up as fast as the broker acknowledges (t0 in the past, seq from 0),
 * then carry on live from the same stream, so history and live data join without a seam.
 */
import type { FleetSettings } from './fleet-settings.js';

export interface FleetTimePlan {
  /** Epoch ms of every stream's first sample. */
  startMs: number;
  /** Stream length to ask for, seconds; undefined leaves the scenario's own length. */
  streamDurationS: number | undefined;
  /** Batches per device at most; Infinity when the stream decides. */
  maxBatches: number;
  /** Devices run fast until their data reaches the wall clock. */
  catchUp: boolean;
}

export const MS_PER_DAY = 86_400_000;

export function planFleetTime(
  s: Pick<FleetSettings, 'historyDays' | 'durationS' | 'batchS'>,
  nowMs: number,
): FleetTimePlan {
  const historyS = (s.historyDays * MS_PER_DAY) / 1000;
  const catchUp = historyS > 0;
  if (s.durationS === undefined) {
    // History without a live length: keep going live until interrupted.
    return { startMs: Math.round(nowMs - historyS * 1000), streamDurationS: catchUp ? Infinity : undefined, maxBatches: Infinity, catchUp };
  }
  const totalS = historyS + s.durationS;
  return {
    startMs: Math.round(nowMs - historyS * 1000),
    streamDurationS: totalS,
    // A last partial batch counts as one; the epsilon keeps 60 s / 0.1 s from becoming 601.
    maxBatches: Math.ceil(totalS / s.batchS - 1e-9),
    catchUp,
  };
}
