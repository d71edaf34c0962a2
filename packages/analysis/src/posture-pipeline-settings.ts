/**
 * Settings of the posture pipeline (posture-pipeline.ts), units in the names; README "Pipeline" explains each.
 * The pipeline's internal tick is the activity classifier's block (`activity.blockS`, 0.1 s by default).
 */
import type { ActivitySettings } from './activity.js';
import type { Calibration } from './calibration.js';
import type { OrientationFilterSettings } from './orientation-filter-settings.js';
import type { PipelineCalibrationSettings } from './pipeline-calibration.js';

export interface PosturePipelineSettings {
  /** Flexion above which the posture counts as slouched, degrees. */
  slouchDeg: number;
  /** Shortest slouch that counts as an episode, seconds. */
  minSlouchS: number;
  /** Slouched posture ends only below `slouchDeg - hysteresisDeg`, degrees. */
  hysteresisDeg: number;
  /** A dip below the exit level shorter than this does not end a slouch, seconds. */
  graceS: number;
  /** Length of the points the pipeline emits, seconds (1: the per-second PosturePoint). */
  pointIntervalS: number;
  /** A time step longer than this is a gap: it carries no duration into the integrals, seconds. */
  maxStepS: number;
  /**
   * Automatic calibration and staleness are updated at the first tick after this much data (with the mean
   * gyroscope since the last update) rather than per tick, s. Their time scales are seconds to minutes; 0.25 s
   * keeps their cost low and changes their results by hundredths of a degree. 0: every tick.
   */
  calibrationStepS: number;
  /** A given calibration (e.g. from windows); null: calibrate automatically from the wearer's movement. */
  calibration: Calibration | null;
  /**
   * What a given calibration that goes stale leads to: 'fixed' keeps it (posture unknown until the wearer
   * calibrates again), 'seed' hands over to automatic calibration.
   */
  calibrationMode: 'fixed' | 'seed';
  /** Orientation filter settings (merged over its defaults). */
  filter: Partial<OrientationFilterSettings>;
  /** Activity classifier settings (merged over its defaults); its `blockS` is also the pipeline's tick. */
  activity: Partial<ActivitySettings>;
  /** Automatic calibration and staleness settings (merged over their defaults). */
  calibrationSettings: Partial<PipelineCalibrationSettings>;
}

export const DEFAULT_POSTURE_PIPELINE_SETTINGS: Readonly<PosturePipelineSettings> = Object.freeze({
  slouchDeg: 20,
  minSlouchS: 30,
  hysteresisDeg: 2,
  graceS: 2,
  pointIntervalS: 1,
  maxStepS: 1,
  calibrationStepS: 0.25,
  calibration: null,
  calibrationMode: 'fixed',
  filter: {},
  activity: {},
  calibrationSettings: {},
});
