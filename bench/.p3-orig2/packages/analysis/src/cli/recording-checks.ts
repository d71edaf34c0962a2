/** Checks a parsed recording before analysis: enough samples, a sample rate the analysis is built for. */
import type { ImuColumns } from './csv-reader.js';
import { InputError } from './input-error.js';

export interface RecordingCheckSettings {
  /** Fewest samples analysed, count. */
  minSamples: number;
  /** Slowest and fastest accepted median sample rate, Hz (contracts: 25 to 300, with a margin for clock error). */
  minRateHz: number;
  maxRateHz: number;
}

export const DEFAULT_RECORDING_CHECK_SETTINGS: Readonly<RecordingCheckSettings> = Object.freeze({
  minSamples: 50,
  minRateHz: 24,
  maxRateHz: 310,
});

/** Median sample rate, Hz, from up to 4097 evenly spread steps (a few gaps do not move a median). */
export function medianRateHz(timeS: Float64Array): number {
  const steps = timeS.length - 1;
  if (steps < 1) return Number.NaN;
  const take = Math.min(steps, 4097);
  const dts = new Float64Array(take);
  for (let k = 0; k < take; k++) {
    const i = Math.floor((k * steps) / take);
    dts[k] = timeS[i + 1]! - timeS[i]!;
  }
  dts.sort();
  return 1 / dts[take >> 1]!;
}

/** Throws an InputError naming the lines when the recording cannot be analysed; returns the median rate. */
export function checkRecording(cols: ImuColumns, settings: Partial<RecordingCheckSettings> = {}): number {
  const s = { ...DEFAULT_RECORDING_CHECK_SETTINGS, ...settings };
  if (cols.count < s.minSamples) {
    throw new InputError(`too few samples: ${cols.count} data rows, need at least ${s.minSamples}`, cols.count > 0 ? cols.lastLine : 1);
  }
  const rate = medianRateHz(cols.timeS);
  if (!(rate >= s.minRateHz && rate <= s.maxRateHz)) {
    throw new InputError(
      `sample rate ${rate.toFixed(1)} Hz (median of the time steps, lines ${cols.firstLine}-${cols.lastLine}) is outside ${s.minRateHz}-${s.maxRateHz} Hz`,
      0,
    );
  }
  return rate;
}
