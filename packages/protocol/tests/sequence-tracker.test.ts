import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createSequenceTracker,
  updateSequenceTracker,
  resetSequenceTracker,
  type SequenceTracker,
  type SequenceVerdictKind,
} from '../src/index.js';

const BASE_MS = 1_763_712_000_000;
const BATCH_MS = 1000; // 50 samples at 50 Hz

/** Batch `seq` of an epoch whose batch `firstSeq` started at `startMs`. */
function batch(seq: number, startMs = BASE_MS, firstSeq = 0) {
  const index = (seq - firstSeq + 2 ** 32) % 2 ** 32;
  return { seq, t0Ms: startMs + index * BATCH_MS, hz: 50, count: 50 };
}

function feed(tracker: SequenceTracker, seqs: number[], startMs = BASE_MS, firstSeq = 0): string[] {
  return seqs.map((seq) => {
    const v = updateSequenceTracker(tracker, batch(seq, startMs, firstSeq));
    return v.kind === 'gap' || (v.kind === 'reboot' && v.missed > 0) ? `${v.kind}:${v.missed}` : v.kind;
  });
}

describe('sequence tracker, examples', () => {
  it('counts in-order batches as new, starting anywhere', () => {
    expect(feed(createSequenceTracker(), [412, 413, 414])).toEqual(['new', 'new', 'new']);
  });

  it('reports a gap, fills it late, and refuses repeats (QoS 1 redelivery)', () => {
    expect(feed(createSequenceTracker(), [1, 2, 5, 3, 5, 4, 3, 6, 2])).toEqual([
      'new', 'new', 'gap:2', 'late', 'duplicate', 'late', 'duplicate', 'new', 'duplicate',
    ]);
  });

  it('wraps at 2^32', () => {
    const max = 2 ** 32 - 1;
    const start = BASE_MS;
    const t = createSequenceTracker();
    expect(feed(t, [max - 1, max, 0, 1], start, max - 1)).toEqual(['new', 'new', 'new', 'new']);
    const u = createSequenceTracker();
    expect(feed(u, [max, 1, 0, max, 0], start, max)).toEqual(['new', 'gap:1', 'late', 'duplicate', 'duplicate']);
  });

  it('sees a reboot: a lower seq starting after the last batch ended', () => {
    const t = createSequenceTracker();
    feed(t, [100, 101, 102]);
    const rebootMs = batch(102).t0Ms + 30_000;
    expect(feed(t, [0, 1, 2], rebootMs)).toEqual(['reboot', 'new', 'new']);
    expect(t.highestSeq).toBe(2);
  });

  it('counts the new epoch\'s first seqs as missed when the reboot shows up late, then fills them', () => {
    const t = createSequenceTracker();
    feed(t, [100, 101]);
    const rebootMs = batch(101).t0Ms + 10_000;
    expect(feed(t, [3, 0, 1, 2, 4], rebootMs)).toEqual(['reboot:3', 'late', 'late', 'late', 'new']);
  });

  it('drops redeliveries from before a reboot as stale', () => {
    const t = createSequenceTracker();
    feed(t, [100, 101, 102]);
    const rebootMs = batch(102).t0Ms + 5_000;
    feed(t, [0, 1], rebootMs);
    expect(updateSequenceTracker(t, batch(101)).kind).toBe('stale'); // ahead of the new epoch
    feed(t, Array.from({ length: 150 }, (_, i) => i + 2), rebootMs);
    expect(updateSequenceTracker(t, batch(101)).kind).toBe('stale'); // behind the new epoch's top
  });

  it('takes an offline buffer resent oldest-first, and a repeat of the last in-flight batch', () => {
    const t = createSequenceTracker();
    feed(t, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(feed(t, [10])).toEqual(['duplicate']); // in flight when the link dropped
    const buffered = Array.from({ length: 30 }, (_, i) => i + 11);
    expect(new Set(feed(t, buffered))).toEqual(new Set(['new']));
  });

  it('takes an offline buffer sent after the first live batch as one gap then late fills', () => {
    const t = createSequenceTracker();
    feed(t, [1, 2, 3]);
    const verdicts = feed(t, [40, ...Array.from({ length: 36 }, (_, i) => i + 4)]);
    expect(verdicts[0]).toBe('gap:36');
    expect(new Set(verdicts.slice(1))).toEqual(new Set(['late']));
    expect(t.totals.missed - t.totals.late).toBe(0);
  });

  it('calls a batch older than the window stale, not new', () => {
    const t = createSequenceTracker({ windowBatches: 64 });
    expect(feed(t, [100, 200, 136, 137, 100])).toEqual(['new', 'gap:99', 'stale', 'late', 'stale']);
  });

  it('refuses bad settings and resets cleanly', () => {
    for (const windowBatches of [0, 32, 100, 2048, 64.5]) {
      expect(() => createSequenceTracker({ windowBatches })).toThrow(RangeError);
    }
    const t = createSequenceTracker();
    feed(t, [1, 2]);
    resetSequenceTracker(t);
    expect(feed(t, [2])).toEqual(['new']);
  });
});

describe('sequence tracker, properties', () => {
  const WINDOW = 64;
  const arbRun = fc
    .record({
      first: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      n: fc.integer({ min: 1, max: WINDOW }),
    })
    .chain(({ first, n }) => {
      const seqs = Array.from({ length: n }, (_, i) => (first + i) % 2 ** 32);
      const withRepeats = fc
        .array(fc.constantFrom(...seqs), { maxLength: 2 * n })
        .map((extra) => [...seqs, ...extra]);
      return withRepeats.chain((all) =>
        fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }).map((order) => ({ first, seqs, order })),
      );
    });

  it('any order, with any repeats, inside the window: every seq is fresh exactly once', () => {
    fc.assert(
      fc.property(arbRun, ({ first, seqs, order }) => {
        const t = createSequenceTracker({ windowBatches: WINDOW });
        const fresh = new Map<number, number>();
        for (const seq of order) {
          const v = updateSequenceTracker(t, batch(seq, BASE_MS, first));
          if (v.fresh) fresh.set(seq, (fresh.get(seq) ?? 0) + 1);
          if (v.kind === 'stale' || v.kind === 'reboot') return false;
        }
        return seqs.every((seq) => fresh.get(seq) === 1) && fresh.size === seqs.length;
      }),
    );
  });

  it('a long run (many windows) shuffled in blocks of half a window: every seq fresh exactly once', () => {
    // Slots are reused every WINDOW seqs, so this checks that the window forgets what slides out of it.
    const arb = fc.record({
      first: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      blocks: fc.array(
        fc.integer({ min: 1, max: WINDOW / 2 }).chain((size) =>
          fc.tuple(fc.constant(size), fc.array(fc.nat(), { minLength: size, maxLength: size }), fc.array(fc.nat(), { maxLength: size })),
        ),
        { minLength: 1, maxLength: 24 },
      ),
    });
    fc.assert(
      fc.property(arb, ({ first, blocks }) => {
        const t = createSequenceTracker({ windowBatches: WINDOW });
        const fresh = new Map<number, number>();
        let next = first;
        let total = 0;
        for (const [size, keys, repeats] of blocks) {
          const block = Array.from({ length: size }, (_, i) => (next + i) % 2 ** 32);
          const order = [...block, ...repeats.map((r) => block[r % size] as number)];
          const sortKeys = order.map((_, i) => keys[i % size] ?? 0);
          const arrival = order.map((seq, i) => ({ seq, key: (sortKeys[i] as number) * 1000 + i })).sort((a, b) => a.key - b.key);
          for (const { seq } of arrival) {
            if (updateSequenceTracker(t, batch(seq, BASE_MS, first)).fresh) fresh.set(seq, (fresh.get(seq) ?? 0) + 1);
          }
          next = (next + size) % 2 ** 32;
          total += size;
        }
        return fresh.size === total && [...fresh.values()].every((c) => c === 1);
      }),
    );
  });

  it('once everything has arrived, missed minus late accounts exactly for seqs below the first one seen', () => {
    fc.assert(
      fc.property(arbRun, ({ first, order }) => {
        const t = createSequenceTracker({ windowBatches: WINDOW });
        for (const seq of order) updateSequenceTracker(t, batch(seq, BASE_MS, first));
        const firstSeen = order[0] as number;
        const below = (firstSeen - first + 2 ** 32) % 2 ** 32;
        return t.totals.missed - t.totals.late === -below;
      }),
    );
  });

  it('a reboot with redeliveries of the old epoch mixed in: the old ones are never fresh again', () => {
    const arb = fc.record({
      oldCount: fc.integer({ min: 1, max: 40 }),
      newCount: fc.integer({ min: 1, max: 40 }),
      oldFirst: fc.integer({ min: 0, max: 10_000 }),
      replays: fc.array(fc.nat(), { maxLength: 30 }),
      pauseMs: fc.integer({ min: 0, max: 600_000 }),
    });
    fc.assert(
      fc.property(arb, ({ oldCount, newCount, oldFirst, replays, pauseMs }) => {
        const t = createSequenceTracker({ windowBatches: WINDOW });
        const old = Array.from({ length: oldCount }, (_, i) => batch(oldFirst + i, BASE_MS, oldFirst));
        for (const b of old) updateSequenceTracker(t, b);
        const rebootMs = (old[oldCount - 1] as { t0Ms: number }).t0Ms + BATCH_MS + pauseMs;
        const kinds: SequenceVerdictKind[] = [];
        for (let i = 0; i < newCount; i++) {
          kinds.push(updateSequenceTracker(t, batch(i, rebootMs, 0)).kind);
          const r = replays[i];
          if (r !== undefined && updateSequenceTracker(t, old[r % oldCount] as (typeof old)[number]).fresh) return false;
        }
        return kinds[0] === 'reboot' && kinds.slice(1).every((k) => k === 'new');
      }),
    );
  });
});
