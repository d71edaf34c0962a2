/**
 * Gyroscope bias from still periods (the idea of x-io Fusion's FusionOffset, adapted to a variable sample
 * period): while the sensor is still, the gyroscope reads its bias plus noise, so a slow average of the
 * gyroscope over still periods is the bias.
 *
 * "Still" is judged on how much the gyroscope and accelerometer *vary* around their own short low-pass means,
 * not on the gyroscope's absolute value, so a sensor with a large bias (several degrees per second) is still
 * recognised as still. A short low-pass (`stillFilterS`) tracks the means; the sensor must stay still for
 * `stillTimeS` before the average starts to move, so the average sees no motion transients.
 *
 * Known limit: a very steady, slow rotation (below the deviation thresholds, e.g. a smooth turn at 1 °/s lasting
 * many seconds) looks still; `maxStillRateDps` bounds how much of it can leak into the bias.
 */

/** Settings of the still detector and bias average. All durations in seconds, rates in degrees per second. */
export interface GyroBiasSettings {
  /** Largest deviation of any gyroscope axis from its short mean for the sensor to count as still, °/s. */
  stillGyroDeviationDps: number;
  /** Largest deviation of the accelerometer vector from its short mean for the sensor to count as still, g. */
  stillAccDeviationG: number;
  /** Largest bias-corrected rate on any axis that may still count as still, °/s (a bound on slow rotations). */
  maxStillRateDps: number;
  /** Time constant of the short low-pass means the deviations are measured against, s. */
  stillFilterS: number;
  /** How long the sensor must be still before the bias average moves, s. */
  stillTimeS: number;
  /** Time constant of the bias average while still, s (longer: less noise, slower to learn). */
  biasAveragingS: number;
}

export const DEFAULT_GYRO_BIAS_SETTINGS: Readonly<GyroBiasSettings> = Object.freeze({
  stillGyroDeviationDps: 2,
  stillAccDeviationG: 0.04,
  maxStillRateDps: 6,
  stillFilterS: 0.5,
  stillTimeS: 1.5,
  biasAveragingS: 3,
});

/** Caller-owned state of the still detector. `biasDps` may be shared with (and nudged by) the orientation filter. */
export interface GyroBias {
  readonly settings: Readonly<GyroBiasSettings>;
  /** Current bias estimate, °/s, per sensor axis. */
  readonly biasDps: Float64Array;
  /** The last update judged the sensor still. */
  readonly still: boolean;
  /** How long the sensor has been still without interruption, s. */
  readonly stillForS: number;
}

interface GyroBiasState extends GyroBias {
  biasDps: Float64Array;
  still: boolean;
  stillForS: number;
  primed: boolean;
  // Short low-pass means of the gyroscope (°/s) and accelerometer (g).
  gx: number;
  gy: number;
  gz: number;
  ax: number;
  ay: number;
  az: number;
  // Settings converted once.
  invFilterS: number;
  invAveragingS: number;
  gyroDev: number;
  accDev2: number;
  maxRate: number;
  stillTimeS: number;
}

/** Creates the state. Pass `biasDps` to share the estimate with another owner (the orientation filter does). */
export function createGyroBias(settings?: Partial<GyroBiasSettings>, biasDps?: Float64Array): GyroBias {
  const s: Readonly<GyroBiasSettings> = Object.freeze({ ...DEFAULT_GYRO_BIAS_SETTINGS, ...settings });
  const state: GyroBiasState = {
    settings: s,
    biasDps: biasDps ?? new Float64Array(3),
    still: false,
    stillForS: 0,
    primed: false,
    gx: 0,
    gy: 0,
    gz: 0,
    ax: 0,
    ay: 0,
    az: 0,
    invFilterS: 1 / Math.max(s.stillFilterS, 1e-6),
    invAveragingS: 1 / Math.max(s.biasAveragingS, 1e-6),
    gyroDev: s.stillGyroDeviationDps,
    accDev2: s.stillAccDeviationG * s.stillAccDeviationG,
    maxRate: s.maxStillRateDps,
    stillTimeS: s.stillTimeS,
  };
  return state;
}

/** Forgets the still history (not the bias estimate: a bias outlives a gap in the data). */
export function resetGyroBias(b: GyroBias): void {
  const s = b as GyroBiasState;
  s.still = false;
  s.stillForS = 0;
  s.primed = false;
}

/**
 * One sample: `dtS` seconds since the previous one, accelerometer in g, gyroscope in °/s (raw, bias included).
 * Returns whether the sensor is judged still.
 */
export function updateGyroBias(
  b: GyroBias,
  dtS: number,
  ax: number,
  ay: number,
  az: number,
  gx: number,
  gy: number,
  gz: number,
): boolean {
  const s = b as GyroBiasState;
  if (!s.primed) {
    s.gx = gx;
    s.gy = gy;
    s.gz = gz;
    s.ax = ax;
    s.ay = ay;
    s.az = az;
    s.primed = true;
    s.still = false;
    s.stillForS = 0;
    return false;
  }
  let k = dtS * s.invFilterS;
  if (k > 1) k = 1;
  s.gx += k * (gx - s.gx);
  s.gy += k * (gy - s.gy);
  s.gz += k * (gz - s.gz);
  s.ax += k * (ax - s.ax);
  s.ay += k * (ay - s.ay);
  s.az += k * (az - s.az);
  const bias = s.biasDps;
  const bx = bias[0]!;
  const by = bias[1]!;
  const bz = bias[2]!;
  const dev = s.gyroDev;
  const rate = s.maxRate;
  const dax = ax - s.ax;
  const day = ay - s.ay;
  const daz = az - s.az;
  const still =
    gx - s.gx < dev && s.gx - gx < dev &&
    gy - s.gy < dev && s.gy - gy < dev &&
    gz - s.gz < dev && s.gz - gz < dev &&
    dax * dax + day * day + daz * daz < s.accDev2 &&
    s.gx - bx < rate && bx - s.gx < rate &&
    s.gy - by < rate && by - s.gy < rate &&
    s.gz - bz < rate && bz - s.gz < rate;
  if (!still) {
    s.still = false;
    s.stillForS = 0;
    return false;
  }
  s.still = true;
  s.stillForS += dtS;
  if (s.stillForS >= s.stillTimeS) {
    // Average the low-passed gyroscope (less noisy than the raw sample) into the estimate.
    let m = dtS * s.invAveragingS;
    if (m > 1) m = 1;
    bias[0] = bx + m * (s.gx - bx);
    bias[1] = by + m * (s.gy - by);
    bias[2] = bz + m * (s.gz - bz);
  }
  return true;
}
