/**
 * The service's whole per-sample path on one core, in process: decode a one-second binary batch as received
 * (packages/protocol, the decoder the intake and the journal reader use), run each sample through the posture
 * pipeline (filter, activity, calibration, angles, slouch, per-second points), and add each point to the
 * wearer's hour and day aggregates (the rollups' in-memory part). No I/O: what a device costs the CPU before the
 * database. Beside it, the plain six-axis Madgwick filter over the same decoded samples in the same process (the
 * yardstick); runs interleaved, CPU time, ratio per run, median of 7. `posture-pipeline.bench.ts` has the
 * pipeline alone.
 */
import { generateScenario } from '@stance/firmware-sim';
import {
  addEpisode, addPoint, bucketLengthMs, bucketStartMs, createAggregate, createMadgwick, createPosturePipeline, updateMadgwick,
  updatePosturePipeline, type PostureAggregate,
} from '@stance/analysis';
import { decodeBatch, encodeBinaryBatch } from '@stance/protocol';
import { calibrateRecording } from '../packages/analysis/src/cli/analyze-run.js';
import type { BenchResult } from './bench-result.js';

const RUNS = 7;
const RATE_HZ = 50;
const RECORDING_S = 600;
const PASSES = 70; // 600 s x 50 Hz x 70 = 2.1 M samples a run

function cpuS(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? (s[s.length >> 1] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

export async function run(): Promise<BenchResult[]> {
  const rec = generateScenario('desk-day', { seed: 1, rateHz: RATE_HZ, durationS: RECORDING_S });
  const n = rec.timeS.length;
  const windows = { neutral: rec.windows.neutral, ...(rec.windows.bend ? { bend: rec.windows.bend } : {}) };
  const { calibration } = calibrateRecording({ count: n, timeS: rec.timeS, acc: rec.acc, gyr: rec.gyr }, { ...windows, everyS: 1, emitUp: false });
  const t0Ms = 1_763_712_000_000;
  // One-second binary batches as a sensor sends them; each pass is the recording shifted by its length.
  const payloads: Uint8Array[][] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const list: Uint8Array[] = [];
    for (let k = 0; k * RATE_HZ < n; k++) {
      const from = 3 * k * RATE_HZ;
      const count = Math.min(RATE_HZ, n - k * RATE_HZ);
      list.push(encodeBinaryBatch({
        seq: pass * 1000 + k, t0Ms: t0Ms + (pass * RECORDING_S + k) * 1000, hz: RATE_HZ, count,
        acc: rec.acc.subarray(from, from + 3 * count), gyr: rec.gyr.subarray(from, from + 3 * count),
      }));
    }
    payloads.push(list);
  }
  const samples = n * PASSES;

  const servicePath = (): number => {
    const p = createPosturePipeline({ calibration });
    let hour: PostureAggregate | null = null;
    let day: PostureAggregate | null = null;
    const bucket = (a: PostureAggregate | null, size: 'hour' | 'day', tMs: number): PostureAggregate => {
      const start = bucketStartMs(tMs, size, 0);
      return a !== null && a.startMs === start ? a : createAggregate(start, start + bucketLengthMs(size));
    };
    let points = 0;
    const start = process.cpuUsage();
    for (const list of payloads) {
      for (const payload of list) {
        const decoded = decodeBatch(payload);
        if (!decoded.ok) throw new Error(`bench: ${decoded.reason}`);
        const b = decoded.batch;
        const { acc, gyr } = b;
        const t0S = b.t0Ms / 1000;
        for (let i = 0; i < b.count; i++) {
          const j = 3 * i;
          updatePosturePipeline(p, t0S + i / b.hz, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
          if (p.pointReady) {
            hour = bucket(hour, 'hour', p.point.tMs);
            day = bucket(day, 'day', p.point.tMs);
            addPoint(hour, p.point);
            addPoint(day, p.point);
            points++;
          }
          if (p.episodeEnded && hour !== null && day !== null) {
            addEpisode(hour, p.episode);
            addEpisode(day, p.episode);
          }
        }
      }
    }
    const s = cpuS(start);
    if (points < samples / RATE_HZ - PASSES * 2) throw new Error(`bench: too few points (${points})`);
    return samples / s;
  };

  // The yardstick reads the same decoded samples (decoded once, outside the timing).
  const decoded = payloads.flat().map((payload) => {
    const d = decodeBatch(payload);
    if (!d.ok) throw new Error('bench: decode');
    return d.batch;
  });
  const madgwick = (): number => {
    const m = createMadgwick();
    const dt = 1 / RATE_HZ;
    const start = process.cpuUsage();
    for (const b of decoded) {
      const { acc, gyr } = b;
      for (let i = 0; i < b.count; i++) {
        const j = 3 * i;
        updateMadgwick(m, dt, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
      }
    }
    const s = cpuS(start);
    if (!(m.up[0]! === m.up[0]!)) throw new Error('bench: Madgwick diverged');
    return samples / s;
  };

  servicePath();
  madgwick();
  const path: number[] = [];
  const yard: number[] = [];
  const ratio: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    path.push(servicePath());
    yard.push(madgwick());
    ratio.push((path[r] as number) / (yard[r] as number));
  }
  const range = (xs: number[]) => `range ${(Math.min(...xs) / 1e6).toFixed(1)}-${(Math.max(...xs) / 1e6).toFixed(1)} M`;
  return [
    {
      name: 'whole per-sample path: decode + pipeline + hour/day aggregates (desk-day 50 Hz)',
      value: median(path),
      unit: 'samples/s',
      note: `median of ${RUNS} runs x ${(samples / 1e6).toFixed(1)} M samples, CPU time, 1 core; ${range(path)}`,
    },
    { name: 'Madgwick yardstick, same samples, same process', value: median(yard), unit: 'samples/s', note: range(yard) },
    { name: 'whole per-sample path / Madgwick', value: median(ratio), unit: 'ratio', note: 'per run, same load; above 1 = faster than the filter alone' },
  ];
}

// Run directly: `npx tsx bench/sample-path.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(`${r.name}: ${r.value.toLocaleString('en', { maximumFractionDigits: 3 })} ${r.unit} (${r.note ?? ''})`);
}
