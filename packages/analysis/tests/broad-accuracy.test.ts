/**
 * Tilt accuracy on six real recordings with an optical reference (BROAD, see /work/shared/data/broad/README.md):
 * inclination RMSE over the scored samples of each trial, and the RMS of the six. The per-trial limits are the
 * figures measured when the filter was tuned plus about 15 %, so a regression in any kind of motion shows.
 */
import { describe, expect, it } from 'vitest';
import {
  addInclinationSample,
  createInclinationScore,
  inclinationErrorDeg,
  inclinationRmseDeg,
  referenceUp,
  rmsOf,
} from '../src/evaluation/broad.js';
import { createOrientationFilter, updateOrientationFilter } from '../src/orientation-filter.js';
import { createMadgwick, updateMadgwick } from '../src/madgwick-reference.js';
import { BROAD_DIR, BROAD_TRIALS, broadAvailable, readBroadTrial, scoreTrial, type BroadTrial } from './helpers/broad-csv.js';

/** Measured RMSE (degrees) with the default settings, and the limit each trial is held to. */
const EXPECTED: Record<(typeof BROAD_TRIALS)[number], { measuredDeg: number; limitDeg: number }> = {
  '02_undisturbed_slow_rotation_B': { measuredDeg: 0.398, limitDeg: 0.46 },
  '07_undisturbed_fast_rotation_B': { measuredDeg: 1.014, limitDeg: 1.17 },
  '10_undisturbed_slow_translation_A': { measuredDeg: 0.46, limitDeg: 0.53 },
  '15_undisturbed_fast_translation_A': { measuredDeg: 0.453, limitDeg: 0.52 },
  '24_disturbed_tapping_A': { measuredDeg: 0.614, limitDeg: 0.71 },
  '27_disturbed_phone_vibration_B': { measuredDeg: 0.682, limitDeg: 0.79 },
};
const OVERALL_MEASURED_DEG = 0.638;
const OVERALL_LIMIT_DEG = 0.72; // the project's requirement is 1.5
const MADGWICK_PUBLISHED_DEG = 2.22;

describe('BROAD scoring helpers', () => {
  it('takes up from the third row of the reference rotation matrix', () => {
    const out = new Float64Array(3);
    expect(Array.from(referenceUp(1, 0, 0, 0, out))).toEqual([0, 0, 1]);
    // Turned 90° about x (sensor → ENU): the sensor's +y axis now points up.
    const h = Math.SQRT1_2;
    referenceUp(h, h, 0, 0, out);
    expect(out[0]).toBeCloseTo(0, 12);
    expect(out[1]).toBeCloseTo(1, 12);
    expect(out[2]).toBeCloseTo(0, 12);
  });

  it('measures angles between vectors accurately, also tiny ones', () => {
    expect(inclinationErrorDeg(0, 0, 1, 0, 0, 2)).toBe(0);
    expect(inclinationErrorDeg(1, 0, 0, 0, 1, 0)).toBeCloseTo(90, 12);
    expect(inclinationErrorDeg(0, 0, 1, 1e-9, 0, 1)).toBeCloseTo((1e-9 * 180) / Math.PI, 18);
  });

  it('accumulates an RMSE and combines trials by RMS', () => {
    const s = createInclinationScore();
    expect(Number.isNaN(inclinationRmseDeg(s))).toBe(true);
    const h = Math.SQRT1_2;
    addInclinationSample(s, [0, 0, 1], 1, 0, 0, 0); // 0°
    addInclinationSample(s, [0, 0, 1], h, h, 0, 0); // 90°
    expect(inclinationRmseDeg(s)).toBeCloseTo(Math.sqrt((0 + 90 * 90) / 2), 9);
    expect(s.maxDeg).toBeCloseTo(90, 9);
    expect(rmsOf([3, 4])).toBeCloseTo(Math.sqrt(12.5), 12);
  });
});

describe.skipIf(!broadAvailable())(`BROAD tilt accuracy (${BROAD_DIR})`, () => {
  const trials = new Map<string, BroadTrial>();
  const trial = (name: string): BroadTrial => {
    let t = trials.get(name);
    if (!t) trials.set(name, (t = readBroadTrial(name)));
    return t;
  };
  const filterScores: number[] = [];
  const madgwickScores: number[] = [];

  it.each(BROAD_TRIALS)('%s: orientation filter within its limit', (name) => {
    const f = createOrientationFilter();
    const rmse = scoreTrial(trial(name), {
      up: f.up,
      update: (dt, ax, ay, az, gx, gy, gz) => updateOrientationFilter(f, dt, ax, ay, az, gx, gy, gz),
    });
    filterScores.push(rmse);
    expect(rmse).toBeLessThanOrEqual(EXPECTED[name].limitDeg);
    // Also far from the limit on the good side: a large unexplained improvement means the scoring changed.
    expect(rmse).toBeGreaterThan(EXPECTED[name].measuredDeg * 0.7);
  });

  it.each(BROAD_TRIALS)('%s: Madgwick reference (gain 0.05)', (name) => {
    const m = createMadgwick();
    madgwickScores.push(
      scoreTrial(trial(name), {
        up: m.up,
        update: (dt, ax, ay, az, gx, gy, gz) => updateMadgwick(m, dt, ax, ay, az, gx, gy, gz),
      }),
    );
  });

  it('overall: the filter beats the 1.5° requirement and its own tuned figure; Madgwick reproduces 2.22°', () => {
    expect(filterScores).toHaveLength(6);
    expect(madgwickScores).toHaveLength(6);
    const overall = rmsOf(filterScores);
    expect(overall).toBeLessThanOrEqual(1.5);
    expect(overall).toBeLessThanOrEqual(OVERALL_LIMIT_DEG);
    expect(overall).toBeGreaterThan(OVERALL_MEASURED_DEG * 0.7);
    expect(Math.abs(rmsOf(madgwickScores) - MADGWICK_PUBLISHED_DEG)).toBeLessThanOrEqual(0.05);
  });
});
