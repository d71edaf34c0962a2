/**
 * What a device's analysis writes every `flushIntervalS` instead of with every journal entry: its hour and day
 * rollups, its checkpoint, and its points filed where they stay. Rewriting the rollups and checkpoint (JSON of
 * 1-2 KB, each on its own B-tree pages), and a page of `posture_point` per point, for every device at every
 * second was most of the analysis's database work. Points are still stored at once, in the points log
 * (store/point-log.ts), and episodes and alerts are written at once (upserts by their key), so the per-second
 * data is as fresh as before and only the rollups lag, by at most the interval.
 *
 * Exactly once: a device's checkpoint records the journal position of the last entry applied to it (`pos`).
 * While a device has writes pending, the consumer's stored cursor stays below its first unwritten entry
 * (`firstPendingPos`), so after a crash those entries are read again. The device, rebuilt from its checkpoint,
 * skips the entries up to the checkpoint's `pos` and replays the rest: their points are written again under
 * the same keys, and the rollups get the replayed points once, at the next write.
 */
import { aggregateIntoBuckets } from '@stance/analysis';
import type { RollupDelta, StoredEpisode, StoredPoint } from '../store/store-port.js';
import { fnv1a32 } from '../workers/partition-of.js';

/**
 * When a device's pending writes are due: at its slot, a fixed time within every interval (a share of it from a
 * hash of its id), the first one at least half an interval after they became pending. A fleet that connected
 * together (every device, after a restart) would otherwise come due together and stay a wave, each device next due
 * an interval after its write; so would a fleet written all at once by a quiet journal. With slots the writes are
 * even over the interval from the first one on, and a write that came early (a quiet journal) or late (the budget)
 * does not move the device's slot.
 */
export function writeDueWallMs(deviceId: string, pendingSinceMs: number, flushIntervalMs: number): number {
  if (!(flushIntervalMs > 0)) return pendingSinceMs;
  const slotMs = (mix32(fnv1a32(deviceId)) / 2 ** 32) * flushIntervalMs;
  const earliest = pendingSinceMs + flushIntervalMs / 2;
  return slotMs + Math.ceil((earliest - slotMs) / flushIntervalMs) * flushIntervalMs;
}

/** MurmurHash3's finaliser: FNV-1a's high bits hardly change between ids that differ in their last characters. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * How many due devices one transaction writes (the rest wait for the next ones, a few tens of ms later): at least
 * 64, and a fiftieth of the devices pending, so it keeps up at any fleet size (a device comes due once per
 * `flushIntervalS`, 15 s, and transactions run at least every 50 ms under load: the need is a three-hundredth).
 * The slots (writeDueWallMs) keep the devices due at once few; the budget bounds a transaction when many are
 * due all the same (the consumer fell behind): they are written over about 50 transactions instead of one (7,000
 * devices at 0.2 ms each would be 1.4 s in one).
 */
export function deferredWritesPerStep(pendingDevices: number): number {
  return Math.max(64, Math.ceil(pendingDevices / 50));
}

/** A device's rollup input since its last write. */
export interface PendingWrites {
  /** Journal position of the first entry applied since the last write (Infinity: none, only own-transaction work). */
  firstPos: number;
  /** Wall clock when the writes are due (the device's next slot: writeDueWallMs), epoch ms. */
  dueWallMs: number;
  /**
   * Points and episodes analysed since the last write, in time order (the rollups are aggregated from them; the
   * points are filed with the write: store/point-log.ts).
   */
  points: StoredPoint[];
  episodes: StoredEpisode[];
  /** Lowest journal position the points were logged under (Infinity: none logged yet); the log keeps them until filed. */
  logPos: number;
}

export function createPendingWrites(firstPos: number, dueWallMs: number): PendingWrites {
  return { firstPos, dueWallMs, points: [], episodes: [], logPos: Number.POSITIVE_INFINITY };
}

/** The hour and day rollup deltas of the pending points and episodes of a wearer's device. */
export function pendingRollups(p: PendingWrites, wearerId: string, utcOffsetMin: number): RollupDelta[] {
  const out: RollupDelta[] = [];
  if (p.points.length === 0 && p.episodes.length === 0) return out;
  const added = p.episodes.filter((e) => e.grownFrom === undefined);
  const grown = p.episodes.flatMap((e) => (e.grownFrom === undefined ? [] : [{ added: e.grownFrom, grown: e }]));
  for (const size of ['hour', 'day'] as const) {
    for (const aggregate of aggregateIntoBuckets(p.points, added, size, { utcOffsetMin }, grown)) {
      out.push({ wearerId, size, startMs: aggregate.startMs, aggregate });
    }
  }
  return out;
}
