import { generateScenario } from '@stance/firmware-sim';
import * as B from '../packages/analysis/src/orientation-filter.js';
import * as A from './.p3-orig/packages/analysis/src/orientation-filter.js';
const rec = generateScenario('desk-day', { seed: 1, rateHz: 50, durationS: 600 });
const n = rec.timeS.length; const { timeS, acc, gyr } = rec;
function ra(passes: number): number {
  const f = A.createOrientationFilter(); const t0 = process.cpuUsage();
  for (let k = 0; k < passes; k++) { let prev = timeS[0]! - 0.02; for (let i = 0; i < n; i++) { const j = 3 * i; const t = timeS[i]!; A.updateOrientationFilter(f, t - prev, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!); prev = t; } }
  const u = process.cpuUsage(t0); return (n * passes) / ((u.user + u.system) / 1e6);
}
function rb(passes: number): number {
  const f = B.createOrientationFilter(); const t0 = process.cpuUsage();
  for (let k = 0; k < passes; k++) { let prev = timeS[0]! - 0.02; for (let i = 0; i < n; i++) { const j = 3 * i; const t = timeS[i]!; B.updateOrientationFilter(f, t - prev, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!); prev = t; } }
  const u = process.cpuUsage(t0); return (n * passes) / ((u.user + u.system) / 1e6);
}
ra(2); rb(2);
const xs: number[] = [], ys: number[] = [], q: number[] = [];
for (let i = 0; i < 9; i++) { const a = ra(67); const b = rb(67); xs.push(a); ys.push(b); q.push(b / a); }
const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
console.log(`filter: HEAD ${(med(xs) / 1e6).toFixed(2)} M/s, tree ${(med(ys) / 1e6).toFixed(2)} M/s, ratio ${med(q).toFixed(3)} (${q.map((x) => x.toFixed(2)).join(' ')})`);
