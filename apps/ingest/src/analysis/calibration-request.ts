/**
 * A calibration asked for (API or button): checks the windows against the device's newest data, reads the raw
 * samples they need and runs the calibration maths. Reads only, applies nothing: the analysis that owns the
 * device applies the result (analysis-consumer.ts), which in worker mode may be another process
 * (workers/partitioned-analysis.ts computes here, from the database, and hands the result to the owner).
 */
import { CalibrationError, type Calibration } from '@stance/analysis';
import { stanceError } from '../errors.js';
import type { PostureStore, TimeRange } from '../store/store-port.js';
import type { AnalysisSettings } from './analysis-settings.js';
import { calibrateFromRawWindows, type CalibrationWindows } from './raw-calibration.js';

/** What a calibration needs to know of the device's analysis. */
export interface CalibrationSubject {
  deviceId: string;
  wearerId: string;
  /** End of the newest data received, sensor ms (NaN: none). */
  newestEndMs: number;
  /** End of the data analysed so far, sensor ms (NaN: none). */
  lastFedMs: number;
}

/** Finds the calibration (throws catalogue errors), without applying it. */
export function computeCalibration(
  subject: CalibrationSubject,
  windows: CalibrationWindows | null,
  settings: Pick<AnalysisSettings, 'nowNeutralS' | 'nowMotionS'>,
  store: Pick<PostureStore, 'readRaw'>,
): Calibration {
  const newestMs = subject.newestEndMs;
  if (!Number.isFinite(newestMs)) throw stanceError('WEARER_HAS_NO_DEVICE', { id: subject.wearerId });
  let range: TimeRange;
  let use: CalibrationWindows;
  if (windows === null) {
    const endMs = Number.isFinite(subject.lastFedMs) ? subject.lastFedMs + 1 : newestMs;
    use = { neutral: { fromMs: endMs - settings.nowNeutralS * 1000, toMs: endMs }, bend: null };
    range = { fromMs: endMs - settings.nowMotionS * 1000, toMs: endMs };
  } else {
    const recentMs = newestMs - 600_000;
    for (const [name, w] of [['neutral', windows.neutral], ['bend', windows.bend]] as const) {
      if (w === null) continue;
      if (!(w.toMs > w.fromMs)) throw stanceError('CALIBRATION_WINDOW_INVALID', { window: name, reason: 'to must be after from' });
      if (w.fromMs < recentMs || w.toMs > newestMs + 1000) {
        throw stanceError('CALIBRATION_WINDOW_INVALID', { window: name, reason: 'not within the last 10 minutes of received data' });
      }
    }
    use = windows;
    const froms = [windows.neutral.fromMs, windows.bend?.fromMs ?? Infinity];
    const tos = [windows.neutral.toMs, windows.bend?.toMs ?? -Infinity];
    // Ten seconds before the first window prime the orientation filter.
    range = { fromMs: Math.min(...froms) - 10_000, toMs: Math.max(...tos) };
  }
  const raw = store.readRaw(subject.deviceId, range);
  if (raw.tMs.length === 0) throw stanceError('CALIBRATION_FAILED', { reason: 'no raw samples kept for that time' });
  try {
    return calibrateFromRawWindows(raw, use);
  } catch (error) {
    if (error instanceof CalibrationError) throw stanceError('CALIBRATION_FAILED', { reason: error.message }, error);
    throw error;
  }
}
