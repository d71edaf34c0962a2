import { generateScenario } from '@stance/firmware-sim';
import { createPosturePipeline, updatePosturePipeline } from '/work/main/packages/analysis/src/posture-pipeline.ts';
const rec = generateScenario('desk-day', { seed: 1, rateHz: 50, durationS: 60 });
const IDENT = { frame: { f: new Float64Array([1,0,0]), l: new Float64Array([0,1,0]), u: new Float64Array([0,0,1]) }, method: 'windows', quality: 1, detail: {} };
const p = createPosturePipeline({ calibration: IDENT });
for (let i = 0; i < rec.timeS.length; i++) updatePosturePipeline(p, rec.timeS[i], rec.acc[3*i], rec.acc[3*i+1], rec.acc[3*i+2], rec.gyr[3*i], rec.gyr[3*i+1], rec.gyr[3*i+2]);
%DebugPrint(p);
%DebugPrint(p.activityClassifier);
