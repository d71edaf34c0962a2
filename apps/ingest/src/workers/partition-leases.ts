/**
 * Partition leases in the shared database: which worker holds which partition, until when, and under which
 * epoch. Every claim bumps the partition's epoch; a worker journals and commits a partition's work only while
 * the lease row still carries ITS epoch (`holds`, checked inside each of those transactions). So at most one
 * worker's writes for a partition ever commit at a time, whatever the clocks say: a worker paused past its
 * lease (GC, a stopped VM, a cut network) finds its epoch gone and its transactions refused.
 *
 * One `round` per worker every third of the lease, in one IMMEDIATE transaction: heartbeat, renew, notice what
 * was lost, count the live workers, claim free or expired partitions up to the fair share ceil(P / live), and
 * name the surplus to give back (the worker stops those, then `release`s them) so the split rebalances when a
 * worker joins. Expiry uses wall clocks (one machine here; across machines they must be synchronised well
 * within a lease); the fencing above does not.
 */
import type { SqliteDatabase } from '../db/open-database.js';

export interface PartitionLeaseSettings {
  /** Partitions in all. */
  partitions: number;
  /** How long a lease (and a worker's heartbeat) lasts without renewal, ms. */
  leaseMs: number;
}

/** What one round decided. */
export interface LeaseRound {
  /** Partitions this worker held and no longer does (another worker claimed them after they expired). */
  lost: number[];
  /** Partitions claimed now, with their new epochs. */
  claimed: Map<number, number>;
  /** Partitions held beyond the fair share: stop them, then release them. */
  surplus: number[];
  liveWorkers: number;
  fairShare: number;
}

/** One lease row, for status and tests. */
export interface PartitionLeaseRow {
  part: number;
  workerId: string;
  epoch: number;
  expiresMs: number;
}

export interface PartitionLeases {
  /** Heartbeat, renew `held` (partition → epoch), claim up to the fair share (none while `leaving`). */
  round(held: ReadonlyMap<number, number>, nowMs: number, leaving?: boolean): LeaseRound;
  /** Gives a partition back (after its work stopped); false if this worker no longer held it. */
  release(part: number, epoch: number, nowMs: number): boolean;
  /** Whether this worker holds `part` under `epoch` now (call inside the transaction it guards). */
  holds(part: number, epoch: number): boolean;
  /** Removes this worker's heartbeat (graceful stop, after releasing everything). */
  leave(): void;
  rows(): PartitionLeaseRow[];
}

interface LeaseRow {
  part: number;
  worker_id: string;
  epoch: number;
  expires_ms: number;
}

export function createPartitionLeases(
  db: SqliteDatabase,
  worker: { workerId: string; instance: string; httpUrl: () => string | null; startedMs: number },
  settings: PartitionLeaseSettings,
): PartitionLeases {
  const { partitions, leaseMs } = settings;
  const me = worker.workerId;
  const heartbeat = db.prepare(
    `INSERT INTO ingest_worker (worker_id, instance, http_url, started_ms, heartbeat_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (worker_id) DO UPDATE SET instance = excluded.instance, http_url = excluded.http_url,
       started_ms = excluded.started_ms, heartbeat_ms = excluded.heartbeat_ms, expires_ms = excluded.expires_ms`,
  );
  const renew = db.prepare('UPDATE partition_lease SET expires_ms = ? WHERE part = ? AND worker_id = ? AND epoch = ?');
  const liveCount = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM ingest_worker WHERE expires_ms > ?');
  const all = db.prepare<[], LeaseRow>('SELECT * FROM partition_lease ORDER BY part');
  const claim = db.prepare<[number, string, number], { epoch: number }>(
    `INSERT INTO partition_lease (part, worker_id, epoch, expires_ms) VALUES (?, ?, 1, ?)
     ON CONFLICT (part) DO UPDATE SET worker_id = excluded.worker_id, epoch = epoch + 1, expires_ms = excluded.expires_ms
     RETURNING epoch`,
  );
  const event = db.prepare('INSERT OR REPLACE INTO partition_lease_event (part, epoch, event, worker_id, t_ms) VALUES (?, ?, ?, ?, ?)');
  const giveBack = db.prepare('UPDATE partition_lease SET expires_ms = 0 WHERE part = ? AND worker_id = ? AND epoch = ?');
  const holding = db.prepare<[number, number, string], { n: number }>(
    'SELECT count(*) AS n FROM partition_lease WHERE part = ? AND epoch = ? AND worker_id = ?',
  );
  const forget = db.prepare('DELETE FROM ingest_worker WHERE worker_id = ? AND instance = ?');

  const round = db.transaction((held: ReadonlyMap<number, number>, nowMs: number, leaving: boolean): LeaseRound => {
    const expiresMs = nowMs + leaseMs;
    heartbeat.run(me, worker.instance, worker.httpUrl(), worker.startedMs, nowMs, leaving ? nowMs : expiresMs);
    const lost: number[] = [];
    const kept: number[] = [];
    for (const [part, epoch] of held) {
      if (renew.run(expiresMs, part, me, epoch).changes === 1) kept.push(part);
      else {
        lost.push(part);
        event.run(part, epoch, 'lost', me, nowMs);
      }
    }
    const liveWorkers = Math.max(1, liveCount.get(nowMs)?.n ?? 1);
    const fairShare = leaving ? 0 : Math.ceil(partitions / liveWorkers);
    const claimed = new Map<number, number>();
    if (kept.length < fairShare) {
      const rows = new Map(all.all().map((r) => [r.part, r]));
      for (let part = 0; part < partitions && kept.length + claimed.size < fairShare; part++) {
        if (held.has(part)) continue;
        const row = rows.get(part);
        if (row !== undefined && row.expires_ms > nowMs) continue;
        // Expired without being given back: its holder died or stalled. The new epoch fences it out.
        if (row !== undefined && row.expires_ms > 0) event.run(part, row.epoch, 'expired', row.worker_id, nowMs);
        const epoch = (claim.get(part, me, expiresMs) as { epoch: number }).epoch;
        event.run(part, epoch, 'claimed', me, nowMs);
        claimed.set(part, epoch);
      }
    }
    // Give back the highest-numbered partitions beyond the fair share (another worker has joined).
    const surplus = kept.length > fairShare ? [...kept].sort((a, b) => b - a).slice(0, kept.length - fairShare) : [];
    return { lost, claimed, surplus, liveWorkers, fairShare };
  });

  const release = db.transaction((part: number, epoch: number, nowMs: number): boolean => {
    if (giveBack.run(part, me, epoch).changes === 0) return false;
    event.run(part, epoch, 'released', me, nowMs);
    return true;
  });

  return {
    round: (held, nowMs, leaving = false) => round.immediate(held, nowMs, leaving),
    release: (part, epoch, nowMs) => release.immediate(part, epoch, nowMs),
    holds: (part, epoch) => (holding.get(part, epoch, me)?.n ?? 0) === 1,
    leave: () => {
      forget.run(me, worker.instance);
    },
    rows: () => all.all().map((r) => ({ part: r.part, workerId: r.worker_id, epoch: r.epoch, expiresMs: r.expires_ms })),
  };
}
