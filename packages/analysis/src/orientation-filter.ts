/**
 * Six-axis orientation filter that tracks the direction of gravity ("up") in the sensor frame.
 *
 * How it works (the inertial-frame accelerometer filtering of VQF, Laidig & Seel 2022, with the lifecycle,
 * startup and recovery trigger of x-io Fusion's FusionAhrs; see README "Orientation filter"):
 * - Two vectors are kept that stand still in an "almost inertial" frame I: `p`, the low-passed accelerometer
 *   (`accTimeConstantS`), and `u`, the up estimate, which follows `p`'s direction (`correctionTimeConstantS`).
 *   Both are stored in sensor coordinates: every sample first turns them by the bias-corrected gyroscope, then
 *   blends in the new accelerometer sample. Frame I drifts only with the remaining gyroscope error.
 * - In I gravity stands still while linear accelerations (walking, reaching, tapping, vibration) go back and
 *   forth and average out; and since the sensor's rotation is taken out first, the low-pass does not make the
 *   estimate lag the sensor's tilt the way a plain low-pass of the accelerometer would.
 * - The remaining error p × u feeds the gyroscope bias (an integral term, during slow motion), and a still
 *   detector averages the gyroscope into the bias (gyro-bias.ts).
 * Only tilt is estimated (contracts section 1: heading never matters), so two 3-vectors are the whole state: no
 * quaternion, no heading to drift, and half the arithmetic of a full AHRS.
 *
 * Per sample: no allocation, no trigonometry, and normally no square root (u's length is restored with one
 * Newton step, exact enough because each step changes it by far less than 1e-3).
 */
import { createGyroBias, resetGyroBias, updateGyroBias, type GyroBias } from './gyro-bias.js';
import { DEFAULT_ORIENTATION_FILTER_SETTINGS, type OrientationFilterSettings } from './orientation-filter-settings.js';

export { DEFAULT_ORIENTATION_FILTER_SETTINGS, type OrientationFilterSettings } from './orientation-filter-settings.js';

const DEG_TO_RAD = Math.PI / 180;
const RAD_TO_DEG = 180 / Math.PI;

/** Caller-owned filter state. Read the outputs; change it only through the functions of this module. */
export interface OrientationFilter {
  readonly settings: Readonly<OrientationFilterSettings>;
  /** [x, y, z] unit vector opposite to gravity in the sensor frame: the output. */
  readonly up: Float64Array;
  /** Current gyroscope bias estimate, °/s, per sensor axis. */
  readonly gyroBiasDps: Float64Array;
  /** False until the first usable accelerometer sample (a gap or reset re-initialises at the next one). */
  readonly initialised: boolean;
  /** The last update held the estimate: the (filtered) accelerometer disagreed, a sustained linear acceleration. */
  readonly accelerationRejected: boolean;
  /** The still detector judged the last sample still. */
  readonly still: boolean;
}

interface OrientationFilterState extends OrientationFilter {
  initialised: boolean;
  accelerationRejected: boolean;
  still: boolean;
  bias: GyroBias;
  readonly sample: Float64Array;
  elapsedS: number;
  rejectedForS: number;
  /**
   * Low-passed accelerometer (fixed in I, kept in sensor coordinates), g. Typed arrays rather than number
   * fields: a number field in V8 is a pointer to a box, one more load per access. (The up estimate is `up`.)
   */
  readonly p: Float64Array;
  // Settings converted once.
  invAccTau: number;
  invCorrTau: number;
  invStillTau: number;
  stillAccDev2: number;
  biasGainDeg: number;
  biasRate2: number;
  maxBias: number;
  startupS: number;
  rejectCos2: number;
  magLow2: number;
  magHigh2: number;
  recoveryS: number;
  gapS: number;
  gyroClip: number;
}

export function createOrientationFilter(settings?: Partial<OrientationFilterSettings>): OrientationFilter {
  const s: Readonly<OrientationFilterSettings> = Object.freeze({ ...DEFAULT_ORIENTATION_FILTER_SETTINGS, ...settings });
  const gyroBiasDps = new Float64Array(3);
  const rej = s.accelerationRejectionDeg;
  const tol = s.accelerationMagnitudeToleranceG;
  const learnRad = s.biasLearningMaxRateDps * DEG_TO_RAD;
  const state: OrientationFilterState = {
    settings: s,
    up: new Float64Array([0, 0, 1]),
    gyroBiasDps,
    initialised: false,
    accelerationRejected: false,
    still: false,
    bias: createGyroBias(s, gyroBiasDps),
    sample: new Float64Array(7),
    // Numeric fields start as doubles (0.5 then reset) so their representation never changes.
    elapsedS: 0.5,
    rejectedForS: 0.5,
    p: new Float64Array(3),
    invAccTau: 1 / Math.max(s.accTimeConstantS, 1e-9),
    invCorrTau: 1 / Math.max(s.correctionTimeConstantS, 1e-9),
    invStillTau: 1 / Math.max(s.stillTimeConstantS, 1e-9),
    stillAccDev2: 9 * s.stillAccDeviationG * s.stillAccDeviationG,
    biasGainDeg: s.biasGainPerS2 * RAD_TO_DEG,
    biasRate2: learnRad * learnRad,
    maxBias: s.maxBiasDps,
    startupS: s.startupS,
    rejectCos2: rej > 0 && rej < 90 ? Math.cos(rej * DEG_TO_RAD) ** 2 : 0,
    magLow2: tol > 0 && tol < 1 ? (1 - tol) * (1 - tol) : 0,
    magHigh2: tol > 0 ? (1 + tol) * (1 + tol) : Infinity,
    recoveryS: s.recoveryTriggerS,
    gapS: s.reinitialiseAfterGapS > 0 ? s.reinitialiseAfterGapS : Infinity,
    gyroClip: s.gyroRangeDps > 0 ? 0.98 * s.gyroRangeDps : Infinity,
  };
  resetOrientationFilter(state);
  return state;
}

/** Forgets the orientation (the next sample re-initialises from the accelerometer); keeps the bias estimate. */
export function resetOrientationFilter(f: OrientationFilter): void {
  const s = f as OrientationFilterState;
  s.initialised = false;
  s.accelerationRejected = false;
  s.still = false;
  s.elapsedS = 0;
  s.rejectedForS = 0;
  resetGyroBias(s.bias);
}

/** Starts from one accelerometer sample: the filtered accelerometer is this sample, up is its direction. */
function initialise(s: OrientationFilterState, ax: number, ay: number, az: number, a2: number): void {
  const inv = 1 / Math.sqrt(a2);
  const p = s.p;
  p[0] = ax;
  p[1] = ay;
  p[2] = az;
  s.up[0] = ax * inv;
  s.up[1] = ay * inv;
  s.up[2] = az * inv;
  s.elapsedS = 0;
  s.rejectedForS = 0;
  s.initialised = true;
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
  const x = (f as OrientationFilterState).sample;
  x[0] = dtS;
  x[1] = ax;
  x[2] = ay;
  x[3] = az;
  x[4] = gx;
  x[5] = gy;
  x[6] = gz;
  stepOrientationFilter(f as OrientationFilterState);
}

function stepOrientationFilter(s: OrientationFilterState): void {
  const x = s.sample;
  const dtS = x[0]!;
  const ax = x[1]!;
  const ay = x[2]!;
  const az = x[3]!;
  const gx = x[4]!;
  const gy = x[5]!;
  const gz = x[6]!;
  // NaN, negative or zero steps integrate nothing; the accelerometer is still used.
  const dt = dtS > 0 ? dtS : 0;
  const clip = s.gyroClip;
  if (dt > s.gapS || Math.abs(gx) > clip || Math.abs(gy) > clip || Math.abs(gz) > clip) {
    resetOrientationFilter(s); // a gap or a clipped rate: the rotation since the last sample is unknown
  }

  const still = (s.still = updateGyroBias(s.bias, dt, ax, ay, az, gx, gy, gz));

  const a2 = ax * ax + ay * ay + az * az;
  // A zero or non-finite accelerometer is unusable: nothing to do before initialisation, gyroscope only after.
  const accOk = a2 > 1e-6 && a2 < 1e6;
  if (!s.initialised) {
    if (accOk) initialise(s, ax, ay, az, a2);
    return;
  }

  // Gyroscope: turn p and u (fixed in I) by the sensor's rotation during dt, expressed in the sensor frame:
  // v ← v + S·(r × v) + C·(r × (r × v)) with r = −w·dt (Rodrigues), S = sin θ/θ and C = (1 − cos θ)/θ² as Taylor
  // series (θ is at most a few degrees per sample; a plain first-order step would shorten rotations by θ³/3).
  const bias = s.gyroBiasDps;
  const rx = (bias[0]! - gx) * DEG_TO_RAD * dt;
  const ry = (bias[1]! - gy) * DEG_TO_RAD * dt;
  const rz = (bias[2]! - gz) * DEG_TO_RAD * dt;
  const t2 = rx * rx + ry * ry + rz * rz;
  if (!(t2 <= 1)) {
    // More than a radian in one step (or a NaN gyroscope): the rotation is unknown, start again.
    resetOrientationFilter(s);
    if (accOk) initialise(s, ax, ay, az, a2);
    return;
  }
  const sinc = 1 - t2 * (1 / 6) * (1 - t2 * (1 / 20));
  const cosc = 0.5 - t2 * (1 / 24) * (1 - t2 * (1 / 30));
  const pv = s.p;
  let px = pv[0]!;
  let py = pv[1]!;
  let pz = pv[2]!;
  let cx = ry * pz - rz * py;
  let cy = rz * px - rx * pz;
  let cz = rx * py - ry * px;
  px += sinc * cx + cosc * (ry * cz - rz * cy);
  py += sinc * cy + cosc * (rz * cx - rx * cz);
  pz += sinc * cz + cosc * (rx * cy - ry * cx);
  const up = s.up;
  let ux = up[0]!;
  let uy = up[1]!;
  let uz = up[2]!;
  cx = ry * uz - rz * uy;
  cy = rz * ux - rx * uz;
  cz = rx * uy - ry * ux;
  ux += sinc * cx + cosc * (ry * cz - rz * cy);
  uy += sinc * cy + cosc * (rz * cx - rx * cz);
  uz += sinc * cz + cosc * (rx * cy - ry * cx);

  const elapsed = (s.elapsedS += dt);
  const startup = elapsed < s.startupS;
  let kc = 0;
  if (!accOk) s.accelerationRejected = true;
  else {
    // Low-pass the accelerometer into p. Every sample goes in: linear accelerations average out only if none is
    // left out. While still there is nothing to average out, so both stages speed up (`stillTimeConstantS`);
    // during startup p and u average everything since initialisation (gain dt/elapsed).
    let kl = dt * s.invAccTau; // dt/τ: first order in dt ≪ τ
    kc = dt * s.invCorrTau;
    const dax = ax - px;
    const day = ay - py;
    const daz = az - pz;
    if (still && dax * dax + day * day + daz * daz < s.stillAccDev2 && a2 >= s.magLow2 && a2 <= s.magHigh2) {
      // The still detector decides per block; the sample must also agree with p (a movement that starts within
      // a still block is not taken in at the fast rate) and read about 1 g (a steady push is not "still").
      const ks = dt * s.invStillTau;
      if (ks > kl) kl = ks;
      if (ks > kc) kc = ks;
    }
    if (startup) {
      const km = dt / elapsed;
      if (km > kl) kl = km;
      if (km > kc) kc = km;
    }
    if (kl > 1) kl = 1;
    if (kc > 1) kc = 1;
    px += kl * dax;
    py += kl * day;
    pz += kl * daz;

    // Rejection: even the filtered accelerometer far from 1 g or from the estimate means a sustained
    // acceleration (or a wrong estimate): hold. The time spent rejecting (+dt while rejected, −9·dt while not,
    // as Fusion's recovery trigger) may not exceed `recoveryTriggerS`: then the estimate is more likely wrong
    // than the accelerometer, and u jumps to the filtered accelerometer's direction.
    const p2 = px * px + py * py + pz * pz;
    const dot = px * ux + py * uy + pz * uz;
    let ok = startup || (dot > 0 && dot * dot >= s.rejectCos2 * p2 && p2 >= s.magLow2 && p2 <= s.magHigh2);
    if (!ok || s.rejectedForS > 0) {
      // (Skipped in the common case, accepted with nothing counted, where it would leave everything as it is.)
      let rejectedFor = s.rejectedForS + (ok ? -9 * dt : dt);
      if (rejectedFor < 0) rejectedFor = 0;
      if (rejectedFor > s.recoveryS) {
        rejectedFor = 0;
        ok = true;
        kc = 1;
      }
      s.rejectedForS = rejectedFor;
    }
    s.accelerationRejected = !ok;

    if (!ok) {
      kc = 0;
    } else {
      if (!startup && !still && t2 < s.biasRate2 * dt * dt && s.biasGainDeg > 0) {
        // Integral term: the error axis p × u is a bias (°/s) the gyroscope adds to every rotation. Only in slow
        // motion: in fast motion gyroscope scale errors and centripetal accelerations would pass for bias.
        const kb = s.biasGainDeg * dt;
        const m = s.maxBias;
        let b = bias[0]! - kb * (py * uz - pz * uy);
        bias[0] = b > m ? m : b < -m ? -m : b;
        b = bias[1]! - kb * (pz * ux - px * uz);
        bias[1] = b > m ? m : b < -m ? -m : b;
        b = bias[2]! - kb * (px * uy - py * ux);
        bias[2] = b > m ? m : b < -m ? -m : b;
      }
      // Turn u towards the filtered accelerometer. p is used unnormalised: the step's fixed point is its
      // direction either way, and |p| ≈ 1 g.
      ux += kc * (px - ux);
      uy += kc * (py - uy);
      uz += kc * (pz - uz);
    }
  }
  pv[0] = px;
  pv[1] = py;
  pv[2] = pz;
  // Renormalise u: one Newton step when it is within 1e-3 of unit length (the length error left, below 4e-7,
  // is corrected at the next sample and never turns the direction), exactly after the large steps of startup.
  const u2 = ux * ux + uy * uy + uz * uz;
  const un = u2 > 1.001 || u2 < 0.999 ? 1 / Math.sqrt(u2) : 1.5 - 0.5 * u2;
  up[0] = ux * un;
  up[1] = uy * un;
  up[2] = uz * un;
}
