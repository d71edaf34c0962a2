/**
 * Group commit: every write that arrives in the same turn of the event loop (or within `delayMs` of the
 * group's first write) goes into one SQLite transaction, and each write's callback fires only after that
 * transaction has committed. One commit (one WAL append, one fsync with JOURNAL_SYNC=full) then serves every
 * batch that arrived meanwhile, instead of one per batch.
 *
 * Callbacks fire in the order their writes were queued, including queued items without a write (refused or
 * duplicate batches): MQTT 3.1.1 wants PUBACKs in the order of the PUBLISHes, and a duplicate of a batch
 * still waiting for its commit must not be acknowledged before that commit either.
 */
import type { SqliteDatabase } from '../db/open-database.js';
import { stanceError } from '../errors.js';

export type Write = () => void;
export type Done = (error?: Error | null) => void;

export interface GroupCommitHooks {
  /** Runs inside each transaction after the queued writes (e.g. save per-device state). */
  beforeCommit?: () => void;
  /** After a successful commit, with the number of writes it held. */
  afterCommit?: (writes: number) => void;
  /** After a failed transaction was rolled back. */
  afterRollback?: (error: Error) => void;
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
  /** Queues `write` (null: nothing to write) and calls `done` once the group holding it has committed. */
  enqueue(write: Write | null, done: Done): void;
  /** Commits what is queued now, synchronously (shutdown, tests). */
  flush(): void;
  /** Flushes, then refuses further writes with SHUTTING_DOWN. */
  close(): void;
  /** Items waiting for the next commit. */
  readonly pending: number;
}

export function createGroupCommitter(
  db: SqliteDatabase,
  hooks: GroupCommitHooks = {},
  settings: Partial<GroupCommitSettings> = {},
): GroupCommitter {
  const { delayMs, maxWrites } = { ...DEFAULT_GROUP_COMMIT_SETTINGS, ...settings };
  let writes: (Write | null)[] = [];
  let callbacks: Done[] = [];
  let scheduled = false;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const runGroup = db.transaction((group: readonly (Write | null)[]) => {
    for (const write of group) write?.();
    hooks.beforeCommit?.();
  });

  const flush = (): void => {
    scheduled = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (callbacks.length === 0) return;
    const group = writes;
    const dones = callbacks;
    writes = [];
    callbacks = [];
    const writeCount = group.reduce((n, w) => (w === null ? n : n + 1), 0);
    let failure: Error | null = null;
    if (writeCount > 0) {
      try {
        runGroup(group);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        failure = stanceError('JOURNAL_WRITE_FAILED', { reason }, error);
        hooks.afterRollback?.(failure);
      }
      if (failure === null) hooks.afterCommit?.(writeCount);
    }
    for (const done of dones) {
      try {
        done(failure);
      } catch (error) {
        if (hooks.onCallbackError) hooks.onCallbackError(error);
        else setImmediate(() => {
          throw error;
        });
      }
    }
  };

  return {
    enqueue(write, done) {
      if (closed) {
        done(stanceError('SHUTTING_DOWN'));
        return;
      }
      writes.push(write);
      callbacks.push(done);
      if (!scheduled) {
        scheduled = true;
        // setImmediate runs after the current poll phase: every socket read in this turn joins the group.
        if (delayMs <= 0) setImmediate(flush);
        else timer = setTimeout(flush, delayMs);
      } else if (timer !== null && callbacks.length >= maxWrites) {
        clearTimeout(timer);
        timer = null;
        setImmediate(flush);
      }
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
