/**
 * Journal consumers and the runner that feeds them. A consumer reads the journal in `pos` order behind its
 * own cursor; the runner calls `apply` and advances the cursor in ONE SQLite transaction, so whatever the
 * consumer writes to the same database and the cursor commit together: after a kill -9 the consumer
 * resumes at exactly the first entry whose effects were not committed (nothing lost, nothing twice).
 *
 * A consumer whose effects leave the database (InfluxDB, a publish to the sensor) cannot share that
 * transaction; it must make its effects idempotent (same point, same timestamp and tags = overwrite) and
 * then gets the same exactly-once result from at-least-once delivery.
 */
import type { SqliteDatabase } from '../db/open-database.js';
import type { Logger } from '../log.js';
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
}

export interface ConsumerRunnerSettings {
  /** Entries per transaction. Larger amortises the commit; smaller keeps each event-loop turn short. */
  chunkEntries: number;
  /** How often a consumer that is not `ready` is asked again, ms. */
  notReadyRetryMs: number;
}

export const DEFAULT_CONSUMER_RUNNER_SETTINGS: Readonly<ConsumerRunnerSettings> = Object.freeze({ chunkEntries: 256, notReadyRetryMs: 250 });

export interface ConsumerRunner {
  readonly consumer: JournalConsumer;
  /** New entries may be there: process them soon (next turns of the event loop). */
  notify(): void;
  /** Processes everything now, synchronously (shutdown, tests). */
  drain(): void;
  /** Position of the last entry processed. */
  cursor(): number;
  /** Stops scheduling; a later `notify` does nothing. */
  stop(): void;
}

export function createConsumerRunner(
  db: SqliteDatabase,
  journal: Journal,
  consumer: JournalConsumer,
  log: Logger,
  settings: Partial<ConsumerRunnerSettings> = {},
): ConsumerRunner {
  const { chunkEntries, notReadyRetryMs } = { ...DEFAULT_CONSUMER_RUNNER_SETTINGS, ...settings };
  const readCursor = db.prepare<[string], { pos: number }>('SELECT pos FROM journal_cursor WHERE consumer = ?');
  const writeCursor = db.prepare(
    'INSERT INTO journal_cursor (consumer, pos) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET pos = excluded.pos',
  );
  let position = readCursor.get(consumer.name)?.pos ?? 0;
  let scheduled = false;
  let stopped = false;
  let paused = false;
  let retryTimer: NodeJS.Timeout | null = null;

  const applyChunk = db.transaction((entries: readonly JournalEntry[]) => {
    consumer.apply(entries);
    writeCursor.run(consumer.name, (entries[entries.length - 1] as JournalEntry).pos);
  });

  /** One chunk; true when there may be more. */
  const step = (): boolean => {
    paused = consumer.ready?.() === false;
    if (paused) return false;
    const entries = journal.readAfter(position, chunkEntries);
    if (entries.length === 0) return false;
    try {
      applyChunk(entries);
    } catch (error) {
      consumer.onRollback?.();
      throw error;
    }
    position = (entries[entries.length - 1] as JournalEntry).pos;
    consumer.afterCommit?.();
    return entries.length === chunkEntries;
  };

  const run = (): void => {
    scheduled = false;
    if (stopped) return;
    try {
      if (step()) schedule();
      else if (paused && retryTimer === null) {
        retryTimer = setTimeout(() => {
          retryTimer = null;
          schedule();
        }, notReadyRetryMs);
        retryTimer.unref();
      }
    } catch (error) {
      // The transaction rolled back, the cursor did not move: retry later rather than spin.
      log.error({ consumer: consumer.name, err: error }, 'journal consumer failed; retrying in 1 s');
      setTimeout(schedule, 1000).unref();
    }
  };

  const schedule = (): void => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(run);
  };

  return {
    consumer,
    notify: schedule,
    drain() {
      while (step()) {
        /* keep going */
      }
    },
    cursor: () => position,
    stop() {
      stopped = true;
    },
  };
}
