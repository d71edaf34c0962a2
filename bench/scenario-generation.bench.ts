/**
 * Simulator throughput: samples per second on one core that a scenario stream produces (what the fleet
 * runner pays per simulated device), for an ideal sensor and with typical MEMS errors; median of three runs
 * of 1.5 M samples of desk-day at 50 Hz in blocks of 1000.
 */
import type { BenchResult } from './bench-result.js';
import { openScenario } from '../firmware-sim/src/index.js';

const SAMPLES = 1_500_000;
const BLOCK = 1000;
const RUNS = 3;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function samplesPerSecond(errors: 'none' | 'typical', seed: number): number {
  const stream = openScenario('desk-day', { seed, rateHz: 50, durationS: Infinity, errors });
  stream.next(BLOCK); // warm up the script and the JIT a little
  const start = process.hrtime.bigint();
  for (let n = 0; n < SAMPLES; n += BLOCK) stream.next(BLOCK);
  return SAMPLES / (Number(process.hrtime.bigint() - start) / 1e9);
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const errors of ['none', 'typical'] as const) {
    const runs = [1, 2, 3].slice(0, RUNS).map((seed) => samplesPerSecond(errors, seed));
    out.push({
      name: `firmware-sim desk-day stream, errors ${errors}`,
      value: median(runs),
      unit: 'samples/s',
      note: `median of ${RUNS} × ${SAMPLES / 1e6} M samples, 50 Hz, blocks of ${BLOCK}; min ${(Math.min(...runs) / 1e6).toFixed(2)} M`,
    });
  }
  return out;
}
