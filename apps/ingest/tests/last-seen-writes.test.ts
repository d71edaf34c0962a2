/** When devices' last-seen times are written (analysis/last-seen-writes.ts): at once, then at most once per interval. */
import { describe, expect, it } from 'vitest';
import { createLastSeenWrites, type LastSeen } from '../src/analysis/last-seen-writes.js';

const INTERVAL_MS = 15_000;

function taken(writes: ReturnType<typeof createLastSeenWrites>, wallMs: number, all = false): LastSeen[] {
  const out: LastSeen[] = [];
  writes.take(wallMs, all, out);
  return out;
}

describe('last-seen writes', () => {
  it('writes a device at once the first time, then the newest receipt once per interval', () => {
    const writes = createLastSeenWrites(INTERVAL_MS);
    writes.seen('a', 1_000);
    writes.seen('a', 1_500);
    expect(taken(writes, 2_000)).toEqual([{ deviceId: 'a', lastSeenMs: 1_500 }]);
    writes.seen('a', 3_000);
    writes.seen('a', 2_500); // an older receipt does not replace a newer one
    expect(taken(writes, 3_000)).toEqual([]);
    expect(taken(writes, 16_999)).toEqual([]);
    expect(taken(writes, 17_000)).toEqual([{ deviceId: 'a', lastSeenMs: 3_000 }]);
    writes.seen('a', 18_000);
    expect(taken(writes, 31_999)).toEqual([]);
    expect(taken(writes, 32_000)).toEqual([{ deviceId: 'a', lastSeenMs: 18_000 }]);
  });

  it('writes at once a device quiet for an interval since its last write', () => {
    const writes = createLastSeenWrites(INTERVAL_MS);
    writes.seen('a', 1_000);
    expect(taken(writes, 1_000)).toHaveLength(1);
    expect(taken(writes, 16_000)).toEqual([]); // nothing new: its slot passes
    writes.seen('a', 40_000);
    expect(taken(writes, 40_000)).toEqual([{ deviceId: 'a', lastSeenMs: 40_000 }]);
  });

  it('writes every device not written yet when asked for all, and keeps devices apart', () => {
    const writes = createLastSeenWrites(INTERVAL_MS);
    writes.seen('a', 1_000);
    writes.seen('b', 1_000);
    expect(taken(writes, 1_000).map((s) => s.deviceId).sort()).toEqual(['a', 'b']);
    writes.seen('a', 2_000);
    writes.seen('b', 3_000);
    expect(taken(writes, 4_000)).toEqual([]);
    expect(taken(writes, 4_000, true)).toEqual([
      { deviceId: 'a', lastSeenMs: 2_000 },
      { deviceId: 'b', lastSeenMs: 3_000 },
    ]);
    // Written at 4 s: the next write of either is an interval after that, not after 1 s.
    writes.seen('a', 5_000);
    expect(taken(writes, 16_000)).toEqual([]);
    expect(taken(writes, 19_000)).toEqual([{ deviceId: 'a', lastSeenMs: 5_000 }]);
  });

  it('writes with every transaction when the interval is 0', () => {
    const writes = createLastSeenWrites(0);
    for (let t = 1; t <= 3; t++) {
      writes.seen('a', t);
      expect(taken(writes, t)).toEqual([{ deviceId: 'a', lastSeenMs: t }]);
    }
  });
});
