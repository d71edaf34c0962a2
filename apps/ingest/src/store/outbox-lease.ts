/**
 * Who delivers the store outbox. In worker mode several processes share the outbox table; if each sent it,
 * two requests holding different versions of the same rollup bucket could land in the wrong order and leave
 * InfluxDB with the older one until the bucket's next rewrite (never, for a bucket whose data is complete).
 * So one process at a time delivers: the holder of this lease (one row), renewed before every request.
 *
 * The holder is named by the worker id (`WORKER_ID`; the single service is `service`), so a process that
 * restarts under the same name takes its lease back at once instead of waiting for it to expire. A clean stop
 * gives the lease up; a holder that dies loses it after `leaseMs`, and whoever looks next takes it over and
 * sends again what the dead one had sent but not removed (idempotent: the same keys, in the same order).
 *
 * Left open: a holder paused between renewing the lease and its request reaching the server for longer than
 * the lease (the lease is far longer than a request's timeout), while another took over and sent newer rows.
 * InfluxDB has no conditional write to fence that with.
 */
import type { SqliteDatabase } from '../db/open-database.js';

export interface OutboxLease {
  /** Takes or renews the lease for `leaseMs` from `nowMs` if it is free, expired or already ours. */
  claim(nowMs: number): boolean;
  /** Gives the lease up if it is ours. */
  release(): void;
  /** Who holds it now (even if expired), or null. */
  holder(): string | null;
}

export function createOutboxLease(db: SqliteDatabase, holder: string, leaseMs: number): OutboxLease {
  db.exec(`CREATE TABLE IF NOT EXISTS store_outbox_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    holder TEXT NOT NULL,
    expires_ms INTEGER NOT NULL
  )`);
  const q = {
    // One statement: taken when absent, expired or ours; another holder's live lease is left as it is.
    claim: db.prepare<[{ holder: string; now: number; lease: number }]>(
      `INSERT INTO store_outbox_lease (id, holder, expires_ms) VALUES (1, @holder, @now + @lease)
       ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms
       WHERE store_outbox_lease.holder = excluded.holder OR store_outbox_lease.expires_ms <= @now`,
    ),
    release: db.prepare<[string]>('DELETE FROM store_outbox_lease WHERE holder = ?'),
    holder: db.prepare<[], { holder: string }>('SELECT holder FROM store_outbox_lease WHERE id = 1'),
  };
  /** Until when this process holds it for sure (no other process takes a live lease), epoch ms. */
  let heldUntilMs = Number.NEGATIVE_INFINITY;
  return {
    claim(nowMs) {
      // Renewed once half of it is used: not a write (and a WAL sync) at every request and poll.
      if (heldUntilMs - nowMs > leaseMs / 2) return true;
      const taken = q.claim.run({ holder, now: nowMs, lease: leaseMs }).changes === 1;
      heldUntilMs = taken ? nowMs + leaseMs : Number.NEGATIVE_INFINITY;
      return taken;
    },
    release() {
      heldUntilMs = Number.NEGATIVE_INFINITY;
      q.release.run(holder);
    },
    holder: () => q.holder.get()?.holder ?? null,
  };
}
