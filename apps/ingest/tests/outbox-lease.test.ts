/**
 * One deliverer for a shared store outbox (worker mode: several processes, one SQLite file, one InfluxDB).
 * Two deliveries on two connections to the same database file, each with its own client of a real `influxd`
 * (recorded, to see who sent what): only the lease holder sends, in outbox order, including the rows the other
 * appended; a holder that stops hands over at once; one that dies hands over when its lease expires; a
 * restart under the same name takes its lease back at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { SILENT_LOGGER } from '../src/log.js';
import { createInfluxClient, type InfluxClient } from '../src/store/influx-client.js';
import { createOutboxDelivery, DEFAULT_OUTBOX_DELIVERY_SETTINGS, type OutboxDelivery } from '../src/store/outbox-delivery.js';
import { createOutboxLease } from '../src/store/outbox-lease.js';
import { createStoreOutbox, type StoreOutbox } from '../src/store/store-outbox.js';
import { tempDir } from './helpers.js';
import { startInfluxd, type InfluxServer } from './helpers/influxd.js';

let server: InfluxServer;
let databases = 0;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  server = await startInfluxd();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) c();
  await server?.cleanup();
});

const SETTINGS = { ...DEFAULT_OUTBOX_DELIVERY_SETTINGS, pollMs: 50, retryInitialMs: 50, retryMaxMs: 200 };

interface Process {
  db: SqliteDatabase;
  outbox: StoreOutbox;
  delivery: OutboxDelivery;
  /** Bodies this process's client sent. */
  sent: string[];
}

/** A "process": its own connection to the shared database file, outbox, lease and recorded InfluxDB client. */
function startProcess(dataDir: string, influxDb: string, name: string, leaseMs: number): Process {
  const db = openDatabase({ dataDir, sync: 'normal', immediateTransactions: true });
  const outbox = createStoreOutbox(db);
  const real = reader(influxDb);
  const sent: string[] = [];
  const client: InfluxClient = { ...real, write: async (body) => { sent.push(body); await real.write(body); } };
  const delivery = createOutboxDelivery(
    { outbox, client, log: SILENT_LOGGER, lease: createOutboxLease(db, name, leaseMs), prepare: () => real.ensureDatabase() },
    SETTINGS,
  );
  const p = { db, outbox, delivery, sent };
  cleanups.push(() => {
    delivery.close();
    if (db.open) db.close();
  });
  return p;
}

/** Appends one line (a new version of series `key`) in a transaction, as a store write does. */
function append(p: Process, key: string, version: number): void {
  p.db.transaction(() => p.outbox.append([`bucket,part=${key} version=${version}i 1763712000000`], Date.now()))();
  p.delivery.wake();
}

function reader(influxDb: string): InfluxClient {
  return createInfluxClient({ url: server.url, db: influxDb, org: null, bucket: null, token: null, requestTimeoutMs: 5000 });
}

async function versions(client: InfluxClient): Promise<Record<string, number>> {
  const series = await client.query('SELECT last(version) FROM bucket GROUP BY part');
  return Object.fromEntries(series.map((s) => [s.tags?.part ?? '', Number(s.values[0]?.[1])]));
}

describe('store outbox lease', () => {
  it('only the holder sends, in outbox order, the other process\'s rows too; a clean stop hands over at once', async () => {
    const dataDir = tempDir('stance-outbox-lease-');
    const influxDb = `lease_${++databases}`;
    const w1 = startProcess(dataDir, influxDb, 'w1', 30_000);
    const w2 = startProcess(dataDir, influxDb, 'w2', 30_000);
    append(w1, 'a', 1);
    expect(await w1.delivery.settled(5000)).toBe(true);
    // Both write new versions of the same buckets, interleaved, as two workers' rollup rewrites would.
    for (let v = 2; v <= 20; v++) append(v % 2 === 0 ? w2 : w1, v % 3 === 0 ? 'a' : 'b', v);
    expect(await w2.delivery.settled(5000)).toBe(true); // w2's rows, delivered by w1
    expect(await w1.delivery.settled(5000)).toBe(true);
    expect(w2.sent).toEqual([]);
    expect(w1.sent.join('\n').split('\n').map((l) => Number(/version=(\d+)/.exec(l)?.[1]))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await versions(reader(influxDb))).toEqual({ a: 18, b: 20 });

    w1.delivery.close(); // gives the lease up
    append(w2, 'a', 21);
    expect(await w2.delivery.settled(5000)).toBe(true);
    expect(w2.sent.join('\n')).toContain('version=21i');
  });

  it('a holder that died is replaced when its lease expires; a restart under the same name takes it back at once', async () => {
    const dataDir = tempDir('stance-outbox-lease-');
    const influxDb = `lease_${++databases}`;
    // w1 took the lease and died (it never delivers nor releases).
    const shared = openDatabase({ dataDir, sync: 'normal', immediateTransactions: true });
    cleanups.push(() => shared.open && shared.close());
    createStoreOutbox(shared);
    const takenMs = Date.now();
    expect(createOutboxLease(shared, 'w1', 1500).claim(takenMs)).toBe(true);
    const w2 = startProcess(dataDir, influxDb, 'w2', 1500);
    append(w2, 'a', 1);
    expect(await w2.delivery.settled(700)).toBe(false);
    expect(w2.sent).toEqual([]);
    expect(await w2.delivery.settled(5000)).toBe(true);
    expect(Date.now() - takenMs).toBeGreaterThanOrEqual(1500);
    expect(w2.sent).toHaveLength(1);

    // w2 holds it now. A "w2" restarted (a new process under the same name) does not wait for the old lease.
    w2.delivery.close();
    expect(createOutboxLease(shared, 'w2', 60_000).claim(Date.now())).toBe(true); // the old w2 took it again and died
    const again = startProcess(dataDir, influxDb, 'w2', 60_000);
    append(again, 'a', 2);
    expect(await again.delivery.settled(2000)).toBe(true);
    expect(again.sent).toHaveLength(1);
    expect(await versions(reader(influxDb))).toEqual({ a: 2 });
  });
});
