import { describe, expect, it } from 'vitest';
import { createCalibrationStaleness, setStalenessCalibration, updateCalibrationStaleness, type CalibrationStaleness } from '../src/calibration-staleness.js';
import { neutralOnlyCalibration, type Calibration } from '../src/calibration.js';
import { axisAngle, DEG, mul, officeDay, randomRotation, rng, samplesFor, trueFrame, type Mat3, type Samples, type Segment } from './calibration-synthetic.js';

const RATE_HZ = 25;

function calibrationFor(q: Mat3): Calibration {
  return { frame: trueFrame(q), method: 'windows', quality: 1, detail: {} };
}

/** Feeds the whole recording; returns the time the detector went stale (NaN if never). */
function firstStaleS(d: CalibrationStaleness, rec: Samples): number {
  for (let i = 0; i < rec.timeS.length; i++) {
    const dt = i > 0 ? rec.timeS[i]! - rec.timeS[i - 1]! : 0;
    updateCalibrationStaleness(d, dt, rec.up.subarray(3 * i, 3 * i + 3), rec.gyrDps.subarray(3 * i, 3 * i + 3), rec.activity[i]!);
    if (d.stale) return rec.timeS[i]!;
  }
  return NaN;
}

function durationS(segments: readonly Segment[]): number {
  return segments.reduce((t, s) => t + (s.moveS ?? 1) + s.holdS, 0);
}

/** Re-clip: from `atS` on, the sensor sits rotated by `angleDeg` about `trunkAxis` (trunk coordinates). */
function reclipped(q: Mat3, atS: number, trunkAxis: [number, number, number], angleDeg: number): (tS: number) => Mat3 {
  const moved = mul(q, axisAngle(trunkAxis, angleDeg * DEG));
  return (tS) => (tS < atS ? q : moved);
}

describe('calibration staleness', () => {
  it('does not flag stable wearers through ordinary days of slouches, bends, leans and walks', () => {
    const r = rng(61);
    for (let trial = 0; trial < 4; trial++) {
      const q = randomRotation(r);
      const rec = samplesFor(officeDay(700 + trial, 7200, { slouchShare: 0.35 }), RATE_HZ, () => q, 800 + trial);
      const d = createCalibrationStaleness();
      setStalenessCalibration(d, calibrationFor(q));
      expect(firstStaleS(d, rec)).toBeNaN();
      expect(Math.abs(d.lateralOffsetDeg)).toBeLessThan(4);
      expect(d.uprightShare).toBeGreaterThan(0.15);
    }
  });

  it('flags a 20° re-clip with a sideways part within a few minutes', () => {
    const r = rng(62);
    // About the forward axis (pure sideways offset), and about an axis 30° off the left axis (mostly forward).
    const axes: [number, number, number][] = [[1, 0, 0], [Math.sin(30 * DEG), Math.cos(30 * DEG), 0], [-0.7, 0.7, 0]];
    for (const [n, axis] of axes.entries()) {
      const q = randomRotation(r);
      const day = officeDay(710 + n, 5400);
      const rec = samplesFor(day, RATE_HZ, reclipped(q, 1800, axis, 20), 810 + n);
      const d = createCalibrationStaleness();
      setStalenessCalibration(d, calibrationFor(q));
      const t = firstStaleS(d, rec);
      expect(t).toBeGreaterThan(1800);
      expect(t - 1800).toBeLessThan(300);
      expect(['lateral_offset', 'walking_offset']).toContain(d.reason);
    }
  });

  it('flags a purely forward or backward 20° re-clip at the next walk', () => {
    for (const angleDeg of [-20, 20]) {
      const q = randomRotation(rng(63));
      const segments: Segment[] = [
        ...officeDay(720, 1200),
        { flexionDeg: 2, lateralDeg: 0, holdS: 300 },
        { flexionDeg: 20, lateralDeg: 0, holdS: 200 },
        { flexionDeg: 5, lateralDeg: 0, holdS: 90, walking: true },
        { flexionDeg: 2, lateralDeg: 0, holdS: 300 },
      ];
      const reclipS = durationS(segments) - 900;
      const rec = samplesFor(segments, RATE_HZ, reclipped(q, reclipS, [0, 1, 0], angleDeg), 820);
      const d = createCalibrationStaleness();
      setStalenessCalibration(d, calibrationFor(q));
      const t = firstStaleS(d, rec);
      const walkStartS = reclipS + 301 + 201;
      expect(t).toBeGreaterThan(reclipS);
      expect(t).toBeLessThan(walkStartS + 60);
      // A backward re-clip may be caught before the walk, as a stretch held leaning back.
      expect(['walking_offset', 'backward_offset']).toContain(d.reason);
    }
  });

  it('flags a re-clip after the sensor was taken off, but not the same clip put back', () => {
    for (const angleDeg of [0, -20]) {
      const q = randomRotation(rng(64));
      const before = officeDay(730, 1800);
      const takenOffS = durationS(before);
      const segments: Segment[] = [
        ...before,
        { flexionDeg: 0, lateralDeg: 0, holdS: 300, notWorn: true },
        { flexionDeg: 18, lateralDeg: 0, holdS: 60 },
        ...officeDay(731, 1800, { slouchShare: 0.4 }),
      ];
      const rec = samplesFor(segments, RATE_HZ, reclipped(q, takenOffS + 100, [0, 1, 0], angleDeg), 830);
      const d = createCalibrationStaleness();
      setStalenessCalibration(d, calibrationFor(q));
      const t = firstStaleS(d, rec);
      if (angleDeg === 0) {
        expect(t).toBeNaN();
      } else {
        expect(d.reason).toBe('reworn_offset');
        expect(t - (takenOffS + 301)).toBeLessThan(240);
      }
    }
  });

  it('flags a forward re-clip without walks or breaks eventually, as neutral lost', () => {
    const q = randomRotation(rng(65));
    const segments: Segment[] = [...officeDay(740, 1800), ...officeDay(741, 4800).filter((s) => !s.walking)];
    const rec = samplesFor(segments, RATE_HZ, reclipped(q, 1800, [0, 1, 0], -20), 840);
    const d = createCalibrationStaleness();
    setStalenessCalibration(d, calibrationFor(q));
    const t = firstStaleS(d, rec);
    expect(['neutral_lost', 'away_too_long']).toContain(d.reason);
    expect(t - 1800).toBeLessThan(3600);
  });

  it('works on the total tilt under a neutral-only calibration, and clears when given a new calibration', () => {
    const q = randomRotation(rng(66));
    const segments: Segment[] = [
      { flexionDeg: 2, lateralDeg: 0, holdS: 600 },
      { flexionDeg: 5, lateralDeg: 0, holdS: 120, walking: true },
    ];
    const rec = samplesFor(segments, RATE_HZ, reclipped(q, 300, [0, 1, 0], -25), 850);
    const d = createCalibrationStaleness();
    setStalenessCalibration(d, neutralOnlyCalibration(trueFrame(q).u, 1, {}));
    expect(firstStaleS(d, rec)).toBeGreaterThan(600);
    expect(d.reason).toBe('walking_offset');
    setStalenessCalibration(d, calibrationFor(q));
    expect(d.stale).toBe(false);
    expect(d.reason).toBe('none');
  });

  it('follows a calibration refined in place from neutral-only to calibrated (the auto-calibrator does that)', () => {
    const q = randomRotation(rng(67));
    const cal = neutralOnlyCalibration(trueFrame(q).u, 1, {});
    const d = createCalibrationStaleness();
    setStalenessCalibration(d, cal);
    const truth = trueFrame(q);
    cal.frame.f.set(truth.f);
    cal.frame.l.set(truth.l);
    cal.method = 'auto';
    const rec = samplesFor(officeDay(750, 1800), RATE_HZ, reclipped(q, 900, [1, 0, 0], 20), 860);
    const t = firstStaleS(d, rec);
    expect(d.reason).toBe('lateral_offset');
    expect(t - 900).toBeLessThan(300);
  });
});
