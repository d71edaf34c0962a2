/**
 * Runs several journal consumers together: each run reads the journal once from the slowest ready cursor
 * and, in ONE transaction, lets every ready consumer apply the entries past its own cursor and advances
 * that cursor. The exactly-once argument of journal-consumer.ts holds per consumer (its effects and its
 * cursor are in the same transaction); sharing the transaction only saves commits.
 *
 * Runs are coalesced: a notification starts a timer of `coalesceMs` (or the next turn when a whole chunk is
 * waiting), so a transaction carries many entries. A consumer that is not `ready` is skipped (its cursor
 * stays) while the others go on; the group asks it again every `notReadyRetryMs`.
 */
import type { SqliteDatabase } from '../db/open-database.js';
import type { Logger } from '../log.js';
import type { Journal, JournalEntry } from './journal.js';
import {
  DEFAULT_CONSUMER_RUNNER_SETTINGS, type ConsumerRunner, type ConsumerRunnerSettings, type JournalConsumer,
} from './journal-consumer.js';

export interface ConsumerGroup {
  /** One view per consumer, in the order given (cursor of that consumer; notify, drain, stop act on the group). */
  readonly runners: readonly ConsumerRunner[];
  /** `entries` new entries were committed (default 1). */
  notify(entries?: number): void;
  drain(): void;
  stop(): void;
  /** Resolves once every consumer's cursor has reached the journal's end as it is now (tests, shutdown). */
  whenIdle(): Promise<void>;
}

interface Member {
  consumer: JournalConsumer;
  position: number;
}

export function createConsumerGroup(
  db: SqliteDatabase,
  journal: Journal,
  consumers: readonly JournalConsumer[],
  log: Logger,
  settings: Partial<ConsumerRunnerSettings> = {},
): ConsumerGroup {
  const { chunkEntries, notReadyRetryMs, coalesceMs } = { ...DEFAULT_CONSUMER_RUNNER_SETTINGS, ...settings };
  const readCursor = db.prepare<[string], { pos: number }>('SELECT pos FROM journal_cursor WHERE consumer = ?');
  const writeCursor = db.prepare(
    'INSERT INTO journal_cursor (consumer, pos) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET pos = excluded.pos',
  );
  const members: Member[] = consumers.map((consumer) => ({ consumer, position: readCursor.get(consumer.name)?.pos ?? 0 }));
  let timer: NodeJS.Timeout | null = null;
  let immediate = false;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  /** Entries announced since the last run (a hint for "a whole chunk is waiting"). */
  let announced = 0;
  let idleWaiters: { upTo: number; resolve: () => void }[] = [];

  /** Each member's share of `entries`; members with none are left out. */
  const shares = (ready: readonly Member[], entries: readonly JournalEntry[]): [Member, JournalEntry[]][] =>
    ready
      .map((m): [Member, JournalEntry[]] => [m, entries.filter((e) => e.pos > m.position)])
      .filter(([, share]) => share.length > 0);

  const applyAll = db.transaction((work: readonly [Member, JournalEntry[]][]) => {
    for (const [m, share] of work) {
      m.consumer.apply(share);
      writeCursor.run(m.consumer.name, (share[share.length - 1] as JournalEntry).pos);
    }
  });

  /** One chunk; returns whether there may be more, and whether a consumer was not ready. */
  const step = (): { more: boolean; paused: boolean } => {
    const ready = members.filter((m) => m.consumer.ready?.() !== false);
    const paused = ready.length < members.length;
    if (ready.length === 0) return { more: false, paused };
    const from = Math.min(...ready.map((m) => m.position));
    const entries = journal.readAfter(from, chunkEntries);
    if (entries.length === 0) return { more: false, paused };
    const work = shares(ready, entries);
    try {
      applyAll(work);
    } catch (error) {
      for (const [m] of work) m.consumer.onRollback?.();
      throw error;
    }
    for (const [m, share] of work) m.position = (share[share.length - 1] as JournalEntry).pos;
    for (const [m] of work) m.consumer.afterCommit?.();
    return { more: entries.length === chunkEntries, paused };
  };

  const minCursor = (): number => Math.min(...members.map((m) => m.position));

  const wakeIdleWaiters = (): void => {
    if (idleWaiters.length === 0) return;
    const at = minCursor();
    const still = idleWaiters.filter((w) => w.upTo > at);
    for (const w of idleWaiters) if (w.upTo <= at) w.resolve();
    idleWaiters = still;
  };

  const run = (): void => {
    timer = null;
    immediate = false;
    announced = 0;
    if (stopped) return;
    try {
      const { more, paused } = step();
      wakeIdleWaiters();
      if (more) scheduleNow();
      else if (paused && retryTimer === null) {
        retryTimer = setTimeout(() => {
          retryTimer = null;
          scheduleNow();
        }, notReadyRetryMs);
        retryTimer.unref();
      }
    } catch (error) {
      // The transaction rolled back, the cursors did not move: retry later rather than spin.
      log.error({ consumers: members.map((m) => m.consumer.name), err: error }, 'journal consumer failed; retrying in 1 s');
      setTimeout(scheduleNow, 1000).unref();
    }
  };

  const scheduleNow = (): void => {
    if (stopped || immediate) return;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    immediate = true;
    setImmediate(run);
  };

  const notify = (entries = 1): void => {
    if (stopped) return;
    announced += entries;
    if (coalesceMs <= 0 || announced >= chunkEntries) scheduleNow();
    else if (timer === null && !immediate) timer = setTimeout(run, coalesceMs);
  };

  const drain = (): void => {
    while (step().more) {
      /* keep going */
    }
    wakeIdleWaiters();
  };

  const stop = (): void => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    if (retryTimer !== null) clearTimeout(retryTimer);
    timer = null;
  };

  const runners = members.map((m): ConsumerRunner => ({
    consumer: m.consumer,
    notify,
    drain,
    cursor: () => m.position,
    stop,
  }));

  return {
    runners,
    notify,
    drain,
    stop,
    whenIdle() {
      const upTo = journal.lastPos();
      if (minCursor() >= upTo) return Promise.resolve();
      notify();
      return new Promise((resolve) => idleWaiters.push({ upTo, resolve }));
    },
  };
}
