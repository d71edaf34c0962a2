/**
 * Gyroscope bias from still periods (the idea of x-io Fusion's FusionOffset, adapted to a variable sample
 * period): while the sensor is still the gyroscope reads its bias plus noise, so a slow average of the gyroscope
 * over still periods is the bias.
 *
 * The samples are summed in short blocks (`blockS`); at the end of a block its mean and spread decide whether
 * the sensor was still. Per sample this costs a dozen additions, which keeps the orientation filter fast; the
 * decision is per block anyway (stillness is a property of an interval, not of a sample). "Still" is judged on
 * the spread of the gyroscope and accelerometer within the block, not on the gyroscope's value, so a sensor with
 * a large bias (several degrees per second) is still recognised as still. It must stay still for `stillTimeS`
 * before the average moves, so the average sees no motion transients.
 *
 * Known limit: a very steady, slow rotation looks still to the spread test; `maxStillRateDps` bounds how much of
 * it can leak into the bias (`maxInitialBiasDps` before the first still period, when the bias is still unknown).
 */

/** Settings of the still detector and bias average. Durations in seconds, rates in degrees per second. */
export interface GyroBiasSettings {
  /** Largest standard deviation of the gyroscope within a block (vector norm) for the sensor to be still, °/s. */
  stillGyroDeviationDps: number;
  /** Largest standard deviation of the accelerometer within a block (vector norm) for the sensor to be still, g. */
  stillAccDeviationG: number;
  /** Largest tilting rate, from the change of the mean accelerometer between blocks, that may count as still, °/s. */
  maxStillTiltRateDps: number;
  /** Largest bias-corrected mean rate of a block (vector norm) that may count as still, °/s (bounds slow turns). */
  maxStillRateDps: number;
  /** The same bound before the first still period has been learned (the power-on bias is unknown), °/s. */
  maxInitialBiasDps: number;
  /** Length of the blocks in which stillness is judged, s. */
  stillBlockS: number;
  /** How long the sensor must be still before the bias average moves, s. */
  stillTimeS: number;
  /** Time constant of the bias average while still, s (longer: less noise, slower to learn). */
  biasAveragingS: number;
}

export const DEFAULT_GYRO_BIAS_SETTINGS: Readonly<GyroBiasSettings> = Object.freeze({
  stillGyroDeviationDps: 1,
  stillAccDeviationG: 0.02,
  maxStillTiltRateDps: 2,
  maxStillRateDps: 6,
  maxInitialBiasDps: 10,
  stillBlockS: 0.25,
  stillTimeS: 1,
  biasAveragingS: 3,
});

/** Caller-owned state of the still detector. `biasDps` may be shared with (and nudged by) the orientation filter. */
export interface GyroBias {
  readonly settings: Readonly<GyroBiasSettings>;
  /** Current bias estimate, °/s, per sensor axis. */
  readonly biasDps: Float64Array;
  /** The last complete block was still. */
  readonly still: boolean;
  /** How long the sensor has been still without interruption, s (whole blocks). */
  readonly stillForS: number;
}

interface GyroBiasState extends GyroBias {
  biasDps: Float64Array;
  still: boolean;
  stillForS: number;
  /** Still blocks averaged in the current still period. */
  stillBlocks: number;
  /** A whole still period has been averaged since creation. */
  learned: boolean;
  // Sums over the current block: time, count, gyroscope and accelerometer and their squares.
  blockT: number;
  n: number;
  sgx: number;
  sgy: number;
  sgz: number;
  sg2: number;
  sax: number;
  say: number;
  saz: number;
  sa2: number;
  // Settings converted once.
  blockS: number;
  invAveragingS: number;
  gyroVar: number;
  accVar: number;
  maxRate2: number;
  maxInitial2: number;
  maxTiltPerS2: number;
  // Mean accelerometer of the previous block, g (NaN: none yet).
  lax: number;
  lay: number;
  laz: number;
  stillTimeS: number;
}

/** Creates the state. Pass `biasDps` to share the estimate with another owner (the orientation filter does). */
export function createGyroBias(settings?: Partial<GyroBiasSettings>, biasDps?: Float64Array): GyroBias {
  const s: Readonly<GyroBiasSettings> = Object.freeze({ ...DEFAULT_GYRO_BIAS_SETTINGS, ...settings });
  const state: GyroBiasState = {
    settings: s,
    biasDps: biasDps ?? new Float64Array(3),
    still: false,
    stillForS: 0.5,
    stillBlocks: 0,
    learned: false,
    blockT: 0.5,
    n: 0,
    sgx: 0.5,
    sgy: 0.5,
    sgz: 0.5,
    sg2: 0.5,
    sax: 0.5,
    say: 0.5,
    saz: 0.5,
    sa2: 0.5,
    blockS: s.stillBlockS,
    invAveragingS: 1 / Math.max(s.biasAveragingS, 1e-9),
    gyroVar: s.stillGyroDeviationDps * s.stillGyroDeviationDps,
    accVar: s.stillAccDeviationG * s.stillAccDeviationG,
    maxRate2: s.maxStillRateDps * s.maxStillRateDps,
    maxInitial2: s.maxInitialBiasDps * s.maxInitialBiasDps,
    maxTiltPerS2: ((s.maxStillTiltRateDps * Math.PI) / 180) ** 2,
    lax: 0.5,
    lay: 0.5,
    laz: 0.5,
    stillTimeS: s.stillTimeS,
  };
  resetGyroBias(state);
  return state;
}

function clearBlock(s: GyroBiasState): void {
  s.blockT = 0;
  s.n = 0;
  s.sgx = s.sgy = s.sgz = s.sg2 = 0;
  s.sax = s.say = s.saz = s.sa2 = 0;
}

/** Forgets the still history (not the bias estimate: a bias outlives a gap in the data). */
export function resetGyroBias(b: GyroBias): void {
  const s = b as GyroBiasState;
  s.still = false;
  s.stillForS = 0;
  s.stillBlocks = 0;
  s.lax = s.lay = s.laz = Number.NaN;
  clearBlock(s);
}

/** Judges a complete block and moves the bias average. */
function endBlock(s: GyroBiasState): void {
  const inv = 1 / s.n;
  const mgx = s.sgx * inv;
  const mgy = s.sgy * inv;
  const mgz = s.sgz * inv;
  const max = s.sax * inv;
  const may = s.say * inv;
  const maz = s.saz * inv;
  // Variance of a vector = mean of squares minus square of the mean (values are small: no cancellation issue
  // at the thresholds that matter).
  const gVar = s.sg2 * inv - (mgx * mgx + mgy * mgy + mgz * mgz);
  const aVar = s.sa2 * inv - (max * max + may * may + maz * maz);
  const bias = s.biasDps;
  const rx = mgx - bias[0]!;
  const ry = mgy - bias[1]!;
  const rz = mgz - bias[2]!;
  // Tilting: the mean accelerometer (≈ 1 g) moves by rate · block time between blocks; a steady slow tilt would
  // pass the spread tests. (A turn about the vertical leaves it unchanged: only the rate bounds limit that.)
  const dx = max - s.lax;
  const dy = may - s.lay;
  const dz = maz - s.laz;
  s.lax = max;
  s.lay = may;
  s.laz = maz;
  const still =
    s.n >= 2 &&
    gVar < s.gyroVar &&
    aVar < s.accVar &&
    dx * dx + dy * dy + dz * dz < s.maxTiltPerS2 * s.blockT * s.blockT &&
    rx * rx + ry * ry + rz * rz < (s.learned ? s.maxRate2 : s.maxInitial2);
  if (still) {
    s.stillForS += s.blockT;
    if (s.stillForS > s.stillTimeS) {
      // Until the first still period has been averaged, the estimate is a plain mean of its blocks (learns a
      // power-on bias at once); afterwards a slow average, so one odd period cannot move it far.
      s.stillBlocks++;
      let m = s.blockT * s.invAveragingS;
      if (!s.learned && m < 1 / s.stillBlocks) m = 1 / s.stillBlocks;
      if (m > 1) m = 1;
      bias[0] = bias[0]! + m * rx;
      bias[1] = bias[1]! + m * ry;
      bias[2] = bias[2]! + m * rz;
    }
  } else {
    if (s.stillBlocks * s.blockS >= s.stillTimeS) s.learned = true;
    s.stillForS = 0;
    s.stillBlocks = 0;
  }
  s.still = still;
  clearBlock(s);
}

/**
 * One sample: `dtS` seconds since the previous one, accelerometer in g, gyroscope in °/s (raw, bias included).
 * Returns whether the last complete block was still.
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
  s.n++;
  s.sgx += gx;
  s.sgy += gy;
  s.sgz += gz;
  s.sg2 += gx * gx + gy * gy + gz * gz;
  s.sax += ax;
  s.say += ay;
  s.saz += az;
  s.sa2 += ax * ax + ay * ay + az * az;
  if ((s.blockT += dtS) >= s.blockS) endBlock(s);
  return s.still;
}
