/**
 * Throughput of the whole per-sample posture path (`updatePosturePipeline`: orientation filter, activity,
 * calibration and staleness, trunk angles, slouch state, per-second points) on one core, over realistic input:
 * simulator recordings (desk-day and walk, 50 Hz, typical sensor errors) generated before timing and replayed
 * (time shifted each pass, so the pipeline sees one long recording) until each run has about 2 M samples.
 *
 * Timed in process CPU time (`process.cpuUsage`), so other processes on a shared machine disturb the figure
 * less than a wall clock would; runs of the pipeline, the orientation filter alone and the Madgwick yardstick
 * are interleaved, and the ratio pipeline/Madgwick is taken per run, so both sides share the momentary load.
 * Also measures the heap allocation per sample (allocation-check.ts).
 */
import { generateScenario } from '@stance/firmware-sim';
import { calibrateRecording } from '../packages/analysis/src/cli/analyze-run.js';
import { createMadgwick, updateMadgwick } from '../packages/analysis/src/madgwick-reference.js';
import { createOrientationFilter, updateOrientationFilter } from '../packages/analysis/src/orientation-filter.js';
import { createPosturePipeline, updatePosturePipeline, type PosturePipelineSettings } from '../packages/analysis/src/posture-pipeline.js';
import type { Calibration } from '../packages/analysis/src/calibration.js';
import { measureAllocation } from './allocation-check.js';
import type { BenchResult } from './bench-result.js';

const RUNS = 7;
const SAMPLES_PER_RUN = 2_000_000;
const RATE_HZ = 50;

interface Replay {
  label: string;
  n: number;
  timeS: Float64Array;
  acc: Float64Array;
  gyr: Float64Array;
  /** Time shift between passes, s. */
  spanS: number;
  /** Passes per run. */
  passes: number;
  calibration: Calibration;
}

function loadRecording(name: string, seed: number, durationS: number): Replay {
  const rec = generateScenario(name, { seed, rateHz: RATE_HZ, durationS });
  const n = rec.timeS.length;
  const cols = { count: n, timeS: rec.timeS, acc: rec.acc, gyr: rec.gyr };
  const windows = { neutral: rec.windows.neutral, ...(rec.windows.bend ? { bend: rec.windows.bend } : {}) };
  const { calibration } = calibrateRecording(cols, { ...windows, everyS: 1, emitUp: false });
  if (calibration === null) throw new Error(`${name}: the window calibration failed`);
  return {
    label: `${name} ${RATE_HZ} Hz`,
    n,
    timeS: rec.timeS,
    acc: rec.acc,
    gyr: rec.gyr,
    spanS: rec.timeS[n - 1]! + 1 / RATE_HZ,
    passes: Math.ceil(SAMPLES_PER_RUN / n),
    calibration,
  };
}

/** CPU time of this process since `start`, seconds. */
function cpuS(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function timePipeline(r: Replay, settings: Partial<PosturePipelineSettings>): number {
  const { n, timeS, acc, gyr } = r;
  const p = createPosturePipeline(settings);
  let points = 0;
  const start = process.cpuUsage();
  for (let k = 0; k < r.passes; k++) {
    const off = k * r.spanS;
    for (let i = 0; i < n; i++) {
      const j = 3 * i;
      updatePosturePipeline(p, timeS[i]! + off, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
      if (p.pointReady) points++;
    }
  }
  const s = cpuS(start);
  if (points < r.passes * (r.spanS - 2)) throw new Error(`posture pipeline emitted too few points (${points})`);
  return (n * r.passes) / s;
}

function timeFilter(r: Replay): number {
  const { n, timeS, acc, gyr } = r;
  const f = createOrientationFilter();
  const start = process.cpuUsage();
  for (let k = 0; k < r.passes; k++) {
    let prev = timeS[0]! - 1 / RATE_HZ;
    for (let i = 0; i < n; i++) {
      const j = 3 * i;
      const t = timeS[i]!;
      updateOrientationFilter(f, t - prev, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
      prev = t;
    }
  }
  const s = cpuS(start);
  if (!(f.up[0]! === f.up[0]!)) throw new Error('orientation filter diverged in the benchmark');
  return (n * r.passes) / s;
}

function timeMadgwick(r: Replay): number {
  const { n, timeS, acc, gyr } = r;
  const m = createMadgwick();
  const start = process.cpuUsage();
  for (let k = 0; k < r.passes; k++) {
    let prev = timeS[0]! - 1 / RATE_HZ;
    for (let i = 0; i < n; i++) {
      const j = 3 * i;
      const t = timeS[i]!;
      updateMadgwick(m, t - prev, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
      prev = t;
    }
  }
  const s = cpuS(start);
  if (!(m.up[0]! === m.up[0]!)) throw new Error('Madgwick diverged in the benchmark');
  return (n * r.passes) / s;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1]! : 0.5 * (s[s.length / 2 - 1]! + s[s.length / 2]!);
}

const range = (xs: number[]): string => `${(Math.min(...xs) / 1e6).toFixed(1)}-${(Math.max(...xs) / 1e6).toFixed(1)} M`;

function benchRecording(r: Replay, withFeedOff: boolean): BenchResult[] {
  const given = { calibration: r.calibration };
  const auto = { calibration: null };
  // Calibration and staleness left out: what the pipeline's own per-sample and per-tick path costs.
  const feedOff = { calibration: r.calibration, calibrationStepS: Infinity };
  // Warm-up: every loop optimised before timing.
  timePipeline(r, given);
  timePipeline(r, auto);
  if (withFeedOff) timePipeline(r, feedOff);
  timeFilter(r);
  timeMadgwick(r);
  const g: number[] = [], a: number[] = [], o: number[] = [], f: number[] = [], m: number[] = [];
  const gRatio: number[] = [], aRatio: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    g.push(timePipeline(r, given));
    m.push(timeMadgwick(r));
    a.push(timePipeline(r, auto));
    if (withFeedOff) o.push(timePipeline(r, feedOff));
    f.push(timeFilter(r));
    gRatio.push(g[k]! / m[k]!);
    aRatio.push(a[k]! / m[k]!);
  }
  const runs = `median of ${RUNS} runs x ${((r.n * r.passes) / 1e6).toFixed(1)} M samples, CPU time, range ${range(g)}`;
  const off: BenchResult[] = withFeedOff
    ? [{ name: `pipeline, calibration feed off (${r.label})`, value: median(o), unit: 'samples/s', note: `given calibration, calibration and staleness not fed; range ${range(o)}` }]
    : [];
  return [
    { name: `pipeline, given calibration (${r.label})`, value: median(g), unit: 'samples/s', note: `${runs}; target >= 10 M` },
    { name: `pipeline, automatic calibration (${r.label})`, value: median(a), unit: 'samples/s', note: `range ${range(a)}` },
    ...off,
    { name: `orientation filter alone (${r.label})`, value: median(f), unit: 'samples/s', note: `range ${range(f)}` },
    { name: `Madgwick yardstick (${r.label})`, value: median(m), unit: 'samples/s', note: `range ${range(m)}` },
    { name: `pipeline given / Madgwick (${r.label})`, value: median(gRatio), unit: 'ratio', note: 'per run, same load' },
    { name: `pipeline automatic / Madgwick (${r.label})`, value: median(aRatio), unit: 'ratio', note: 'per run, same load' },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const desk = loadRecording('desk-day', 1, 600);
  const walk = loadRecording('walk', 2, 300);
  const results = [...benchRecording(desk, true), ...benchRecording(walk, false)];
  // Allocation: with each calibration, and with the calibration feed off (the modules of calibration and
  // staleness left out), which isolates the pipeline's own per-sample and per-tick path.
  const allocationCases: Array<[string, Partial<PosturePipelineSettings>]> = [
    ['given calibration', { calibration: desk.calibration }],
    ['automatic calibration', { calibration: null }],
    ['calibration feed off', { calibration: desk.calibration, calibrationStepS: Infinity }],
  ];
  for (const [label, settings] of allocationCases) {
    const alloc = measureAllocation(desk, settings, 10_000_000);
    results.push({ name: `heap allocation per sample, ${label} (${desk.label})`, value: alloc.bytesPerSample, unit: 'bytes/sample', note: alloc.note });
  }
  return results;
}

// Run directly: `npx tsx bench/posture-pipeline.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(`${r.name}: ${r.value.toLocaleString('en', { maximumFractionDigits: 3 })} ${r.unit} (${r.note ?? ''})`);
}
