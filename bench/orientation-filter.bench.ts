/**
 * Orientation filter throughput: samples per second on one core, against the plain Madgwick filter on the same
 * pre-generated buffer (2 M samples of swaying tilt with linear acceleration, noise and bias at 100 Hz with
 * jitter), median of five runs each. Timed in process CPU time, so other processes on a shared machine disturb
 * the figure less than they would a wall clock (they still share caches; the ratio is the steadier figure).
 */
import type { BenchResult } from './bench-result.js';
import { createOrientationFilter, updateOrientationFilter } from '../packages/analysis/src/orientation-filter.js';
import { createMadgwick, updateMadgwick } from '../packages/analysis/src/madgwick-reference.js';

const SAMPLES = 2_000_000;
const RUNS = 5;
const RATE_HZ = 100;

/** Deterministic motion: swaying tilt, a little linear acceleration, noise, a bias. */
function makeBuffer(n: number): { dt: Float64Array; acc: Float64Array; gyr: Float64Array } {
  const dt = new Float64Array(n);
  const acc = new Float64Array(3 * n);
  const gyr = new Float64Array(3 * n);
  let seed = 12345;
  const noise = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296 - 0.5;
  };
  for (let i = 0; i < n; i++) {
    const t = i / RATE_HZ;
    const pitch = 0.4 * Math.sin(0.3 * t);
    const roll = 0.2 * Math.sin(0.17 * t + 1);
    dt[i] = (1 + 0.05 * noise()) / RATE_HZ;
    acc[3 * i] = -Math.sin(pitch) + 0.05 * Math.sin(6 * t) + 0.01 * noise();
    acc[3 * i + 1] = Math.cos(pitch) * Math.sin(roll) + 0.01 * noise();
    acc[3 * i + 2] = Math.cos(pitch) * Math.cos(roll) + 0.01 * noise();
    gyr[3 * i] = 0.17 * 0.2 * Math.cos(0.17 * t + 1) * 57.3 + 1.5 + 0.2 * noise();
    gyr[3 * i + 1] = 0.3 * 0.4 * Math.cos(0.3 * t) * 57.3 - 0.8 + 0.2 * noise();
    gyr[3 * i + 2] = 0.3 + 0.2 * noise();
  }
  return { dt, acc, gyr };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

type Buffer = ReturnType<typeof makeBuffer>;

/** CPU time of this process since `start`, nanoseconds. */
function cpuNs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) * 1000;
}

function timeFilter(buf: Buffer): number {
  const f = createOrientationFilter();
  const { dt, acc, gyr } = buf;
  const start = process.cpuUsage();
  for (let i = 0; i < dt.length; i++) {
    const j = 3 * i;
    updateOrientationFilter(f, dt[i]!, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
  }
  const ns = cpuNs(start);
  if (!(f.up[2]! > 0)) throw new Error('orientation filter diverged in the benchmark');
  return (dt.length * 1e9) / ns;
}

function timeMadgwick(buf: Buffer): number {
  const m = createMadgwick();
  const { dt, acc, gyr } = buf;
  const start = process.cpuUsage();
  for (let i = 0; i < dt.length; i++) {
    const j = 3 * i;
    updateMadgwick(m, dt[i]!, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
  }
  const ns = cpuNs(start);
  if (!(m.up[2]! > 0)) throw new Error('Madgwick diverged in the benchmark');
  return (dt.length * 1e9) / ns;
}

export async function run(): Promise<BenchResult[]> {
  const buf = makeBuffer(SAMPLES);
  // Warm-up so both are optimised before timing.
  timeFilter(buf);
  timeMadgwick(buf);
  const filter: number[] = [];
  const madgwick: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    filter.push(timeFilter(buf));
    madgwick.push(timeMadgwick(buf));
  }
  const f = median(filter);
  const m = median(madgwick);
  const spread = (v: number[]): string => `${(Math.min(...v) / 1e6).toFixed(1)}-${(Math.max(...v) / 1e6).toFixed(1)} M/s`;
  return [
    { name: 'orientation filter update, samples/s, 1 core', value: f, unit: 'samples/s', note: `median of ${RUNS} runs x ${SAMPLES / 1e6} M samples, CPU time, range ${spread(filter)}` },
    { name: 'Madgwick reference update, samples/s, 1 core', value: m, unit: 'samples/s', note: `median of ${RUNS} runs x ${SAMPLES / 1e6} M samples, CPU time, range ${spread(madgwick)}` },
    { name: 'orientation filter speed / Madgwick speed', value: f / m, unit: 'ratio', note: 'same buffer, same loop; above 1 = faster than Madgwick' },
  ];
}
