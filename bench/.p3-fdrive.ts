import { generateScenario } from '@stance/firmware-sim';
import * as B from '../packages/analysis/src/orientation-filter.js';
const rec = generateScenario('desk-day', { seed: 1, rateHz: 50, durationS: 600 });
const n = rec.timeS.length; const { timeS, acc, gyr } = rec;
function rb(passes: number): number {
  const f = B.createOrientationFilter(); const t0 = process.cpuUsage();
  for (let k = 0; k < passes; k++) { let prev = timeS[0]! - 0.02; for (let i = 0; i < n; i++) { const j = 3 * i; const t = timeS[i]!; B.updateOrientationFilter(f, t - prev, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!); prev = t; } }
  const u = process.cpuUsage(t0); return (n * passes) / ((u.user + u.system) / 1e6);
}
rb(3); const r: number[] = [];
for (let i = 0; i < 7; i++) r.push(rb(40));
r.sort((a, b) => a - b);
console.log((r[3]! / 1e6).toFixed(2), (r[6]! / 1e6).toFixed(2));
