/** Writes the analyze result as one JSON document, streamed in chunks so `up` for millions of samples fits. */
import type { Writable } from 'node:stream';
import type { AnalyzeResult } from './analyze-run.js';

const CHUNK_CHARS = 1 << 20;

export async function writeAnalyzeJson(out: Writable, algorithm: string, r: AnalyzeResult): Promise<void> {
  let buf = '{\n';
  const flush = async (force: boolean): Promise<void> => {
    if (!force && buf.length < CHUNK_CHARS) return;
    const ok = out.write(buf);
    buf = '';
    if (!ok) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  buf += `"algorithm":${JSON.stringify(algorithm)},\n`;
  buf += `"calibration":${JSON.stringify(r.calibration)},\n`;
  buf += '"series":[';
  for (let i = 0; i < r.series.length; i++) {
    buf += (i ? ',\n' : '\n') + JSON.stringify(r.series[i]);
    await flush(false);
  }
  buf += '\n],\n"episodes":[';
  for (let i = 0; i < r.episodes.length; i++) buf += (i ? ',\n' : '\n') + JSON.stringify(r.episodes[i]);
  buf += `\n],\n"summary":${JSON.stringify(r.summary)}`;
  if (r.up) {
    buf += ',\n"up":[';
    const up = r.up;
    const n = up.length / 4;
    for (let i = 0; i < n; i++) {
      buf += `${i ? ',\n' : '\n'}[${up[4 * i]},${fix(up[4 * i + 1]!)},${fix(up[4 * i + 2]!)},${fix(up[4 * i + 3]!)}]`;
      if ((i & 1023) === 0) await flush(false);
    }
    buf += '\n]';
  }
  buf += '\n}\n';
  await flush(true);
}

/** Six decimals (a micro-radian), without trailing zeros; JSON has no NaN, so null. */
function fix(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : 'null';
}
