/**
 * The ingest service as the system under test: `apps/ingest/src/main.ts` (what `npm start` runs) in its own
 * process on a temporary DATA_DIR and free ports, with N devices and their wearers registered in that
 * database before it starts (the registry and store of the service itself, one transaction).
 *
 * "Stored" is measured from outside, on the service's own database: a batch is stored when the analysis
 * consumer's journal cursor passes its journal position, because that consumer writes the batch's points,
 * rollups and checkpoint in the same transaction as its cursor (exactly once). A worker thread polls the
 * cursor every `pollMs` (its own event loop, so the load generator's busy loop does not delay it) and keeps
 * (wall time, position) whenever it moves; after the run, the journal rows (pos, t0) give each batch its
 * stored time. The service's own histogram (`posture_pipeline_latency_seconds`) measures from the end of each
 * per-second point instead, which adds the time the rest of the batch took to be sampled (the points lie at
 * random phases inside one-second batches), so it cannot show a 1 s bound for 1 s batches.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createDeviceRegistry, createSqliteStore, DATABASE_FILE, openDatabase } from '@stance/ingest';
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
}

const POLLER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
const cursor = db.prepare("SELECT pos FROM journal_cursor WHERE consumer = 'analysis'");
const times = [], positions = [];
let last = -1;
const poll = () => {
  const row = cursor.get();
  const pos = row === undefined ? 0 : row.pos;
  if (pos !== last) { times.push(Date.now()); positions.push(pos); last = pos; }
};
const timer = setInterval(poll, workerData.pollMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); db.close(); }
  parentPort.postMessage({ times, positions });
});
`;

interface CursorTimeline {
  times: number[];
  positions: number[];
}

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
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'apps/ingest/src/main.ts'], {
    cwd: options.repoRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1', PORT: String(httpPort), MQTT_PORT: String(mqttPort), MQTT_WS_PATH: '', DATA_DIR: dataDir,
      LOG_LEVEL: 'warn', MQTT_MAX_CONNECTIONS: String(options.devices + 100),
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
    if (exited || i > 300) throw new Error('bench: the ingest service did not start (see its output above)');
    await new Promise((r) => setTimeout(r, 100));
  }

  const file = join(dataDir, DATABASE_FILE);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const poller = new Worker(POLLER_SOURCE, { eval: true, workerData: { driver, file, pollMs: options.pollMs } });
  const timeline = (message: 'snapshot' | 'stop'): Promise<CursorTimeline> =>
    new Promise((resolve) => {
      poller.once('message', (t: CursorTimeline) => resolve(t));
      poller.postMessage(message);
    });
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  const lastPos = reader.prepare<[], { pos: number | null }>('SELECT max(pos) AS pos FROM journal');
  const rowsAfter = reader.prepare<[number], { pos: number; t0: number; count: number; hz: number }>(
    'SELECT pos, t0_ms AS t0, count, hz FROM journal WHERE pos > ?',
  );
  let scanFromPos = Infinity;

  return {
    label: 'ingest',
    storedMeaning: 'analysed and stored: the analysis consumer committed its points with its journal cursor',
    pid: child.pid as number,
    target: {
      host: '127.0.0.1',
      port: mqttPort,
      deviceId: benchDeviceId,
      password: (i) => tokens[i] ?? null,
    },
    async windowOpening() {
      scanFromPos = Math.min(scanFromPos, lastPos.get()?.pos ?? 0);
    },
    async results(windows: readonly TimeWindow[]): Promise<WindowResult[]> {
      const { times, positions } = await timeline('snapshot');
      const out = windows.map(() => ({ stored: 0, latency: createLatencyHistogram() }));
      const cursorNow = positions[positions.length - 1] ?? 0;
      for (const row of rowsAfter.iterate(Number.isFinite(scanFromPos) ? scanFromPos : 0)) {
        if (row.pos > cursorNow) continue;
        const endMs = row.t0 + (row.count * 1000) / row.hz;
        const w = windows.findIndex((win) => endMs >= win.fromMs && endMs < win.toMs);
        if (w < 0) continue;
        // First poll that saw the cursor at or past this position.
        let lo = 0;
        let hi = positions.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((positions[mid] as number) >= row.pos) hi = mid;
          else lo = mid + 1;
        }
        const result = out[w] as WindowResult;
        result.stored += 1;
        observeMs(result.latency, (times[lo] as number) - endMs);
      }
      return out;
    },
    async settle(timeoutMs) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const h = await health();
        if (h !== null && h.journalDepth === 0) {
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
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
