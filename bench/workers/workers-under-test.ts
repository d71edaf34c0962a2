/**
 * N ingest workers (`apps/ingest/src/main.ts` with `WORKER_ID`, one process each) on one temporary DATA_DIR
 * behind Debian's Mosquitto, as the system under test of the fleet ladder (bench/ingest/fleet-steps.ts): the
 * devices connect to Mosquitto with their tokens, the workers hold the partitions' MQTT sessions.
 *
 * "Stored" is measured as for the single service (bench/ingest/ingest-service.ts), per partition: a batch is
 * stored when its partition's analysis has applied it (`analysis@pK:applied`, committed with its points; the
 * cursor `analysis@pK` itself waits for the deferred rollups) passes its journal position. A worker thread polls the cursors every `pollMs`. The process measured for CPU and memory by the
 * ladder is the first worker; `cpuReport` gives every worker's and Mosquitto's CPU over the last window.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createDeviceRegistry, createSqliteStore, DATABASE_FILE, openDatabase, SERVICE_NODE_FLAGS } from '@stance/ingest';
import { benchDeviceId } from '../ingest/ingest-service.js';
import { createLatencyHistogram, observeMs } from '../ingest/latency-histogram.js';
import { cpuTimeS, freePort } from '../ingest/proc-stats.js';
import type { SystemUnderTest, TimeWindow, WindowResult } from '../ingest/system-under-test.js';
import { BENCH_SERVICE_USER, startBenchMosquitto } from './bench-mosquitto.js';

export interface WorkersUnderTestOptions {
  workers: number;
  partitions: number;
  devices: number;
  repoRoot: string;
  pollMs: number;
  env?: Record<string, string>;
}

const POLLER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
// Per partition the larger of its cursor and its applied position ('analysis@pK:applied'): how far points are stored.
const cursors = db.prepare("SELECT CAST(substr(consumer, 11) AS INTEGER) AS part, max(pos) AS pos FROM journal_cursor WHERE consumer LIKE 'analysis@p%' GROUP BY 1");
const timelines = {};
const poll = () => {
  const now = Date.now();
  for (const row of cursors.all()) {
    const part = row.part;
    const t = timelines[part] ?? (timelines[part] = { times: [], positions: [] });
    if (t.positions[t.positions.length - 1] !== row.pos) { t.times.push(now); t.positions.push(row.pos); }
  }
};
const timer = setInterval(poll, workerData.pollMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); db.close(); }
  parentPort.postMessage(timelines);
});
`;

type Timelines = Record<number, { times: number[]; positions: number[] }>;

function registerFleet(dataDir: string, n: number): string[] {
  const db = openDatabase({ dataDir, sync: 'normal' });
  try {
    const registry = createDeviceRegistry(db);
    const store = createSqliteStore(db);
    return db.transaction(() => Array.from({ length: n }, (_, i) => registry.create(benchDeviceId(i), store.createWearer(`bench wearer ${i}`, 0).id).token))();
  } finally {
    db.close();
  }
}

export interface WorkersUnderTest extends SystemUnderTest {
  /** CPU of each worker and of Mosquitto since the last window opened, % of one core. */
  cpuReport(): string;
}

export async function startWorkers(options: WorkersUnderTestOptions): Promise<WorkersUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stance-bench-workers-'));
  const tokens = registerFleet(dataDir, options.devices);
  const mosquitto = await startBenchMosquitto(dataDir);
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  for (let i = 0; i < options.workers; i++) {
    const httpPort = await freePort();
    ports.push(httpPort);
    children.push(spawn(process.execPath, [...SERVICE_NODE_FLAGS, '--import', 'tsx', 'apps/ingest/src/main.ts'], {
      cwd: options.repoRoot,
      env: {
        ...process.env,
        HOST: '127.0.0.1', PORT: String(httpPort), DATA_DIR: dataDir, LOG_LEVEL: 'warn',
        MQTT_URL: `mqtt://127.0.0.1:${mosquitto.port}`, MQTT_USERNAME: BENCH_SERVICE_USER.username, MQTT_PASSWORD: BENCH_SERVICE_USER.password,
        MQTT_CLIENT_ID: 'stance-bench', WORKER_ID: `bench-w${i + 1}`, INGEST_PARTITIONS: String(options.partitions), PARTITION_LEASE_S: '3',
        ...options.env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    }));
  }
  const file = join(dataDir, DATABASE_FILE);
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  // Running once every worker answers and the partitions are split evenly.
  const split = reader.prepare<[number], { n: number }>('SELECT count(*) AS n FROM partition_lease WHERE expires_ms > ? GROUP BY worker_id');
  const fair = Math.floor(options.partitions / options.workers);
  for (let i = 0; ; i++) {
    const counts = split.all(Date.now()).map((r) => r.n);
    if (counts.length === options.workers && counts.every((n) => n >= fair)) break;
    if (children.some((c) => c.exitCode !== null) || i > 600) throw new Error('bench: the workers did not start (see their output above)');
    await new Promise((r) => setTimeout(r, 100));
  }

  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const poller = new Worker(POLLER_SOURCE, { eval: true, workerData: { driver, file, pollMs: options.pollMs } });
  const timelines = (message: 'snapshot' | 'stop'): Promise<Timelines> =>
    new Promise((resolve) => {
      poller.once('message', (t: Timelines) => resolve(t));
      poller.postMessage(message);
    });
  const lastPos = reader.prepare<[], { pos: number | null }>('SELECT max(pos) AS pos FROM journal');
  const rowsAfter = reader.prepare<[number], { pos: number; part: number; t0: number; count: number; hz: number }>(
    'SELECT pos, part, t0_ms AS t0, count, hz FROM journal WHERE pos > ?',
  );
  const backlog = reader.prepare<[], { n: number }>(
    `SELECT count(*) AS n FROM journal j JOIN journal_cursor c ON c.consumer = 'analysis@p' || j.part WHERE j.pos > c.pos`,
  );
  let scanFromPos = Infinity;
  const pids = [...children.map((c) => c.pid as number), mosquitto.pid];
  let cpuMark = { atMs: Date.now(), cpu: pids.map(cpuTimeS) };

  return {
    label: `${options.workers} worker${options.workers > 1 ? 's' : ''}`,
    storedMeaning: 'analysed and stored: the partition\'s analysis consumer committed its points with its cursor',
    pid: children[0]?.pid as number,
    target: { host: '127.0.0.1', port: mosquitto.port, deviceId: benchDeviceId, password: (i) => tokens[i] ?? null },
    async windowOpening() {
      scanFromPos = Math.min(scanFromPos, lastPos.get()?.pos ?? 0);
      cpuMark = { atMs: Date.now(), cpu: pids.map(cpuTimeS) };
    },
    cpuReport() {
      const s = (Date.now() - cpuMark.atMs) / 1000;
      const pct = pids.map((pid, i) => (100 * (cpuTimeS(pid) - (cpuMark.cpu[i] as number))) / s);
      const names = [...children.map((_, i) => `w${i + 1}`), 'mosquitto'];
      return names.map((n, i) => `${n} ${(pct[i] as number).toFixed(0)} %`).join(', ');
    },
    async results(windows: readonly TimeWindow[]): Promise<WindowResult[]> {
      const t = await timelines('snapshot');
      const out = windows.map(() => ({ stored: 0, latency: createLatencyHistogram() }));
      for (const row of rowsAfter.iterate(Number.isFinite(scanFromPos) ? scanFromPos : 0)) {
        const line = t[row.part];
        if (line === undefined || (line.positions.at(-1) ?? 0) < row.pos) continue;
        const endMs = row.t0 + (row.count * 1000) / row.hz;
        const w = windows.findIndex((win) => endMs >= win.fromMs && endMs < win.toMs);
        if (w < 0) continue;
        let lo = 0;
        let hi = line.positions.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((line.positions[mid] as number) >= row.pos) hi = mid;
          else lo = mid + 1;
        }
        const result = out[w] as WindowResult;
        result.stored += 1;
        observeMs(result.latency, (line.times[lo] as number) - endMs);
      }
      return out;
    },
    async settle(timeoutMs) {
      // The PUBACKs the load generator awaited are Mosquitto's: wait until the workers stop journaling (what
      // Mosquitto still queued for their sessions has arrived) and have processed everything.
      const until = Date.now() + timeoutMs;
      let last = -1;
      let stableSince = Date.now();
      while (Date.now() < until) {
        const pos = lastPos.get()?.pos ?? 0;
        if (pos !== last) {
          last = pos;
          stableSince = Date.now();
        } else if (Date.now() - stableSince >= 1000 && (backlog.get()?.n ?? 1) === 0) {
          await new Promise((r) => setTimeout(r, 3 * options.pollMs));
          return true;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      return false;
    },
    async stop() {
      await timelines('stop');
      await poller.terminate();
      reader.close();
      await Promise.all(children.map((c) => {
        if (c.exitCode !== null) return Promise.resolve();
        const done = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        return done;
      }));
      await mosquitto.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
