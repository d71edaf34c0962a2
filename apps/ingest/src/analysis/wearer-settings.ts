/**
 * A wearer's own feedback settings: the slouch threshold, when and how often to buzz, snooze, quiet hours and
 * the local time they are read in. The store keeps only what the wearer set (`WearerSettingsOverrides`);
 * everything else is the service's default, which is the analysis package's (`DEFAULT_POSTURE_PIPELINE_SETTINGS`,
 * `DEFAULT_FEEDBACK_SETTINGS`) under the service's `AnalysisSettings`. The analysis consumer builds each
 * device's pipeline and feedback from the merged settings (`analysisForWearer`).
 */
import {
  DEFAULT_FEEDBACK_SETTINGS,
  DEFAULT_POSTURE_PIPELINE_SETTINGS,
  parseQuietHoursRange,
  type QuietHoursRange,
} from '@stance/analysis';
import type { WearerSettingsOverrides } from '../store/store-port.js';
import type { AnalysisSettings } from './analysis-settings.js';

/** Everything a wearer can set, as the API shows it (units in the names). */
export interface WearerSettings {
  /** Flexion above which the wearer counts as slouched (posture, episodes, buzzes), degrees. */
  slouchDeg: number;
  /** A slouch lasting this long gets the first buzz, s. */
  alertDelayS: number;
  /** Then a buzz every this many seconds while it lasts, s. */
  repeatIntervalS: number;
  /** At most this many buzzes after the first for one slouch (0: buzz once). */
  maxRepeats: number;
  /** The sensor's snooze button silences buzzes this long, minutes. */
  snoozeMin: number;
  /** Local times without buzzing, `HH:MM-HH:MM` (24-hour clock; a range may cross midnight). */
  quietHours: string[];
  /** The wearer's offset from UTC, minutes east: quiet hours and local days (rollups) use it. */
  utcOffsetMin: number;
}

/** The settings a wearer has when they set nothing: the analysis defaults under the service's overrides. */
export function defaultWearerSettings(analysis: AnalysisSettings): Omit<WearerSettings, 'utcOffsetMin'> {
  const pipeline = { ...DEFAULT_POSTURE_PIPELINE_SETTINGS, ...analysis.pipeline };
  const feedback = { ...DEFAULT_FEEDBACK_SETTINGS, ...analysis.feedback };
  return {
    slouchDeg: pipeline.slouchDeg,
    alertDelayS: feedback.firstBuzzDelayS,
    repeatIntervalS: feedback.repeatIntervalS,
    maxRepeats: feedback.maxRepeats,
    snoozeMin: feedback.snoozeMin,
    quietHours: feedback.quietHours.map(formatQuietHours),
  };
}

/** The wearer's effective settings: what they set over the defaults. */
export function wearerSettings(analysis: AnalysisSettings, overrides: WearerSettingsOverrides | null, utcOffsetMin: number): WearerSettings {
  return { ...defaultWearerSettings(analysis), ...overrides, utcOffsetMin };
}

/** The service's analysis settings with the wearer's merged in: what that wearer's devices run with. */
export function analysisForWearer(analysis: AnalysisSettings, overrides: WearerSettingsOverrides | null): AnalysisSettings {
  if (overrides === null) return analysis;
  const o = overrides;
  const feedback = { ...analysis.feedback };
  if (o.alertDelayS !== undefined) feedback.firstBuzzDelayS = o.alertDelayS;
  if (o.repeatIntervalS !== undefined) feedback.repeatIntervalS = o.repeatIntervalS;
  if (o.maxRepeats !== undefined) feedback.maxRepeats = o.maxRepeats;
  if (o.snoozeMin !== undefined) feedback.snoozeMin = o.snoozeMin;
  if (o.quietHours !== undefined) feedback.quietHours = parseQuietHours(o.quietHours);
  const pipeline = o.slouchDeg === undefined ? analysis.pipeline : { ...analysis.pipeline, slouchDeg: o.slouchDeg };
  return { ...analysis, pipeline, feedback };
}

/** Parses quiet-hour ranges; throws a RangeError naming the first malformed one. */
export function parseQuietHours(texts: readonly string[]): QuietHoursRange[] {
  return texts.map((text) => {
    const range = parseQuietHoursRange(text);
    if (range === null) throw new RangeError(`quiet hours ${JSON.stringify(text)} are not HH:MM-HH:MM`);
    return range;
  });
}

function formatQuietHours(r: QuietHoursRange): string {
  const hm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hm(r.startMinuteOfDay)}-${hm(r.endMinuteOfDay)}`;
}
