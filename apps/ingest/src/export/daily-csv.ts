/**
 * A wearer's daily summaries as CSV: one row per local day (the day rollups, at the offset each day was
 * recorded with), the numbers of `GET /summary?bucket=day` and the day's alerts.
 */
import { summariseAggregate } from '@stance/analysis';
import type { AlertRecord, RollupBucket } from '../store/store-port.js';
import { csvLine, fixed, localDay } from './csv-format.js';

const DAY_MS = 86_400_000;

export const DAILY_CSV_HEADER = [
  'day_local', 'start_ms', 'worn_s', 'assessed_s', 'upright_s', 'slouch_s', 'upright_pct', 'episode_count', 'longest_episode_s',
  'mean_flexion_deg', 'p90_flexion_deg', 'mean_lateral_deg', 'dose_deg_s', 'longest_sitting_s', 'movement_breaks',
  'still_s', 'moving_s', 'walking_s', 'lying_s', 'alert_count', 'corrected_count',
] as const;

export function* dailyCsv(days: readonly RollupBucket[], alerts: readonly AlertRecord[]): Generator<string> {
  yield csvLine(DAILY_CSV_HEADER);
  for (const day of days) {
    const s = summariseAggregate(day.aggregate);
    const a = day.aggregate;
    const ofDay = alerts.filter((x) => x.buzzMs >= day.startMs && x.buzzMs < day.startMs + DAY_MS);
    yield csvLine([
      localDay(day.startMs, a.utcOffsetMin), day.startMs, s.wornS, s.assessedS, s.uprightS, s.slouchS, fixed(s.uprightPct, 2),
      s.episodeCount, fixed(s.longestEpisodeS, 3), fixed(s.meanFlexionDeg, 3), fixed(s.p90FlexionDeg, 3), fixed(s.meanLateralDeg, 3),
      fixed(s.doseDegS, 2), s.longestSittingS, s.movementBreaks, a.stillS, a.movingS, a.walkingS, a.lyingS,
      ofDay.length, ofDay.filter((x) => x.outcome === 'corrected').length,
    ]);
  }
}
