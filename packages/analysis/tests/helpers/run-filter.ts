/** Runs the orientation filter over a synthetic signal and measures its tilt error against the truth. */
import { inclinationErrorDeg } from '../../src/evaluation/broad.js';
import { updateOrientationFilter, type OrientationFilter } from '../../src/orientation-filter.js';
import type { SyntheticImu } from './synthetic-imu.js';

export interface TiltErrors {
  /** Error after every sample, degrees. */
  errorDeg: Float64Array;
  /** Whether the filter held its estimate (rejected the accelerometer) at every sample. */
  rejected: Uint8Array;
}

export function runFilter(f: OrientationFilter, sig: SyntheticImu, firstDtS = 0): TiltErrors {
  const errorDeg = new Float64Array(sig.count);
  const rejected = new Uint8Array(sig.count);
  const { timeS, acc, gyr, upTrue } = sig;
  for (let i = 0; i < sig.count; i++) {
    const dt = i === 0 ? firstDtS : timeS[i]! - timeS[i - 1]!;
    const j = 3 * i;
    updateOrientationFilter(f, dt, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
    errorDeg[i] = inclinationErrorDeg(f.up[0]!, f.up[1]!, f.up[2]!, upTrue[j]!, upTrue[j + 1]!, upTrue[j + 2]!);
    rejected[i] = f.accelerationRejected ? 1 : 0;
  }
  return { errorDeg, rejected };
}

/** Root mean square of `errorDeg` over samples whose time lies in [fromS, toS). */
export function rmsBetween(sig: SyntheticImu, errorDeg: Float64Array, fromS: number, toS = Infinity): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < sig.count; i++) {
    const t = sig.timeS[i]!;
    if (t >= fromS && t < toS) {
      s += errorDeg[i]! ** 2;
      n++;
    }
  }
  return Math.sqrt(s / n);
}

/** Largest of `errorDeg` over samples whose time lies in [fromS, toS). */
export function maxBetween(sig: SyntheticImu, errorDeg: Float64Array, fromS: number, toS = Infinity): number {
  let m = 0;
  for (let i = 0; i < sig.count; i++) {
    const t = sig.timeS[i]!;
    if (t >= fromS && t < toS && errorDeg[i]! > m) m = errorDeg[i]!;
  }
  return m;
}
