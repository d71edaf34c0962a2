/**
 * The pipeline's calibration slot: a given calibration (windows) or automatic calibration from the wearer's
 * movement (auto-calibrator.ts), both watched by the staleness detector (calibration-staleness.ts). Adapter
 * between the pipeline and those modules, so the pipeline reads one small state.
 *
 * - Given: the calibration never changes; once stale, `stale` stays true (latched) and angles are not trusted
 *   (`usable` false) until a new calibration is set with `setGivenCalibration`.
 * - Automatic: the auto-calibrator's calibration is used from the moment it exists ('neutral-only', then
 *   'calibrated'), refined in place. When it goes stale the auto-calibrator starts again from nothing: no
 *   calibration (`usable` false) until it has found the new neutral.
 * - Seeded: a given calibration (e.g. yesterday's, or a first pass over a file) is used until it goes stale,
 *   then automatic calibration takes over as above.
 */
import type { Activity } from '@stance/protocol';
import type { Calibration } from './calibration.js';
import {
  createAutoCalibrator,
  resetAutoCalibrator,
  updateAutoCalibrator,
  type AutoCalibrator,
  type AutoCalibratorSettings,
} from './auto-calibrator.js';
import {
  createCalibrationStaleness,
  setStalenessCalibration,
  updateCalibrationStaleness,
  type CalibrationStaleness,
  type CalibrationStalenessSettings,
} from './calibration-staleness.js';

export interface PipelineCalibrationSettings {
  /** Automatic calibration (used when no calibration is given). */
  auto: Partial<AutoCalibratorSettings>;
  /** Staleness detection (both modes). */
  staleness: Partial<CalibrationStalenessSettings>;
}

export const DEFAULT_PIPELINE_CALIBRATION_SETTINGS: Readonly<PipelineCalibrationSettings> = Object.freeze({
  auto: Object.freeze({}),
  staleness: Object.freeze({}),
});

export interface PipelineCalibration {
  readonly settings: Readonly<PipelineCalibrationSettings>;
  /** The calibration in force; null while none. */
  calibration: Calibration | null;
  /** True: a calibration was given and is in force; false: automatic (or waiting for it after a stale seed). */
  given: boolean;
  /** The given calibration is a seed: when it goes stale, automatic calibration takes over. */
  seeded: boolean;
  /** Angles under `calibration` can be trusted (there is one and it is not stale). */
  usable: boolean;
  /** The last update brought a new calibration or a refinement of the automatic one. */
  changed: boolean;
  /** The calibration went stale (latched in the given mode; in the automatic mode until a new one is found). */
  stale: boolean;
  readonly auto: AutoCalibrator;
  readonly staleness: CalibrationStaleness;
  autoVersion: number;
  /** The current update's inputs (see updatePipelineCalibration): time step, s, and gyroscope, °/s. */
  dtS: number;
  readonly gyr: Float64Array;
}

export function createPipelineCalibration(
  given: Calibration | null,
  settings: Partial<PipelineCalibrationSettings> = {},
  seeded = false,
): PipelineCalibration {
  const s = Object.freeze({ ...DEFAULT_PIPELINE_CALIBRATION_SETTINGS, ...settings });
  const c: PipelineCalibration = {
    settings: s,
    calibration: null,
    given: false,
    seeded: false,
    usable: false,
    changed: false,
    stale: false,
    auto: createAutoCalibrator(s.auto),
    staleness: createCalibrationStaleness(s.staleness),
    autoVersion: -1,
    dtS: 0.5,
    gyr: new Float64Array(3),
  };
  if (given) setGivenCalibration(c, given, seeded);
  return c;
}

/**
 * Use `calibration` from now on (the wearer calibrated); null goes back to automatic calibration. `seeded`:
 * automatic calibration takes over once it goes stale.
 */
export function setGivenCalibration(c: PipelineCalibration, calibration: Calibration | null, seeded = false): void {
  c.calibration = calibration;
  c.given = calibration !== null;
  c.seeded = calibration !== null && seeded;
  c.usable = calibration !== null;
  c.stale = false;
  c.changed = true;
  if (!c.given) {
    resetAutoCalibrator(c.auto);
    c.autoVersion = -1;
  }
  setStalenessCalibration(c.staleness, calibration);
}

/** One sample: `dtS` (0 across a gap), the filter's up, the gyroscope with its bias removed (°/s), the activity. */
export function updatePipelineCalibration(
  c: PipelineCalibration,
  dtS: number,
  up: Float64Array,
  gx: number, gy: number, gz: number,
  activity: Activity,
): void {
  // Small on purpose: inlined into the caller, so its numbers reach the state unboxed (README "Speed").
  const g = c.gyr;
  g[0] = gx;
  g[1] = gy;
  g[2] = gz;
  c.dtS = dtS;
  stepPipelineCalibration(c, up, activity);
}

function stepPipelineCalibration(c: PipelineCalibration, up: Float64Array, activity: Activity): void {
  c.changed = false;
  const g = c.gyr;
  const dtS = c.dtS;
  if (!c.given) {
    const a = c.auto;
    updateAutoCalibrator(a, dtS, up, g, activity);
    if (a.calibration !== null && a.version !== c.autoVersion) {
      if (c.calibration === null) {
        setStalenessCalibration(c.staleness, a.calibration);
        c.stale = false;
      }
      c.autoVersion = a.version;
      c.calibration = a.calibration;
      c.usable = true;
      c.changed = true;
    }
  }
  if (c.calibration === null) return;
  updateCalibrationStaleness(c.staleness, dtS, up, g, activity);
  if (!c.staleness.stale) return;
  c.stale = true;
  c.usable = false;
  if (c.seeded) {
    c.given = false;
    c.seeded = false;
  }
  if (!c.given) {
    // Start again: the old neutral no longer means anything, and the wearer is mid-day, not sitting tall.
    resetAutoCalibrator(c.auto, false);
    c.autoVersion = -1;
    c.calibration = null;
    c.changed = true;
    setStalenessCalibration(c.staleness, null);
  }
}
