/**
 * Errors of a consumer MEMS IMU (BMI160 / LSM6DS3 / MPU-6500 class), applied to the ideal signals.
 * Spreads are 1-sigma: each simulated device draws its own biases, scale errors and clock error from the
 * seed, the way parts differ on a production line.
 */
import { normal, tableNormal, type Rng } from './rng.js';

export interface SensorErrorSettings {
  /** Gyroscope turn-on bias, 1-sigma per axis, deg/s. Consumer parts: a few deg/s uncalibrated. */
  gyroBiasDps: number;
  /** Gyroscope bias drift as a random walk, deg/s per √s (0.01 → about 0.6 deg/s after an hour). */
  gyroBiasWalkDpsPerSqrtS: number;
  /** Gyroscope white noise density, deg/s/√Hz; per-sample sigma = density · √(rate / 2). */
  gyroNoiseDensityDpsPerSqrtHz: number;
  /** Gyroscope scale-factor error, 1-sigma per axis, fraction (0.005 = 0.5 %). */
  gyroScaleErrorFraction: number;
  /** Accelerometer zero-g offset, 1-sigma per axis, g. */
  accBiasG: number;
  /** Accelerometer scale-factor error, 1-sigma per axis, fraction. */
  accScaleErrorFraction: number;
  /** Accelerometer white noise density, g/√Hz. */
  accNoiseDensityGPerSqrtHz: number;
  /** Accelerometer full scale, ±g. Readings clip here. 0 = no clipping or quantisation. */
  accRangeG: number;
  /** Gyroscope full scale, ±deg/s. 0 = no clipping or quantisation. */
  gyroRangeDps: number;
  /** Converter resolution, bits over the full range (16 → 0.122 mg at ±4 g, 0.0153 deg/s at ±500 deg/s). 0 = ideal. */
  adcBits: number;
  /** Sample-clock error, 1-sigma, parts per million: the timestamps run fast or slow against true time. */
  clockErrorPpm: number;
  /** Timestamp jitter: each timestamp is late by a uniform 0..this, seconds (capped at half a sample period). */
  timestampJitterS: number;
}

export const DEFAULT_SENSOR_ERROR_SETTINGS: Readonly<SensorErrorSettings> = Object.freeze({
  gyroBiasDps: 2,
  gyroBiasWalkDpsPerSqrtS: 0.01,
  gyroNoiseDensityDpsPerSqrtHz: 0.01,
  gyroScaleErrorFraction: 0.005,
  // A product sensor's accelerometer is trimmed at the factory (six-face calibration); what is left is a few mg
  // of offset and a few tenths of a percent of scale. The raw part's figures are in UNCALIBRATED_SENSOR_ERROR_SETTINGS.
  accBiasG: 0.004,
  accScaleErrorFraction: 0.003,
  accNoiseDensityGPerSqrtHz: 0.00018,
  accRangeG: 4,
  gyroRangeDps: 500,
  adcBits: 16,
  clockErrorPpm: 100,
  timestampJitterS: 0.001,
});

/**
 * The same part without factory trim of the accelerometer (zero-g offset ±20 mg, scale ±1 %, 1-sigma), as the
 * data sheets of BMI160 / LSM6DS3-class parts state them. Its offset reads as a tilt no filter can remove.
 */
export const UNCALIBRATED_SENSOR_ERROR_SETTINGS: Readonly<SensorErrorSettings> = Object.freeze({
  ...DEFAULT_SENSOR_ERROR_SETTINGS,
  accBiasG: 0.02,
  accScaleErrorFraction: 0.01,
});

/** An ideal sensor: every error zero (no noise, bias, scale error, quantisation, clipping, clock error or jitter). */
export const NO_SENSOR_ERROR_SETTINGS: Readonly<SensorErrorSettings> = Object.freeze({
  gyroBiasDps: 0,
  gyroBiasWalkDpsPerSqrtS: 0,
  gyroNoiseDensityDpsPerSqrtHz: 0,
  gyroScaleErrorFraction: 0,
  accBiasG: 0,
  accScaleErrorFraction: 0,
  accNoiseDensityGPerSqrtHz: 0,
  accRangeG: 0,
  gyroRangeDps: 0,
  adcBits: 0,
  clockErrorPpm: 0,
  timestampJitterS: 0,
});

export type SensorErrorsOption = 'none' | 'typical' | 'uncalibrated' | Partial<SensorErrorSettings>;

/** 'none' → all zero, 'typical' → the defaults, 'uncalibrated' → the raw part, a partial object → merged over the defaults. */
export function resolveSensorErrors(option: SensorErrorsOption | undefined): Readonly<SensorErrorSettings> {
  if (option === undefined || option === 'typical') return DEFAULT_SENSOR_ERROR_SETTINGS;
  if (option === 'none') return NO_SENSOR_ERROR_SETTINGS;
  if (option === 'uncalibrated') return UNCALIBRATED_SENSOR_ERROR_SETTINGS;
  return Object.freeze({ ...DEFAULT_SENSOR_ERROR_SETTINGS, ...option });
}

/** One device's drawn errors and running state, converted once for the per-sample loop. */
export interface SensorErrorState {
  readonly settings: Readonly<SensorErrorSettings>;
  /** Drawn per device. */
  readonly gyroBiasDps: Float64Array;
  readonly gyroScale: Float64Array;
  readonly accBiasG: Float64Array;
  readonly accScale: Float64Array;
  readonly clockErrorPpm: number;
  /** Per-sample white-noise sigmas at this rate. */
  readonly gyroSigmaDps: number;
  readonly accSigmaG: number;
  readonly jitterS: number;
  /** Random-walk knots once a second: bias at the last and next knot (linear in between, so no steps). */
  readonly walkFrom: Float64Array;
  readonly walkTo: Float64Array;
  walkKnotS: number;
  readonly walkStepDps: number;
  /** Own generator for the walk, so block boundaries never change which numbers go where. */
  readonly walkRng: Rng;
  readonly accLsbG: number;
  readonly gyroLsbDps: number;
}

/** Seconds between random-walk knots. */
const WALK_KNOT_S = 1;

export function createSensorErrorState(settings: Readonly<SensorErrorSettings>, rateHz: number, rng: Rng, walkRng: Rng): SensorErrorState {
  const draw3 = (sigma: number): Float64Array => Float64Array.of(sigma * normal(rng), sigma * normal(rng), sigma * normal(rng));
  const levels = settings.adcBits > 0 ? 2 ** settings.adcBits : 0;
  const gyroBiasDps = draw3(settings.gyroBiasDps);
  return {
    settings,
    gyroBiasDps,
    gyroScale: draw3(settings.gyroScaleErrorFraction).map((e) => 1 + e),
    accBiasG: draw3(settings.accBiasG),
    accScale: draw3(settings.accScaleErrorFraction).map((e) => 1 + e),
    clockErrorPpm: settings.clockErrorPpm * normal(rng),
    gyroSigmaDps: settings.gyroNoiseDensityDpsPerSqrtHz * Math.sqrt(rateHz / 2),
    accSigmaG: settings.accNoiseDensityGPerSqrtHz * Math.sqrt(rateHz / 2),
    jitterS: Math.min(settings.timestampJitterS, 0.5 / rateHz),
    walkFrom: new Float64Array(3),
    walkTo: new Float64Array(3),
    walkKnotS: 0,
    walkStepDps: settings.gyroBiasWalkDpsPerSqrtS * Math.sqrt(WALK_KNOT_S),
    walkRng,
    accLsbG: levels > 0 && settings.accRangeG > 0 ? (2 * settings.accRangeG) / levels : 0,
    gyroLsbDps: levels > 0 && settings.gyroRangeDps > 0 ? (2 * settings.gyroRangeDps) / levels : 0,
  };
}

function quantise(x: number, lsb: number, range: number): number {
  if (range > 0) {
    const hi = range - lsb;
    if (x > hi) x = hi;
    else if (x < -range) x = -range;
  }
  return lsb > 0 ? Math.round(x / lsb) * lsb : x;
}

/** Advances the bias random walk to true time `tS` (knots once a second, drawn as time reaches them). */
function advanceBiasWalk(e: SensorErrorState, tS: number): void {
  const rng = e.walkRng;
  while (tS >= e.walkKnotS + WALK_KNOT_S) {
    e.walkKnotS += WALK_KNOT_S;
    for (let k = 0; k < 3; k++) {
      e.walkFrom[k] = e.walkTo[k]!;
      e.walkTo[k] = e.walkTo[k]! + e.walkStepDps * normal(rng);
    }
  }
}

/**
 * Turns ideal readings (sensor frame, g and deg/s) into measured ones, in place, for `count` samples from
 * index `offset` of `acc`/`gyr`; sample j is at true time `(firstIndex + j) / rateHz`. Time only moves
 * forward (the bias walk advances with it). White noise comes from the shared normal table.
 */
export function applySensorErrors(
  e: SensorErrorState, firstIndex: number, rateHz: number, count: number,
  acc: Float64Array, gyr: Float64Array, offset: number, rng: Rng,
): void {
  const s = e.settings;
  const gb0 = e.gyroBiasDps[0]!, gb1 = e.gyroBiasDps[1]!, gb2 = e.gyroBiasDps[2]!;
  const gs0 = e.gyroScale[0]!, gs1 = e.gyroScale[1]!, gs2 = e.gyroScale[2]!;
  const ab0 = e.accBiasG[0]!, ab1 = e.accBiasG[1]!, ab2 = e.accBiasG[2]!;
  const as0 = e.accScale[0]!, as1 = e.accScale[1]!, as2 = e.accScale[2]!;
  const gSigma = e.gyroSigmaDps, aSigma = e.accSigmaG;
  const gLsb = e.gyroLsbDps, aLsb = e.accLsbG, gRange = s.gyroRangeDps, aRange = s.accRangeG;
  const walking = e.walkStepDps > 0;
  const from = e.walkFrom, to = e.walkTo;
  for (let j = 0; j < count; j++) {
    const i3 = 3 * (offset + j);
    let wx = 0, wy = 0, wz = 0;
    if (walking) {
      const tS = (firstIndex + j) / rateHz;
      if (tS >= e.walkKnotS + WALK_KNOT_S) advanceBiasWalk(e, tS);
      const f = (tS - e.walkKnotS) / WALK_KNOT_S;
      wx = from[0]! + f * (to[0]! - from[0]!);
      wy = from[1]! + f * (to[1]! - from[1]!);
      wz = from[2]! + f * (to[2]! - from[2]!);
    }
    let gx = gs0 * gyr[i3]! + gb0 + wx, gy = gs1 * gyr[i3 + 1]! + gb1 + wy, gz = gs2 * gyr[i3 + 2]! + gb2 + wz;
    let ax = as0 * acc[i3]! + ab0, ay = as1 * acc[i3 + 1]! + ab1, az = as2 * acc[i3 + 2]! + ab2;
    if (gSigma > 0) {
      gx += gSigma * tableNormal(rng);
      gy += gSigma * tableNormal(rng);
      gz += gSigma * tableNormal(rng);
    }
    if (aSigma > 0) {
      ax += aSigma * tableNormal(rng);
      ay += aSigma * tableNormal(rng);
      az += aSigma * tableNormal(rng);
    }
    if (gLsb > 0 || gRange > 0) {
      gx = quantise(gx, gLsb, gRange);
      gy = quantise(gy, gLsb, gRange);
      gz = quantise(gz, gLsb, gRange);
    }
    if (aLsb > 0 || aRange > 0) {
      ax = quantise(ax, aLsb, aRange);
      ay = quantise(ay, aLsb, aRange);
      az = quantise(az, aLsb, aRange);
    }
    gyr[i3] = gx;
    gyr[i3 + 1] = gy;
    gyr[i3 + 2] = gz;
    acc[i3] = ax;
    acc[i3 + 1] = ay;
    acc[i3 + 2] = az;
  }
}
