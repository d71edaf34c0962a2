// temporary comparison dump (helper P3), removed at the end
import { writeFileSync } from 'node:fs';
import { generateScenario } from '@stance/firmware-sim';
import { calibrateRecording } from '../packages/analysis/src/cli/analyze-run.js';
import { createPosturePipeline, updatePosturePipeline, finishPosturePipeline } from '../packages/analysis/src/posture-pipeline.js';
const out: Record<string, unknown> = {};
for (const [name, mounting, auto] of [['desk-day', 'back-clip', false], ['walk', 'collar', false], ['fidgety-sitter', 'upside-down', false], ['desk-day', 'random', true]] as const) {
  const rec = generateScenario(name, { seed: 3, rateHz: 50, durationS: 900, mounting });
  const n = rec.timeS.length;
  const { calibration } = calibrateRecording({ count: n, timeS: rec.timeS, acc: rec.acc, gyr: rec.gyr }, { neutral: rec.windows.neutral, ...(rec.windows.bend ? { bend: rec.windows.bend } : {}), everyS: 1, emitUp: false });
  const p = createPosturePipeline({ calibration: auto ? null : calibration });
  const flex: number[] = [], act: string[] = [], upx: number[] = [], eps: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = 3 * i;
    updatePosturePipeline(p, rec.timeS[i]!, rec.acc[j]!, rec.acc[j + 1]!, rec.acc[j + 2]!, rec.gyr[j]!, rec.gyr[j + 1]!, rec.gyr[j + 2]!);
    if (p.pointReady) { flex.push(p.point.flexionDeg); act.push(p.point.activity + '/' + p.point.posture); }
    if (i % 7 === 0) upx.push(p.up[0]!, p.up[1]!, p.up[2]!);
    if (p.episodeEnded) eps.push(p.episode.startMs, p.episode.endMs);
  }
  finishPosturePipeline(p);
  out[`${name}-${mounting}-${auto}`] = { flex, act, upx, eps, bias: Array.from(p.filter.gyroBiasDps) };
}
writeFileSync(process.argv[2]!, JSON.stringify(out));
