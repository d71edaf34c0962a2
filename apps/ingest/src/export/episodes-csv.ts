/** A wearer's slouch episodes (those that start within the range) as CSV, as `GET /episodes` answers them. */
import type { SlouchEpisode } from '@stance/analysis';
import { csvLine, fixed, localIso } from './csv-format.js';

export const EPISODES_CSV_HEADER = [
  'start_local', 'start_ms', 'end_ms', 'duration_s', 'peak_flexion_deg', 'mean_flexion_deg', 'dose_deg_s',
] as const;

export function* episodesCsv(episodes: readonly SlouchEpisode[], utcOffsetMin: number): Generator<string> {
  yield csvLine(EPISODES_CSV_HEADER);
  for (const e of episodes) {
    yield csvLine([
      localIso(e.startMs, utcOffsetMin), e.startMs, e.endMs, fixed(e.durationS, 3), fixed(e.peakFlexionDeg, 3), fixed(e.meanFlexionDeg, 3),
      fixed(e.doseDegS, 2),
    ]);
  }
}
