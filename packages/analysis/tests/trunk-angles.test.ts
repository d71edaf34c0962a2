import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calibratedAngles, tiltFromNeutralDeg, trunkAngles } from '../src/trunk-angles.js';
import { neutralOnlyCalibration } from '../src/calibration.js';
import { DEG, apply, mul, randomRotation, rng, rx, ry, rz, transpose, trueFrame, type Mat3 } from './calibration-synthetic.js';

/** Up in the sensor frame for trunk orientation R = Rz(h)·Ry(θ)·Rx(φ) under mounting q (trunk → sensor). */
function sensorUp(q: Mat3, headingDeg: number, flexionDeg: number, lateralDeg: number): [number, number, number] {
  const r = mul(rz(headingDeg * DEG), mul(ry(flexionDeg * DEG), rx(lateralDeg * DEG)));
  return apply(q, apply(transpose(r), [0, 0, 1]));
}

const angle = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe('trunkAngles', () => {
  it('recovers flexion and lateral exactly for random mountings, headings and angles', () => {
    const out = { flexionDeg: 0, lateralDeg: 0 };
    fc.assert(
      fc.property(fc.integer(), angle(-180, 180), angle(-89.9, 89.9), angle(-179.9, 179.9), (seed, h, theta, phi) => {
        const q = randomRotation(rng(seed));
        trunkAngles(trueFrame(q), sensorUp(q, h, theta, phi), out);
        expect(Math.abs(out.flexionDeg - theta)).toBeLessThan(1e-9);
        expect(Math.abs(out.lateralDeg - phi)).toBeLessThan(1e-9);
      }),
      { numRuns: 5000 },
    );
  });

  it('gives lateral exactly as Math.atan2 does (the atan(ul/uu) shortcut for uu > 0 is bit for bit)', () => {
    const frame = trueFrame([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const out = { flexionDeg: 0, lateralDeg: 0 };
    const coord = fc.double({ min: -1, max: 1, noNaN: true });
    fc.assert(
      fc.property(coord, coord, coord, (x, y, z) => {
        // (Zero components aside: the frame's dot products turn -0 into +0 before either function sees it.)
        fc.pre(x * x + y * y + z * z > 1e-12 && y !== 0 && z !== 0);
        trunkAngles(frame, [x, y, z], out);
        expect(Object.is(out.lateralDeg, Math.atan2(y, z) * (180 / Math.PI))).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });

  it('matches the contract check vectors: forward bend and right bend', () => {
    const frame = trueFrame([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const out = { flexionDeg: 0, lateralDeg: 0 };
    const t = 30 * DEG;
    trunkAngles(frame, [-Math.sin(t), 0, Math.cos(t)], out);
    expect(out.flexionDeg).toBeCloseTo(30, 12);
    expect(out.lateralDeg).toBeCloseTo(0, 12);
    trunkAngles(frame, [0, Math.sin(t), Math.cos(t)], out);
    expect(out.flexionDeg).toBeCloseTo(0, 12);
    expect(out.lateralDeg).toBeCloseTo(30, 12);
  });

  it('is 0/0 in neutral, ignores the length of up, clamps at ±90 and gives NaN for a zero vector', () => {
    const q = randomRotation(rng(7));
    const frame = trueFrame(q);
    const out = { flexionDeg: 1, lateralDeg: 1 };
    trunkAngles(frame, frame.u, out);
    expect(out.flexionDeg).toBeCloseTo(0, 12);
    expect(out.lateralDeg).toBeCloseTo(0, 12);
    const v = sensorUp(q, 40, 25, -10).map((x) => 3.7 * x);
    trunkAngles(frame, v, out);
    expect(out.flexionDeg).toBeCloseTo(25, 10);
    expect(out.lateralDeg).toBeCloseTo(-10, 10);
    // Straight down the forward axis, with rounding pushing |U_f| past 1.
    trunkAngles(frame, [-frame.f[0]! * (1 + 1e-15), -frame.f[1]! * (1 + 1e-15), -frame.f[2]! * (1 + 1e-15)], out);
    expect(out.flexionDeg).toBeCloseTo(90, 6);
    trunkAngles(frame, [0, 0, 0], out);
    expect(out.flexionDeg).toBeNaN();
    expect(out.lateralDeg).toBeNaN();
  });
});

describe('calibratedAngles under a neutral-only calibration', () => {
  it('reports the total tilt as flexion and lateral as unknown', () => {
    const q = randomRotation(rng(11));
    const frame = trueFrame(q);
    const cal = neutralOnlyCalibration(frame.u, 0.9, {});
    const out = { flexionDeg: 0, lateralDeg: 0 };
    const up = sensorUp(q, 10, 20, 0);
    calibratedAngles(cal, up, out);
    expect(out.flexionDeg).toBeCloseTo(20, 9);
    expect(out.lateralDeg).toBeNaN();
    // A backward lean has the same (unsigned) tilt.
    calibratedAngles(cal, sensorUp(q, 0, -20, 0), out);
    expect(out.flexionDeg).toBeCloseTo(20, 9);
    expect(tiltFromNeutralDeg(frame.u, sensorUp(q, 0, 0, 15))).toBeCloseTo(15, 9);
  });
});
