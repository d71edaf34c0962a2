/**
 * Group commit: every write that arrives in the same turn of the event loop (or within `delayMs` of the
 * group's first write) goes into one SQLite transaction, and each write's callback fires only after that
 * transaction has committed. One commit (one WAL append, one fsync with JOURNAL_SYNC=full) then serves every
 * batch that arrived meanwhile, instead of one per batch.
 *
 * Callbacks fire in the order their writes were queued, including queued items without a write (refused or
 * duplicate batches): MQTT 3.1.1 wants PUBACKs in the order of the PUBLISHes, and a duplicate of a batch
 * still waiting for its commit must not be acknowledged before that commit either.
 *
 * With a `WalSync` (JOURNAL_SYNC=full) a group commits without the fsync and its callbacks wait for the WAL's
 * sync on the thread pool (db/wal-sync.ts), while the next groups commit; groups queued behind it wait too, so
 * the order holds. `flush` (shutdown, tests) syncs in the calling thread and fires everything committed.
 */
import type { SqliteDatabase } from '../db/open-database.js';
import type { WalSync } from '../db/wal-sync.js';
import { stanceError } from '../errors.js';

export type Write = () => void;
export type Done = (error?: Error | null) => void;

export interface GroupCommitHooks {
  /** Runs inside each transaction after the queued writes (e.g. save per-device state). */
  beforeCommit?: () => void;
  /** After a successful commit, with the number of writes it held (not counting `enqueueOther`'s). */
  afterCommit?: (writes: number) => void;
  /** After a failed transaction was rolled back. */
  afterRollback?: (error: Error) => void;
  /** The WAL sync after a commit failed: that group's writes are not acknowledged (their durability is unknown). */
  afterSyncFailure?: (error: Error) => void;
  /** A callback threw; the others still run. Default: rethrown on the next tick (a bug, so loudly). */
  onCallbackError?: (error: unknown) => void;
}

export interface GroupCommitSettings {
  /**
   * How long a group waits for more writes after its first, ms. 0: commits after the current turn of the
   * event loop. A few ms make each commit carry many batches (the commit is the intake's main cost) and add
   * at most that much to each PUBACK.
   */
  delayMs: number;
  /** A group this large commits at once, without waiting out `delayMs`. */
  maxWrites: number;
}

export const DEFAULT_GROUP_COMMIT_SETTINGS: Readonly<GroupCommitSettings> = Object.freeze({ delayMs: 0, maxWrites: 2000 });

export interface GroupCommitter {
  /** Queues `write` (null: nothing to write) and calls `done` once the group holding it has committed (and is synced). */
  enqueue(write: Write | null, done: Done): void;
  /**
   * The same for a write that is not a journal entry (a device's status): it shares the group's commit and sync
   * instead of paying for its own, and is not counted among the group's writes (`afterCommit`). It must not throw:
   * a throw rolls back the whole group, other devices' batches with it.
   */
  enqueueOther(write: Write, done: Done): void;
  /** Commits what is queued now and syncs it, synchronously: every callback queued so far has fired (shutdown, tests). */
  flush(): void;
  /** Flushes, then refuses further writes with SHUTTING_DOWN. */
  close(): void;
  /** Items waiting for the next commit. */
  readonly pending: number;
}

/** A committed (or failed, or write-less) group whose callbacks wait for their turn. */
interface Settling {
  dones: Done[];
  failure: Error | null;
  /** Its writes are on disk (or it had none, or it failed): it may fire once every group before it has. */
  ready: boolean;
}

export function createGroupCommitter(
  db: SqliteDatabase,
  hooks: GroupCommitHooks = {},
  settings: Partial<GroupCommitSettings> = {},
  walSync: WalSync | null = null,
): GroupCommitter {
  const { delayMs, maxWrites } = { ...DEFAULT_GROUP_COMMIT_SETTINGS, ...settings };
  let writes: (Write | null)[] = [];
  /** Of `writes`, those queued by `enqueueOther`. */
  let otherWrites = 0;
  let callbacks: Done[] = [];
  let scheduled = false;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  /** Groups in queue order whose callbacks have not fired. */
  const settling: Settling[] = [];

  // Immediate: the writes may read before they write (a batch's identity), and a deferred transaction that has
  // read cannot wait for the write lock (the checkpoint thread's RESTART holds it up to 20 ms): it fails at once.
  const runGroup = db.transaction((group: readonly (Write | null)[]) => {
    for (const write of group) write?.();
    hooks.beforeCommit?.();
  }).immediate;
  const commit = (group: readonly (Write | null)[]): void => {
    if (walSync === null) runGroup(group);
    else walSync.relaxed(() => runGroup(group));
  };

  const fire = (group: Settling): void => {
    for (const done of group.dones) {
      try {
        done(group.failure);
      } catch (error) {
        if (hooks.onCallbackError) hooks.onCallbackError(error);
        else setImmediate(() => {
          throw error;
        });
      }
    }
  };

  const release = (): void => {
    while (settling[0]?.ready === true) fire(settling.shift() as Settling);
  };

  /** Commits the queued group; its callbacks fire now, or once the WAL sync it waits for completes. */
  const commitQueued = (): void => {
    scheduled = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (callbacks.length === 0) return;
    const group = writes;
    const entry: Settling = { dones: callbacks, failure: null, ready: true };
    const others = otherWrites;
    writes = [];
    otherWrites = 0;
    callbacks = [];
    const writeCount = group.reduce((n, w) => (w === null ? n : n + 1), 0);
    if (writeCount > 0) {
      try {
        commit(group);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        entry.failure = stanceError('JOURNAL_WRITE_FAILED', { reason }, error);
        hooks.afterRollback?.(entry.failure);
      }
      if (entry.failure === null) {
        hooks.afterCommit?.(writeCount - others);
        if (walSync !== null) {
          entry.ready = false;
          walSync.sync((error) => {
            if (entry.ready) return; // a synchronous flush got there first
            if (error !== null) {
              entry.failure = syncFailure(error);
              hooks.afterSyncFailure?.(entry.failure);
            }
            entry.ready = true;
            release();
          });
        }
      }
    }
    settling.push(entry);
    release();
  };

  const flush = (): void => {
    commitQueued();
    if (settling.length === 0) return;
    let failure: Error | null = null;
    try {
      walSync?.syncNow();
    } catch (error) {
      failure = syncFailure(error);
      hooks.afterSyncFailure?.(failure);
    }
    for (const entry of settling) {
      if (!entry.ready) entry.failure = failure;
      entry.ready = true;
    }
    release();
  };

  const enqueue = (write: Write | null, done: Done): void => {
    if (closed) {
      done(stanceError('SHUTTING_DOWN'));
      return;
    }
    writes.push(write);
    callbacks.push(done);
    if (!scheduled) {
      scheduled = true;
      // setImmediate runs after the current poll phase: every socket read in this turn joins the group.
      if (delayMs <= 0) setImmediate(commitQueued);
      else timer = setTimeout(commitQueued, delayMs);
    } else if (timer !== null && callbacks.length >= maxWrites) {
      clearTimeout(timer);
      timer = null;
      setImmediate(commitQueued);
    }
  };

  return {
    enqueue,
    enqueueOther(write, done) {
      if (!closed) otherWrites += 1;
      enqueue(write, done);
    },
    flush,
    close() {
      flush();
      closed = true;
    },
    get pending() {
      return callbacks.length;
    },
  };
}

/** The group's writes committed but may not be on disk: refused, so the sensor sends them again. */
function syncFailure(error: unknown): Error {
  const reason = `the WAL could not be synced to disk: ${error instanceof Error ? error.message : String(error)}`;
  return stanceError('JOURNAL_WRITE_FAILED', { reason }, error);
}
