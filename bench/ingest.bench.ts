/**
 * Ingest end to end: simulated sensors at 50 Hz (one-second binary batches, QoS 1, real MQTT connections from
 * a lean load generator in this process) through the ingest service (`apps/ingest/src/main.ts` in its own
 * process: embedded broker, auth, journal with fsync, analysis pipeline, SQLite) on this 2-core machine, fleet
 * stepped up until p99 of batch end to stored passes 1 s or something is lost. The same with the time series
 * in a real InfluxDB (influxd started for the run on the same machine; stored = acknowledged by influxd). Then
 * the same load generator against a bare Aedes broker in its own process (the ceiling). The figures: the
 * largest fleet each holds, their ratio, and memory per connected device. Details and how to read them:
 * apps/ingest/README.md, "Throughput", and bench/README.md.
 *
 * Environment (all optional):
 * - STANCE_BENCH_INGEST_MAX: largest fleet tried (default 19,500 for both: one socket per device, and a process
 *   may have 20,000 open files here, a hard limit even for root);
 * - STANCE_BENCH_INGEST_RUNS: runs, the figures are their medians (default 1: the machine is shared, and one
 *   run of both ladders takes about four minutes);
 * - STANCE_BENCH_INGEST_WINDOW_S, STANCE_BENCH_INGEST_WARMUP_S: measurement window and warm-up per step
 *   (default 10 s and 5 s);
 * - STANCE_BENCH_INGEST_SYNC: the service's JOURNAL_SYNC (default `full`, as shipped);
 * - STANCE_BENCH_INGEST_NODE_ARGS: extra node flags for the service, space-separated (e.g.
 *   `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it; the profile is written when it stops);
 * - STANCE_BENCH_INGEST_STORES: the stores whose ladders run, comma-separated (default `sqlite,influx`);
 * - STANCE_BENCH_INGEST_SUSTAIN_S: after the first run's SQLite ladder, how long the fleet it held must keep holding
 *   on a fresh service, window after window (default 180 s; 0: not tried). A ladder's step is 15 s on a young
 *   database; at a constant fleet the service's CPU climbs for minutes (each device's points come to fill leaf
 *   pages of their own), so a ladder's figure flatters. Failing, the fleet is lowered by 1,000, at most twice.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { startBareBroker } from './ingest/bare-broker.js';
import { createBatchSource } from './ingest/batch-source.js';
import { runSteps, type StepResult, type StepSettings } from './ingest/fleet-steps.js';
import { startIngestService } from './ingest/ingest-service.js';
import { loadAverage1m } from './ingest/proc-stats.js';

const SERVICE_LADDER = [
  250, 500, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000, 11_000, 12_000, 13_000, 14_000, 15_000, 17_500, 19_500,
];
const BARE_LADDER = [1000, 2000, 4000, 6000, 8000, 10_000, 12_500, 15_000, 18_000, 19_500];
/** Both ladders end below the 20,000 open files a process may have here (the load generator and the broker each hold a socket per device). */
const DEFAULT_SERVICE_MAX = 19_500;
const DEFAULT_BARE_MAX = 19_500;

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

function formatStep(r: StepResult): string {
  const f = (x: number) => (Number.isFinite(x) ? String(Math.round(x)) : '>60000');
  return [
    r.devices, r.offeredPerS.toFixed(0), r.storedPerS.toFixed(0), (r.samplesPerS / 1000).toFixed(0) + ' k', f(r.p50Ms), f(r.p99Ms),
    f(r.ackP99Ms), r.lost, r.cpuPct.toFixed(0) + ' %', r.generatorCpuPct.toFixed(0) + ' %', f(r.sendLagP99Ms),
    r.rssMb.toFixed(0), r.kibPerDevice.toFixed(0), r.load1m.toFixed(1), r.held ? 'yes' : 'no',
  ].join(' | ');
}

const TABLE_HEADER =
  'devices | batches/s offered | stored | samples/s | p50 ms | p99 ms | PUBACK p99 ms | lost | CPU | generator CPU | send lag p99 ms | RSS MB | KiB/device | load | held';

/** Fleets a sustain run lowers through before it gives up (the held one, then 1,000 and 2,000 fewer). */
const SUSTAIN_TRIES = 3;

/** The largest fleet held: the last step of an unbroken run of held steps from the smallest. */
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
  const max = process.env.STANCE_BENCH_INGEST_MAX;
  const serviceMax = envNumber('STANCE_BENCH_INGEST_MAX', DEFAULT_SERVICE_MAX);
  const bareMax = max ? serviceMax : DEFAULT_BARE_MAX;
  const runs = envNumber('STANCE_BENCH_INGEST_RUNS', 1);
  const base: Omit<StepSettings, 'fleets'> = {
    warmUpS: envNumber('STANCE_BENCH_INGEST_WARMUP_S', 5),
    windowS: envNumber('STANCE_BENCH_INGEST_WINDOW_S', 10),
    graceS: 2,
    p99LimitMs: 1000,
    drainTimeoutS: 60,
  };
  const sync = process.env.STANCE_BENCH_INGEST_SYNC ?? 'full';
  const source = createBatchSource();
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  const stores = (process.env.STANCE_BENCH_INGEST_STORES ?? 'sqlite,influx').split(',').filter((x) => x === 'sqlite' || x === 'influx');
  const sustainS = process.env.STANCE_BENCH_INGEST_SUSTAIN_S === '0' ? 0 : envNumber('STANCE_BENCH_INGEST_SUSTAIN_S', 180);
  let sustained: { devices: number; steps: StepResult[] } | null = null;
  const sustainLog: string[] = [];
  const serviceFigures: StepResult[] = [];
  const influxFigures: StepResult[] = [];
  const bareFigures: StepResult[] = [];
  const loads: number[] = [];

  for (let runIndex = 0; runIndex < runs; runIndex++) {
    loads.push(loadAverage1m());
    const fleets = SERVICE_LADDER.filter((n) => n <= serviceMax);
    const ladder = async (store: 'sqlite' | 'influx', steps = fleets): Promise<StepResult[]> => {
      const service = await startIngestService({ devices: Math.max(...steps), repoRoot, pollMs: 10, store, env: { JOURNAL_SYNC: sync },
        nodeArgs: (process.env.STANCE_BENCH_INGEST_NODE_ARGS ?? '').split(' ').filter((a) => a !== ''),
      });
      try {
        return await runSteps(service, source, { ...base, fleets: steps }, log);
      } finally {
        await service.stop();
      }
    };
    const serviceSteps = stores.includes('sqlite') ? await ladder('sqlite') : [];
    const ladderHeld = largestHeld(serviceSteps);
    if (runIndex === 0 && sustainS > 0 && ladderHeld !== null) {
      // The same fleet, window after window, on a fresh service: does what the ladder held keep holding?
      const windows = Math.max(1, Math.ceil(sustainS / (base.warmUpS + base.windowS)));
      for (let tries = 0, devices = ladderHeld.devices; tries < SUSTAIN_TRIES && devices > 0 && sustained === null; tries++, devices -= 1000) {
        const steps = await ladder('sqlite', Array.from({ length: windows }, () => devices));
        const heldFor = steps.filter((st) => st.held && st.lost === 0).length;
        const last = steps.at(-1);
        sustainLog.push(`${devices}: ${heldFor} of ${windows} windows held${heldFor < windows && last ? ` (then p99 ${Math.round(last.p99Ms)} ms, CPU ${last.cpuPct.toFixed(0)} %)` : ''}`);
        log(`sustain ${sustainLog.at(-1)}`);
        if (heldFor === windows) sustained = { devices, steps };
      }
    }
    const influxSteps = stores.includes('influx') ? await ladder('influx') : [];
    const held = ladderHeld ?? largestHeld(influxSteps);
    const bare = await startBareBroker(repoRoot);
    let bareSteps: StepResult[];
    try {
      // The bare broker holds at least what the service held: start there.
      const from = held?.devices ?? 0;
      const bareFleets = BARE_LADDER.filter((n) => n <= bareMax && n >= Math.min(from, bareMax));
      bareSteps = await runSteps(bare, source, { ...base, fleets: bareFleets }, log);
    } finally {
      await bare.stop();
    }
    process.stderr.write(`  run ${runIndex + 1} of ${runs}, JOURNAL_SYNC=${sync}\n  ${TABLE_HEADER}\n`);
    for (const s of serviceSteps) process.stderr.write(`  ingest | ${formatStep(s)}\n`);
    for (const s of influxSteps) process.stderr.write(`  ingest (InfluxDB) | ${formatStep(s)}\n`);
    for (const s of bareSteps) process.stderr.write(`  bare broker | ${formatStep(s)}\n`);
    const bareHeld = largestHeld(bareSteps);
    if (held && serviceSteps.length > 0) serviceFigures.push(held);
    const influxHeld = largestHeld(influxSteps);
    if (influxHeld) influxFigures.push(influxHeld);
    if (bareHeld) bareFigures.push(bareHeld);
  }

  const sDevices = serviceFigures.map((s) => s.devices);
  const bDevices = bareFigures.map((s) => s.devices);
  const spread = (xs: number[]) => (xs.length > 1 ? `, runs ${xs.join(' / ')}` : '');
  const serviceDevices = sDevices.length === runs ? median(sDevices) : 0;
  const bareDevices = bDevices.length === runs ? median(bDevices) : 0;
  const bareCapped = bareDevices >= bareMax;
  const common = `${runs} run(s), window ${base.windowS} s, JOURNAL_SYNC=${sync}, load ${median(loads).toFixed(1)}`;
  const at = serviceFigures.length > 0 ? serviceFigures[serviceFigures.length >> 1] as StepResult : null;
  return [
    {
      name: 'ingest: largest fleet at 50 Hz held (p99 stored < 1 s, no loss)',
      value: serviceDevices,
      unit: 'devices',
      note: at
        ? `${at.storedPerS.toFixed(0)} batches/s, p99 ${Math.round(at.p99Ms)} ms, service CPU ${at.cpuPct.toFixed(0)} %; ${common}${spread(sDevices)}`
        : `not even the smallest step held; ${common}`,
    },
    {
      name: 'ingest: samples/s at that fleet',
      value: serviceDevices * source.settings.rateHz,
      unit: 'samples/s',
    },
    {
      name: 'bare Aedes pass-through: largest fleet held (ceiling)',
      value: bareDevices,
      unit: 'devices',
      note: `${bareCapped ? 'at the largest size tried (a lower bound); ' : ''}${common}${spread(bDevices)}`,
    },
    {
      name: 'ingest / bare broker (largest fleets)',
      value: bareDevices > 0 ? serviceDevices / bareDevices : 0,
      unit: 'ratio',
      note: bareCapped ? 'an upper bound: the ceiling was not reached' : 'aim: at least 0.5',
    },
    {
      name: 'ingest: memory per connected device',
      value: at ? at.kibPerDevice : 0,
      unit: 'KiB/device',
      note: at ? `(RSS at ${at.devices} devices − RSS before) / devices; RSS ${at.rssMb.toFixed(0)} MB` : '',
    },
    ...sustainResults(sustainS, sustained, sustainLog, base),
    ...influxResults(influxFigures, runs, stores.includes('influx'), bareDevices, bareCapped, common, spread),
  ];
}

/** The sustain run's figure (none when it did not run). */
function sustainResults(
  sustainS: number, sustained: { devices: number; steps: StepResult[] } | null, tries: string[], base: Omit<StepSettings, 'fleets'>,
): BenchResult[] {
  if (sustainS === 0 || tries.length === 0) return [];
  const p99s = sustained?.steps.map((st) => st.p99Ms) ?? [];
  const cpus = sustained?.steps.map((st) => st.cpuPct) ?? [];
  return [
    {
      name: `ingest: largest fleet held for ${sustainS} s (every window p99 stored < 1 s, no loss; first run)`,
      value: sustained?.devices ?? 0,
      unit: 'devices',
      note:
        `${base.windowS} s windows after ${base.warmUpS} s each, on a fresh service; tried ${tries.join('; ')}` +
        (sustained ? `; p99 worst ${Math.round(Math.max(...p99s))} ms, CPU ${Math.round(Math.min(...cpus))}-${Math.round(Math.max(...cpus))} %` : ''),
    },
  ];
}

/** The InfluxDB ladder's figures (none when it did not run). */
function influxResults(
  figures: StepResult[], runs: number, ran: boolean, bareDevices: number, bareCapped: boolean, common: string,
  spread: (xs: number[]) => string,
): BenchResult[] {
  if (!ran) return [];
  const devices = figures.map((s) => s.devices);
  const held = devices.length === runs ? median(devices) : 0;
  const at = figures.length > 0 ? (figures[figures.length >> 1] as StepResult) : null;
  return [
    {
      name: 'ingest with InfluxDB: largest fleet at 50 Hz held (p99 in InfluxDB < 1 s, no loss)',
      value: held,
      unit: 'devices',
      note: at
        ? `${at.storedPerS.toFixed(0)} batches/s, p99 ${Math.round(at.p99Ms)} ms, service CPU ${at.cpuPct.toFixed(0)} % (influxd on the same 2 cores); ${common}${spread(devices)}`
        : `not even the smallest step held; ${common}`,
    },
    {
      name: 'ingest with InfluxDB / bare broker (largest fleets)',
      value: bareDevices > 0 ? held / bareDevices : 0,
      unit: 'ratio',
      note: bareCapped ? 'an upper bound: the ceiling was not reached' : '',
    },
    {
      name: 'ingest with InfluxDB: memory per connected device',
      value: at ? at.kibPerDevice : 0,
      unit: 'KiB/device',
      note: at ? `service process only; RSS ${at.rssMb.toFixed(0)} MB at ${at.devices} devices` : '',
    },
  ];
}
