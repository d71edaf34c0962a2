/**
 * Durable commits without an fsync in the event loop (JOURNAL_SYNC=full).
 *
 * With `synchronous = FULL` every COMMIT fdatasyncs the WAL in the committing thread: the service's only
 * thread waits for the disk a hundred times a second, and the kernel's work for it counts against that thread.
 * What needs the sync is the acknowledgement, not the commit: a PUBACK promises the batch survives power
 * loss. So the intake (and the journal consumers) commit with `synchronous = NORMAL` (the frames reach the
 * kernel, not yet the disk; a crash of the process loses nothing) inside `relaxed`, and `sync` fdatasyncs the
 * WAL file on libuv's thread pool; the PUBACKs leave when it completes. That is the sync FULL does at commit,
 * done later and shared by every commit made meanwhile. A WAL is recovered as a prefix of its commits, so a
 * consumer's commit (re-derivable from the journal) is covered by the next sync after it; other writers of the
 * connection (the API) keep the connection's own level.
 *
 * `fdatasync` of any descriptor of the file flushes what every descriptor wrote. The connection keeps its WAL
 * for as long as it is open, so the file opened here is the one SQLite writes.
 */
import fs from 'node:fs';
import type { SqliteDatabase } from './open-database.js';

export type SyncDone = (error: Error | null) => void;

export interface WalSync {
  /** Runs `commit` (a whole transaction) with the connection's commit-time sync off. */
  relaxed<T>(commit: () => T): T;
  /** fdatasyncs the WAL on the thread pool; covers every commit made before the call. One at a time: calls meanwhile share the next. */
  sync(done: SyncDone): void;
  /** The same, blocking (shutdown, a synchronous flush). */
  syncNow(): void;
  /** Closes the WAL's descriptor (the database closes after). */
  close(): void;
}

export function createWalSync(db: SqliteDatabase): WalSync {
  const walPath = `${db.name}-wal`;
  const own = db.pragma('synchronous', { simple: true }) as number;
  // PRAGMA synchronous takes effect when the statement is compiled, so it is not a statement to prepare once.
  const relax = `PRAGMA synchronous = NORMAL`;
  const restore = `PRAGMA synchronous = ${own}`;
  let fd: number | null = null;
  let running = false;
  /** Callers of the sync in flight, and of the next one. */
  let current: SyncDone[] = [];
  let next: SyncDone[] = [];

  /** The WAL's descriptor; null while there is no WAL file (nothing committed to sync). */
  const walFd = (): number | null => {
    if (fd !== null) return fd;
    try {
      fd = fs.openSync(walPath, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return fd;
  };

  const start = (): void => {
    running = true;
    current = next;
    next = [];
    const finish = (error: Error | null): void => {
      running = false;
      const done = current;
      current = [];
      for (const d of done) d(error);
      if (next.length > 0) start();
    };
    let target: number | null;
    try {
      target = walFd();
    } catch (error) {
      setImmediate(finish, error as Error);
      return;
    }
    if (target === null) setImmediate(finish, null);
    else fs.fdatasync(target, (error) => finish(error));
  };

  return {
    relaxed(commit) {
      if (own <= 1) return commit();
      db.exec(relax);
      try {
        return commit();
      } finally {
        db.exec(restore);
      }
    },
    sync(done) {
      next.push(done);
      if (!running) start();
    },
    syncNow() {
      const target = walFd();
      if (target !== null) fs.fdatasyncSync(target);
    },
    close() {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}
