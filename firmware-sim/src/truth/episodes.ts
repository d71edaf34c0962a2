/**
 * Ground-truth slouch episodes, by the rule of contracts section 3: a continuous stretch of flexion above
 * the threshold lasting at least the minimum, while the wearer is not walking or lying (nor has taken the
 * sensor off). The start is the threshold crossing, interpolated between samples; so is the end.
 */
import type { Activity } from '@stance/protocol';
import type { Recording, TruthEpisode } from '../scenarios/scenario-types.js';

function counts(a: Activity | undefined): boolean {
  return a !== 'walking' && a !== 'lying' && a !== 'not_worn';
}

export function truthEpisodes(rec: Recording, slouchDeg: number, minSlouchS: number): TruthEpisode[] {
  const t = rec.timeS, f = rec.truth.flexionDeg, act = rec.truth.activity;
  const n = t.length;
  const out: TruthEpisode[] = [];
  let startS = Number.NaN, peak = 0, sum = 0, count = 0;
  const close = (endS: number): void => {
    if (endS - startS >= minSlouchS)
      out.push({ startS, endS, durationS: endS - startS, peakFlexionDeg: peak, meanFlexionDeg: sum / count });
    startS = Number.NaN;
  };
  for (let i = 0; i < n; i++) {
    const fi = f[i]!, ti = t[i]!;
    const inside = fi > slouchDeg && counts(act[i]);
    const open = startS === startS;
    if (inside && !open) {
      const fp = i > 0 ? f[i - 1]! : fi;
      // Interpolate the crossing when the previous sample was below the threshold in a counted activity.
      startS = i > 0 && fp <= slouchDeg && counts(act[i - 1]) ? t[i - 1]! + ((slouchDeg - fp) / (fi - fp)) * (ti - t[i - 1]!) : ti;
      peak = fi;
      sum = fi;
      count = 1;
    } else if (inside) {
      if (fi > peak) peak = fi;
      sum += fi;
      count++;
    } else if (open) {
      const fp = f[i - 1]!;
      close(fi <= slouchDeg ? t[i - 1]! + ((fp - slouchDeg) / (fp - fi)) * (ti - t[i - 1]!) : ti);
    }
  }
  if (startS === startS && n > 0) close(t[n - 1]!);
  return out;
}

/** The rule the scenarios are designed around (README): 20° threshold, 30 s minimum. */
export const DEFAULT_TRUTH_SLOUCH_DEG = 20;
export const DEFAULT_TRUTH_MIN_SLOUCH_S = 30;
