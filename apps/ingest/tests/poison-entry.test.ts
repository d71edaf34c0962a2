/**
 * One journal entry a consumer cannot process (failure-isolation.ts), on a real database:
 * - a consumer whose STRICT table refuses one entry's value: the group narrows its runs down to that entry, the
 *   consumer skips it (counted once, with the entry), every other entry is applied once, by every consumer, and
 *   the other consumer in the group still applies the bad entry;
 * - a system error (SQLITE_IOERR) is retried, never skipped;
 * - a data error on every entry (a bug, not a batch) stalls the consumer and skips nothing, until it is fixed;
 * - the analysis consumer meeting a batch it cannot store (a rate so low its samples fall past any storable
 *   time; the protocol refuses it now, the journal below it does not): the batch is skipped, another device's
 *   points are exactly those of a run without it, and its own device goes on past it.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { consumerGroupMetricHooks, createConsumerGroup, type ConsumerGroup } from '../src/intake/consumer-group.js';
import type { EntrySkip } from '../src/intake/failure-isolation.js';
import { createJournal, type Journal, type JournalEntry } from '../src/intake/journal.js';
import type { JournalConsumer } from '../src/intake/journal-consumer.js';
import { createSampleCountConsumer } from '../src/intake/sample-count-consumer.js';
import { createRecordingLogger } from '../src/log.js';
import { createIngestMetrics } from '../src/metrics/ingest-metrics.js';
import { analysisRig, scenarioBatches } from './analysis-helpers.js';
import { ALL } from './device-helpers.js';
import { makeBatch, tempDir, waitFor } from './helpers.js';

const ENTRIES = 100;
const BAD_SEQ = 37;

/** Stores each entry's rate in an INTEGER column of a STRICT table: a fractional rate is refused by SQLite itself. */
function strictRates(db: SqliteDatabase, fail: { when: (e: JournalEntry) => Error | null } = { when: () => null }): JournalConsumer & { seen(): number[] } {
  db.exec('CREATE TABLE IF NOT EXISTS rates (pos INTEGER PRIMARY KEY, hz INTEGER NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO rates (pos, hz) VALUES (?, ?)');
  return {
    name: 'rates',
    apply(entries) {
      for (const e of entries) {
        const error = fail.when(e);
        if (error) throw error;
        insert.run(e.pos, e.batch.hz);
      }
    },
    seen: () => db.prepare<[], { pos: number }>('SELECT pos FROM rates ORDER BY pos').all().map((r) => r.pos),
  };
}

describe('an entry a consumer cannot process', () => {
  let dir: string;
  let db: SqliteDatabase;
  let journal: Journal;
  let group: ConsumerGroup | null = null;
  const log = createRecordingLogger();
  const skips: { skip: EntrySkip; seq: number | undefined }[] = [];
  let failedRuns = 0;
  let metrics = createIngestMetrics();
  const hooks = {
    runFailed: (consumers: readonly string[]) => {
      failedRuns += 1;
      consumerGroupMetricHooks(metrics).runFailed?.(consumers);
    },
    entrySkipped: (skip: EntrySkip, entry: JournalEntry | undefined) => {
      skips.push({ skip, seq: entry?.batch.seq });
      consumerGroupMetricHooks(metrics).entrySkipped?.(skip, entry);
    },
  };

  beforeEach(() => {
    dir = tempDir();
    db = openDatabase({ dataDir: dir, sync: 'normal' });
    journal = createJournal(db);
    skips.length = 0;
    failedRuns = 0;
    metrics = createIngestMetrics();
    log.records.length = 0;
  });
  afterEach(() => {
    group?.stop();
    group = null;
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** ENTRIES one-sample batches; seq BAD_SEQ at 0.5 Hz when `bad`. */
  const appendAll = (bad: boolean): void => {
    db.transaction(() => {
      for (let seq = 0; seq < ENTRIES; seq++) {
        const hz = bad && seq === BAD_SEQ ? 0.5 : 50;
        journal.append({ deviceId: 'd', boot: 0, batch: makeBatch(seq, 1, 1_763_712_000_000 + seq * 1000, hz), format: 'binary', receivedMs: 0 });
      }
    })();
  };
  const posOf = (seq: number): number => journal.readAfter(0, ENTRIES).find((e) => e.batch.seq === seq)?.pos as number;

  it('is found, skipped by that consumer alone, counted once; every other entry is applied once by each', async () => {
    appendAll(true);
    const rates = strictRates(db);
    const counts = createSampleCountConsumer(db);
    group = createConsumerGroup(db, journal, [counts, rates], log, { chunkEntries: 16, coalesceMs: 0 }, null, hooks);
    await group.whenIdle();

    const bad = posOf(BAD_SEQ);
    expect(skips).toEqual([{ skip: { consumer: 'rates', pos: bad }, seq: BAD_SEQ }]);
    expect(rates.seen()).toEqual(journal.readAfter(0, ENTRIES).map((e) => e.pos).filter((p) => p !== bad));
    expect(counts.countOf('d')).toEqual({ deviceId: 'd', batches: ENTRIES, samples: ENTRIES });
    expect(group.runners.map((r) => r.cursor())).toEqual([journal.lastPos(), journal.lastPos()]);
    const skipLogs = log.records.filter((r) => r.message.startsWith('journal entry skipped'));
    expect(skipLogs.map((r) => [r.level, r.fields.consumer, r.fields.deviceId, r.fields.seq])).toEqual([['error', 'rates', 'd', BAD_SEQ]]);
    expect(String(log.records.find((r) => r.message.startsWith('journal consumer failed'))?.fields.err)).toMatch(/REAL value in INTEGER column/);
    expect(metrics.journalEntriesSkipped.value({ consumer: 'rates' })).toBe(1);
    expect(metrics.consumerRunFailures.value()).toBe(failedRuns);

    // A restart resumes past it: nothing is applied again, nothing more is skipped.
    group.stop();
    const again = createConsumerGroup(db, journal, [counts, strictRates(db)], log, { chunkEntries: 16 }, null, hooks);
    again.drain();
    expect(skips).toHaveLength(1);
    expect(counts.countOf('d')?.batches).toBe(ENTRIES);
    console.log(`poison entry: ${ENTRIES} entries, the bad one (pos ${bad}) found after ${failedRuns} failed runs of 16 → 1 entries, skipped once; ${rates.seen().length} applied`);
  });

  it('is never skipped for a system error: the same entries are retried until they go in', async () => {
    appendAll(false);
    const ioError = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    let broken = true;
    const rates = strictRates(db, { when: (e) => (broken && e.batch.seq === BAD_SEQ ? ioError : null) });
    group = createConsumerGroup(db, journal, [rates], log, { chunkEntries: 16, coalesceMs: 0 }, null, hooks);
    const idle = group.whenIdle();
    await waitFor(() => failedRuns >= 2, 10_000, 'two failed runs');
    broken = false;
    await idle;
    expect(skips).toEqual([]);
    expect(rates.seen()).toHaveLength(ENTRIES);
  });

  it('skips nothing when every entry fails (a bug, not a batch), and goes on once the bug is gone', async () => {
    appendAll(false);
    let bug = true;
    const rates = strictRates(db, { when: (e) => (bug && e.batch.seq >= 10 ? new TypeError('x is undefined') : null) });
    group = createConsumerGroup(db, journal, [rates], log, { chunkEntries: 16, coalesceMs: 0 }, null, hooks);
    const idle = group.whenIdle();
    // Narrowed to one entry, skipped tentatively, refuted by the next entry failing too; then plain retries.
    await waitFor(() => log.records.some((r) => r.message === 'journal consumer failed; retrying in 1 s'), 10_000, 'plain retries');
    expect(skips).toEqual([]);
    expect(rates.seen()).toHaveLength(10);
    bug = false;
    await idle;
    expect(skips).toEqual([]);
    expect(rates.seen()).toHaveLength(ENTRIES);
  });
});

describe('a batch the analysis cannot store', () => {
  it('is skipped; the other device is analysed exactly as without it, its own device goes on past it', async () => {
    const good = scenarioBatches('desk-day', 180);
    const other = scenarioBatches('fidgety-sitter', 180, 5);
    const skips: EntrySkip[] = [];
    // A missing seq holds a device's later data at most 2 s of sensor time, in both runs alike.
    const settings = { gapHoldMaxS: 2 };
    const reference = analysisRig(undefined, settings);
    let failedRuns = 0;
    const rig = analysisRig(undefined, settings, { entrySkipped: (skip) => skips.push(skip), runFailed: () => (failedRuns += 1) });
    try {
      for (const r of [reference, rig]) {
        r.registry.create('ada', r.store.createWearer('Ada').id);
        r.registry.create('bob', r.store.createWearer('Bob').id);
      }
      const wearer = (r: typeof rig, device: string) => r.registry.get(device)?.wearerId as string;
      // Ada's batches from 91 on are numbered one higher: seq 91 is the bad batch, which only `rig` gets. It is
      // valid but for its rate: at 1e-300 Hz its samples are 1e303 ms apart, so its second point is past any time.
      const ada = good.map((b, i) => (i > 90 ? { ...b, seq: b.seq + 1 } : b));
      const bad = { seq: 91, t0Ms: good[90]!.t0Ms + 1000, hz: 1e-300, count: 3, acc: good[91]!.acc.slice(0, 9), gyr: good[91]!.gyr.slice(0, 9) };
      for (let i = 0; i < good.length; i++) {
        for (const r of [reference, rig]) r.append('bob', other[i]!);
        for (const r of [reference, rig]) r.append('ada', ada[i]!);
        if (i === 90) rig.append('ada', bad);
      }
      reference.runner.drain();
      const poisonPos = rig.journal.readAfter(0, 1000).find((e) => e.batch.hz < 1)?.pos;
      rig.runner.notify();
      await waitFor(() => rig.runner.cursor() === rig.journal.lastPos(), 20_000, 'the analysis past the bad batch');
      rig.runner.drain();

      expect(failedRuns).toBeGreaterThan(0); // it does fail the analysis
      expect(skips).toEqual([{ consumer: 'analysis', pos: poisonPos }]);
      const want = await reference.store.readPoints(wearer(reference, 'bob'), ALL);
      const got = await rig.store.readPoints(wearer(rig, 'bob'), ALL);
      expect(got.map((p) => p.tMs)).toEqual(want.map((p) => p.tMs));
      // The rolled-back runs rebuilt the pipelines from their checkpoints, as after a crash.
      got.forEach((p, i) => expect(Math.abs((p.flexionDeg ?? 0) - (want[i]?.flexionDeg ?? 0))).toBeLessThan(1));
      const adaWant = await reference.store.readPoints(wearer(reference, 'ada'), ALL);
      const adaGot = await rig.store.readPoints(wearer(rig, 'ada'), ALL);
      expect(adaGot.map((p) => p.tMs)).toEqual(adaWant.map((p) => p.tMs));
      expect(Math.max(...adaGot.map((p) => p.tMs))).toBeLessThan(good.at(-1)!.t0Ms + 1000);
      console.log(`bad analysis batch: skipped at pos ${poisonPos} after ${failedRuns} failed runs; bob ${got.length} points = reference ${want.length}; ada ${adaGot.length} points = reference ${adaWant.length}`);
    } finally {
      reference.close();
      rig.close();
    }
  });
});
