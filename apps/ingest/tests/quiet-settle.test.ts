/**
 * When a consumer runner writes deferred effects ahead of time (consumer-group.ts). Under load, one long run
 * (its transaction held the event loop, so the intake could not commit meanwhile) used to look like a quiet
 * journal to the run right after it, which then wrote every device's deferred effects in one transaction:
 * seconds of event loop at 7,000 sensors, every interval again. Quiet is now measured from the end of the last
 * run that found entries, and a quiet journal gets the effects a share per run.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { createJournal, type Journal } from '../src/intake/journal.js';
import {
  createConsumerRunner, type ConsumerRunner, type ConsumerRunnerSettings, type FlushScope, type JournalConsumer,
} from '../src/intake/journal-consumer.js';
import { SILENT_LOGGER } from '../src/log.js';
import { makeBatch, tempDir } from './helpers.js';

let dir: string;
let db: SqliteDatabase;
let journal: Journal;
let started: ConsumerRunner | null = null;
beforeEach(() => {
  dir = tempDir();
  db = openDatabase({ dataDir: dir, sync: 'normal' });
  journal = createJournal(db);
});
afterEach(() => {
  started?.stop();
  started = null;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A consumer that keeps every applied entry's effect deferred until a flush, `shareSize` effects per share. */
function deferringConsumer(shareSize: number, applyMs: number) {
  const flushes: { scope: FlushScope; atMs: number }[] = [];
  let pending: number[] = [];
  const consumer: JournalConsumer = {
    name: 'deferring',
    apply(entries) {
      const until = Date.now() + applyMs; // a long transaction, as under load
      while (Date.now() < until) {
        /* busy */
      }
      pending.push(...entries.map((e) => e.pos));
    },
    deferred: {
      durableThrough: (applied) => (pending.length === 0 ? applied : Math.min(applied, (pending[0] as number) - 1)),
      flush(scope) {
        flushes.push({ scope, atMs: Date.now() });
        pending = scope === 'all' ? [] : pending.slice(shareSize);
        return pending.length > 0;
      },
      resets: 0,
      resumed: () => {},
    },
  };
  return { consumer, flushes, pendingCount: () => pending.length };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A runner of `consumer` on the test's journal, running each notification at once; stopped after the test. */
function startRunner(consumer: JournalConsumer, settings: Partial<ConsumerRunnerSettings>): ConsumerRunner {
  started = createConsumerRunner(db, journal, consumer, SILENT_LOGGER, { coalesceMs: 0, ...settings });
  return started;
}

/** Journals batches `from` to `to` (exclusive) of one device, as the intake does. */
function journalBatches(from: number, to: number): void {
  for (let seq = from; seq < to; seq++) journal.append({ deviceId: 'd1', boot: 0, batch: makeBatch(seq, 10), format: 'json', receivedMs: 0 });
}

it('does not take the run after a long one for a quiet journal', async () => {
  const c = deferringConsumer(2, 600);
  const runner = startRunner(c.consumer, { chunkEntries: 4, settleMs: 500 });
  journalBatches(0, 4);
  runner.notify(4);
  // The run takes 600 ms and fills a chunk, so the next run follows at once and finds nothing: 600 ms after the
  // first run began, but not 500 ms after it ended (that is at 1,100 ms at the earliest).
  await sleep(800);
  expect(c.flushes).toEqual([]);
  expect(runner.applied()).toBe(4);
  expect(runner.cursor()).toBe(0);
});

it('writes deferred effects a share per run once the journal is quiet, and all of them for a drain', async () => {
  const c = deferringConsumer(2, 0);
  const runner = startRunner(c.consumer, { chunkEntries: 100, settleMs: 200 });
  journalBatches(0, 7);
  runner.notify(7);
  await sleep(100);
  expect(c.flushes).toEqual([]); // not quiet yet
  await sleep(600);
  // 7 effects, 2 a share: 4 runs, one after the other (not a settle interval apart), and the cursor caught up.
  expect(c.flushes.map((f) => f.scope)).toEqual(['share', 'share', 'share', 'share']);
  expect(c.pendingCount()).toBe(0);
  expect(runner.cursor()).toBe(7);

  journalBatches(7, 10);
  runner.drain();
  expect(c.flushes.at(-1)?.scope).toBe('all');
  expect(runner.cursor()).toBe(10);
});
