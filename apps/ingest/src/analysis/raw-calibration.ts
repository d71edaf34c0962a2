/**
 * Calibration from a device's recent raw samples (intake journal): windows given by the API in sensor time,
 * or "now" (the last seconds as neutral, the forward axis from the wearer's movement before). The maths is the
 * analysis package's (orientation filter, `calibrateFromWindows`, `calibrateNeutralWithMotion`), run the way the
 * `analyze` command runs it: the filter is primed over the data first so the gyroscope bias is known, then
 * reset and run again to give the up vector of every sample.
 */
import {
  calibrateFromWindows,
  calibrateNeutralWithMotion,
  createOrientationFilter,
  indexRangeForTimes,
  resetOrientationFilter,
  updateOrientationFilter,
  type Calibration,
  type OrientationFilterSettings,
} from '@stance/analysis';
import type { RawSamples, TimeRange } from '../store/store-port.js';

/** Seconds of data the filter is primed over before the pass that records `up`. */
const PRIME_S = 10;

export interface CalibrationWindows {
  neutral: TimeRange;
  bend: TimeRange | null;
}

/** Up vector (sensor frame) of every sample of `raw`. */
export function upVectors(raw: RawSamples, filter: Partial<OrientationFilterSettings> = {}): Float64Array {
  const f = createOrientationFilter(filter);
  const n = raw.tMs.length;
  const run = (record: Float64Array | null, untilS: number): void => {
    let prev = Number.NaN;
    const first = raw.tMs[0] ?? 0;
    for (let i = 0; i < n; i++) {
      const t = (raw.tMs[i] as number) / 1000;
      if (t - first / 1000 > untilS) break;
      const a = raw.acc;
      const g = raw.gyr;
      updateOrientationFilter(f, prev === prev ? t - prev : 0, a[3 * i]!, a[3 * i + 1]!, a[3 * i + 2]!, g[3 * i]!, g[3 * i + 1]!, g[3 * i + 2]!);
      prev = t;
      if (record) {
        record[3 * i] = f.up[0]!;
        record[3 * i + 1] = f.up[1]!;
        record[3 * i + 2] = f.up[2]!;
      }
    }
  };
  run(null, PRIME_S);
  resetOrientationFilter(f);
  const up = new Float64Array(3 * n);
  run(up, Infinity);
  return up;
}

/** Calibration from windows over `raw` (which must cover them). Throws the analysis CalibrationError. */
export function calibrateFromRawWindows(raw: RawSamples, windows: CalibrationWindows): Calibration {
  const up = upVectors(raw);
  const neutral = indexRangeForTimes(raw.tMs, windows.neutral.fromMs, windows.neutral.toMs);
  const bend = windows.bend ? indexRangeForTimes(raw.tMs, windows.bend.fromMs, windows.bend.toMs) : null;
  if (bend) return calibrateFromWindows(up, neutral, bend);
  const timeS = Float64Array.from(raw.tMs, (t) => t / 1000);
  return calibrateNeutralWithMotion(up, timeS, neutral, { start: 0, end: raw.tMs.length });
}
