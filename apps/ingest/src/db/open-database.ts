/**
 * Opens the service's SQLite database in DATA_DIR: WAL (readers never block the writer, and a commit is one
 * append to the log), the chosen `synchronous` level, and the schema migrated to the latest version.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { JournalSync } from '../config.js';
import { MIGRATIONS } from './migrations.js';

export type SqliteDatabase = Database.Database;

/** WAL size, in pages, at which a commit checkpoints it (SQLite's default is 1,000). */
const WAL_AUTOCHECKPOINT_PAGES = 8000;

/** File name of the database inside DATA_DIR. */
export const DATABASE_FILE = 'stance.sqlite';

export interface OpenDatabaseOptions {
  dataDir: string;
  /** `full`: fsync the WAL at every commit (an acknowledged batch survives power loss). `normal`: survives a process crash only. */
  sync: JournalSync;
  /**
   * Several processes write this database (ingest workers): every `db.transaction(...)` begins with
   * `BEGIN IMMEDIATE`, taking the write lock at its start. A deferred transaction that reads, then writes,
   * fails at once with SQLITE_BUSY_SNAPSHOT when another process committed in between (WAL cannot upgrade a
   * stale read snapshot), and the busy timeout does not help it; an immediate one waits its turn instead.
   */
  immediateTransactions?: boolean;
}

export function openDatabase(options: OpenDatabaseOptions): SqliteDatabase {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const db = new Database(path.join(options.dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'}`);
  // Another process (a CLI, a test) may hold the write lock briefly; wait rather than fail.
  db.pragma('busy_timeout = 5000');
  // A checkpoint copies the WAL's pages into the database file (and syncs it), in the committing thread. At 8,000
  // pages (32 MB) instead of 1,000 it comes an eighth as often and a page rewritten meanwhile is copied once. The
  // service checkpoints on a thread of its own instead and keeps this only as a backstop (wal-checkpointer.ts).
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  migrate(db);
  if (options.immediateTransactions === true) preferImmediateTransactions(db);
  return db;
}

function migrate(db: SqliteDatabase): void {
  const current = (): number => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(`database schema version ${version} is newer than this service (${MIGRATIONS.length})`);
    }
    return version;
  };
  if (current() === MIGRATIONS.length) return;
  // Immediate, and the version read again inside: two processes starting together migrate once, in turn.
  db.transaction(() => {
    const version = current();
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v] as string);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

/**
 * Makes calling `db.transaction(fn)` begin immediate (nested calls still use savepoints); its `.immediate`,
 * `.deferred` and `.exclusive` variants stay as they are.
 */
function preferImmediateTransactions(db: SqliteDatabase): void {
  const original = db.transaction.bind(db);
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    const variants = original(fn);
    return Object.assign((...args: never[]) => variants.immediate(...args), {
      default: variants.immediate, deferred: variants.deferred, immediate: variants.immediate, exclusive: variants.exclusive,
    });
  }) as SqliteDatabase['transaction'];
}
