/**
 * The parts of worker mode that need no broker: the partition hash, the settings, leases (fair share,
 * rebalancing, takeover after expiry, fencing by epoch) on a real SQLite file with two handles (as two
 * processes would have), and the partition layout's move in and out of worker mode.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsFromEnv } from '../src/config.js';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { createDeviceRegistry } from '../src/devices/device-registry.js';
import { createJournal } from '../src/intake/journal.js';
import { StanceError } from '../src/errors.js';
import { ensurePartitionLayout, leaveWorkerMode, partitionCursorName, storedPartitionCount } from '../src/workers/partition-layout.js';
import { createPartitionLeases, type PartitionLeases } from '../src/workers/partition-leases.js';
import { fnv1a32, partitioner } from '../src/workers/partition-of.js';
import { makeBatch, tempDir } from './helpers.js';

const LEASE_MS = 3000;
const P = 8;

describe('partition of a device', () => {
  it('is FNV-1a (32 bits) of the id modulo the partition count', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    const of = partitioner(8);
    expect(of('foobar')).toBe(0xbf9cf968 % 8);
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 4000; i++) counts[of(`sensor-${i}`)] = (counts[of(`sensor-${i}`)] ?? 0) + 1;
    for (const n of counts) expect(n).toBeGreaterThan(400); // about 500 each
  });
});

describe('worker settings', () => {
  it('reads WORKER_ID, INGEST_PARTITIONS and PARTITION_LEASE_S; worker mode needs MQTT_URL', () => {
    const s = settingsFromEnv({ MQTT_URL: 'mqtt://b:1883', WORKER_ID: 'w-1', INGEST_PARTITIONS: '16', PARTITION_LEASE_S: '2.5' });
    expect(s).toMatchObject({ workerId: 'w-1', ingestPartitions: 16, partitionLeaseS: 2.5 });
    expect(settingsFromEnv({})).toMatchObject({ workerId: null, ingestPartitions: 8, partitionLeaseS: 10 });
    const refused = (env: Record<string, string>): string => {
      try {
        settingsFromEnv(env);
      } catch (error) {
        if (error instanceof StanceError) return error.message;
      }
      return 'accepted';
    };
    expect(refused({ WORKER_ID: 'w-1' })).toMatch(/^invalid value for WORKER_ID: .*MQTT_URL/);
    expect(refused({ MQTT_URL: 'mqtt://b', WORKER_ID: 'w 1' })).toMatch(/^invalid value for WORKER_ID/);
    expect(refused({ INGEST_PARTITIONS: '0' })).toMatch(/^invalid value for INGEST_PARTITIONS/);
  });
});

describe('partition leases', () => {
  const dirs: string[] = [];
  const dbs: SqliteDatabase[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  /** Two handles on one database file, as two worker processes have. */
  const twoWorkers = (): [PartitionLeases, PartitionLeases, SqliteDatabase] => {
    const dir = tempDir();
    dirs.push(dir);
    const open = () => {
      const db = openDatabase({ dataDir: dir, sync: 'normal', immediateTransactions: true });
      dbs.push(db);
      return db;
    };
    const [a, b] = [open(), open()];
    const leases = (db: SqliteDatabase, workerId: string) =>
      createPartitionLeases(db, { workerId, instance: workerId, httpUrl: () => null, startedMs: 0 }, { partitions: P, leaseMs: LEASE_MS });
    return [leases(a, 'A'), leases(b, 'B'), a];
  };
  const holdings = (leases: PartitionLeases, nowMs: number) => {
    const out = new Map<string, number[]>();
    for (const r of leases.rows()) if (r.expiresMs > nowMs) out.set(r.workerId, [...(out.get(r.workerId) ?? []), r.part]);
    return out;
  };

  it('splits the partitions, rebalances when a worker joins, and fences a worker whose lease was taken', () => {
    const [a, b] = twoWorkers();
    let t = 1_000_000;
    // A alone: every partition.
    const first = a.round(new Map(), t);
    expect(first.fairShare).toBe(P);
    const heldA = new Map(first.claimed);
    expect([...heldA.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // B joins: nothing is free yet; A sees two workers and names its surplus.
    t += 1000;
    expect(b.round(new Map(), t).claimed.size).toBe(0);
    const second = a.round(heldA, t);
    expect(second).toMatchObject({ liveWorkers: 2, fairShare: 4, surplus: [7, 6, 5, 4], lost: [] });
    for (const part of second.surplus) {
      expect(a.release(part, heldA.get(part) as number, t)).toBe(true);
      heldA.delete(part);
    }
    t += 1000;
    const joined = b.round(new Map(), t);
    expect([...joined.claimed.keys()]).toEqual([4, 5, 6, 7]);
    const heldB = new Map(joined.claimed);
    expect(holdings(a, t)).toEqual(new Map([['A', [0, 1, 2, 3]], ['B', [4, 5, 6, 7]]]));
    for (const [part, epoch] of heldA) expect(a.holds(part, epoch)).toBe(true);
    expect(b.holds(0, heldA.get(0) as number)).toBe(false); // the lease row is A's

    // A stops renewing (killed): after the lease, B takes A's partitions under new epochs; A is fenced out.
    t += LEASE_MS + 1;
    const takeover = b.round(heldB, t);
    expect(takeover.liveWorkers).toBe(1);
    expect([...takeover.claimed.keys()]).toEqual([0, 1, 2, 3]);
    for (const [part, epoch] of heldA) {
      expect(takeover.claimed.get(part)).toBe(epoch + 1);
      expect(a.holds(part, epoch)).toBe(false);
    }
    // A wakes up: its round reports every partition lost, claims nothing (B's leases are fresh).
    const woke = a.round(heldA, t + 1);
    expect(woke.lost).toEqual([0, 1, 2, 3]);
    expect(woke.claimed.size).toBe(0);
  });

  it('records who held each partition under which epoch', () => {
    const [a, b, db] = twoWorkers();
    let t = 5_000_000;
    const held = new Map(a.round(new Map(), t).claimed);
    t += LEASE_MS + 1;
    b.round(new Map(), t);
    const events = db.prepare('SELECT part, epoch, event, worker_id AS workerId FROM partition_lease_event WHERE part = 0 ORDER BY epoch, event').all();
    expect(events).toEqual([
      { part: 0, epoch: 1, event: 'claimed', workerId: 'A' },
      { part: 0, epoch: 1, event: 'expired', workerId: 'A' },
      { part: 0, epoch: 2, event: 'claimed', workerId: 'B' },
    ]);
    expect(held.get(0)).toBe(1);
  });
});

describe('partition layout', () => {
  it('starts partition cursors where the single-process consumers stopped, and refuses to leave undrained', () => {
    const dir = tempDir();
    const db = openDatabase({ dataDir: dir, sync: 'normal' });
    try {
      createDeviceRegistry(db).create('lay-a');
      const journal = createJournal(db);
      db.transaction(() => {
        for (let seq = 0; seq < 5; seq++) journal.append({ deviceId: 'lay-a', boot: 0, batch: makeBatch(seq, 5), format: 'json', receivedMs: 1 });
      })();
      const setCursor = db.prepare('INSERT OR REPLACE INTO journal_cursor (consumer, pos) VALUES (?, ?)');
      setCursor.run('sample-count', 5);
      setCursor.run('analysis', 3); // the analysis had not read entries 4 and 5
      ensurePartitionLayout(db, 4, 0);
      expect(storedPartitionCount(db)).toBe(4);
      const cursor = (name: string) => (db.prepare('SELECT pos FROM journal_cursor WHERE consumer = ?').get(name) as { pos: number }).pos;
      for (let k = 0; k < 4; k++) {
        expect(cursor(partitionCursorName('sample-count', k))).toBe(5);
        expect(cursor(partitionCursorName('analysis', k))).toBe(3);
      }
      const part = partitioner(4)('lay-a');
      const parts = db.prepare('SELECT pos, part FROM journal ORDER BY pos').all() as { pos: number; part: number | null }[];
      expect(parts).toEqual([1, 2, 3, 4, 5].map((pos) => ({ pos, part: pos > 3 ? part : null })));
      // Another count while entries wait: refused, naming the variable.
      expect(() => ensurePartitionLayout(db, 8, 0)).toThrow(/INGEST_PARTITIONS: .*4 partitions/);
      expect(() => leaveWorkerMode(db)).toThrow(/WORKER_ID: .*analysis@p/);
      // Drained: back to single-process mode, the plain cursors at the journal's end.
      setCursor.run(partitionCursorName('analysis', part), 5);
      leaveWorkerMode(db);
      expect(storedPartitionCount(db)).toBeNull();
      expect(cursor('analysis')).toBe(5);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
