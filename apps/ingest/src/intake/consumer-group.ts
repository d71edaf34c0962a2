/**
 * Runs several journal consumers together: each run reads the journal once from the slowest ready cursor
 * and, in ONE transaction, lets every ready consumer apply the entries past its own cursor and advances
 * that cursor. The exactly-once argument of journal-consumer.ts holds per consumer (its effects and its
 * cursor are in the same transaction); sharing the transaction only saves commits.
 *
 * Runs are coalesced: a notification starts a timer of `coalesceMs` (or the next turn when a whole chunk is
 * waiting), so a transaction carries many entries. A consumer that is not `ready` is skipped (its cursor
 * stays) while the others go on; the group asks it again every `notReadyRetryMs`.
 *
 * A consumer with deferred effects (`JournalConsumer.deferred`) has two positions: applied (in memory, where the
 * next run reads from) and durable (every effect committed: the stored cursor). Each run stores both. A run
 * that finds nothing new (the journal is quiet: `settleMs` after the last run, or `whenIdle`, `drain`) has
 * every deferred effect written, so the durable cursor catches up. A rolled-back transaction, or a consumer
 * that reset its state, sends the applied position back to the durable one: those entries are read again.
 */
import type { SqliteDatabase } from '../db/open-database.js';
import type { WalSync } from '../db/wal-sync.js';
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
  /** Last entry applied (where the next run reads from). */
  position: number;
  /** Stored cursor: every effect up to it committed (= position unless the consumer defers effects). */
  durable: number;
  /** The consumer's `deferred.resets` when last seen. */
  resets: number;
}

/** Where a consumer with deferred effects keeps its applied position, beside its (durable) cursor. */
export function appliedCursorName(consumer: string): string {
  return `${consumer}:applied`;
}

export function createConsumerGroup(
  db: SqliteDatabase,
  journal: Journal,
  consumers: readonly JournalConsumer[],
  log: Logger,
  settings: Partial<ConsumerRunnerSettings> = {},
  walSync: WalSync | null = null,
): ConsumerGroup {
  const { chunkEntries, notReadyRetryMs, coalesceMs, settleMs } = { ...DEFAULT_CONSUMER_RUNNER_SETTINGS, ...settings };
  const readCursor = db.prepare<[string], { pos: number }>('SELECT pos FROM journal_cursor WHERE consumer = ?');
  const writeCursor = db.prepare(
    'INSERT INTO journal_cursor (consumer, pos) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET pos = excluded.pos',
  );
  const members: Member[] = consumers.map((consumer) => {
    const durable = readCursor.get(consumer.name)?.pos ?? 0;
    const deferred = consumer.deferred;
    if (deferred) deferred.resumed(Math.max(durable, readCursor.get(appliedCursorName(consumer.name))?.pos ?? 0));
    return { consumer, position: durable, durable, resets: deferred?.resets ?? 0 };
  });
  let timer: NodeJS.Timeout | null = null;
  let settleTimer: NodeJS.Timeout | null = null;
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

  /** Applies each share, has deferred effects written (`settle`: all of them, else those due), stores the cursors. */
  const applyAll = db.transaction((work: readonly [Member, JournalEntry[]][], deferring: readonly Member[], settle: boolean) => {
    const durable = new Map<Member, number>();
    for (const [m, share] of work) {
      m.consumer.apply(share);
      const last = (share[share.length - 1] as JournalEntry).pos;
      if (m.consumer.deferred === undefined) {
        writeCursor.run(m.consumer.name, last);
        durable.set(m, last);
      }
    }
    for (const m of deferring) {
      const deferred = m.consumer.deferred as NonNullable<JournalConsumer['deferred']>;
      if (settle) deferred.flush(true);
      const applied = work.find(([w]) => w === m)?.[1].at(-1)?.pos ?? m.position;
      const through = Math.min(applied, deferred.durableThrough(applied));
      if (through !== m.durable) writeCursor.run(m.consumer.name, through);
      writeCursor.run(appliedCursorName(m.consumer.name), applied);
      durable.set(m, through);
    }
    return durable;
  });

  /** Consumers whose state was reset (a transaction of their own rolled back) read again from their durable cursor. */
  const rewindReset = (): void => {
    for (const m of members) {
      const resets = m.consumer.deferred?.resets;
      if (resets === undefined || resets === m.resets) continue;
      m.resets = resets;
      m.position = m.durable;
    }
  };

  /** Wall clock of the last run that found entries (the journal is quiet `settleMs` after it). */
  let lastEntriesMs = Date.now();

  /**
   * One chunk; returns whether there may be more, and whether a consumer was not ready. Finding nothing new, it
   * has the deferred effects written when the journal has been quiet for `settleMs`, or at once (`settleNow`).
   */
  const step = (settleNow = false): { more: boolean; paused: boolean } => {
    rewindReset();
    const ready = members.filter((m) => m.consumer.ready?.() !== false);
    const paused = ready.length < members.length;
    if (ready.length === 0) return { more: false, paused };
    const from = Math.min(...ready.map((m) => m.position));
    const entries = journal.readAfter(from, chunkEntries);
    const work = shares(ready, entries);
    const nowMs = Date.now();
    if (entries.length > 0) lastEntriesMs = nowMs;
    // Nothing new for a while (or a drain, or someone waiting): whatever is deferred is written now.
    const settle = entries.length === 0 && (settleNow || nowMs - lastEntriesMs >= settleMs);
    const deferring = ready.filter((m) => m.consumer.deferred !== undefined && (work.some(([w]) => w === m) || (settle && m.durable < m.position)));
    if (work.length === 0 && deferring.length === 0) return { more: false, paused };
    let durable: Map<Member, number>;
    try {
      // Relaxed: what a run writes is derived from the journal, and the intake's next WAL sync covers it (wal-sync.ts).
      durable = walSync === null ? applyAll(work, deferring, settle) : walSync.relaxed(() => applyAll(work, deferring, settle));
    } catch (error) {
      for (const m of ready) {
        m.consumer.onRollback?.();
        // Effects held in memory are gone with the consumer's state: read those entries again.
        if (m.consumer.deferred) {
          m.position = m.durable;
          m.resets = m.consumer.deferred.resets;
        }
      }
      throw error;
    }
    for (const [m, share] of work) m.position = (share[share.length - 1] as JournalEntry).pos;
    for (const [m, through] of durable) m.durable = through;
    for (const m of new Set([...work.map(([m]) => m), ...deferring])) m.consumer.afterCommit?.();
    return { more: entries.length === chunkEntries, paused };
  };

  /** Every effect committed up to here, for every consumer. */
  const minCursor = (): number => Math.min(...members.map((m) => m.durable));

  /** Deferred effects wait in memory: look again in `settleMs` (a quiet journal has them written). */
  const scheduleSettle = (): void => {
    if (stopped || settleTimer !== null || !members.some((m) => m.durable < m.position)) return;
    settleTimer = setTimeout(() => {
      settleTimer = null;
      if (timer === null && !immediate) run();
    }, settleMs);
    settleTimer.unref();
  };

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
      const { more, paused } = step(idleWaiters.length > 0);
      wakeIdleWaiters();
      // Someone waits for everything to be written (`whenIdle`): settle at once rather than in `settleMs`.
      const waited = idleWaiters.length > 0 && members.some((m) => m.durable < m.position);
      if (more || waited) {
        scheduleNow();
        return;
      }
      scheduleSettle();
      if (paused && retryTimer === null) {
        retryTimer = setTimeout(() => {
          retryTimer = null;
          scheduleNow();
        }, notReadyRetryMs);
        retryTimer.unref();
      }
    } catch (error) {
      // The transaction rolled back, the cursors did not move (deferred effects: read again): retry later rather than spin.
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
    // The journal is read to its end: have what is deferred written too.
    if (members.some((m) => m.durable < m.position)) step(true);
    wakeIdleWaiters();
  };

  const stop = (): void => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    if (retryTimer !== null) clearTimeout(retryTimer);
    if (settleTimer !== null) clearTimeout(settleTimer);
    timer = null;
    settleTimer = null;
  };

  const runners = members.map((m): ConsumerRunner => ({
    consumer: m.consumer,
    notify,
    drain,
    cursor: () => m.durable,
    applied: () => m.position,
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
