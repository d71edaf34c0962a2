/**
 * The ingest service as the system under test: `apps/ingest/src/main.ts` (what `npm start` runs) in its own
 * process on a temporary DATA_DIR and free ports, with N devices and their wearers registered in that
 * database before it starts (the registry and store of the service itself, one transaction).
 *
 * "Stored" is measured from outside, on the service's own database: a batch is stored when the analysis
 * consumer's applied position (`analysis:applied`, beside its cursor) passes its journal position, because that
 * consumer writes the batch's points, episodes and alerts in the same transaction as that position (exactly
 * once); the device's rollups and checkpoint follow within ANALYSIS_FLUSH_S (15 s), and the cursor itself
 * (`analysis`) stays below the entries whose rollups are not written yet (analysis/deferred-writes.ts). A
 * worker thread polls both every `pollMs` (its own event loop, so the load generator's busy loop does not delay
 * it) and keeps (wall time, position) whenever it moves; after the run, the journal rows (pos, t0) give each batch its
 * stored time. The service's own histogram (`posture_pipeline_latency_seconds`) measures from the end of each
 * per-second point instead, which adds the time the rest of the batch took to be sampled (the points lie at
 * random phases inside one-second batches), so it cannot show a 1 s bound for 1 s batches.
 *
 * With `store: 'influx'` the service writes its time series to a real InfluxDB (Debian's influxd, started here
 * on free loopback ports with its data in a temporary folder, as the tests start it) through its on-disk
 * outbox. A batch is then stored when InfluxDB has acknowledged the outbox rows that hold its points: the
 * poller also reads the outbox (the highest row id written, the lowest not yet delivered) in the same snapshot
 * as the cursor, so a batch committed at a poll whose highest outbox row was M is stored at the first poll
 * where every row up to M has left the outbox.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createDeviceRegistry, createSqliteStore, DATABASE_FILE, openDatabase, SERVICE_NODE_FLAGS } from '@stance/ingest';
import { startInfluxd } from '../../apps/ingest/tests/helpers/influxd.js';
import { createLatencyHistogram, observeMs } from './latency-histogram.js';
import { freePort } from './proc-stats.js';
import type { SystemUnderTest, TimeWindow, WindowResult } from './system-under-test.js';

export interface IngestServiceOptions {
  /** Devices registered (each with its own wearer). */
  devices: number;
  /** Repository root (where `tsx` and `apps/ingest` are). */
  repoRoot: string;
  /** Cursor poll interval, ms. */
  pollMs: number;
  /** Extra environment for the service (e.g. JOURNAL_SYNC). */
  env?: Record<string, string>;
  /** Extra node flags for the service (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** Where the time series go: SQLite (default, embedded) or a real InfluxDB started for the run. */
  store?: 'sqlite' | 'influx';
}

const POLLER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
// One statement, one snapshot: the cursor and (InfluxDB) the outbox's highest row and the last row delivered.
// The analysis stores how far it applied (points committed) beside its cursor (rollups and checkpoints too,
// which follow within ANALYSIS_FLUSH_S): the larger of the two is how far batches are stored.
const cursor = "(SELECT max(pos) FROM journal_cursor WHERE consumer IN ('analysis', 'analysis:applied'))";
const read = workerData.outbox
  ? db.prepare("SELECT " + cursor + " AS pos, " +
      "(SELECT seq FROM sqlite_sequence WHERE name = 'store_outbox') AS maxId, (SELECT min(id) FROM store_outbox) AS minId")
  : db.prepare("SELECT " + cursor + " AS pos, 0 AS maxId, NULL AS minId");
const times = [], positions = [], maxIds = [], delivered = [];
let last = '';
const poll = () => {
  const row = read.get();
  const pos = row.pos ?? 0, maxId = row.maxId ?? 0;
  const upTo = row.minId === null ? maxId : row.minId - 1;
  const key = pos + ' ' + maxId + ' ' + upTo;
  if (key !== last) { times.push(Date.now()); positions.push(pos); maxIds.push(maxId); delivered.push(upTo); last = key; }
};
const timer = setInterval(poll, workerData.pollMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); db.close(); }
  parentPort.postMessage({ times, positions, maxIds, delivered });
});
`;

interface CursorTimeline {
  times: number[];
  positions: number[];
  /** Highest outbox row id at that poll (0 without an outbox). */
  maxIds: number[];
  /** Every outbox row up to this id has been delivered to InfluxDB. */
  delivered: number[];
}

/** Index of the first entry of the ascending `xs` at or past `value`, searching from `from` (xs.length if none). */
function firstAtLeast(xs: readonly number[], value: number, from = 0): number {
  let lo = from;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) >= value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Journal rows `results` reads before it lets the load generator run again. */
const RESULTS_PAGE_ROWS = 2000;

export const INGEST_DEVICE_PREFIX = 'bench-';

export function benchDeviceId(index: number): string {
  return `${INGEST_DEVICE_PREFIX}${String(index).padStart(5, '0')}`;
}

/** Registers `n` devices, each with a wearer, in a fresh DATA_DIR; returns their tokens. */
function registerDevices(dataDir: string, n: number): string[] {
  const db = openDatabase({ dataDir, sync: 'normal' });
  try {
    const registry = createDeviceRegistry(db);
    const store = createSqliteStore(db);
    return db.transaction(() => {
      const tokens: string[] = [];
      for (let i = 0; i < n; i++) {
        const wearer = store.createWearer(`bench wearer ${i}`, 0);
        tokens.push(registry.create(benchDeviceId(i), wearer.id).token);
      }
      return tokens;
    })();
  } finally {
    db.close();
  }
}

export async function startIngestService(options: IngestServiceOptions): Promise<SystemUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stance-bench-ingest-'));
  const tokens = registerDevices(dataDir, options.devices);
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  const influx = options.store === 'influx' ? await startInfluxd() : null;
  const storeEnv: Record<string, string> = influx ? { STORE: 'influx', INFLUX_URL: influx.url, INFLUX_DB: 'bench' } : {};
  const child: ChildProcess = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...(options.nodeArgs ?? []), '--import', 'tsx', 'apps/ingest/src/main.ts'], {
    cwd: options.repoRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1', PORT: String(httpPort), MQTT_PORT: String(mqttPort), MQTT_WS_PATH: '', DATA_DIR: dataDir,
      LOG_LEVEL: 'warn', MQTT_MAX_CONNECTIONS: String(options.devices + 100),
      ...storeEnv,
      ...options.env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  const base = `http://127.0.0.1:${httpPort}`;
  const health = async (): Promise<{ journalDepth: number } | null> => {
    try {
      const res = await fetch(`${base}/api/health`);
      return res.ok ? ((await res.json()) as { journalDepth: number }) : null;
    } catch {
      return null;
    }
  };
  for (let i = 0; (await health()) === null; i++) {
    if (exited || i > 300) {
      await influx?.cleanup();
      throw new Error('bench: the ingest service did not start (see its output above)');
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const file = join(dataDir, DATABASE_FILE);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const poller = new Worker(POLLER_SOURCE, { eval: true, workerData: { driver, file, pollMs: options.pollMs, outbox: influx !== null } });
  const timeline = (message: 'snapshot' | 'stop'): Promise<CursorTimeline> =>
    new Promise((resolve) => {
      poller.once('message', (t: CursorTimeline) => resolve(t));
      poller.postMessage(message);
    });
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  const lastPos = reader.prepare<[], { pos: number | null }>('SELECT max(pos) AS pos FROM journal');
  const rowsPage = reader.prepare<[number, number], { pos: number; t0: number; count: number; hz: number }>(
    'SELECT pos, t0_ms AS t0, count, hz FROM journal WHERE pos > ? ORDER BY pos LIMIT ?',
  );
  const outboxRows = influx ? reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM store_outbox') : null;
  /** The journal's end when each window opened: its batches come after it. */
  const openedAt = new Map<TimeWindow, number>();
  /** What `results` has counted so far: each window's stored batches, and the windows' batches not stored yet. */
  const judged = new Map<TimeWindow, WindowResult>();
  let unjudged: { pos: number; endMs: number; window: TimeWindow }[] = [];
  let scannedThroughPos = 0;

  return {
    label: influx ? 'ingest (InfluxDB)' : 'ingest',
    storedMeaning: influx
      ? 'analysed and in InfluxDB: the outbox rows holding its points were acknowledged by influxd'
      : 'analysed and stored: the analysis consumer committed its points with its journal cursor',
    pid: child.pid as number,
    target: {
      host: '127.0.0.1',
      port: mqttPort,
      deviceId: benchDeviceId,
      password: (i) => tokens[i] ?? null,
    },
    async windowOpening(window) {
      openedAt.set(window, lastPos.get()?.pos ?? 0);
    },
    // Incremental, and a page at a time: this runs in the load generator's thread between windows. Scanning every
    // window's rows at once held it for 0.4-0.7 s (more with each window), so the fleet went silent and then sent
    // a burst of thousands of batches, which is what fleets near the limit then failed on.
    async results(windows: readonly TimeWindow[]): Promise<WindowResult[]> {
      const { times, positions, maxIds, delivered } = await timeline('snapshot');
      const cursorNow = positions[positions.length - 1] ?? 0;
      const resultOf = (w: TimeWindow): WindowResult => {
        let r = judged.get(w);
        if (r === undefined) judged.set(w, (r = { stored: 0, latency: createLatencyHistogram() }));
        return r;
      };
      for (;;) {
        const page = rowsPage.all(scannedThroughPos, RESULTS_PAGE_ROWS);
        for (const row of page) {
          const endMs = row.t0 + (row.count * 1000) / row.hz;
          const window = windows.find((w) => endMs >= w.fromMs && endMs < w.toMs && row.pos > (openedAt.get(w) ?? 0));
          if (window !== undefined) unjudged.push({ pos: row.pos, endMs, window });
        }
        if (page.length > 0) scannedThroughPos = (page[page.length - 1] as { pos: number }).pos;
        if (page.length < RESULTS_PAGE_ROWS) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      // A batch is stored at the first poll that saw the cursor at or past it (its commit); with InfluxDB, then at
      // the first poll at which everything that commit had put in the outbox was delivered.
      unjudged = unjudged.filter((u) => {
        if (u.pos > cursorNow) return true;
        let at = firstAtLeast(positions, u.pos);
        if (at >= positions.length) return true;
        if (influx) {
          at = firstAtLeast(delivered, maxIds[at] as number, at);
          if (at >= delivered.length) return true;
        }
        const r = resultOf(u.window);
        r.stored += 1;
        observeMs(r.latency, (times[at] as number) - u.endMs);
        return false;
      });
      return windows.map(resultOf);
    },
    async settle(timeoutMs) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const h = await health();
        if (h !== null && h.journalDepth === 0 && (outboxRows?.get()?.n ?? 0) === 0) {
          await new Promise((r) => setTimeout(r, 3 * options.pollMs));
          return true;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      return false;
    },
    async stop() {
      await timeline('stop');
      await poller.terminate();
      reader.close();
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      await influx?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
