import { describe, expect, it } from 'vitest';
import {
  createOrientationFilter,
  DEFAULT_ORIENTATION_FILTER_SETTINGS,
  resetOrientationFilter,
  updateOrientationFilter,
} from '../src/orientation-filter.js';
import { inclinationErrorDeg } from '../src/evaluation/broad.js';
import { generateSyntheticImu, rng, type SyntheticImuOptions } from './helpers/synthetic-imu.js';
import { maxBetween, rmsBetween, runFilter } from './helpers/run-filter.js';

const TWO_PI = 2 * Math.PI;

/** Slow continuous trunk-like sway about changing axes: never still. */
const sway = (t: number, o: Float64Array): void => {
  o[0] = 20 * Math.sin(0.5 * t);
  o[1] = 15 * Math.cos(0.37 * t);
  o[2] = 25 * Math.sin(0.23 * t + 1);
};

/** Walking: vertical bounce at step rate, side and fore-aft sway at stride rate, g (world frame). */
const walking = (t: number, o: Float64Array): void => {
  o[0] = 0.1 * Math.sin(TWO_PI * 0.9 * t);
  o[1] = 0.05 * Math.sin(TWO_PI * 0.9 * t + 1);
  o[2] = 0.15 * Math.sin(TWO_PI * 1.8 * t);
};

const typicalNoise: Partial<SyntheticImuOptions> = { gyroNoiseDps: 0.1, accNoiseG: 0.005 };

function unit(x: number, y: number, z: number): [number, number, number] {
  const n = Math.sqrt(x * x + y * y + z * z);
  return [x / n, y / n, z / n];
}

describe('orientation filter settings', () => {
  it('has frozen defaults and merges partial settings shallowly', () => {
    expect(Object.isFrozen(DEFAULT_ORIENTATION_FILTER_SETTINGS)).toBe(true);
    const f = createOrientationFilter({ accTimeConstantS: 3 });
    expect(f.settings.accTimeConstantS).toBe(3);
    expect(f.settings.correctionTimeConstantS).toBe(DEFAULT_ORIENTATION_FILTER_SETTINGS.correctionTimeConstantS);
    expect(Object.isFrozen(f.settings)).toBe(true);
    expect(f.initialised).toBe(false);
  });

  it('keeps its output arrays: callers may hold on to `up` and `gyroBiasDps`', () => {
    const f = createOrientationFilter();
    const up = f.up;
    const bias = f.gyroBiasDps;
    for (let i = 0; i < 100; i++) updateOrientationFilter(f, 0.01, 0, 0.1, 1, 1, 0, 0);
    expect(f.up).toBe(up);
    expect(f.gyroBiasDps).toBe(bias);
  });
});

describe('static tilt', () => {
  const rand = rng(42);
  const directions: [number, number, number][] = [
    [1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1],
    unit(1, 1, 1), unit(-1, 2, -0.5),
  ];
  for (let i = 0; i < 12; i++) directions.push(unit(rand() - 0.5, rand() - 0.5, rand() - 0.5));

  it.each(directions)('converges to up = (%f, %f, %f) in any orientation', (x, y, z) => {
    const sig = generateSyntheticImu({ rateHz: 100, durationS: 5, upStart: [x, y, z], gyroBiasDps: [0.5, -0.4, 0.3], ...typicalNoise });
    const f = createOrientationFilter();
    const { errorDeg } = runFilter(f, sig);
    expect(f.initialised).toBe(true);
    expect(errorDeg[0]!).toBeLessThan(1); // initialised from the first accelerometer sample
    expect(maxBetween(sig, errorDeg, 1)).toBeLessThan(0.5);
    expect(rmsBetween(sig, errorDeg, 2)).toBeLessThan(0.15);
  });
});

describe('gyroscope bias', () => {
  it.each([
    [3, -3, 3],
    [-3, 3, -3],
  ] as [number, number, number][])('learns a bias of (%f, %f, %f) °/s while still', (bx, by, bz) => {
    const sig = generateSyntheticImu({ rateHz: 100, durationS: 20, upStart: [0.2, -0.3, 0.9], gyroBiasDps: [bx, by, bz], ...typicalNoise });
    const f = createOrientationFilter();
    const { errorDeg } = runFilter(f, sig);
    expect(f.still).toBe(true);
    expect(Math.abs(f.gyroBiasDps[0]! - bx)).toBeLessThan(0.05);
    expect(Math.abs(f.gyroBiasDps[1]! - by)).toBeLessThan(0.05);
    expect(Math.abs(f.gyroBiasDps[2]! - bz)).toBeLessThan(0.05);
    // Learned after about a second of stillness; the estimate is back on the truth within two.
    expect(maxBetween(sig, errorDeg, 0, 2)).toBeLessThan(1.5);
    expect(maxBetween(sig, errorDeg, 2)).toBeLessThan(0.3);
  });

  it.each([
    [3, -3, 2],
    [-3, 2, 3],
  ] as [number, number, number][])('removes a bias of (%f, %f, %f) °/s during continuous motion, never still', (bx, by, bz) => {
    const options: SyntheticImuOptions = { rateHz: 100, durationS: 150, upStart: [0.3, -0.2, 0.9], rateDps: sway, gyroBiasDps: [bx, by, bz], ...typicalNoise };
    const sig = generateSyntheticImu(options);
    // The still detector switched off, to show the integral term alone (the sway is still for at most a block).
    const f = createOrientationFilter({ stillTimeS: 1e9 });
    const { errorDeg } = runFilter(f, sig);
    expect(Math.abs(f.gyroBiasDps[0]! - bx)).toBeLessThan(0.1);
    expect(Math.abs(f.gyroBiasDps[1]! - by)).toBeLessThan(0.1);
    expect(Math.abs(f.gyroBiasDps[2]! - bz)).toBeLessThan(0.1);
    expect(rmsBetween(sig, errorDeg, 90)).toBeLessThan(0.3);
    // The same motion without any bias estimation is several degrees off: the estimation is what helps.
    const blind = createOrientationFilter({ biasGainPerS2: 0, stillTimeS: 1e9 });
    expect(rmsBetween(sig, runFilter(blind, sig).errorDeg, 90)).toBeGreaterThan(3);
  });
});

describe('time steps', () => {
  it('re-initialises from the accelerometer after a gap longer than reinitialiseAfterGapS', () => {
    const f = createOrientationFilter();
    for (let i = 0; i < 500; i++) updateOrientationFilter(f, 0.01, 0, 0, 1, 0, 0, 0);
    const [x, y, z] = unit(0.6, 0.1, 0.8);
    updateOrientationFilter(f, DEFAULT_ORIENTATION_FILTER_SETTINGS.reinitialiseAfterGapS + 1, x, y, z, 0, 0, 0);
    expect(f.initialised).toBe(true);
    expect(inclinationErrorDeg(f.up[0]!, f.up[1]!, f.up[2]!, x, y, z)).toBeLessThan(1e-9);
  });

  it('does not re-initialise after a short gap: one odd sample barely moves the estimate', () => {
    const f = createOrientationFilter();
    for (let i = 0; i < 500; i++) updateOrientationFilter(f, 0.01, 0, 0, 1, 0, 0, 0);
    const [x, y, z] = unit(0.6, 0.1, 0.8);
    updateOrientationFilter(f, 0.5, x, y, z, 0, 0, 0);
    expect(inclinationErrorDeg(f.up[0]!, f.up[1]!, f.up[2]!, 0, 0, 1)).toBeLessThan(10);
  });

  it('re-initialises after a reset and converges within the startup period after a gap', () => {
    const sig = generateSyntheticImu({ rateHz: 50, durationS: 10, upStart: [-0.5, 0.5, 0.7], rateDps: sway, linearAccWorldG: walking, ...typicalNoise });
    const f = createOrientationFilter();
    runFilter(f, sig);
    resetOrientationFilter(f);
    expect(f.initialised).toBe(false);
    // Restart in the middle of walking, as after a gap: within a second the error is small again.
    const { errorDeg } = runFilter(f, sig, 0.02);
    expect(f.initialised).toBe(true);
    expect(rmsBetween(sig, errorDeg, 1.5)).toBeLessThan(1);
  });

  it('survives zero, negative and NaN time steps and a zero accelerometer', () => {
    const f = createOrientationFilter();
    updateOrientationFilter(f, Number.NaN, 0, 0, 0, 0, 0, 0);
    expect(f.initialised).toBe(false);
    updateOrientationFilter(f, 0, 0, 0, 1, 0, 0, 0);
    updateOrientationFilter(f, -0.01, 0, 0, 1, 5, 5, 5);
    updateOrientationFilter(f, Number.NaN, 0, 0, 1, 5, 5, 5);
    updateOrientationFilter(f, 0.01, 0, 0, 0, 0, 0, 0);
    expect(f.up.every(Number.isFinite)).toBe(true);
    expect(inclinationErrorDeg(f.up[0]!, f.up[1]!, f.up[2]!, 0, 0, 1)).toBeLessThan(0.1);
  });

  it('starts again from the accelerometer when a step turns by more than a radian or the gyroscope is NaN', () => {
    const f = createOrientationFilter();
    for (let i = 0; i < 300; i++) updateOrientationFilter(f, 0.01, 0, 0, 1, 0, 0, 0);
    const [x, y, z] = unit(0.3, -0.4, 0.8);
    updateOrientationFilter(f, 0.9, x, y, z, 90, 0, 0); // 81° in one step
    expect(inclinationErrorDeg(f.up[0]!, f.up[1]!, f.up[2]!, x, y, z)).toBeLessThan(1e-9);
    updateOrientationFilter(f, 0.01, 0, 0, 1, Number.NaN, 0, 0);
    expect(inclinationErrorDeg(f.up[0]!, f.up[1]!, f.up[2]!, 0, 0, 1)).toBeLessThan(1e-9);
    for (let i = 0; i < 100; i++) updateOrientationFilter(f, 0.01, 0, 0, 1, 0, 0, 0);
    expect(f.up.every(Number.isFinite)).toBe(true);
  });

  it('uses the real time between samples: ±40 % jitter costs (almost) nothing', () => {
    const base: SyntheticImuOptions = { rateHz: 100, durationS: 40, upStart: [0.2, 0.1, 1], rateDps: sway, linearAccWorldG: walking, ...typicalNoise };
    const steady = runFilter(createOrientationFilter(), generateSyntheticImu(base));
    const jitterSig = generateSyntheticImu({ ...base, jitterFraction: 0.4 });
    const jittery = runFilter(createOrientationFilter(), jitterSig);
    const steadySig = generateSyntheticImu(base);
    const a = rmsBetween(steadySig, steady.errorDeg, 2);
    const b = rmsBetween(jitterSig, jittery.errorDeg, 2);
    expect(b).toBeLessThan(0.5);
    expect(b).toBeLessThan(a + 0.1);
  });

  it.each([25, 50, 100, 300])('tracks sway while walking at %i Hz', (rateHz) => {
    const sig = generateSyntheticImu({ rateHz, durationS: 40, upStart: [0.2, 0.1, 1], rateDps: sway, linearAccWorldG: walking, jitterFraction: 0.1, ...typicalNoise });
    const { errorDeg } = runFilter(createOrientationFilter(), sig);
    // Converged within a few seconds of starting mid-walk, then tenths of a degree.
    expect(maxBetween(sig, errorDeg, 0, 5)).toBeLessThan(5);
    expect(maxBetween(sig, errorDeg, 3, 5)).toBeLessThan(1.5);
    expect(rmsBetween(sig, errorDeg, 5)).toBeLessThan(0.3);
    expect(maxBetween(sig, errorDeg, 10)).toBeLessThan(0.5);
  });

  it('integrates fast rotations accurately (a full turn per second)', () => {
    // Smooth rate profiles (sin²), so the truth's sample-and-hold error is negligible: 360° about x, then y.
    const spin = (t: number, o: Float64Array): void => {
      o[0] = t > 5 && t < 7 ? 360 * Math.sin((Math.PI * (t - 5)) / 2) ** 2 : 0;
      o[1] = t > 8 && t < 9 ? -720 * Math.sin(Math.PI * (t - 8)) ** 2 : 0;
    };
    const sig = generateSyntheticImu({ rateHz: 100, durationS: 10, rateDps: spin, ...typicalNoise });
    const { errorDeg } = runFilter(createOrientationFilter(), sig);
    expect(maxBetween(sig, errorDeg, 2)).toBeLessThan(0.5);
  });
});

describe('linear acceleration', () => {
  it('is not fooled by reaching bursts and taps (while the raw accelerometer is off by ~25°)', () => {
    const bursts = (t: number, o: Float64Array): void => {
      const phase = t % 5;
      // Reach out and back: one sine period of ±0.5 g lasting 1 s, then a tap (±4 g, 10 ms) at 3 s.
      if (t > 3 && phase > 1 && phase < 2) o[0] = 0.5 * Math.sin(TWO_PI * (phase - 1));
      if (t > 3 && phase > 3 && phase < 3.01) o[1] = phase < 3.005 ? 4 : -4;
    };
    const sig = generateSyntheticImu({ rateHz: 100, durationS: 40, upStart: [0.3, 0.2, 0.93], linearAccWorldG: bursts, ...typicalNoise });
    const { errorDeg } = runFilter(createOrientationFilter(), sig);
    expect(maxBetween(sig, errorDeg, 2)).toBeLessThan(1.5);
    expect(rmsBetween(sig, errorDeg, 2)).toBeLessThan(0.6);
  });

  it('holds the estimate during a sustained acceleration', () => {
    // 0.8 g forward for 3 s (a vehicle, not a trunk): even the low-passed accelerometer tilts by far more than
    // accelerationRejectionDeg, so the estimate is held while it lasts.
    const push = (t: number, o: Float64Array): void => {
      if (t > 5 && t < 8) o[0] = 0.8;
    };
    const sig = generateSyntheticImu({ rateHz: 100, durationS: 25, linearAccWorldG: push, ...typicalNoise });
    const held = runFilter(createOrientationFilter(), sig);
    const unheld = runFilter(createOrientationFilter({ accelerationRejectionDeg: 0, accelerationMagnitudeToleranceG: 0 }), sig);
    expect(held.rejected.some((r) => r === 1)).toBe(true);
    expect(maxBetween(sig, held.errorDeg, 2, 8)).toBeLessThan(3);
    expect(maxBetween(sig, held.errorDeg, 2)).toBeLessThan(7);
    expect(maxBetween(sig, unheld.errorDeg, 2)).toBeGreaterThan(20);
    expect(maxBetween(sig, held.errorDeg, 15)).toBeLessThan(0.3);
  });

  it('cannot lock itself out: a lasting disagreement ends in a jump to the accelerometer', () => {
    const f = createOrientationFilter();
    for (let i = 0; i < 500; i++) updateOrientationFilter(f, 0.01, 0, 0, 1, 0, 0, 0);
    // A 40° turn the gyroscope never saw (as after a glitch): the accelerometer disagrees for good.
    const [x, y, z] = unit(Math.sin(0.7), 0, Math.cos(0.7));
    let rejectedSamples = 0;
    for (let i = 0; i < 1500; i++) {
      updateOrientationFilter(f, 0.01, x, y, z, 0, 0, 0);
      rejectedSamples += f.accelerationRejected ? 1 : 0;
    }
    expect(rejectedSamples).toBeGreaterThan(0);
    expect(f.accelerationRejected).toBe(false);
    expect(inclinationErrorDeg(f.up[0]!, f.up[1]!, f.up[2]!, x, y, z)).toBeLessThan(0.5);
  });

  it('re-initialises when the gyroscope clips', () => {
    const f = createOrientationFilter({ gyroRangeDps: 500 });
    for (let i = 0; i < 300; i++) updateOrientationFilter(f, 0.01, 0, 0, 1, 0, 0, 0);
    const [x, y, z] = unit(0, 0.5, 0.9);
    updateOrientationFilter(f, 0.01, x, y, z, 500, 0, 0);
    expect(inclinationErrorDeg(f.up[0]!, f.up[1]!, f.up[2]!, x, y, z)).toBeLessThan(1e-9);
  });
});
