/**
 * Six-axis orientation filter that tracks the direction of gravity ("up") in the sensor frame.
 * First version: complementary filter on the up vector (see README "Orientation filter").
 */
import {
  createGyroBias,
  DEFAULT_GYRO_BIAS_SETTINGS,
  resetGyroBias,
  updateGyroBias,
  type GyroBias,
  type GyroBiasSettings,
} from './gyro-bias.js';

const DEG_TO_RAD = Math.PI / 180;
const RAD_TO_DEG = 180 / Math.PI;

/** Settings; units in the names and comments. The still-detector settings of `GyroBiasSettings` are included. */
export interface OrientationFilterSettings extends GyroBiasSettings {
  /** Accelerometer correction gain, 1/s: the rate at which the up estimate turns towards the accelerometer. */
  gainPerS: number;
  /** Integral gain of the accelerometer error into the gyroscope bias, 1/s² (0 disables). */
  biasGainPerS2: number;
  /** Largest bias the integral term may reach on any axis, °/s. */
  maxBiasDps: number;
  /** Gain at start and after re-initialisation, ramped linearly down to `gainPerS` over `startupS`, 1/s. */
  startupGainPerS: number;
  /** Duration of the startup ramp, s. */
  startupS: number;
  /** Angle between accelerometer and estimated up beyond which the accelerometer is ignored, degrees (0: never). */
  accelerationRejectionDeg: number;
  /** Largest | |acc| - 1 g | for the accelerometer to be used, g (0: never rejected on magnitude). */
  accelerationMagnitudeToleranceG: number;
  /** Rejection lasting this long is overridden (so a wrong estimate cannot lock itself out), s. */
  recoveryTriggerS: number;
  /** A time step longer than this re-initialises the filter from the accelerometer, s. */
  reinitialiseAfterGapS: number;
}

export const DEFAULT_ORIENTATION_FILTER_SETTINGS: Readonly<OrientationFilterSettings> = Object.freeze({
  ...DEFAULT_GYRO_BIAS_SETTINGS,
  gainPerS: 0.5,
  biasGainPerS2: 0.01,
  maxBiasDps: 10,
  startupGainPerS: 10,
  startupS: 1.5,
  accelerationRejectionDeg: 10,
  accelerationMagnitudeToleranceG: 0.15,
  recoveryTriggerS: 5,
  reinitialiseAfterGapS: 1,
});

/** Caller-owned filter state. Read the outputs; change it only through the functions of this module. */
export interface OrientationFilter {
  readonly settings: Readonly<OrientationFilterSettings>;
  /** [x, y, z] unit vector opposite to gravity in the sensor frame: the output. */
  readonly up: Float64Array;
  /** Current gyroscope bias estimate, °/s, per sensor axis. */
  readonly gyroBiasDps: Float64Array;
  /** False until the first usable accelerometer sample (and again after a reset or a gap). */
  readonly initialised: boolean;
  /** The last update ignored the accelerometer (linear acceleration). */
  readonly accelerationRejected: boolean;
  /** The still detector judged the last sample still. */
  readonly still: boolean;
}

interface OrientationFilterState extends OrientationFilter {
  initialised: boolean;
  accelerationRejected: boolean;
  still: boolean;
  bias: GyroBias;
  startupLeftS: number;
  recoveryTriggerS: number;
  recoveryTimeoutS: number;
  // Settings converted once.
  gain: number;
  startupGain: number;
  startupSlope: number;
  biasGainDeg: number;
  maxBias: number;
  rejectSin2: number;
  magLow2: number;
  magHigh2: number;
  recoveryS: number;
  gapS: number;
}

export function createOrientationFilter(settings?: Partial<OrientationFilterSettings>): OrientationFilter {
  const s: Readonly<OrientationFilterSettings> = Object.freeze({ ...DEFAULT_ORIENTATION_FILTER_SETTINGS, ...settings });
  const gyroBiasDps = new Float64Array(3);
  const rejectSin = Math.sin(s.accelerationRejectionDeg * DEG_TO_RAD);
  const tol = s.accelerationMagnitudeToleranceG;
  const state: OrientationFilterState = {
    settings: s,
    up: new Float64Array([0, 0, 1]),
    gyroBiasDps,
    initialised: false,
    accelerationRejected: false,
    still: false,
    bias: createGyroBias(s, gyroBiasDps),
    startupLeftS: 0,
    recoveryTriggerS: 0,
    recoveryTimeoutS: s.recoveryTriggerS,
    gain: s.gainPerS,
    startupGain: s.startupGainPerS,
    startupSlope: s.startupS > 0 ? (s.startupGainPerS - s.gainPerS) / s.startupS : 0,
    biasGainDeg: s.biasGainPerS2 * RAD_TO_DEG,
    maxBias: s.maxBiasDps,
    rejectSin2: s.accelerationRejectionDeg > 0 && s.accelerationRejectionDeg < 90 ? rejectSin * rejectSin : 2,
    magLow2: tol > 0 && tol < 1 ? (1 - tol) * (1 - tol) : 0,
    magHigh2: tol > 0 ? (1 + tol) * (1 + tol) : Infinity,
    recoveryS: s.recoveryTriggerS,
    gapS: s.reinitialiseAfterGapS,
  };
  return state;
}

/** Forgets the orientation (the next sample re-initialises from the accelerometer); keeps the bias estimate. */
export function resetOrientationFilter(f: OrientationFilter): void {
  const s = f as OrientationFilterState;
  s.initialised = false;
  s.accelerationRejected = false;
  s.still = false;
  s.startupLeftS = 0;
  s.recoveryTriggerS = 0;
  s.recoveryTimeoutS = s.recoveryS;
  resetGyroBias(s.bias);
}

/** One sample: `dtS` seconds since the previous sample, accelerometer in g, gyroscope in °/s. */
export function updateOrientationFilter(
  f: OrientationFilter,
  dtS: number,
  ax: number,
  ay: number,
  az: number,
  gx: number,
  gy: number,
  gz: number,
): void {
  const s = f as OrientationFilterState;
  let dt = dtS;
  if (!(dt > 0)) dt = 0; // NaN, negative or zero: no integration, but still use the accelerometer below
  if (dt > s.gapS) resetOrientationFilter(s);

  s.still = updateGyroBias(s.bias, dt, ax, ay, az, gx, gy, gz);

  const a2 = ax * ax + ay * ay + az * az;
  const up = s.up;
  if (!s.initialised) {
    if (a2 > 1e-6 && a2 < Infinity) {
      const inv = 1 / Math.sqrt(a2);
      up[0] = ax * inv;
      up[1] = ay * inv;
      up[2] = az * inv;
      s.initialised = true;
      s.startupLeftS = s.settings.startupS;
    }
    return;
  }

  const bias = s.gyroBiasDps;
  let wx = (gx - bias[0]!) * DEG_TO_RAD;
  let wy = (gy - bias[1]!) * DEG_TO_RAD;
  let wz = (gz - bias[2]!) * DEG_TO_RAD;
  let ux = up[0]!;
  let uy = up[1]!;
  let uz = up[2]!;

  let gain = s.gain;
  const startup = s.startupLeftS > 0;
  if (startup) {
    gain += s.startupSlope * s.startupLeftS;
    s.startupLeftS -= dt;
  }

  let rejected = true;
  if (a2 > 1e-6 && a2 < Infinity) {
    const inv = 1 / Math.sqrt(a2);
    const nx = ax * inv;
    const ny = ay * inv;
    const nz = az * inv;
    // Error rotation axis n × u: adding it to the rate turns u towards n (du/dt = u × w).
    let ex = ny * uz - nz * uy;
    let ey = nz * ux - nx * uz;
    let ez = nx * uy - ny * ux;
    const e2 = ex * ex + ey * ey + ez * ez;
    const dot = nx * ux + ny * uy + nz * uz;
    if (dot < 0 && e2 > 0) {
      // More than 90° off: full-strength correction instead of a shrinking sine.
      const k = 1 / Math.sqrt(e2);
      ex *= k;
      ey *= k;
      ez *= k;
    }
    let ok = startup || (dot > 0 && e2 <= s.rejectSin2 && a2 >= s.magLow2 && a2 <= s.magHigh2);
    if (ok) s.recoveryTriggerS -= 9 * dt;
    else s.recoveryTriggerS += dt;
    if (s.recoveryTriggerS > s.recoveryTimeoutS) {
      s.recoveryTimeoutS = 0;
      ok = true;
    } else {
      s.recoveryTimeoutS = s.recoveryS;
    }
    if (s.recoveryTriggerS < 0) s.recoveryTriggerS = 0;
    else if (s.recoveryTriggerS > s.recoveryS) s.recoveryTriggerS = s.recoveryS;

    if (ok) {
      rejected = false;
      wx += gain * ex;
      wy += gain * ey;
      wz += gain * ez;
      if (!startup && !s.still) {
        // Integral term: a persistent error is a bias (b -= Ki·e·dt, in °/s), bounded.
        const kb = s.biasGainDeg * dt;
        const m = s.maxBias;
        let b = bias[0]! - kb * ex;
        bias[0] = b > m ? m : b < -m ? -m : b;
        b = bias[1]! - kb * ey;
        bias[1] = b > m ? m : b < -m ? -m : b;
        b = bias[2]! - kb * ez;
        bias[2] = b > m ? m : b < -m ? -m : b;
      }
    }
  }
  s.accelerationRejected = rejected;

  // du/dt = u × w, first order, then renormalise.
  const nx = ux + dt * (uy * wz - uz * wy);
  const ny = uy + dt * (uz * wx - ux * wz);
  const nz = uz + dt * (ux * wy - uy * wx);
  const inv = 1 / Math.sqrt(nx * nx + ny * ny + nz * nz);
  ux = nx * inv;
  uy = ny * inv;
  uz = nz * inv;
  up[0] = ux;
  up[1] = uy;
  up[2] = uz;
}
