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
 * that finds nothing new has deferred effects written ahead of time, so the durable cursor catches up: every one
 * for `whenIdle` and `drain`, and a share per run when the journal is quiet (`settleMs` after the end of the last
 * run that found entries). Quiet is measured from the end of that run: measured from its start, one long run
 * under load (a 300 ms transaction, the intake's commits waiting behind it) looked quiet, and writing every
 * device's effects at once then held the event loop for seconds, every interval again. A rolled-back
 * transaction, or a consumer that reset its state, sends the applied position back to the durable one: those
 * entries are read again.
 *
 * A run that fails on the data itself (failure-isolation.ts) is narrowed down to the one entry a consumer cannot
 * process, which that consumer then skips (logged and counted), so one bad batch does not hold everyone's up.
 */
import type { SqliteDatabase } from '../db/open-database.js';
import type { WalSync } from '../db/wal-sync.js';
import type { Logger } from '../log.js';
import type { IngestMetrics } from '../metrics/ingest-metrics.js';
import { createFailureIsolation, type EntrySkip } from './failure-isolation.js';
import type { Journal, JournalEntry } from './journal.js';
import {
  DEFAULT_CONSUMER_RUNNER_SETTINGS, type ConsumerRunner, type ConsumerRunnerSettings, type FlushScope, type JournalConsumer,
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

/** A member's part of a run: the entries it applies, and how far its position moves (past any it skips). */
interface Share {
  member: Member;
  entries: JournalEntry[];
  through: number;
}

/** What a group reports besides its log. */
export interface ConsumerGroupHooks {
  /** A run failed and rolled back (`consumers`: those in it). */
  runFailed?(consumers: readonly string[]): void;
  /** `skip.consumer` will never apply `entry` (see failure-isolation.ts). */
  entrySkipped?(skip: EntrySkip, entry: JournalEntry | undefined): void;
}

/** Hooks that count failed runs and skipped entries (a worker's consumer `analysis@p3` counts as `analysis`). */
export function consumerGroupMetricHooks(metrics: Pick<IngestMetrics, 'consumerRunFailures' | 'journalEntriesSkipped'>): ConsumerGroupHooks {
  return {
    runFailed: () => metrics.consumerRunFailures.inc(),
    entrySkipped: (skip) => metrics.journalEntriesSkipped.inc({ consumer: skip.consumer.replace(/@p\d+$/, '') }),
  };
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
  hooks: ConsumerGroupHooks = {},
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
  const isolation = createFailureIsolation();
  /** The consumer applying or flushing right now (a failed run names it). */
  let active: string | null = null;

  /**
   * Each member's share of `entries`, less the entries it skips; members with nothing are left out. A skip not
   * yet confirmed must be followed by an applied entry in the same run, so a share never ends on one.
   */
  const shares = (ready: readonly Member[], entries: readonly JournalEntry[]): Share[] => {
    const out: Share[] = [];
    for (const member of ready) {
      const name = member.consumer.name;
      const after = entries.filter((e) => e.pos > member.position);
      while (after.length > 0 && isolation.tentative(name, (after[after.length - 1] as JournalEntry).pos)) after.pop();
      if (after.length === 0) continue;
      out.push({ member, entries: after.filter((e) => !isolation.skips(name, e.pos)), through: (after[after.length - 1] as JournalEntry).pos });
    }
    return out;
  };

  /**
   * Applies each share, has deferred effects written (those due, and ahead of time as `settle` says), stores the
   * cursors. `settled`: the members with effects still deferred after a settle.
   */
  const applyAll = db.transaction((work: readonly Share[], deferring: readonly Member[], settle: FlushScope | null, settled: Set<Member>) => {
    const durable = new Map<Member, number>();
    for (const { member: m, entries, through } of work) {
      active = m.consumer.name;
      if (entries.length > 0) m.consumer.apply(entries);
      active = null;
      if (m.consumer.deferred === undefined) {
        writeCursor.run(m.consumer.name, through);
        durable.set(m, through);
      }
    }
    for (const m of deferring) {
      const deferred = m.consumer.deferred as NonNullable<JournalConsumer['deferred']>;
      active = m.consumer.name;
      if (settle !== null && deferred.flush(settle)) settled.add(m);
      const applied = work.find((w) => w.member === m)?.through ?? m.position;
      const through = Math.min(applied, deferred.durableThrough(applied));
      active = null;
      if (through !== m.durable) writeCursor.run(m.consumer.name, through);
      writeCursor.run(appliedCursorName(m.consumer.name), applied);
      durable.set(m, through);
    }
    return durable;
  });

  /**
   * The entries whose effects the failed consumer (`active`) was writing: its share of the run, or, when it had
   * none (a settling run), those it applied since its durable cursor.
   */
  const failedPositions = (work: readonly Share[]): number[] => {
    const share = work.find((w) => w.member.consumer.name === active);
    if (share !== undefined) return share.entries.map((e) => e.pos);
    const m = members.find((x) => x.consumer.name === active);
    if (m === undefined || m.durable >= m.position) return [];
    const name = m.consumer.name;
    return journal.readAfter(m.durable, chunkEntries).filter((e) => e.pos <= m.position && !isolation.skips(name, e.pos)).map((e) => e.pos);
  };

  /** The isolation's verdict on the last failed run: narrowing retries at once, anything else in a second. */
  let lastFailure: 'narrowing' | 'retry' = 'retry';

  const reportSkip = (skip: EntrySkip): void => {
    const entry = journal.readAfter(skip.pos - 1, 1)[0];
    const batch = entry?.pos === skip.pos ? { deviceId: entry.deviceId, seq: entry.batch.seq, t0Ms: entry.batch.t0Ms } : {};
    log.error(
      { consumer: skip.consumer, pos: skip.pos, ...batch },
      'journal entry skipped: this consumer fails on it alone and not on the next; the rest goes on (the batch stays in the journal)',
    );
    hooks.entrySkipped?.(skip, entry?.pos === skip.pos ? entry : undefined);
  };

  /** Consumers whose state was reset (a transaction of their own rolled back) read again from their durable cursor. */
  const rewindReset = (): void => {
    for (const m of members) {
      const resets = m.consumer.deferred?.resets;
      if (resets === undefined || resets === m.resets) continue;
      m.resets = resets;
      m.position = m.durable;
    }
  };

  /** Wall clock at the end of the last run that found entries (the journal is quiet `settleMs` after it). */
  let lastEntriesMs = Date.now();

  /**
   * One chunk; returns whether there may be more (entries, or a quiet settle's next share), and whether a consumer
   * was not ready. Finding nothing new, it has deferred effects written: a share when the journal has been quiet
   * for `settleMs`, every one at once (`settleNow`).
   */
  const step = (settleNow = false): { more: boolean; paused: boolean } => {
    rewindReset();
    const ready = members.filter((m) => m.consumer.ready?.() !== false);
    const paused = ready.length < members.length;
    if (ready.length === 0) return { more: false, paused };
    const from = Math.min(...ready.map((m) => m.position));
    const chunk = isolation.chunk(chunkEntries);
    const entries = journal.readAfter(from, chunk);
    const work = shares(ready, entries);
    // Nothing new (a drain, someone waiting: all now; quiet for a while: a share). While a failure is narrowed down,
    // every run settles, so a rollback rewinds no further than the last run that committed.
    const quiet = entries.length === 0 && Date.now() - lastEntriesMs >= settleMs;
    const settle: FlushScope | null =
      (entries.length === 0 && settleNow) || (isolation.isolating && work.length > 0) ? 'all' : quiet ? 'share' : null;
    const deferring = ready.filter((m) => m.consumer.deferred !== undefined && (work.some((w) => w.member === m) || (settle !== null && m.durable < m.position)));
    if (work.length === 0 && deferring.length === 0) return { more: false, paused };
    let durable: Map<Member, number>;
    const settled = new Set<Member>();
    try {
      active = null;
      // Relaxed: what a run writes is derived from the journal, and the intake's next WAL sync covers it (wal-sync.ts).
      durable = walSync === null ? applyAll(work, deferring, settle, settled) : walSync.relaxed(() => applyAll(work, deferring, settle, settled));
    } catch (error) {
      lastFailure = isolation.failed({ positions: failedPositions(work), failedIn: active }, error);
      hooks.runFailed?.(ready.map((m) => m.consumer.name));
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
    for (const { member, through } of work) member.position = through;
    for (const [m, through] of durable) m.durable = through;
    for (const m of new Set([...work.map((w) => w.member), ...deferring])) m.consumer.afterCommit?.();
    const appliedAfter = (consumer: string, pos: number): boolean =>
      work.some((w) => w.member.consumer.name === consumer && w.entries.some((e) => e.pos > pos));
    const skip = isolation.succeeded(appliedAfter, Math.min(...members.map((m) => m.position)));
    if (skip !== null) reportSkip(skip);
    if (entries.length > 0) lastEntriesMs = Date.now();
    return { more: entries.length === chunk || (settle === 'share' && settled.size > 0), paused };
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
      // The transaction rolled back, the cursors did not move (deferred effects: read again). A data error is narrowed
      // down at once (smaller runs); anything else is retried a second later rather than in a spin.
      const consumers = members.map((m) => m.consumer.name);
      if (lastFailure === 'narrowing') {
        log.error({ consumers, err: error }, 'journal consumer failed on the data; narrowing the run down to the entry');
        setTimeout(scheduleNow, 10).unref();
      } else {
        log.error({ consumers, err: error }, 'journal consumer failed; retrying in 1 s');
        setTimeout(scheduleNow, 1000).unref();
      }
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
