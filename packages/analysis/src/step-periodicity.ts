/**
 * Walking test of the activity classifier (activity.ts, rule 4): steps make the vertical acceleration periodic.
 * Over the ring of per-block vertical accelerations (`walkWindowS`), the standard deviation must reach
 * `minStepAccG` and the normalised autocorrelation must peak above `minStepCorrelation` at a lag between one
 * step period at `maxStepHz` and one at `minStepHz`, and stay above it at twice that lag (two periods in a row). Runs every `evaluateEveryS`; no allocation.
 */
import type { ActivityClassifier } from './activity.js';

/** Normalised autocorrelation of the vertical acceleration at the step lags: true when it looks like steps. */
export function judgeSteps(c: ActivityClassifier): boolean {
  const s = c.settings;
  const n = c.walkBlocks;
  const minVar = s.minStepAccG * s.minStepAccG;
  // Quick test on the ring's running sums (activity.ts): clearly too little movement for steps, the usual
  // case, needs no pass over the ring. The margin (half the threshold) is far beyond the sums' rounding, so
  // the answer is the exact test's; near the threshold the exact test below decides.
  const quickVar = (c.vertSum2 - (c.vertSum * c.vertSum) / n) / n;
  if (quickVar < 0.5 * minVar) {
    c.stepHz = Number.NaN;
    return false;
  }
  const v = c.vert;
  // One pass: oldest first into a scratch array (the lag loops below then index plainly), with the exact sums
  // for the variance test.
  const d = c.vertLinear;
  const head = c.vertHead;
  let sum = 0;
  let sum2 = 0;
  for (let k = 0; k < n; k++) {
    const x = v[head + k < n ? head + k : head + k - n]!;
    d[k] = x;
    sum += x;
    sum2 += x * x;
  }
  const mean = sum / n;
  const var0 = sum2 - sum * mean; // n · variance; the values are a few hundredths of g: no cancellation issue
  c.stepHz = Number.NaN;
  if (!(var0 / n >= minVar)) return false;
  for (let k = 0; k < n; k++) d[k] = d[k]! - mean;
  let best = -1;
  let bestLag = 0;
  for (let lag = c.minLag; lag <= c.maxLag; lag++) {
    let acc = 0;
    for (let k = 0; k + lag < n; k++) acc += d[k]! * d[k + lag]!;
    // Unbiased normalisation: each lag compares n - lag pairs.
    const r = (acc / (n - lag)) / (var0 / n);
    if (r > best) {
      best = r;
      bestLag = lag;
    }
  }
  if (best < s.minStepCorrelation) return false;
  // Steps repeat: the next period must correlate too. A single reach or shift of weight can match one lag by
  // chance, more easily the coarser the blocks, but not two periods in a row. (Best of the three lags around
  // twice the step lag: the step period is rarely a whole number of blocks.)
  let second = -1;
  for (let lag = 2 * bestLag - 1; lag <= 2 * bestLag + 1; lag++) {
    if (lag + 4 > n) break;
    let acc = 0;
    for (let k = 0; k + lag < n; k++) acc += d[k]! * d[k + lag]!;
    const r = (acc / (n - lag)) / (var0 / n);
    if (r > second) second = r;
  }
  if (second < s.minStepCorrelation) return false;
  c.stepHz = 1 / (bestLag * s.blockS);
  return true;
}
