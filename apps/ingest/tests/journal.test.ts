/** The intake journal with group commit, and the consumer runner's exactly-once cursor. */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { createGroupCommitter } from '../src/intake/group-commit.js';
import { createJournal, type Journal, type JournalEntry } from '../src/intake/journal.js';
import { DEFAULT_RECENT_PAYLOAD_BYTES } from '../src/intake/recent-entries.js';
import { createConsumerRunner } from '../src/intake/journal-consumer.js';
import { pruneJournal } from '../src/intake/journal-retention.js';
import { createSampleCountConsumer } from '../src/intake/sample-count-consumer.js';
import { SILENT_LOGGER } from '../src/log.js';
import { makeBatch, tempDir } from './helpers.js';

describe('intake journal', () => {
  let dir: string;
  let db: SqliteDatabase;
  let journal: Journal;
  beforeEach(() => {
    dir = tempDir();
    db = openDatabase({ dataDir: dir, sync: 'full' });
    journal = createJournal(db);
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const append = (deviceId: string, seq: number, count = 10, receivedMs = 0) =>
    journal.append({ deviceId, boot: 0, batch: makeBatch(seq, count), format: 'json', receivedMs });

  it('commits a turn of writes as one transaction and calls back after it, in queue order', async () => {
    let commits = 0;
    const committer = createGroupCommitter(db, { afterCommit: () => (commits += 1) });
    const order: string[] = [];
    for (let seq = 0; seq < 5; seq++) {
      committer.enqueue(() => append('d', seq), () => order.push(`w${seq}:${journal.size()}`));
      if (seq === 2) committer.enqueue(null, () => order.push('dropped'));
    }
    expect(order).toEqual([]); // nothing acknowledged before the commit
    await new Promise((resolve) => setImmediate(resolve));
    expect(commits).toBe(1);
    expect(order).toEqual(['w0:5', 'w1:5', 'w2:5', 'dropped', 'w3:5', 'w4:5']);
  });

  it('commits other writes (a device status) with the group, in queue order, without counting them as batches', async () => {
    const counted: number[] = [];
    const committer = createGroupCommitter(db, { afterCommit: (writes) => counted.push(writes) });
    db.exec('CREATE TABLE side (n INTEGER)');
    const order: string[] = [];
    committer.enqueue(() => append('d', 0), () => order.push(`w0:${journal.size()}`));
    committer.enqueueOther(() => db.prepare('INSERT INTO side VALUES (1)').run(), () => order.push('status'));
    committer.enqueue(() => append('d', 1), () => order.push('w1'));
    expect(db.prepare('SELECT count(*) AS n FROM side').get()).toEqual({ n: 0 }); // queued, not written yet
    await new Promise((resolve) => setImmediate(resolve));
    expect(counted).toEqual([2]); // one commit, two batches
    expect(order).toEqual(['w0:2', 'status', 'w1']);
    expect(db.prepare('SELECT count(*) AS n FROM side').get()).toEqual({ n: 1 });
    // A group of other writes only still commits, and counts no batches.
    committer.enqueueOther(() => db.prepare('INSERT INTO side VALUES (2)').run(), () => order.push('alone'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(counted).toEqual([2, 0]);
    expect(db.prepare('SELECT count(*) AS n FROM side').get()).toEqual({ n: 2 });
  });

  it('rolls the whole group back and reports the error to every callback when a write fails', async () => {
    let rolledBack = 0;
    const committer = createGroupCommitter(db, { afterRollback: () => (rolledBack += 1) });
    const errors: (string | undefined)[] = [];
    committer.enqueue(() => append('d', 0), (e) => errors.push(e?.message));
    committer.enqueue(() => {
      throw new Error('disk full');
    }, (e) => errors.push((e as { code?: string } | null)?.code));
    await new Promise((resolve) => setImmediate(resolve));
    expect(journal.size()).toBe(0);
    expect(rolledBack).toBe(1);
    expect(errors).toEqual(['intake journal write failed: disk full', 'JOURNAL_WRITE_FAILED']);
  });

  it('refuses the same (device, seq, t0) twice', () => {
    expect(append('d', 1)).toBe(true);
    expect(append('d', 1)).toBe(false);
    expect(append('e', 1)).toBe(true);
  });

  it('delivers every entry exactly once across a consumer failure and a restart', () => {
    for (let seq = 0; seq < 10; seq++) append(seq % 2 ? 'a' : 'b', seq, seq + 1);
    const counts = createSampleCountConsumer(db);
    let failOnce = true;
    const flaky = {
      name: counts.name,
      apply(entries: readonly JournalEntry[]) {
        counts.apply(entries);
        // Fails after writing its effects: the transaction must undo them with the cursor.
        if (failOnce && entries.some((e) => e.batch.seq === 6)) {
          failOnce = false;
          throw new Error('crash in the middle');
        }
      },
    };
    const runner = createConsumerRunner(db, journal, flaky, SILENT_LOGGER, { chunkEntries: 4 });
    expect(() => runner.drain()).toThrow('crash in the middle');
    expect(runner.cursor()).toBe(4);
    // A new runner (as after a restart) resumes from the stored cursor.
    const again = createConsumerRunner(db, journal, flaky, SILENT_LOGGER, { chunkEntries: 4 });
    expect(again.cursor()).toBe(4);
    again.drain();
    expect(again.cursor()).toBe(10);
    expect(counts.countOf('a')).toEqual({ deviceId: 'a', batches: 5, samples: 2 + 4 + 6 + 8 + 10 });
    expect(counts.countOf('b')).toEqual({ deviceId: 'b', batches: 5, samples: 1 + 3 + 5 + 7 + 9 });
  });

  it('serves the entries it just committed from memory, equal to the table, and only those', () => {
    const cached = createJournal(db, { recentEntries: 4 });
    const inMemory = (e: JournalEntry): boolean => (e.samples.bytes as Uint8Array).buffer.byteLength === DEFAULT_RECENT_PAYLOAD_BYTES;
    const commit = (work: () => void, fail = false) => {
      try {
        db.transaction(() => {
          work();
          if (fail) throw new Error('rolled back');
        })();
        cached.committed();
      } catch {
        cached.rolledBack();
      }
    };
    const add = (j: Journal, seq: number) => j.append({ deviceId: 'd', boot: 0, batch: makeBatch(seq, 3), format: 'json', receivedMs: seq });
    commit(() => [0, 1, 2].forEach((seq) => add(cached, seq)));
    const fromMemory = cached.readAfter(0, 10);
    expect(fromMemory.map((e) => e.pos)).toEqual([1, 2, 3]);
    // From memory (the samples' bytes in its ring, not a blob of the table's), with the values the table gives back.
    expect(fromMemory.every(inMemory)).toBe(true);
    expect(journal.readAfter(0, 10).some(inMemory)).toBe(false);
    expect(fromMemory.map((e) => ({ ...e, batch: { ...e.batch } }))).toEqual(journal.readAfter(0, 10).map((e) => ({ ...e, batch: { ...e.batch } })));
    commit(() => add(cached, 3), true);
    expect(cached.readAfter(0, 10).map((e) => e.pos)).toEqual([1, 2, 3]);
    expect(cached.readAfter(0, 10).every(inMemory)).toBe(true);
    // Another connection (here another journal object) appends: the memory no longer holds everything.
    db.transaction(() => add(journal, 4))();
    expect(cached.readAfter(2, 10).map((e) => e.batch.seq)).toEqual([2, 4]);
    expect(cached.readAfter(0, 10).some(inMemory)).toBe(false);
    commit(() => [5, 6, 7, 8, 9].forEach((seq) => add(cached, seq)));
    // Four kept (6..9 at positions 6..9); older positions come from the table.
    expect(cached.readAfter(5, 2).map((e) => e.batch.seq)).toEqual([6, 7]);
    expect(cached.readAfter(5, 2).every(inMemory)).toBe(true);
    expect(cached.readAfter(0, 10).map((e) => e.pos)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('prunes only what every consumer has read and what is past retention; positions are never reused', () => {
    for (let seq = 0; seq < 6; seq++) append('d', seq, 1, seq * 1000);
    expect(pruneJournal(journal, [4, 6], 0, 2500)).toBe(3); // pos 1..3 are old enough (received 0, 1000, 2000)
    expect(pruneJournal(journal, [4], 0, 100_000)).toBe(1); // pos 4, the slowest consumer's cursor
    expect(pruneJournal(journal, [6], 0, 100_000)).toBe(2);
    expect(journal.size()).toBe(0);
    expect(journal.lastPos()).toBe(6);
    append('d', 99);
    expect(journal.readAfter(6, 10).map((e) => e.pos)).toEqual([7]);
  });
});
