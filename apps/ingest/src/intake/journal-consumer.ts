/**
 * Journal consumers and the runner that feeds them. A consumer reads the journal in `pos` order behind its
 * own cursor; the runner calls `apply` and advances the cursor in ONE SQLite transaction, so whatever the
 * consumer writes to the same database and the cursor commit together: after a kill -9 the consumer
 * resumes at exactly the first entry whose effects were not committed (nothing lost, nothing twice).
 *
 * Several consumers can share one runner (consumer-group.ts): the entries are read once and every consumer
 * that is ready applies its share in the same transaction, each with its own cursor.
 *
 * A consumer whose effects leave the database (InfluxDB, a publish to the sensor) cannot share that
 * transaction; it must make its effects idempotent (same point, same timestamp and tags = overwrite) and
 * then gets the same exactly-once result from at-least-once delivery.
 */
import type { SqliteDatabase } from '../db/open-database.js';
import type { Logger } from '../log.js';
import { createConsumerGroup, type ConsumerGroupHooks } from './consumer-group.js';
import type { Journal, JournalEntry } from './journal.js';

export interface JournalConsumer {
  /** Cursor key; stable across releases. */
  readonly name: string;
  /** Processes `entries` (in order). Runs inside the transaction that advances the cursor past them. */
  apply(entries: readonly JournalEntry[]): void;
  /** After that transaction committed: effects that leave the process (publishing a command), metrics. */
  afterCommit?(): void;
  /** That transaction rolled back: forget in-memory state derived from it (it is read again). */
  onRollback?(): void;
  /**
   * False while the consumer must not take more entries (its store's outbox is full: back-pressure). The
   * runner then leaves the cursor where it is and asks again every `notReadyRetryMs`; the entries wait in the
   * journal. Absent: always ready.
   */
  ready?(): boolean;
  /**
   * Deferred effects (the analysis writes a device's rollups and checkpoint every few seconds, not with every
   * entry): present, the consumer may keep effects of applied entries in memory for a while. Then the runner
   * stores as the cursor only how far every effect is committed, `deferred.durableThrough(applied)`, and the
   * position applied beside it (`<name>:applied`). After a restart (or a rolled-back transaction) the runner
   * resumes at the durable cursor, and the consumer itself skips what it had already made durable.
   */
  readonly deferred?: DeferredEffects;
}

/** How much of its deferred effects a consumer writes ahead of time (`DeferredEffects.flush`). */
export type FlushScope = 'all' | 'share';

/** A consumer's deferred effects, as its runner sees them (see `JournalConsumer.deferred`). */
export interface DeferredEffects {
  /** The highest position up to which every effect is committed, given that entries up to `applied` were applied. */
  durableThrough(applied: number): number;
  /**
   * Inside a runner's transaction: writes deferred effects before they are due, because the journal is quiet.
   * `all`: every one (a drain, someone waiting, a failure being narrowed down). `share`: a share of them, and the
   * runner asks again while the journal stays quiet, so a quiet spell under load (a pause of the broker) is not
   * one long transaction. Returns whether any remain. The runner calls `afterCommit` after it.
   */
  flush(scope: FlushScope): boolean;
  /**
   * Counts the times the consumer dropped its in-memory state (a rolled-back transaction of its own): when it
   * changes, the runner reads again from the durable cursor.
   */
  readonly resets: number;
  /** At start: entries up to `appliedPos` were applied before (their effects that left the process must not repeat). */
  resumed(appliedPos: number): void;
}

export interface ConsumerRunnerSettings {
  /** Entries per transaction at most. Larger amortises the commit; smaller keeps each event-loop turn short. */
  chunkEntries: number;
  /** How often a consumer that is not `ready` is asked again, ms. */
  notReadyRetryMs: number;
  /**
   * How long after new entries were announced the runner waits before it runs, ms, unless a whole chunk is
   * already waiting. One transaction then carries every entry of that interval instead of a few: the
   * commit (WAL pages, fsync) is most of a consumer's cost. It adds at most this much to the time from
   * PUBACK (durable in the journal) to processed. 0: next turn of the event loop.
   */
  coalesceMs: number;
  /**
   * Consumers with deferred effects: how long after a run the runner looks again, ms. Finding no new entry
   * then, this long after the last run that found some ended (the journal is quiet), it has the deferred effects
   * written, a share at a time.
   */
  settleMs: number;
}

export const DEFAULT_CONSUMER_RUNNER_SETTINGS: Readonly<ConsumerRunnerSettings> = Object.freeze({
  chunkEntries: 512,
  notReadyRetryMs: 250,
  coalesceMs: 50,
  settleMs: 250,
});

export interface ConsumerRunner {
  readonly consumer: JournalConsumer;
  /** `entries` new entries (default 1) may be there: process them soon (within `coalesceMs`). */
  notify(entries?: number): void;
  /** Processes everything now, synchronously, deferred effects included (shutdown, tests). */
  drain(): void;
  /** Position up to which every entry is processed and all its effects committed (the stored cursor). */
  cursor(): number;
  /** Position of the last entry applied (≥ `cursor()`: more only while a consumer's effects are deferred). */
  applied(): number;
  /** Stops scheduling; a later `notify` does nothing. */
  stop(): void;
}

/** A runner for one consumer alone (a group of one). */
export function createConsumerRunner(
  db: SqliteDatabase,
  journal: Journal,
  consumer: JournalConsumer,
  log: Logger,
  settings: Partial<ConsumerRunnerSettings> = {},
  hooks: ConsumerGroupHooks = {},
): ConsumerRunner {
  return createConsumerGroup(db, journal, [consumer], log, settings, null, hooks).runners[0] as ConsumerRunner;
}
