/**
 * The InfluxDB adapter against a real `influxd` (Debian's 1.6, started by the test on loopback ports): the
 * store contract every adapter runs, raw samples (from the journal, in SQLite), the line protocol, and the
 * request the v2 write API sends (1.6 has no /api/v2/write: checked against a recording HTTP server).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open-database.js';
import { createJournal } from '../src/intake/journal.js';
import { createInfluxClient } from '../src/store/influx-client.js';
import { integer, line } from '../src/store/influx-line-protocol.js';
import { createInfluxStore, DEFAULT_INFLUX_STORE_SETTINGS, type InfluxStoreSettings } from '../src/store/influx-store.js';
import { emptyStoreBatch } from '../src/store/store-port.js';
import { SILENT_LOGGER } from '../src/log.js';
import { tempDir } from './helpers.js';
import { startInfluxd, type InfluxServer } from './helpers/influxd.js';
import { rawContract, runStoreContract, type StoreUnderTest } from './store-contract.js';

let server: InfluxServer;
let databases = 0;

beforeAll(async () => {
  server = await startInfluxd();
});
afterAll(async () => {
  await server?.cleanup();
});

function storeSettings(db: string, url = server.url): InfluxStoreSettings {
  return {
    ...DEFAULT_INFLUX_STORE_SETTINGS,
    connection: { url, db, org: null, bucket: null, token: null, requestTimeoutMs: 5000 },
  };
}

/** A fresh store: its own SQLite folder and its own InfluxDB database. */
function makeInfluxStore(): StoreUnderTest {
  const dataDir = tempDir('stance-influx-store-');
  const db = openDatabase({ dataDir, sync: 'normal' });
  const journal = createJournal(db);
  const store = createInfluxStore(db, storeSettings(`contract_${process.pid}_${++databases}`), { log: SILENT_LOGGER });
  let seq = 0;
  return {
    store,
    appendRaw(deviceId, t0Ms, hz, acc, gyr) {
      const batch = { seq: seq++, t0Ms, hz, count: acc.length / 3, acc: Float64Array.from(acc), gyr: Float64Array.from(gyr) };
      journal.append({ deviceId, boot: 0, batch, format: 'json', receivedMs: 0 });
    },
    cleanup() {
      store.close();
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

runStoreContract('influx (v1 API, InfluxDB 1.6)', makeInfluxStore);
describe('influx raw samples', () => rawContract(makeInfluxStore));

describe('influx line protocol', () => {
  it('escapes names, tags and strings, leaves out missing values, and writes ms timestamps', () => {
    expect(line('m x', { b: 'v,1', a: 'w=2 x' }, { s: 'say "hi" \\o/', f: 1.5, i: integer(3), t: true, n: Number.NaN, z: null }, 1000.4))
      .toBe('m\\ x,a=w\\=2\\ x,b=v\\,1 s="say \\"hi\\" \\\\o/",f=1.5,i=3i,t=true 1000');
    expect(() => line('m', { a: 'b' }, { n: Number.NaN }, 0)).toThrow(RangeError);
  });

  it('round-trips awkward tag values through a real server', async () => {
    const client = createInfluxClient(storeSettings('escapes').connection);
    await client.ensureDatabase();
    const wearer = 'a b,c=d"e\\f';
    await client.write(line('posture_point', { wearer }, { posture: 'upright', flexion_deg: 1 }, 5000));
    const series = await client.query('SELECT flexion_deg FROM posture_point WHERE wearer = $w', { w: wearer });
    expect(series[0]?.values).toEqual([[5000, 1]]);
  });
});

describe('influx v2 write API', () => {
  it('sends /api/v2/write with org, bucket, ms precision and the token', async () => {
    const seen: { url: string; auth: string; body: string }[] = [];
    const fake = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', auth: req.headers.authorization ?? '', body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
      const client = createInfluxClient({ url, db: null, org: 'clinic', bucket: 'stance/autogen', token: 't0k', requestTimeoutMs: 2000 });
      expect(client.api).toBe('v2');
      await client.write('m f=1 1');
      expect(seen).toEqual([{ url: '/api/v2/write?org=clinic&bucket=stance%2Fautogen&precision=ms', auth: 'Token t0k', body: 'm f=1 1' }]);
    } finally {
      fake.close();
    }
  });

  it('explains a server without the v2 API (InfluxDB 1.6) and keeps the data for a retry', async () => {
    const client = createInfluxClient({ url: server.url, db: null, org: 'o', bucket: 'b', token: null, requestTimeoutMs: 2000 });
    await expect(client.write('m f=1 1')).rejects.toMatchObject({ status: 404, retryable: true, message: expect.stringMatching(/before 1\.8.*INFLUX_DB/) });
  });

  it('uses basic auth for user:password with the v1 API', async () => {
    const client = createInfluxClient({ url: server.url, db: 'authcheck', org: null, bucket: null, token: 'ada:secret', requestTimeoutMs: 2000 });
    // Auth is off on the test server, so the credentials are accepted and ignored: the request itself must be well-formed.
    expect(await client.ensureDatabase()).toBe(true);
    await client.write('m f=1 1');
  });
});

describe('influx outbox', () => {
  it('keeps writes on disk while InfluxDB is unreachable and reads fail clearly', async () => {
    const dataDir = tempDir('stance-influx-down-');
    const db = openDatabase({ dataDir, sync: 'normal' });
    // A port nobody listens on.
    const store = createInfluxStore(db, { ...storeSettings('down', 'http://127.0.0.1:9'), readWaitMs: 50 }, { log: SILENT_LOGGER });
    try {
      store.write({ ...emptyStoreBatch(), events: [{ deviceId: 'dev-1', tMs: 1000, type: 'button', action: 'snooze' }] });
      expect(store.queueStatus()).toMatchObject({ rows: 1, full: false });
      expect(await store.flush(300)).toBe(false);
      expect(store.queueStatus()).toMatchObject({ rows: 1, failing: true });
      await expect(store.readEvents('dev-1', { fromMs: 0, toMs: 2000 })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    } finally {
      store.close();
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
