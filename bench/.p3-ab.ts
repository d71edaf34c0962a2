// temporary A/B driver (helper P3): HEAD copy vs working tree, interleaved, removed at the end
import { generateScenario } from '@stance/firmware-sim';
import { calibrateRecording } from '../packages/analysis/src/cli/analyze-run.js';
import * as B from '../packages/analysis/src/posture-pipeline.js';
import * as A from './.p3-orig/packages/analysis/src/posture-pipeline.js';
const mode = process.argv[2] ?? 'given';
const name = process.argv[3] ?? 'desk-day';
const rec = generateScenario(name, { seed: 1, rateHz: 50, durationS: name === 'walk' ? 300 : 600 });
const n = rec.timeS.length;
const { calibration } = calibrateRecording({ count: n, timeS: rec.timeS, acc: rec.acc, gyr: rec.gyr }, { neutral: rec.windows.neutral, ...(rec.windows.bend ? { bend: rec.windows.bend } : {}), everyS: 1, emitUp: false });
const settings = mode === 'auto' ? { calibration: null } : mode === 'off' ? { calibration, calibrationStepS: Infinity } : { calibration };
const span = rec.timeS[n - 1]! + 0.02;
function ra(passes: number): number {
    const p = A.createPosturePipeline(settings as never);
    const { timeS, acc, gyr } = rec;
    let pts = 0;
    const t0 = process.cpuUsage();
    for (let k = 0; k < passes; k++) {
      const off = k * span;
      for (let i = 0; i < n; i++) {
        const j = 3 * i;
        A.updatePosturePipeline(p, timeS[i]! + off, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
        if (p.pointReady) pts++;
      }
    }
    const u = process.cpuUsage(t0);
    if (pts < 10) throw new Error('x');
    return (n * passes) / ((u.user + u.system) / 1e6);
  }
function rb(passes: number): number {
    const p = B.createPosturePipeline(settings as never);
    const { timeS, acc, gyr } = rec;
    let pts = 0;
    const t0 = process.cpuUsage();
    for (let k = 0; k < passes; k++) {
      const off = k * span;
      for (let i = 0; i < n; i++) {
        const j = 3 * i;
        B.updatePosturePipeline(p, timeS[i]! + off, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
        if (p.pointReady) pts++;
      }
    }
    const u = process.cpuUsage(t0);
    if (pts < 10) throw new Error('x');
    return (n * passes) / ((u.user + u.system) / 1e6);
  }
const passes = Math.ceil(2e6 / n);
ra(2); rb(2);
const xs: number[] = [], ys: number[] = [], q: number[] = [];
for (let i = 0; i < 9; i++) { const a = ra(passes); const b = rb(passes); xs.push(a); ys.push(b); q.push(b / a); }
const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
console.log(`${mode} ${name}: HEAD ${(med(xs) / 1e6).toFixed(2)} M/s, tree ${(med(ys) / 1e6).toFixed(2)} M/s, ratio tree/HEAD ${med(q).toFixed(3)} (${q.map((x) => x.toFixed(2)).join(' ')})`);
