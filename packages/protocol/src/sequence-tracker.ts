/**
 * Per-device batch sequence tracking: tells a new batch from a QoS 1 redelivery or a resent one, counts
 * gaps, and notices a sensor reboot (seq starts again at 0). Pure: the caller owns the state (one per
 * device), memory is fixed (a bitmap of the last `windowBatches` seqs), nothing is allocated per batch
 * except the verdict of a gap or reboot. The README has the decision table.
 *
 * Seqs compare in serial-number arithmetic (RFC 1982): `seq − highest` is taken modulo 2^32 as a signed
 * 32-bit number, so 0 follows 4294967295 as `new`. The window is a power of two, so `seq mod window`
 * stays continuous across the wrap.
 */
import type { ImuBatch } from './types.js';

export interface SequenceTrackerSettings {
  /**
   * How many of the most recent seqs are remembered, batches. A power of two, 64 to 1024. A batch older
   * than this behind the highest seq is `stale` (dropped, since it cannot be told from a duplicate), so
   * make it cover the longest out-of-order run expected: at 1 batch per second, 256 covers a device that
   * sends live data first and then more than four minutes of offline buffer. Costs windowBatches / 8 bytes.
   */
  windowBatches: number;
}

export const DEFAULT_SEQUENCE_TRACKER_SETTINGS: Readonly<SequenceTrackerSettings> = Object.freeze({
  windowBatches: 256,
});

/** What a batch is, as far as counting goes. */
export type SequenceVerdictKind = 'new' | 'late' | 'gap' | 'reboot' | 'duplicate' | 'stale';
export const SEQUENCE_VERDICT_KINDS: readonly SequenceVerdictKind[] = Object.freeze([
  'new',
  'late',
  'gap',
  'reboot',
  'duplicate',
  'stale',
]);

export interface SequenceVerdict {
  kind: SequenceVerdictKind;
  /** True when the batch is seen for the first time and its samples should be used. */
  fresh: boolean;
  /**
   * Seqs now skipped: for `gap`, those between the previous highest and this one; for `reboot`, the new
   * epoch's seqs before this one. Provisional: each later `late` verdict is one of them arriving after all.
   */
  missed: number;
}

/** Per-device state. Read the fields; change them only through the functions below. */
export interface SequenceTracker {
  readonly settings: Readonly<SequenceTrackerSettings>;
  /** False until the first batch (and after a reset). */
  started: boolean;
  /** Highest seq seen in the current epoch (since the tracker started or the sensor last rebooted). */
  highestSeq: number;
  /** Latest end time (t0 + count / hz) of any batch of the current epoch, epoch ms. */
  latestEndMs: number;
  /** seq and t0 of the batch that opened the current epoch. */
  epochStartSeq: number;
  epochStartT0Ms: number;
  /** Bit `seq mod windowBatches` is set when that seq was seen within the window. */
  readonly seen: Uint32Array;
  /** Running totals by verdict, and the sum of `missed`. */
  readonly totals: Record<SequenceVerdictKind | 'missed', number>;
}

/** The batch fields the tracker reads. */
export type SequencedBatch = Pick<ImuBatch, 'seq' | 't0Ms' | 'hz' | 'count'>;

const NEW: SequenceVerdict = Object.freeze({ kind: 'new', fresh: true, missed: 0 });
const LATE: SequenceVerdict = Object.freeze({ kind: 'late', fresh: true, missed: 0 });
const DUPLICATE: SequenceVerdict = Object.freeze({ kind: 'duplicate', fresh: false, missed: 0 });
const STALE: SequenceVerdict = Object.freeze({ kind: 'stale', fresh: false, missed: 0 });

export function createSequenceTracker(settings: Partial<SequenceTrackerSettings> = {}): SequenceTracker {
  const merged: SequenceTrackerSettings = { ...DEFAULT_SEQUENCE_TRACKER_SETTINGS, ...settings };
  const w = merged.windowBatches;
  if (!Number.isInteger(w) || w < 64 || w > 1024 || (w & (w - 1)) !== 0) {
    throw new RangeError(`windowBatches ${w} must be a power of two from 64 to 1024`);
  }
  return {
    settings: Object.freeze(merged),
    started: false,
    highestSeq: 0,
    latestEndMs: 0,
    epochStartSeq: 0,
    epochStartT0Ms: 0,
    seen: new Uint32Array(w / 32),
    totals: { new: 0, late: 0, gap: 0, reboot: 0, duplicate: 0, stale: 0, missed: 0 },
  };
}

/** Forgets every batch (totals are kept), as if the tracker had just been created. */
export function resetSequenceTracker(tracker: SequenceTracker): void {
  tracker.started = false;
  tracker.seen.fill(0);
}

/** Time just after the batch's last sample, epoch ms. */
export function batchEndMs(batch: SequencedBatch): number {
  return batch.t0Ms + (batch.count * 1000) / batch.hz;
}

/** Classifies one decoded batch and records it. See the README's decision table. */
export function updateSequenceTracker(tracker: SequenceTracker, batch: SequencedBatch): SequenceVerdict {
  const verdict = classify(tracker, batch);
  tracker.totals[verdict.kind] += 1;
  tracker.totals.missed += verdict.missed;
  return verdict;
}

function classify(t: SequenceTracker, batch: SequencedBatch): SequenceVerdict {
  const { seq, t0Ms } = batch;
  const endMs = batchEndMs(batch);
  if (!t.started) {
    startEpoch(t, seq, t0Ms, endMs);
    return NEW;
  }
  const ahead = (seq - t.highestSeq) | 0; // signed distance modulo 2^32
  // Not ahead, yet it starts after everything this epoch sent: an older seq cannot have a later clock.
  if (ahead <= 0 && t0Ms >= t.latestEndMs) {
    startEpoch(t, seq, t0Ms, endMs);
    return verdictWithMissed('reboot', seq);
  }
  // Timed before this epoch began but numbered at or after its first seq: a leftover of an earlier epoch
  // (a redelivery from before the reboot). Its own window is gone, so it cannot be proven new.
  if (t0Ms < t.epochStartT0Ms && ((seq - t.epochStartSeq) | 0) >= 0) return STALE;
  if (endMs > t.latestEndMs) t.latestEndMs = endMs;
  if (ahead > 0) {
    advance(t, seq, ahead);
    return ahead === 1 ? NEW : verdictWithMissed('gap', ahead - 1);
  }
  if (-ahead >= t.settings.windowBatches) return STALE;
  const index = seq & (t.settings.windowBatches - 1);
  const word = index >>> 5;
  const bit = 1 << (index & 31);
  const bits = t.seen[word] as number;
  if ((bits & bit) !== 0) return DUPLICATE;
  t.seen[word] = bits | bit;
  return LATE;
}

function verdictWithMissed(kind: 'gap' | 'reboot', missed: number): SequenceVerdict {
  return { kind, fresh: true, missed };
}

function startEpoch(t: SequenceTracker, seq: number, t0Ms: number, endMs: number): void {
  t.started = true;
  t.seen.fill(0);
  t.highestSeq = seq;
  t.latestEndMs = endMs;
  t.epochStartSeq = seq;
  t.epochStartT0Ms = t0Ms;
  mark(t, seq);
}

/** Moves the window's top to `seq`, forgetting the slots of seqs that fall out of it. */
function advance(t: SequenceTracker, seq: number, ahead: number): void {
  const w = t.settings.windowBatches;
  if (ahead >= w) t.seen.fill(0);
  else {
    const mask = w - 1;
    for (let k = 1; k < ahead; k++) {
      const index = (t.highestSeq + k) & mask;
      t.seen[index >>> 5] = (t.seen[index >>> 5] as number) & ~(1 << (index & 31));
    }
  }
  t.highestSeq = seq;
  mark(t, seq);
}

function mark(t: SequenceTracker, seq: number): void {
  const index = seq & (t.settings.windowBatches - 1);
  t.seen[index >>> 5] = (t.seen[index >>> 5] as number) | (1 << (index & 31));
}
