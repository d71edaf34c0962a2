/**
 * Settings of the orientation filter (orientation-filter.ts): units in the names, defaults tuned on BROAD and on
 * the simulator (README "Orientation filter" explains each). The still-detector settings of gyro-bias.ts are
 * part of them, flat, so one shallow merge sets everything.
 */
import { DEFAULT_GYRO_BIAS_SETTINGS, type GyroBiasSettings } from './gyro-bias.js';

/** Settings; units in the names. The still-detector settings (`GyroBiasSettings`) are part of them. */
export interface OrientationFilterSettings extends GyroBiasSettings {
  /** Time constant of the low-pass applied to the accelerometer in the almost inertial frame I, s. */
  accTimeConstantS: number;
  /** Time constant with which the up estimate follows the filtered accelerometer, s. */
  correctionTimeConstantS: number;
  /** Time constant of both the low-pass and the correction while the still detector reports still, s. */
  stillTimeConstantS: number;
  /** Integral gain from the accelerometer error to the gyroscope bias, 1/s² (0 disables). */
  biasGainPerS2: number;
  /** The integral term learns only while the sensor turns slower than this, °/s. */
  biasLearningMaxRateDps: number;
  /** Largest bias the estimate may reach on any axis, °/s. */
  maxBiasDps: number;
  /** After start or re-initialisation the filters average from scratch for this long, s. */
  startupS: number;
  /** Angle between the filtered accelerometer and the estimate beyond which the estimate is held, ° (0: never). */
  accelerationRejectionDeg: number;
  /** Largest | |filtered acc| − 1 g | for the estimate to follow the accelerometer, g (0: never). */
  accelerationMagnitudeToleranceG: number;
  /** After rejecting this long the estimate jumps to the filtered accelerometer (no lock-out), s. */
  recoveryTriggerS: number;
  /** A time step longer than this re-initialises the filter from the accelerometer, s. */
  reinitialiseAfterGapS: number;
  /** Gyroscope full scale, °/s: a reading at 98 % of it means the rate was clipped, so re-initialise (0: off). */
  gyroRangeDps: number;
}

export const DEFAULT_ORIENTATION_FILTER_SETTINGS: Readonly<OrientationFilterSettings> = Object.freeze({
  ...DEFAULT_GYRO_BIAS_SETTINGS,
  accTimeConstantS: 2,
  correctionTimeConstantS: 1.5,
  stillTimeConstantS: 0.15,
  biasGainPerS2: 0.1,
  biasLearningMaxRateDps: 30,
  maxBiasDps: 10,
  startupS: 1,
  accelerationRejectionDeg: 10,
  accelerationMagnitudeToleranceG: 0.1,
  recoveryTriggerS: 5,
  reinitialiseAfterGapS: 1,
  gyroRangeDps: 2000,
});
