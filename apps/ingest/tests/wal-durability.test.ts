/**
 * JOURNAL_SYNC=full without an fsync in the event loop: group commits acknowledge only after the WAL's sync
 * (db/wal-sync.ts), in queue order; and the WAL is checkpointed and restarted by a thread of its own
 * (db/wal-checkpointer.ts), so it stays bounded while the main connection writes.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { startWalCheckpointer } from '../src/db/wal-checkpointer.js';
import { createWalSync, type SyncDone, type WalSync } from '../src/db/wal-sync.js';
import { createGroupCommitter } from '../src/intake/group-commit.js';
import { createJournal, type Journal } from '../src/intake/journal.js';
import { SILENT_LOGGER } from '../src/log.js';
import { makeBatch, tempDir } from './helpers.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('WAL sync off the event loop', () => {
  let dir: string;
  let db: SqliteDatabase;
  let journal: Journal;
  let walSync: WalSync;
  beforeEach(() => {
    dir = tempDir();
    db = openDatabase({ dataDir: dir, sync: 'full' });
    journal = createJournal(db);
    walSync = createWalSync(db);
  });
  afterEach(() => {
    walSync.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const append = (seq: number) => journal.append({ deviceId: 'd', boot: 0, batch: makeBatch(seq, 5), format: 'json', receivedMs: 0 });

  /** The real sync, with each call's completion held until the test lets it go. */
  const heldSync = () => {
    const held: { done: SyncDone; error: Error | null }[] = [];
    const sync: WalSync = {
      relaxed: (commit) => walSync.relaxed(commit),
      sync: (done) => walSync.sync((error) => held.push({ done, error })),
      syncNow: () => walSync.syncNow(),
      close: () => {},
    };
    const releaseOne = (override?: Error) => {
      const next = held.shift();
      if (!next) throw new Error('no sync completed yet');
      next.done(override ?? next.error);
    };
    return { sync, held, releaseOne };
  };

  it('commits relaxed (the connection keeps FULL for everyone else) and syncs the WAL file', async () => {
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const inside = walSync.relaxed(() => db.transaction(() => {
      append(0);
      return db.pragma('synchronous', { simple: true });
    })());
    expect(inside).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    // A failing commit restores it too.
    expect(() => walSync.relaxed(() => db.transaction(() => {
      append(1);
      throw new Error('rolled back');
    })())).toThrow('rolled back');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const errors = await Promise.all([0, 1, 2].map(() => new Promise((resolve) => walSync.sync(resolve))));
    expect(errors).toEqual([null, null, null]);
    expect(() => walSync.syncNow()).not.toThrow();
    expect(journal.size()).toBe(1);
  });

  it('acknowledges a group only after its sync, in queue order, while later groups commit meanwhile', async () => {
    const { sync, held, releaseOne } = heldSync();
    const order: string[] = [];
    let commits = 0;
    const committer = createGroupCommitter(db, { afterCommit: () => (commits += 1) }, {}, sync);
    committer.enqueue(() => append(0), () => order.push('a'));
    await nextTurn();
    await nextTurn();
    expect(commits).toBe(1);
    expect(journal.size()).toBe(1); // committed, readable...
    expect(order).toEqual([]); // ...and not acknowledged before its sync completed
    // A second group commits while the first waits; a duplicate (no write) queued behind both waits for them.
    committer.enqueue(() => append(1), () => order.push('b'));
    committer.enqueue(null, () => order.push('dup-of-b'));
    await nextTurn();
    await nextTurn();
    expect(commits).toBe(2);
    expect(order).toEqual([]);
    while (held.length === 0) await nextTurn();
    releaseOne();
    expect(order).toEqual(['a']);
    while (held.length === 0) await nextTurn();
    releaseOne();
    expect(order).toEqual(['a', 'b', 'dup-of-b']);
  });

  it('a failed sync refuses its group (JOURNAL_WRITE_FAILED, counted) and a synchronous flush fires what waits', async () => {
    const { sync, held, releaseOne } = heldSync();
    const results: (string | null)[] = [];
    const failures: Error[] = [];
    const committer = createGroupCommitter(db, { afterSyncFailure: (e) => failures.push(e) }, {}, sync);
    committer.enqueue(() => append(0), (error) => results.push(error ? (error as { code?: string }).code ?? error.message : null));
    while (held.length === 0) await nextTurn();
    releaseOne(new Error('EIO: i/o error, fdatasync'));
    expect(results).toEqual(['JOURNAL_WRITE_FAILED']);
    expect(failures[0]?.message).toContain('EIO');
    // flush: commits what is queued and syncs in this thread; every callback has fired when it returns.
    committer.enqueue(() => append(1), (error) => results.push(error ? 'error' : 'flushed'));
    committer.flush();
    expect(results).toEqual(['JOURNAL_WRITE_FAILED', 'flushed']);
    // The sync started for that group completes later and changes nothing.
    while (held.length === 0) await nextTurn();
    releaseOne();
    expect(results).toEqual(['JOURNAL_WRITE_FAILED', 'flushed']);
  });
});

describe('WAL checkpoints on their own thread', () => {
  let dir: string;
  let db: SqliteDatabase;
  beforeEach(() => {
    dir = tempDir();
    db = openDatabase({ dataDir: dir, sync: 'normal' });
    db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB NOT NULL) STRICT');
  });
  afterEach(() => {
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies and restarts the WAL while the main connection keeps writing; nothing is lost', async () => {
    const checkpointer = startWalCheckpointer(db, SILENT_LOGGER, { intervalMs: 10, restartPages: 100, fallbackPages: 1_000_000 });
    const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
    const body = Buffer.alloc(3000, 7); // about a page per row
    const walBytes = () => fs.statSync(`${db.name}-wal`).size;
    let rows = 0;
    let largestWal = 0;
    // Some 3,000 pages written in small transactions; without checkpoints the WAL would hold them all.
    while (rows < 3000 || checkpointer.restarts < 2) {
      db.transaction(() => {
        for (let i = 0; i < 20; i++) insert.run(body);
      })();
      rows += 20;
      largestWal = Math.max(largestWal, walBytes());
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (rows > 200_000) throw new Error('the checkpointer never restarted the WAL');
    }
    await checkpointer.stop();
    expect(checkpointer.rounds).toBeGreaterThan(0);
    expect(checkpointer.restarts).toBeGreaterThanOrEqual(2);
    // The WAL went back to its start: it never held anything near everything written.
    expect(largestWal).toBeLessThan(rows * 4096 * 0.5);
    db.close();
    const check = new Database(`${dir}/stance.sqlite`, { readonly: true });
    expect((check.prepare('SELECT count(*) AS n FROM filler').get() as { n: number }).n).toBe(rows);
    check.close();
  });
});
