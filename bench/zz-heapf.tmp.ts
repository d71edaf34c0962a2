import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { generateScenario } from '@stance/firmware-sim';
import { createOrientationFilter, updateOrientationFilter } from '../packages/analysis/src/orientation-filter.js';
const rec = generateScenario('desk-day', { seed: 1, rateHz: 50, durationS: 600 });
const { timeS, acc, gyr } = rec; const n = timeS.length;
function run(passes: number) { const f = createOrientationFilter(); for (let k = 0; k < passes; k++) for (let i = 0; i < n; i++) { const j = 3*i; updateOrientationFilter(f, 0.02, acc[j]!, acc[j+1]!, acc[j+2]!, gyr[j]!, gyr[j+1]!, gyr[j+2]!); } return f.up[0]; }
run(20);
const s = new Session(); s.connect();
await s.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
run(20);
const { profile } = await s.post('HeapProfiler.stopSampling');
writeFileSync('/tmp/p/alloc.json', JSON.stringify(profile));
