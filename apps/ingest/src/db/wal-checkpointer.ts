/**
 * WAL checkpoints in a thread of their own.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past `wal_autocheckpoint` pages: it
 * copies the WAL's pages into the database file and syncs both, in the event loop. Under load that is a stall of
 * hundreds of ms every few seconds, and it is what kept the p99 of 5,000 sensors over a second (apps/ingest/
 * README.md, Throughput). Here a worker thread with its own connection runs a PASSIVE checkpoint every
 * `intervalMs`: it copies what readers allow without taking any lock a writer needs, and the copying and the syncs
 * happen on another core. A WAL only starts again from its beginning when a writer finds it wholly copied, which
 * never happens while the intake commits every few ms; so once it holds `restartPages` and nearly all of it is
 * copied, the thread runs a RESTART, which holds writers off (for at most `restartWaitMs`) while it copies the
 * last frames, so the next commit writes from the start of the file again. The connection's own automatic
 * checkpoint stays on at `fallbackPages`, should this thread fall behind or die.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.js';
import type { SqliteDatabase } from './open-database.js';

export interface WalCheckpointerSettings {
  /** Time between two checkpoints, ms. */
  intervalMs: number;
  /** WAL size (pages) from which the thread restarts the WAL once it is nearly all copied. */
  restartPages: number;
  /** Longest a RESTART waits for the writer and the readers (holding new writers off meanwhile), ms. */
  restartWaitMs: number;
  /** The connection's own automatic checkpoint (pages): the backstop. */
  fallbackPages: number;
}

export const DEFAULT_WAL_CHECKPOINTER_SETTINGS: Readonly<WalCheckpointerSettings> = Object.freeze({
  intervalMs: 200,
  restartPages: 8000,
  restartWaitMs: 20,
  fallbackPages: 100_000,
});

/** What one round of the thread reports. */
interface CheckpointRound {
  /** Pages in the WAL, and how many of them are copied into the database file. */
  walPages: number;
  copiedPages: number;
  /** The WAL starts again from its beginning. */
  restarted: boolean;
}

export interface WalCheckpointer {
  /** Rounds run so far (tests, metrics). */
  readonly rounds: number;
  readonly restarts: number;
  /** Stops the thread and closes its connection (before the service closes its own). */
  stop(): Promise<void>;
}

// Plain CommonJS, evaluated in the worker (no TypeScript loader needed there).
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.restartWaitMs);
db.pragma('synchronous = ' + workerData.synchronous);
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const restart = db.prepare('PRAGMA wal_checkpoint(RESTART)');
let timer = null;
const round = () => {
  timer = null;
  try {
    let r = passive.get();
    let restarted = false;
    if (r.log >= workerData.restartPages && r.log - r.checkpointed <= workerData.restartPages / 8) {
      const x = restart.get();
      restarted = x.busy === 0;
      if (restarted) r = x;
    }
    parentPort.postMessage({ kind: 'round', walPages: r.log, copiedPages: r.checkpointed, restarted });
  } catch (error) {
    parentPort.postMessage({ kind: 'error', message: String(error && error.message || error) });
  }
  timer = setTimeout(round, workerData.intervalMs);
};
timer = setTimeout(round, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  if (timer !== null) clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

export function startWalCheckpointer(
  db: SqliteDatabase,
  log: Logger,
  settings: Partial<WalCheckpointerSettings> = {},
): WalCheckpointer {
  const s = { ...DEFAULT_WAL_CHECKPOINTER_SETTINGS, ...settings };
  db.pragma(`wal_autocheckpoint = ${s.fallbackPages}`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { driver, file: db.name, synchronous: db.pragma('synchronous', { simple: true }), ...s },
  });
  worker.unref();
  let rounds = 0;
  let restarts = 0;
  let lastError = '';
  worker.on('message', (m: { kind: 'round' } & CheckpointRound | { kind: 'error'; message: string }) => {
    if (m.kind === 'error') {
      // Once per distinct error: a reader holding the WAL fails every round the same way.
      if (m.message !== lastError) log.warn({ reason: m.message }, 'WAL checkpoint failed; the next round tries again');
      lastError = m.message;
      return;
    }
    lastError = '';
    rounds += 1;
    if (m.restarted) restarts += 1;
  });
  worker.on('error', (error) => log.error({ err: error }, 'WAL checkpoint thread died; the connection checkpoints by itself from now on'));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    get rounds() {
      return rounds;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
