/**
 * The durable outbox of a remote store: a table in the service's SQLite database holding line-protocol text
 * that InfluxDB has not acknowledged yet. `append` runs inside the caller's transaction, so a journal
 * consumer's output enters the outbox in the same commit that advances its cursor; rows leave only after the
 * server acknowledged them (`remove`). Between the two, a crash or an outage loses nothing, and a row sent but
 * not yet removed is sent again after a restart, which overwrites (idempotent natural keys).
 *
 * The outbox IS the spill buffer: it lives on disk from the first byte, because a record held only in memory
 * after its cursor moved would be lost by a crash. Memory holds only the write in flight
 * (`maxWriteBytes`), so it stays bounded however long InfluxDB is away; the disk use is bounded by the
 * back-pressure limit (see influx-store.ts).
 *
 * The table is created here (IF NOT EXISTS) rather than by a schema migration: only this adapter uses it.
 */
import type { SqliteDatabase } from '../db/open-database.js';

export interface OutboxRow {
  id: number;
  lines: number;
  bytes: number;
  body: string;
}

export interface OutboxStatus {
  /** Rows (one per store write) not yet acknowledged. */
  rows: number;
  /** Line-protocol bytes they hold. */
  bytes: number;
  /** When the oldest was written (wall clock, epoch ms); null when empty. */
  oldestMs: number | null;
}

export interface StoreOutbox {
  /** Adds a row (inside the caller's transaction when there is one); returns its id. */
  append(lines: readonly string[], nowMs: number): number;
  /** The oldest rows, in order, up to `maxBytes` in total (at least one row when there is one). */
  peek(maxBytes: number): OutboxRow[];
  /** Removes every row up to and including `lastId` (they were acknowledged). */
  remove(lastId: number): void;
  /** Counts, from the table (corrects the running figures, e.g. after a rolled-back append). */
  refresh(): OutboxStatus;
  /** Running figures, cheap (updated by append/remove, corrected by refresh). */
  readonly status: Readonly<OutboxStatus>;
  /** Highest id appended so far (0 if none). */
  readonly lastId: number;
  /** True when no row with id ≤ `id` is left. */
  deliveredUpTo(id: number): boolean;
}

export function createStoreOutbox(db: SqliteDatabase): StoreOutbox {
  db.exec(`CREATE TABLE IF NOT EXISTS store_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_ms INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    body TEXT NOT NULL
  )`);
  const q = {
    insert: db.prepare('INSERT INTO store_outbox (created_ms, lines, bytes, body) VALUES (?, ?, ?, ?)'),
    head: db.prepare<[], OutboxRow>('SELECT id, lines, bytes, body FROM store_outbox ORDER BY id'),
    remove: db.prepare('DELETE FROM store_outbox WHERE id <= ?'),
    totals: db.prepare<[], { rows: number; bytes: number }>('SELECT count(*) AS rows, coalesce(sum(bytes), 0) AS bytes FROM store_outbox'),
    oldest: db.prepare<[], { created_ms: number }>('SELECT created_ms FROM store_outbox ORDER BY id LIMIT 1'),
    firstAtMost: db.prepare<[number], { id: number }>('SELECT id FROM store_outbox WHERE id <= ? LIMIT 1'),
    maxId: db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM store_outbox'),
  };
  const status: OutboxStatus = { rows: 0, bytes: 0, oldestMs: null };
  let lastId = q.maxId.get()?.id ?? 0;

  const refresh = (): OutboxStatus => {
    const totals = q.totals.get() ?? { rows: 0, bytes: 0 };
    status.rows = totals.rows;
    status.bytes = totals.bytes;
    status.oldestMs = q.oldest.get()?.created_ms ?? null;
    return { ...status };
  };
  refresh();

  return {
    append(lines, nowMs) {
      const body = lines.join('\n');
      const bytes = Buffer.byteLength(body);
      const id = Number(q.insert.run(nowMs, lines.length, bytes, body).lastInsertRowid);
      lastId = Math.max(lastId, id);
      status.rows += 1;
      status.bytes += bytes;
      status.oldestMs ??= nowMs;
      return id;
    },
    peek(maxBytes) {
      const out: OutboxRow[] = [];
      let total = 0;
      for (const row of q.head.iterate()) {
        if (out.length > 0 && total + row.bytes > maxBytes) break;
        out.push(row);
        total += row.bytes;
      }
      return out;
    },
    remove(id) {
      q.remove.run(id);
      refresh();
    },
    refresh,
    status,
    get lastId() {
      return lastId;
    },
    deliveredUpTo: (id) => q.firstAtMost.get(id) === undefined,
  };
}
