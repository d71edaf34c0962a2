/**
 * Throughput of the whole per-sample posture path (orientation filter, calibration/staleness, trunk angles,
 * activity, slouch state, per-second points) on one core, over a pre-generated simulator buffer (desk-day,
 * 100 Hz, typical sensor errors), median of 5 runs. Also measures heap growth per sample over a run without
 * garbage collection in between (gc() before; exposed at run time through V8 flags): a HeapNumber or array
 * allocated per sample would show as 16+ bytes per sample; sporadic allocations (per block, per second,
 * per refinement) average out below a few bytes.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateScenario } from '@stance/firmware-sim';
import { calibrateRecording } from '../packages/analysis/src/cli/analyze-run.js';
import { createPosturePipeline, updatePosturePipeline, type PosturePipelineSettings } from '../packages/analysis/src/posture-pipeline.js';
import type { BenchResult } from './bench-result.js';

const RUNS = 5;
const REPEATS = 8; // passes over the buffer per run (time shifted each pass, so the pipeline sees one long recording)

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

export async function run(): Promise<BenchResult[]> {
  const rec = generateScenario('desk-day', { seed: 1, rateHz: 100, durationS: 600 });
  const n = rec.timeS.length;
  const cols = { count: n, timeS: rec.timeS, acc: rec.acc, gyr: rec.gyr };
  const { calibration } = calibrateRecording(cols, { neutral: rec.windows.neutral, ...(rec.windows.bend ? { bend: rec.windows.bend } : {}), everyS: 1, emitUp: false });
  const spanS = rec.timeS[n - 1]! + 0.01;
  const { timeS, acc, gyr } = rec;

  const measure = (settings: Partial<PosturePipelineSettings>): { rates: number[]; points: number } => {
    const rates: number[] = [];
    let points = 0;
    for (let r = 0; r < RUNS; r++) {
      const p = createPosturePipeline(settings);
      const t0 = performance.now();
      for (let k = 0; k < REPEATS; k++) {
        const off = k * spanS;
        for (let i = 0; i < n; i++) {
          updatePosturePipeline(p, timeS[i]! + off, acc[3 * i]!, acc[3 * i + 1]!, acc[3 * i + 2]!, gyr[3 * i]!, gyr[3 * i + 1]!, gyr[3 * i + 2]!);
          if (p.pointReady) points++;
        }
      }
      rates.push((n * REPEATS) / ((performance.now() - t0) / 1000));
    }
    return { rates, points };
  };

  measure({ calibration }); // warm-up: let the JIT settle
  const given = measure({ calibration });
  const auto = measure({ calibration: null });
  const bytesPerSample = heapGrowthPerSample({ calibration }, timeS, acc, gyr, n);
  const samplesPerRun = n * REPEATS;
  const spread = (xs: number[]): string => `${(Math.min(...xs) / 1e6).toFixed(1)}-${(Math.max(...xs) / 1e6).toFixed(1)} M`;
  return [
    {
      name: 'posture pipeline, whole per-sample path, given calibration, 1 core',
      value: Math.round(median(given.rates)),
      unit: 'samples/s',
      note: `median of ${RUNS} runs of ${samplesPerRun} samples (desk-day 100 Hz), range ${spread(given.rates)}; target >= 10 M`,
    },
    {
      name: 'posture pipeline, automatic calibration, 1 core',
      value: Math.round(median(auto.rates)),
      unit: 'samples/s',
      note: `median of ${RUNS} runs, range ${spread(auto.rates)}`,
    },
    {
      name: 'posture pipeline, heap growth per sample (given calibration)',
      value: Math.round(bytesPerSample * 100) / 100,
      unit: 'bytes/sample',
      note: Number.isNaN(bytesPerSample) ? 'gc() not available: not measured' : `over ${5 * n} samples after gc(); a HeapNumber per sample would be >= 16 (a scavenge during the run can hide growth: cross-check with --max-semi-space-size=1024)`,
    },
  ];
}

/** Heap growth per sample over one pass (gc() first); NaN when gc cannot be exposed. */
function heapGrowthPerSample(settings: Partial<PosturePipelineSettings>, timeS: Float64Array, acc: Float64Array, gyr: Float64Array, n: number): number {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      return Number.NaN;
    }
  }
  const p = createPosturePipeline(settings);
  const pass = (off: number): void => {
    for (let i = 0; i < n; i++) updatePosturePipeline(p, timeS[i]! + off, acc[3 * i]!, acc[3 * i + 1]!, acc[3 * i + 2]!, gyr[3 * i]!, gyr[3 * i + 1]!, gyr[3 * i + 2]!);
  };
  const span = timeS[n - 1]! + 0.01;
  for (let k = 0; k < 5; k++) pass(k * span); // settle the JIT (code and feedback are heap too)
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let k = 5; k < 10; k++) pass(k * span);
  const after = process.memoryUsage().heapUsed;
  return Math.max(0, after - before) / (5 * n);
}

// Run directly: `npx tsx bench/posture-pipeline.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(`${r.name}: ${r.value.toLocaleString('en')} ${r.unit} (${r.note ?? ''})`);
}
