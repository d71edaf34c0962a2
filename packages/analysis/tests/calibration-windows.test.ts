import { describe, expect, it } from 'vitest';
import { calibrateFromWindows, indexRangeForTimes, neutralFromWindow } from '../src/calibration.js';
import { CalibrationError, CALIBRATION_ERRORS } from '../src/calibration-error.js';
import { trunkAngles } from '../src/trunk-angles.js';
import { angleBetweenDeg, randomRotation, rng, samplesFor, trueFrame, type Mat3, type Segment } from './calibration-synthetic.js';

const RATE_HZ = 50;

/** The calibration routine: 6 s neutral, a forward bend to `bendDeg` (with a little sideways wobble), back. */
function routine(bendDeg: number, bendLateralDeg = 1.5): Segment[] {
  return [
    { flexionDeg: 0, lateralDeg: 0, holdS: 6, moveS: 0.1, swayDeg: 0.3 },
    { flexionDeg: bendDeg, lateralDeg: bendLateralDeg, holdS: 1.5, moveS: 2 },
    { flexionDeg: 0, lateralDeg: 0, holdS: 3, moveS: 2, swayDeg: 0.3 },
  ];
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof CalibrationError) return e.code;
    throw e;
  }
  return 'none';
}

describe('calibrateFromWindows', () => {
  it('finds the trunk frame of random mountings from a neutral hold and one forward bend', () => {
    const r = rng(1);
    let worstUDeg = 0, worstFDeg = 0, worstFlexErrDeg = 0;
    for (let trial = 0; trial < 40; trial++) {
      const q: Mat3 = randomRotation(r);
      const bendDeg = 25 + 40 * r();
      const rec = samplesFor(routine(bendDeg), RATE_HZ, () => q, 100 + trial);
      const neutral = indexRangeForTimes(rec.timeS, 0.5, 5.5);
      const bend = indexRangeForTimes(rec.timeS, 6, 11);
      const cal = calibrateFromWindows(rec.up, neutral, bend);
      const truth = trueFrame(q);
      expect(cal.method).toBe('windows');
      worstUDeg = Math.max(worstUDeg, angleBetweenDeg(cal.frame.u, truth.u));
      worstFDeg = Math.max(worstFDeg, angleBetweenDeg(cal.frame.f, truth.f));
      // Orthonormal, right-handed: l = u × f.
      expect(angleBetweenDeg(cal.frame.l, truth.l)).toBeLessThan(5);
      const out = { flexionDeg: 0, lateralDeg: 0 };
      for (let i = 0; i < rec.timeS.length; i += 7) {
        trunkAngles(cal.frame, rec.up.subarray(3 * i, 3 * i + 3), out);
        worstFlexErrDeg = Math.max(worstFlexErrDeg, Math.abs(out.flexionDeg - rec.flexionDeg[i]!));
      }
      expect(cal.quality).toBeGreaterThan(0.5);
      expect(cal.detail['bendDepthDeg']).toBeGreaterThan(bendDeg - 2);
    }
    // u from 5 s of a 0.3°-sway hold; f from the bend, whose 1.5° sideways wobble turns it by up to
    // atan(sin 1.5° / sin 25°) = 3.5°.
    expect(worstUDeg).toBeLessThan(0.4);
    expect(worstFDeg).toBeLessThan(4);
    expect(worstFlexErrDeg).toBeLessThan(1.5);
  });

  it('without a bend window gives a neutral-only calibration', () => {
    const q = randomRotation(rng(2));
    const rec = samplesFor(routine(40), RATE_HZ, () => q, 5);
    const cal = calibrateFromWindows(rec.up, indexRangeForTimes(rec.timeS, 0.5, 5.5), null);
    expect(cal.method).toBe('neutral-only');
    expect(angleBetweenDeg(cal.frame.u, trueFrame(q).u)).toBeLessThan(0.4);
  });

  it('ignores a fidget inside the neutral window', () => {
    const q = randomRotation(rng(3));
    const rec = samplesFor([
      { flexionDeg: 0, lateralDeg: 0, holdS: 4, moveS: 0.1, swayDeg: 0.2 },
      { flexionDeg: 20, lateralDeg: 10, holdS: 0.2, moveS: 0.3 },
      { flexionDeg: 0, lateralDeg: 0, holdS: 4, moveS: 0.3, swayDeg: 0.2 },
    ], RATE_HZ, () => q, 9);
    const n = neutralFromWindow(rec.up, { start: 0, end: rec.timeS.length });
    expect(angleBetweenDeg(n.u, trueFrame(q).u)).toBeLessThan(0.3);
    expect(n.keptFraction).toBeLessThan(0.98);
  });

  it('refuses unusable windows with a coded error', () => {
    const q = randomRotation(rng(4));
    const rec = samplesFor(routine(40), RATE_HZ, () => q, 6);
    const neutral = indexRangeForTimes(rec.timeS, 0.5, 5.5);
    const shallow = samplesFor(routine(8), RATE_HZ, () => q, 7);
    // Sideways first, then forward: a curved path. (A straight diagonal bend cannot be told from a forward bend
    // of a differently mounted sensor; only the wearer can avoid it.)
    const sideways = samplesFor([
      { flexionDeg: 0, lateralDeg: 0, holdS: 6, moveS: 0.1, swayDeg: 0.3 },
      { flexionDeg: 0, lateralDeg: 25, holdS: 0.5, moveS: 1.5 },
      { flexionDeg: 30, lateralDeg: 25, holdS: 0.5, moveS: 1.5 },
      { flexionDeg: 0, lateralDeg: 0, holdS: 3, moveS: 2, swayDeg: 0.3 },
    ], RATE_HZ, () => q, 8);
    expect(codeOf(() => calibrateFromWindows(rec.up, { start: 10, end: 12 }, null))).toBe('window_empty');
    expect(codeOf(() => calibrateFromWindows(rec.up, { start: 0, end: 1e6 }, null))).toBe('window_out_of_range');
    expect(codeOf(() => calibrateFromWindows(rec.up, indexRangeForTimes(rec.timeS, 4, 11), null))).toBe('window_moving');
    expect(codeOf(() => calibrateFromWindows(shallow.up, neutral, indexRangeForTimes(rec.timeS, 6, 11)))).toBe('bend_too_shallow');
    expect(codeOf(() => calibrateFromWindows(sideways.up, neutral, indexRangeForTimes(rec.timeS, 6, 11)))).toBe('bend_not_planar');
    const bad = rec.up.slice();
    bad[3 * 100] = NaN;
    expect(codeOf(() => calibrateFromWindows(bad, neutral, null))).toBe('invalid_vector');
  });

  it('formats every catalogue message without leftover placeholders', () => {
    for (const code of Object.keys(CALIBRATION_ERRORS) as (keyof typeof CALIBRATION_ERRORS)[]) {
      const e = new CalibrationError(code, ['a', 'b', 'c', 'd']);
      expect(e.message).not.toContain('%s');
      expect(e.code).toBe(code);
    }
  });
});
