/**
 * Ingest workers behind Mosquitto: the same fleet ladder as `ingest.bench.ts` (simulated 50 Hz sensors, one
 * binary batch a second at QoS 1, from the lean load generator in this process), now publishing to Debian's
 * Mosquitto, with one and then two ingest workers (`WORKER_ID`, 8 partitions, one DATA_DIR) behind it. The
 * figure: the largest fleet each setup holds (p99 of batch end to stored under 1 s, nothing lost), and their
 * ratio. Everything shares this machine's two cores: Mosquitto, the workers and the load generator.
 *
 * Environment (all optional): STANCE_BENCH_WORKERS_MAX (largest fleet tried, default 3,000),
 * STANCE_BENCH_WORKERS_RUNS (default 1), STANCE_BENCH_WORKERS_WINDOW_S / _WARMUP_S (default 10 / 5),
 * STANCE_BENCH_WORKERS_SYNC (JOURNAL_SYNC, default `full`), STANCE_BENCH_WORKERS_PARTITIONS (default 8),
 * STANCE_BENCH_WORKERS_COUNTS (worker counts to run, default `1,2`).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { createBatchSource } from './ingest/batch-source.js';
import { runSteps, type StepResult, type StepSettings } from './ingest/fleet-steps.js';
import { loadAverage1m } from './ingest/proc-stats.js';
import { startWorkers } from './workers/workers-under-test.js';

const LADDER = [100, 250, 500, 750, 1000, 1500, 2000, 3000, 4000];

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`bench: ${name}=${raw} is not a positive number`);
  return value;
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function largestHeld(steps: StepResult[]): StepResult | null {
  let best: StepResult | null = null;
  for (const s of steps) {
    if (!s.held) break;
    best = s;
  }
  return best;
}

export async function run(): Promise<BenchResult[]> {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const max = envNumber('STANCE_BENCH_WORKERS_MAX', 3000);
  const runs = envNumber('STANCE_BENCH_WORKERS_RUNS', 1);
  const partitions = envNumber('STANCE_BENCH_WORKERS_PARTITIONS', 8);
  const sync = process.env.STANCE_BENCH_WORKERS_SYNC ?? 'full';
  const counts = (process.env.STANCE_BENCH_WORKERS_COUNTS ?? '1,2').split(',').map(Number);
  const settings: StepSettings = {
    fleets: LADDER.filter((n) => n <= max),
    warmUpS: envNumber('STANCE_BENCH_WORKERS_WARMUP_S', 5),
    windowS: envNumber('STANCE_BENCH_WORKERS_WINDOW_S', 10),
    graceS: 2,
    p99LimitMs: 1000,
    drainTimeoutS: 60,
  };
  const source = createBatchSource();
  const held = new Map<number, number[]>(counts.map((n) => [n, []]));
  const notes = new Map<number, string>();
  const loads: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (const workers of counts) {
      loads.push(loadAverage1m());
      const sut = await startWorkers({ workers, partitions, devices: Math.max(...settings.fleets), repoRoot, pollMs: 10, env: { JOURNAL_SYNC: sync } });
      let steps: StepResult[];
      try {
        steps = await runSteps(sut, source, settings, (line) => process.stderr.write(`  ${line}; ${sut.cpuReport()}\n`));
      } finally {
        await sut.stop();
      }
      for (const s of steps) {
        process.stderr.write(`  ${sut.label} | ${s.devices} | ${s.offeredPerS.toFixed(0)} offered/s | ${s.storedPerS.toFixed(0)} stored/s | p50 ${Math.round(s.p50Ms)} ms | p99 ${Math.round(s.p99Ms)} ms | lost ${s.lost} | w1 CPU ${s.cpuPct.toFixed(0)} % | load ${s.load1m.toFixed(1)} | ${s.held ? 'held' : 'NOT held'}\n`);
      }
      const best = largestHeld(steps);
      held.get(workers)?.push(best?.devices ?? 0);
      if (best) notes.set(workers, `${best.storedPerS.toFixed(0)} batches/s, p99 ${Math.round(best.p99Ms)} ms`);
    }
  }
  const common = `${runs} run(s), ${partitions} partitions, JOURNAL_SYNC=${sync}, window ${settings.windowS} s, load ${median(loads).toFixed(1)}; Mosquitto, workers and load generator on the same 2 cores`;
  const results: BenchResult[] = counts.map((workers) => ({
    name: `workers behind Mosquitto: largest fleet at 50 Hz held, ${workers} worker${workers > 1 ? 's' : ''}`,
    value: median(held.get(workers) ?? [0]),
    unit: 'devices',
    note: `${notes.get(workers) ?? 'not even the smallest step held'}; ${common}`,
  }));
  if (counts.includes(1) && counts.includes(2)) {
    const one = median(held.get(1) ?? [0]);
    const two = median(held.get(2) ?? [0]);
    results.push({ name: 'workers: 2 workers / 1 worker (largest fleets)', value: one > 0 ? two / one : 0, unit: 'ratio', note: 'two processes on two shared cores' });
  }
  return results;
}
