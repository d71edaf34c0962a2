import { generateScenario } from '@stance/firmware-sim';
import { createPosturePipeline, updatePosturePipeline } from '../packages/analysis/src/posture-pipeline.js';
const rec = generateScenario('desk-day', { seed: 1, rateHz: 50, durationS: 600 });
const { timeS, acc, gyr } = rec; const n = timeS.length; const span = timeS[n-1]! + 0.02;
const IDENT = { frame: { f: new Float64Array([1,0,0]), l: new Float64Array([0,1,0]), u: new Float64Array([0,0,1]) }, method: 'windows', quality: 1, detail: {} };
function run(passes: number, cal: any) { const p = createPosturePipeline({ calibration: cal }); let pts = 0; for (let k = 0; k < passes; k++) { const off = k * span; for (let i = 0; i < n; i++) { const j = 3*i; updatePosturePipeline(p, timeS[i]! + off, acc[j]!, acc[j+1]!, acc[j+2]!, gyr[j]!, gyr[j+1]!, gyr[j+2]!); if (p.pointReady) pts++; } } return pts; }
const cal = process.argv[2] === 'auto' ? null : IDENT;
run(20, cal);
console.log('start');
const t = process.cpuUsage();
run(200, cal);
const u = process.cpuUsage(t);
console.log('end', (200*n/((u.user+u.system)/1e6)/1e6).toFixed(2), 'M/s');
