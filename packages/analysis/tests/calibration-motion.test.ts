import { describe, expect, it } from 'vitest';
import { calibrateNeutralWithMotion, indexRangeForTimes } from '../src/calibration.js';
import { forwardFromMotion } from '../src/forward-axis.js';
import { angleBetweenDeg, officeDay, randomRotation, rng, samplesFor, trueFrame, type Segment } from './calibration-synthetic.js';

const RATE_HZ = 25;

describe('forward axis from movement', () => {
  it('finds f of random mountings from an hour of an office day, knowing u', () => {
    const r = rng(21);
    let worstDeg = 0, worstQuality = 1;
    for (let trial = 0; trial < 6; trial++) {
      const q = randomRotation(r);
      const rec = samplesFor(officeDay(300 + trial, 3600), RATE_HZ, () => q, trial);
      const truth = trueFrame(q);
      const m = forwardFromMotion(rec.up, rec.timeS, { start: 0, end: rec.timeS.length }, truth.u);
      expect(m.known).toBe(true);
      worstDeg = Math.max(worstDeg, angleBetweenDeg(m.f, truth.f));
      worstQuality = Math.min(worstQuality, m.quality);
    }
    // The synthetic wearer's slouches and bends carry random sideways parts (σ 2.5° and 5°); over one hour
    // they leave up to about 5° of error in f (measured 0.4° to 5.2° over these six).
    expect(worstDeg).toBeLessThan(6);
    expect(worstQuality).toBeGreaterThan(0.5);
  });

  it('refuses when the movement leans as much backward as forward, or every way', () => {
    const q = randomRotation(rng(22));
    const truth = trueFrame(q);
    const r = rng(23);
    const symmetric: Segment[] = [];
    const everyWay: Segment[] = [];
    for (let i = 0; i < 60; i++) {
      symmetric.push({ flexionDeg: (i % 2 ? 1 : -1) * (10 + 10 * r()), lateralDeg: 0, holdS: 20 }, { flexionDeg: 0, lateralDeg: 0, holdS: 20 });
      const a = 2 * Math.PI * r();
      everyWay.push({ flexionDeg: 15 * Math.cos(a), lateralDeg: 15 * Math.sin(a), holdS: 20 }, { flexionDeg: 0, lateralDeg: 0, holdS: 20 });
    }
    for (const segments of [symmetric, everyWay]) {
      const rec = samplesFor(segments, RATE_HZ, () => q, 24);
      const m = forwardFromMotion(rec.up, rec.timeS, { start: 0, end: rec.timeS.length }, truth.u);
      expect(m.known).toBe(false);
      expect(m.quality).toBeLessThan(0.3);
    }
  });

  it('needs enough tilted time before answering', () => {
    const q = randomRotation(rng(25));
    const rec = samplesFor([{ flexionDeg: 0, lateralDeg: 0, holdS: 60 }, { flexionDeg: 25, lateralDeg: 0, holdS: 20 }], RATE_HZ, () => q, 26);
    const m = forwardFromMotion(rec.up, rec.timeS, { start: 0, end: rec.timeS.length }, trueFrame(q).u);
    expect(m.known).toBe(false);
    expect(m.evidenceS).toBeLessThan(30);
  });
});

describe('calibrateNeutralWithMotion', () => {
  it('calibrates from a neutral window and the rest of the day', () => {
    const q = randomRotation(rng(27));
    const rec = samplesFor(officeDay(28, 3600), RATE_HZ, () => q, 29);
    const cal = calibrateNeutralWithMotion(rec.up, rec.timeS, indexRangeForTimes(rec.timeS, 10, 100), { start: 0, end: rec.timeS.length });
    expect(cal.method).toBe('neutral+motion');
    const truth = trueFrame(q);
    // The wearer's upright sits about 2° forward of the true trunk vertical in this synthetic day.
    expect(angleBetweenDeg(cal.frame.u, truth.u)).toBeLessThan(4);
    expect(angleBetweenDeg(cal.frame.f, truth.f)).toBeLessThan(6);
    expect(cal.quality).toBeGreaterThan(0.4);
  });
});
