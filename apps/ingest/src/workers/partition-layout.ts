/**
 * The partition layout of a database used by ingest workers: how many partitions (every worker must agree, so it
 * is stored), and the move between single-process and worker mode without losing or repeating a journal entry.
 *
 * - **Into worker mode** (first worker on this database): each partition's consumer cursor (`analysis@pK`,
 *   `sample-count@pK`) starts where the single-process consumer's cursor stands, and the entries it has not
 *   read yet get their partition. Entries at or below that cursor were processed by the single-process consumer;
 *   those after it are processed by their partition's consumer: each exactly once.
 * - **Back to single-process mode, or to another partition count**: only once every partition's consumers have
 *   processed their whole partition (all workers stopped gracefully, which drains them). The plain cursors (or
 *   the new partitions' cursors) then start at the journal's end. Otherwise the start is refused.
 */
import type { SqliteDatabase } from '../db/open-database.js';
import { stanceError } from '../errors.js';
import { partitioner } from './partition-of.js';

/** The journal consumers every partition has, by their single-process cursor names. */
export const PARTITIONED_CONSUMERS: readonly string[] = Object.freeze(['sample-count', 'analysis']);

/** Cursor name of consumer `base` for partition `part`. */
export function partitionCursorName(base: string, part: number): string {
  return `${base}@p${part}`;
}

/** The partition count this database was laid out with, or null (never used by workers, or left again). */
export function storedPartitionCount(db: SqliteDatabase): number | null {
  const row = db.prepare<[], { partitions: number }>('SELECT partitions FROM partition_layout WHERE id = 1').get();
  return row?.partitions ?? null;
}

/**
 * Worker start: lays the database out in `partitions` partitions, or checks that it already is. Throws
 * CONFIG_UNSUPPORTED when another count is stored and the journal is not drained or other workers are live.
 */
export function ensurePartitionLayout(db: SqliteDatabase, partitions: number, nowMs: number): void {
  const partitionOf = partitioner(partitions);
  db.function('stance_partition', { deterministic: true }, (deviceId: unknown) => partitionOf(String(deviceId)));
  db.transaction(() => {
    const stored = storedPartitionCount(db);
    if (stored === partitions) return;
    const plain = new Map(PARTITIONED_CONSUMERS.map((c) => [c, readCursor(db, c)]));
    if (stored !== null) {
      const busy = undrained(db, stored);
      const live = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM ingest_worker WHERE expires_ms > ?').get(nowMs)?.n ?? 0;
      if (busy !== null || live > 0) {
        throw stanceError('CONFIG_UNSUPPORTED', {
          variable: 'INGEST_PARTITIONS',
          reason: `this database is laid out in ${stored} partitions and ${busy !== null ? `${busy} has not processed its whole partition` : `${live} worker(s) are running`}; every worker must use the same count (to change it, stop every worker gracefully first)`,
        });
      }
      // Drained: everything up to the journal's end is processed, whatever the partition count was.
      const end = journalEnd(db);
      for (const c of PARTITIONED_CONSUMERS) plain.set(c, end);
      db.prepare("DELETE FROM journal_cursor WHERE consumer LIKE '%@p%'").run();
      db.prepare('DELETE FROM partition_lease').run();
    }
    const setCursor = db.prepare('INSERT INTO journal_cursor (consumer, pos) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET pos = excluded.pos');
    for (const c of PARTITIONED_CONSUMERS) {
      for (let k = 0; k < partitions; k++) setCursor.run(partitionCursorName(c, k), plain.get(c) ?? 0);
    }
    // Entries not yet read by every single-process consumer get their partition (journaled in single-process mode).
    const from = Math.min(...PARTITIONED_CONSUMERS.map((c) => plain.get(c) ?? 0));
    db.prepare('UPDATE journal SET part = stance_partition(device_id) WHERE pos > ? AND part IS NULL').run(from);
    db.prepare('INSERT INTO partition_layout (id, partitions, created_ms) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET partitions = excluded.partitions, created_ms = excluded.created_ms')
      .run(partitions, nowMs);
  }).immediate();
}

/**
 * Single-process start on a database that workers used: allowed once every partition is drained; the plain
 * cursors then start at the journal's end and the layout is removed. Throws CONFIG_UNSUPPORTED otherwise.
 */
export function leaveWorkerMode(db: SqliteDatabase): void {
  if (storedPartitionCount(db) === null) return;
  db.transaction(() => {
    const stored = storedPartitionCount(db);
    if (stored === null) return;
    const busy = undrained(db, stored);
    if (busy !== null) {
      throw stanceError('CONFIG_UNSUPPORTED', {
        variable: 'WORKER_ID',
        reason: `this database is used by ingest workers (${stored} partitions) and ${busy} has not processed its whole partition; start a worker (WORKER_ID) until it has`,
      });
    }
    const end = journalEnd(db);
    const setCursor = db.prepare('INSERT INTO journal_cursor (consumer, pos) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET pos = excluded.pos');
    for (const c of PARTITIONED_CONSUMERS) setCursor.run(c, end);
    db.prepare("DELETE FROM journal_cursor WHERE consumer LIKE '%@p%'").run();
    db.prepare('DELETE FROM partition_lease').run();
    db.prepare('DELETE FROM partition_layout').run();
  }).immediate();
}

/** Every partition consumer's cursor (pruning keeps what the slowest of them has not processed). */
export function partitionCursors(db: SqliteDatabase): number[] {
  return db.prepare<[], { pos: number }>("SELECT pos FROM journal_cursor WHERE consumer LIKE '%@p%'").all().map((r) => r.pos);
}

/** The first partition cursor behind its partition's newest entry, or null when all are caught up. */
function undrained(db: SqliteDatabase, partitions: number): string | null {
  const newest = db.prepare<[number], { pos: number | null }>('SELECT max(pos) AS pos FROM journal WHERE part = ?');
  for (let k = 0; k < partitions; k++) {
    const last = newest.get(k)?.pos ?? 0;
    for (const c of PARTITIONED_CONSUMERS) {
      const name = partitionCursorName(c, k);
      if (readCursor(db, name) < last) return name;
    }
  }
  return null;
}

function readCursor(db: SqliteDatabase, name: string): number {
  return db.prepare<[string], { pos: number }>('SELECT pos FROM journal_cursor WHERE consumer = ?').get(name)?.pos ?? 0;
}

function journalEnd(db: SqliteDatabase): number {
  return db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'journal'").get()?.seq ?? 0;
}
