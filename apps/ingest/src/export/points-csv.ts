/**
 * A wearer's points as CSV, produced chunk by chunk: each chunk is one store read of about
 * `rowsPerChunk` steps and one string, so a month of per-second points streams in pieces of a few hundred
 * kilobytes instead of one giant string, and a client that reads slowly slows the reads (the stream pulls).
 * Chunk edges fall on multiples of `stepMs` from the epoch, where the store's averaging steps start, so
 * the rows are exactly those of `GET /posture` for the same range and step.
 */
import type { PostureStore, TimeRange } from '../store/store-port.js';
import { csvLine, fixed, localIso } from './csv-format.js';

export interface PointsCsvSettings {
  /** Steps per store read. */
  rowsPerChunk: number;
  /** Decimals of the angles, degrees (0.001° is far below what the sensor resolves). */
  angleDecimals: number;
}

export const DEFAULT_POINTS_CSV_SETTINGS: Readonly<PointsCsvSettings> = Object.freeze({
  rowsPerChunk: 4096,
  angleDecimals: 3,
});

export const POINTS_CSV_HEADER = ['time_local', 't_ms', 'flexion_deg', 'lateral_deg', 'activity', 'posture'] as const;

export async function* pointsCsv(
  store: PostureStore,
  wearerId: string,
  range: TimeRange,
  stepMs: number,
  utcOffsetMin: number,
  settings: Readonly<PointsCsvSettings> = DEFAULT_POINTS_CSV_SETTINGS,
): AsyncGenerator<string> {
  yield csvLine(POINTS_CSV_HEADER);
  const chunkMs = stepMs * settings.rowsPerChunk;
  let fromMs = range.fromMs;
  while (fromMs < range.toMs) {
    const toMs = Math.min(range.toMs, (Math.floor(fromMs / chunkMs) + 1) * chunkMs);
    const points = await store.readPoints(wearerId, { fromMs, toMs }, stepMs);
    let text = '';
    for (const p of points) {
      text += csvLine([
        localIso(p.tMs, utcOffsetMin), p.tMs, fixed(p.flexionDeg, settings.angleDecimals), fixed(p.lateralDeg, settings.angleDecimals),
        p.activity, p.posture,
      ]);
    }
    if (text !== '') yield text;
    fromMs = toMs;
  }
}
