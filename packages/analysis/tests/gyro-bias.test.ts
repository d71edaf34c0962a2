import { describe, expect, it } from 'vitest';
import { createGyroBias, DEFAULT_GYRO_BIAS_SETTINGS, resetGyroBias, updateGyroBias, type GyroBias } from '../src/gyro-bias.js';
import { generateSyntheticImu, type SyntheticImuOptions } from './helpers/synthetic-imu.js';

/** Feeds a synthetic signal; returns the still flag after every sample. */
function feed(b: GyroBias, o: SyntheticImuOptions): boolean[] {
  const sig = generateSyntheticImu(o);
  const still: boolean[] = [];
  for (let i = 0; i < sig.count; i++) {
    const dt = i === 0 ? 1 / o.rateHz : sig.timeS[i]! - sig.timeS[i - 1]!;
    const j = 3 * i;
    still.push(updateGyroBias(b, dt, sig.acc[j]!, sig.acc[j + 1]!, sig.acc[j + 2]!, sig.gyr[j]!, sig.gyr[j + 1]!, sig.gyr[j + 2]!));
  }
  return still;
}

const noise = { gyroNoiseDps: 0.1, accNoiseG: 0.005 };

describe('gyroscope bias from still periods', () => {
  it('has frozen defaults', () => {
    expect(Object.isFrozen(DEFAULT_GYRO_BIAS_SETTINGS)).toBe(true);
    expect(createGyroBias({ stillTimeS: 2 }).settings.stillTimeS).toBe(2);
  });

  it.each([25, 100, 300])('learns a ±3 °/s bias within about stillTimeS at %i Hz', (rateHz) => {
    const b = createGyroBias();
    const bias: [number, number, number] = [3, -3, 2.5];
    feed(b, { rateHz, durationS: 2, upStart: [0.1, 0.9, 0.3], gyroBiasDps: bias, jitterFraction: 0.2, ...noise });
    expect(b.still).toBe(true);
    // Noise 0.1 °/s per sample: the mean of the first still second is good to a few hundredths.
    for (let k = 0; k < 3; k++) expect(Math.abs(b.biasDps[k]! - bias[k]!)).toBeLessThan(0.08);
  });

  it('needs stillTimeS of stillness before it learns anything', () => {
    const b = createGyroBias();
    feed(b, { rateHz: 100, durationS: DEFAULT_GYRO_BIAS_SETTINGS.stillTimeS * 0.8, gyroBiasDps: [3, 3, 3], ...noise });
    expect(Array.from(b.biasDps)).toEqual([0, 0, 0]);
  });

  it('ignores motion: a turning sensor or a shaken one is not still', () => {
    const b = createGyroBias();
    const still = feed(b, {
      rateHz: 100,
      durationS: 20,
      rateDps: (t, o) => {
        o[0] = 30 * Math.sin(t);
        o[2] = 20 * Math.cos(0.7 * t);
      },
      gyroBiasDps: [1, 1, 1],
      ...noise,
    });
    expect(still.some((s) => s)).toBe(false);
    expect(Array.from(b.biasDps)).toEqual([0, 0, 0]);
    const shaken = createGyroBias();
    const stillShaken = feed(shaken, {
      rateHz: 100,
      durationS: 10,
      linearAccWorldG: (t, o) => {
        o[1] = 0.1 * Math.sin(2 * Math.PI * 2 * t);
      },
      ...noise,
    });
    expect(stillShaken.some((s) => s)).toBe(false);
  });

  it('does not take a steady turn for bias: tilting is seen by the accelerometer, turning about the vertical by the rate bound', () => {
    const tilting = createGyroBias();
    feed(tilting, { rateHz: 100, durationS: 10, rateDps: (_t, o) => void (o[0] = 4), ...noise });
    expect(Array.from(tilting.biasDps)).toEqual([0, 0, 0]);
    const turning = createGyroBias();
    feed(turning, { rateHz: 100, durationS: 10, rateDps: (_t, o) => void (o[2] = 12), ...noise });
    expect(Array.from(turning.biasDps)).toEqual([0, 0, 0]);
    // Once a bias is known, the bound tightens to maxStillRateDps.
    const learned = createGyroBias();
    feed(learned, { rateHz: 100, durationS: 3, ...noise });
    feed(learned, { rateHz: 100, durationS: 1, rateDps: (t, o) => void (o[0] = 40 * Math.sin(3 * t)), ...noise });
    feed(learned, { rateHz: 100, durationS: 10, rateDps: (_t, o) => void (o[2] = 8), ...noise });
    expect(Math.abs(learned.biasDps[2]!)).toBeLessThan(0.05);
  });

  it('after the first still period, moves slowly: a later period changes the estimate gradually', () => {
    const b = createGyroBias();
    feed(b, { rateHz: 100, durationS: 5, gyroBiasDps: [1, 0, 0], ...noise });
    // A movement ends the first period, then the bias has changed (drift): the estimate follows with biasAveragingS.
    feed(b, { rateHz: 100, durationS: 2, rateDps: (t, o) => void (o[0] = 40 * Math.sin(3 * t)), ...noise });
    feed(b, { rateHz: 100, durationS: 2, gyroBiasDps: [2, 0, 0], ...noise });
    expect(b.biasDps[0]!).toBeGreaterThan(1.05);
    expect(b.biasDps[0]!).toBeLessThan(1.5);
    feed(b, { rateHz: 100, durationS: 20, gyroBiasDps: [2, 0, 0], ...noise });
    expect(b.biasDps[0]!).toBeCloseTo(2, 1);
  });

  it('keeps the estimate through a reset and shares it when given an array', () => {
    const shared = new Float64Array(3);
    const b = createGyroBias({}, shared);
    expect(b.biasDps).toBe(shared);
    feed(b, { rateHz: 50, durationS: 3, gyroBiasDps: [-2, 1, 0.5], ...noise });
    resetGyroBias(b);
    expect(b.still).toBe(false);
    expect(b.stillForS).toBe(0);
    expect(shared[0]!).toBeCloseTo(-2, 1);
  });
});
