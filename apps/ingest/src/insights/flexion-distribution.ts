/**
 * How far forward a wearer sits: the merged flexion histogram of a range (assessed seconds, 0.5° bins in the
 * rollups) re-binned into wider bins for a chart, trimmed to the bins that hold time; and the mean sideways
 * lean. Pure.
 */
import { HISTOGRAM_BIN_DEG, HISTOGRAM_MIN_DEG, type PostureAggregate } from '@stance/analysis';

export interface DistributionSettings {
  /** Width of a chart bin, degrees (a multiple of the rollups' 0.5° bins). */
  binDeg: number;
}

export const DEFAULT_DISTRIBUTION_SETTINGS: Readonly<DistributionSettings> = Object.freeze({
  binDeg: 5,
});

export interface FlexionDistribution {
  flexion: {
    /** Lower edge of each bin, degrees; bin i covers [binStartDeg[i], binStartDeg[i] + binDeg). */
    binStartDeg: number[];
    seconds: number[];
  };
  lateral: { meanDeg: number | null };
}

export function flexionDistribution(
  aggregates: readonly PostureAggregate[],
  settings: Readonly<DistributionSettings> = DEFAULT_DISTRIBUTION_SETTINGS,
): FlexionDistribution {
  const perBin = Math.max(1, Math.round(settings.binDeg / HISTOGRAM_BIN_DEG));
  const wide = new Map<number, number>();
  let lateralSumDeg = 0;
  let lateralS = 0;
  for (const a of aggregates) {
    a.flexionHistogram.forEach((count, i) => {
      if (count > 0) {
        const bin = Math.floor(i / perBin);
        wide.set(bin, (wide.get(bin) ?? 0) + count);
      }
    });
    lateralSumDeg += a.lateralSumDeg;
    lateralS += a.lateralS;
  }
  const bins = [...wide.keys()];
  const binStartDeg: number[] = [];
  const seconds: number[] = [];
  if (bins.length > 0) {
    const first = Math.min(...bins);
    const last = Math.max(...bins);
    for (let bin = first; bin <= last; bin++) {
      binStartDeg.push(HISTOGRAM_MIN_DEG + bin * perBin * HISTOGRAM_BIN_DEG);
      seconds.push(wide.get(bin) ?? 0);
    }
  }
  return { flexion: { binStartDeg, seconds }, lateral: { meanDeg: lateralS > 0 ? lateralSumDeg / lateralS : null } };
}
