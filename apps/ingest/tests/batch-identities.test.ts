/**
 * Batch identities written a device's group at a time (intake/batch-identities.ts): duplicates refused and raw
 * samples read while they wait in memory, nothing lost by a crash or a rolled-back commit, and the journal not
 * pruned past what is written.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { createJournal, type Journal } from '../src/intake/journal.js';
import { pruneJournal } from '../src/intake/journal-retention.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import { makeBatch, tempDir } from './helpers.js';

const GROUPS = { groupSize: 3, maxAgeMs: 10_000 };
const T0 = 1_763_712_000_000;

describe('batch identities written in groups', () => {
  let dir: string;
  let db: SqliteDatabase;
  let journal: Journal;
  beforeEach(() => {
    dir = tempDir();
    db = openDatabase({ dataDir: dir, sync: 'full' });
    journal = createJournal(db, { identities: GROUPS });
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Appends the batches in one intake transaction, as the group committer does; returns what each append said. */
  const commit = (batches: readonly [string, number][], nowMs = T0): boolean[] =>
    db.transaction(() => {
      const stored = batches.map(([deviceId, seq]) =>
        journal.append({ deviceId, boot: 0, batch: makeBatch(seq), format: 'json', receivedMs: T0 + seq * 1000 }),
      );
      journal.beforeCommit(nowMs);
      return stored;
    })();
  const tableRows = (deviceId: string): number[] =>
    db.prepare<[string], number>('SELECT seq FROM batch_identity WHERE device_id = ? ORDER BY seq').pluck().all(deviceId);

  it('keeps a device\'s identities in memory until a group is full, refusing duplicates all the while', () => {
    expect(commit([['a', 0], ['b', 0], ['a', 1]])).toEqual([true, true, true]);
    expect(tableRows('a')).toEqual([]);
    expect(journal.unwrittenIdentities('a').map((i) => i.seq)).toEqual([0, 1]);
    expect(commit([['a', 1], ['a', 0]])).toEqual([false, false]); // still only in memory: refused
    expect(commit([['a', 2]])).toEqual([true]);
    expect(tableRows('a')).toEqual([0, 1, 2]);
    expect(journal.unwrittenIdentities('a')).toEqual([]);
    expect(commit([['a', 2], ['b', 0]])).toEqual([false, false]); // from the table, and from memory
    expect(journal.size()).toBe(4);
    // Older than the newest seen but new (an offline buffer behind live data): looked up, and kept.
    expect(commit([['a', 7], ['a', 5], ['a', 5], ['a', 6]])).toEqual([true, true, false, true]);
  });

  it('writes a group that waited longer than its age, at the next commit', () => {
    commit([['a', 0], ['b', 0]]);
    commit([['b', 1]], T0 + 10_000); // a's waited 10 s (received at T0); b's first too
    expect(tableRows('a')).toEqual([0]);
    expect(tableRows('b')).toEqual([0, 1]);
  });

  it('after a crash, takes the unwritten identities back from the journal: refused, read, and written later', () => {
    commit([['a', 0], ['a', 1], ['b', 0]]);
    commit([['a', 2], ['a', 3], ['b', 1]]); // a's first group written; a 3 and b 0, 1 wait
    expect(tableRows('a')).toEqual([0, 1, 2]);
    expect(tableRows('b')).toEqual([]);
    // The process dies: its memory goes, the database stays.
    db.close();
    db = openDatabase({ dataDir: dir, sync: 'full' });
    journal = createJournal(db, { identities: GROUPS });
    expect(journal.unwrittenIdentities('b').map((i) => i.seq)).toEqual([0, 1]);
    expect(commit([['b', 0], ['b', 1], ['a', 3], ['a', 2]])).toEqual([false, false, false, false]);
    const store = createSqliteStore(db, { unwrittenBatches: (id) => journal.unwrittenIdentities(id) });
    const raw = store.readRaw('b', { fromMs: T0, toMs: T0 + 2000 });
    expect(raw.tMs.length).toBe(100); // both waiting batches, 50 samples each
    expect(raw.tMs[0]).toBe(T0);
    expect(raw.tMs[99]).toBe(T0 + 1000 + 49 * 20);
    expect(createSqliteStore(db).readRaw('b', { fromMs: T0, toMs: T0 + 2000 }).tMs.length).toBe(0); // not in the table yet
    commit([['b', 2]]);
    expect(tableRows('b')).toEqual([0, 1, 2]);
    expect(store.readRaw('b', { fromMs: T0, toMs: T0 + 3000 }).tMs.length).toBe(150);
    // a 2 is both written and taken back (it came after the durable position): read once.
    expect(journal.unwrittenIdentities('a').map((i) => i.seq)).toEqual([2, 3]);
    expect(store.readRaw('a', { fromMs: T0, toMs: T0 + 4000 }).tMs.length).toBe(200);
  });

  it('after a rolled-back commit, forgets what it held of it', () => {
    commit([['a', 0]]);
    expect(() =>
      db.transaction(() => {
        journal.append({ deviceId: 'a', boot: 0, batch: makeBatch(1), format: 'json', receivedMs: T0 });
        throw new Error('disk full');
      })(),
    ).toThrow('disk full');
    journal.rolledBack();
    expect(journal.unwrittenIdentities('a').map((i) => i.seq)).toEqual([0]);
    expect(commit([['a', 1]])).toEqual([true]); // it was never accepted
  });

  it('does not let the journal be pruned past the identities written', () => {
    commit([['a', 0], ['b', 0], ['b', 1], ['b', 2]]); // b's group written; a's waits at position 1
    expect(pruneJournal(journal, [4], 0, T0 + 100_000)).toBe(0);
    commit([['a', 1], ['a', 2]]);
    expect(pruneJournal(journal, [6], 0, T0 + 100_000)).toBe(6);
  });
});
