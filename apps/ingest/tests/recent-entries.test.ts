/** The journal's newest entries in memory (intake/recent-entries.ts): a ring that answers only for what it holds whole. */
import { describe, expect, it } from 'vitest';
import { payloadBytes, toByteString } from '../src/intake/device-payload.js';
import type { JournalEntry } from '../src/intake/journal.js';
import { createRecentEntries } from '../src/intake/recent-entries.js';

const entry = (pos: number): JournalEntry => ({
  pos, deviceId: 'd', boot: 0, format: 'binary', receivedMs: pos,
  batch: { seq: pos, t0Ms: pos * 1000, hz: 50, count: 1 }, samples: { bytes: new Uint8Array(0), encoding: 'wire' },
});

describe('recent journal entries', () => {
  it('holds the last `capacity` committed entries and answers only when it holds all that is asked', () => {
    const recent = createRecentEntries(3);
    let last = 0;
    const commit = (...positions: number[]) => {
      for (const pos of positions) recent.appended(entry(pos));
      recent.committed();
      last = Math.max(last, ...positions);
    };
    const after = (pos: number, limit = 10) => recent.after(pos, limit, () => last)?.map((e) => e.pos) ?? null;
    expect(after(0)).toBeNull();
    commit(1, 2);
    expect(after(0)).toEqual([1, 2]);
    commit(3, 4, 5);
    expect(after(2)).toEqual([3, 4, 5]);
    expect(after(2, 2)).toEqual([3, 4]);
    expect(after(1)).toBeNull(); // 2 has left its slot
    expect(after(5)).toEqual([]);
    expect(after(6)).toBeNull();
    // Journaled elsewhere after 5: what is held is not the journal's end.
    last = 6;
    expect(after(4)).toBeNull();
    // Not consecutive: starts again from the new entry.
    commit(7);
    expect(after(6)).toEqual([7]);
    expect(after(5)).toBeNull();
    // Rolled back: never held.
    recent.appended(entry(8));
    recent.rolledBack();
    recent.committed();
    expect(after(6)).toEqual([7]);
    // Round and round the ring, several times over.
    for (let pos = 8; pos <= 40; pos++) commit(pos);
    expect(after(37)).toEqual([38, 39, 40]);
    expect(after(36)).toBeNull();
  });

  it('holds nothing with no capacity', () => {
    const recent = createRecentEntries(0);
    recent.appended(entry(1));
    recent.committed();
    expect(recent.after(0, 10, () => 1)).toBeNull();
  });
});

describe('recent journal entries, their payloads', () => {
  it('never serves an entry whose bytes the ring has come round to, however the sizes fall', () => {
    // A small ring (1,000 bytes) for 50 slots: entries leave by bytes long before by count; some payloads are too
    // large for the ring (over an eighth) and are kept as they came, some come as ByteStrings.
    const recent = createRecentEntries(50, 1000);
    const sent = new Map<number, Uint8Array>();
    let last = 0;
    let served = 0;
    for (let pos = 1; pos <= 600; pos++) {
      const n = [3, 40, 126, 7, 200, 1, 90][pos % 7] as number;
      const bytes = Uint8Array.from({ length: n }, (_, i) => (pos * 31 + i * 7) % 256);
      sent.set(pos, bytes);
      const e = entry(pos);
      e.samples = { bytes: pos % 3 === 0 ? toByteString(bytes) : bytes, encoding: 'wire' };
      recent.appended(e);
      if (pos % 4 === 0) {
        recent.committed();
        last = pos;
        for (let from = last - 60; from < last; from += 5) {
          const got = recent.after(from, 100, () => last);
          if (got === null) continue;
          served += got.length;
          expect(got.map((g) => g.pos)).toEqual(Array.from({ length: last - from }, (_, i) => from + 1 + i));
          for (const g of got) expect(Array.from(payloadBytes(g.samples.bytes))).toEqual(Array.from(sent.get(g.pos) as Uint8Array));
        }
      }
    }
    expect(served).toBeGreaterThan(500);
  });
});
