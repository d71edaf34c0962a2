// temporary profiling driver (helper P3), removed at the end
import { generateScenario } from '@stance/firmware-sim';
import { calibrateRecording } from '../packages/analysis/src/cli/analyze-run.js';
import { createPosturePipeline, updatePosturePipeline } from '../packages/analysis/src/posture-pipeline.js';
const mode = process.argv[2] ?? 'given';
const rec = generateScenario('desk-day', { seed: 1, rateHz: 50, durationS: 600 });
const n = rec.timeS.length;
const { calibration } = calibrateRecording({ count: n, timeS: rec.timeS, acc: rec.acc, gyr: rec.gyr }, { neutral: rec.windows.neutral, ...(rec.windows.bend ? { bend: rec.windows.bend } : {}), everyS: 1, emitUp: false });
const settings = mode === 'auto' ? { calibration: null } : mode === 'off' ? { calibration, calibrationStepS: Infinity } : { calibration };
const span = rec.timeS[n - 1]! + 0.02;
function run(passes: number): number {
  const p = createPosturePipeline(settings);
  const { timeS, acc, gyr } = rec;
  let pts = 0;
  const t0 = process.cpuUsage();
  for (let k = 0; k < passes; k++) {
    const off = k * span;
    for (let i = 0; i < n; i++) {
      const j = 3 * i;
      updatePosturePipeline(p, timeS[i]! + off, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
      if (p.pointReady) pts++;
    }
  }
  const u = process.cpuUsage(t0);
  if (pts < 10) throw new Error('x');
  return (n * passes) / ((u.user + u.system) / 1e6);
}
run(3);
const r: number[] = [];
for (let i = 0; i < 7; i++) r.push(run(40));
r.sort((a, b) => a - b);
console.log(mode, (r[3]! / 1e6).toFixed(2), (r[6]! / 1e6).toFixed(2));
