/**
 * Soak: a fleet at 50 Hz through the ingest service (its own process, shipped settings, SQLite) for 30 minutes,
 * sampled every minute: RSS and V8 heap of the service (a preloaded reporter, soak/heap-reporter.mjs), p50 and
 * p99 of batch end to stored over that minute (as in the ingest bench), PUBACK p99, CPU, journal depth. The
 * question is whether memory and latency stay flat. Not in the default `npm run bench`: run it with
 * `npm run bench -- --only soak` (or `npx tsx bench/soak.ts`).
 *
 * Environment: STANCE_SOAK_MIN (default 30), STANCE_SOAK_DEVICES (default 1000: a third of the largest fleet the
 * service held on this machine, so a slow leak shows as growth, not as a service already at its limit).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { createBatchSource } from './ingest/batch-source.js';
import { startIngestService } from './ingest/ingest-service.js';
import { HISTOGRAM_LIMIT_MS, quantileMs } from './ingest/latency-histogram.js';
import { LoadGenerator } from './ingest/load-generator.js';
import { cpuTimeS, loadAverage1m, rssBytes } from './ingest/proc-stats.js';
import type { WindowResult } from './ingest/system-under-test.js';

const MIB = 2 ** 20;

function envInt(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? '');
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

interface Minute {
  minute: number;
  offered: number;
  stored: number;
  p50Ms: number;
  p99Ms: number;
  ackP99Ms: number;
  rssMb: number;
  heapUsedMb: number;
  cpuPct: number;
  load: number;
}

/** Least-squares slope of ys over xs. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export async function run(): Promise<BenchResult[]> {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const minutes = envInt('STANCE_SOAK_MIN', 30);
  const devices = envInt('STANCE_SOAK_DEVICES', 1000);
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  const heapDir = mkdtempSync(join(tmpdir(), 'stance-soak-'));
  const heapFile = join(heapDir, 'heap.json');
  const reporter = fileURLToPath(new URL('./soak/heap-reporter.mjs', import.meta.url));
  const sut = await startIngestService({
    devices, repoRoot, pollMs: 10, env: { STANCE_HEAP_FILE: heapFile, STANCE_HEAP_EVERY_MS: '5000' }, nodeArgs: ['--import', reporter],
  });
  const source = createBatchSource();
  const generator = new LoadGenerator(sut.target, source);
  const rows: Minute[] = [];
  const windows: { fromMs: number; toMs: number }[] = [];
  const offered: number[] = [];
  let finalStored = Number.NaN;
  const heapUsedMb = (): number => {
    try {
      return (JSON.parse(readFileSync(heapFile, 'utf8')) as { heapUsed: number }).heapUsed / MIB;
    } catch {
      return Number.NaN;
    }
  };
  try {
    await generator.grow(devices);
    generator.start();
    const startMs = Date.now() + 5000;
    log(`soak: ${devices} devices at 50 Hz for ${minutes} min; minute | offered | stored | p50 ms | p99 ms | PUBACK p99 ms | RSS MB | heap MB | CPU | load`);
    // Each minute's window is opened before it starts (the next one as soon as the current one ends), so
    // every batch due in it is counted.
    const open = async (m: number) => {
      const window = { fromMs: startMs + m * 60_000, toMs: startMs + (m + 1) * 60_000 };
      await sut.windowOpening(window);
      windows.push(window);
      return { window, counts: generator.openWindow(window.fromMs, window.toMs) };
    };
    let next = await open(0);
    for (let m = 0; m < minutes; m++) {
      const { window, counts } = next;
      await new Promise((r) => setTimeout(r, Math.max(0, window.fromMs - Date.now())));
      const cpu0 = cpuTimeS(sut.pid);
      await new Promise((r) => setTimeout(r, Math.max(0, window.toMs - Date.now())));
      const cpuPct = ((cpuTimeS(sut.pid) - cpu0) * 100) / 60;
      if (m + 1 < minutes) next = await open(m + 1);
      const rssMb = rssBytes(sut.pid) / MIB;
      const heap = heapUsedMb();
      // Judge the minute 2 s after it ended (its last batches need their commit), while the next one runs.
      await new Promise((r) => setTimeout(r, 2000));
      const r = (await sut.results([window]))[0] as WindowResult;
      const missing = Math.max(0, counts.offered - r.stored);
      const h = { counts: Uint32Array.from(r.latency.counts), n: r.latency.n + missing };
      h.counts[HISTOGRAM_LIMIT_MS] = (h.counts[HISTOGRAM_LIMIT_MS] as number) + missing;
      const row: Minute = {
        minute: m + 1, offered: counts.offered, stored: r.stored, p50Ms: quantileMs(h, 0.5), p99Ms: quantileMs(h, 0.99),
        ackP99Ms: quantileMs(counts.ackLatency, 0.99), rssMb, heapUsedMb: heap, cpuPct, load: loadAverage1m(),
      };
      rows.push(row);
      offered.push(counts.offered);
      log(`soak: ${row.minute} | ${row.offered} | ${row.stored} | ${row.p50Ms} | ${row.p99Ms} | ${row.ackP99Ms} | ${rssMb.toFixed(0)} | ${heap.toFixed(0)} | ${cpuPct.toFixed(0)} % | ${row.load.toFixed(1)}`);
    }
    generator.stop();
    // After the load: every PUBACK in, the journal drained; then count every minute's batches again.
    if ((await generator.drained(60_000)) && (await sut.settle(60_000))) {
      finalStored = (await sut.results(windows)).reduce((n, r) => n + r.stored, 0);
    }
  } finally {
    generator.stop();
    await generator.close();
    await sut.stop();
    rmSync(heapDir, { recursive: true, force: true });
  }
  // Flat: judged over the second half (the first minutes include warm-up: JIT, caches, SQLite's page cache).
  const half = rows.slice(Math.floor(rows.length / 2));
  const xs = half.map((r) => r.minute);
  const per10 = (ys: number[]) => slope(xs, ys) * 10;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const late = rows.reduce((n, r) => n + Math.max(0, r.offered - r.stored), 0);
  const totalOffered = offered.reduce((a, b) => a + b, 0);
  const note = `${devices} devices, ${rows.length} min; second half's trend per 10 min`;
  return [
    { name: 'soak: RSS, last minute', value: last?.rssMb ?? 0, unit: 'MB', note: `first minute ${first?.rssMb.toFixed(0)} MB; trend ${per10(half.map((r) => r.rssMb)).toFixed(1)} MB/10 min; ${note}` },
    { name: 'soak: V8 heap used, last minute', value: last?.heapUsedMb ?? 0, unit: 'MB', note: `first minute ${first?.heapUsedMb.toFixed(0)} MB; trend ${per10(half.map((r) => r.heapUsedMb)).toFixed(1)} MB/10 min` },
    { name: 'soak: p99 batch end to stored, last minute', value: last?.p99Ms ?? 0, unit: 'ms', note: `first minute ${first?.p99Ms} ms; worst minute ${Math.max(...rows.map((r) => r.p99Ms))} ms; trend ${per10(half.map((r) => r.p99Ms)).toFixed(0)} ms/10 min` },
    { name: 'soak: batches lost (offered − stored after the drain)', value: totalOffered - finalStored, unit: 'batches', note: `of ${totalOffered} offered; ${late} were not stored within their minute + 2 s` },
  ];
}

// Run directly: `npx tsx bench/soak.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit} (${r.note ?? ''})`);
}
