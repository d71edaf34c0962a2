import { describe, expect, it } from 'vitest';
import type { Activity } from '@stance/protocol';
import { createActivityClassifier, updateActivityClassifier, type ActivitySettings } from '../src/activity.js';
import { createOrientationFilter, updateOrientationFilter } from '../src/orientation-filter.js';
import { synthesise, type SyntheticSegment } from './synthetic-imu.js';

/** Activity per whole second of a synthetic recording (identity mounting, so the calibrated up is +z). */
function classify(segments: SyntheticSegment[], rateHz = 50, settings: Partial<ActivitySettings> = {}): Activity[] {
  const rec = synthesise(segments, rateHz, 7);
  const f = createOrientationFilter();
  const c = createActivityClassifier(settings);
  const perSecond: Activity[] = [];
  for (let i = 0; i < rec.count; i++) {
    const dt = i === 0 ? 0 : rec.timeS[i]! - rec.timeS[i - 1]!;
    const a = rec.acc, g = rec.gyr;
    updateOrientationFilter(f, dt, a[3 * i]!, a[3 * i + 1]!, a[3 * i + 2]!, g[3 * i]!, g[3 * i + 1]!, g[3 * i + 2]!);
    const b = f.gyroBiasDps;
    const cosTilt = f.up[2]!; // calibrated up = +z
    updateActivityClassifier(c, dt, a[3 * i]!, a[3 * i + 1]!, a[3 * i + 2]!, g[3 * i]! - b[0]!, g[3 * i + 1]! - b[1]!, g[3 * i + 2]! - b[2]!, f.up[0]!, f.up[1]!, f.up[2]!, cosTilt);
    const s = Math.floor(rec.timeS[i]!);
    if (s >= 0) perSecond[s] = c.activity;
  }
  return perSecond;
}

const share = (xs: Activity[], from: number, to: number, want: Activity): number =>
  xs.slice(from, to).filter((a) => a === want).length / (to - from);

describe('activity classifier', () => {
  it('starts unknown, then tells a still wearer (breathing) from one who moves', () => {
    const a = classify([{ durationS: 30, flexionDeg: 5 }]);
    expect(a[0]).toBe('unknown');
    expect(share(a, 2, 30, 'still')).toBe(1);
  });

  it('calls trunk movement without steps moving, not walking', () => {
    // Rocking ±12° at 0.7 Hz: the gyroscope swings to ±50 °/s, the vertical acceleration stays flat.
    const segments: SyntheticSegment[] = [];
    for (let k = 0; k < 20; k++) segments.push({ durationS: 0.7, flexionDeg: 17, rampS: 0.7 }, { durationS: 0.7, flexionDeg: -7, rampS: 0.7 });
    const a = classify([{ durationS: 10, flexionDeg: 5 }, ...segments, { durationS: 10, flexionDeg: 5 }]);
    expect(share(a, 12, 36, 'moving')).toBeGreaterThan(0.9);
    expect(share(a, 0, 50, 'walking')).toBe(0);
    expect(share(a, 41, 48, 'still')).toBe(1);
  });

  it.each([25, 50, 100, 300])('recognises walking at %i Hz, and only walking', (rateHz) => {
    const a = classify([
      { durationS: 20, flexionDeg: 5 },
      { durationS: 30, flexionDeg: 8, walkG: 0.15, stepHz: 1.8 },
      { durationS: 20, flexionDeg: 5 },
    ], rateHz);
    expect(share(a, 2, 20, 'walking')).toBe(0);
    expect(share(a, 24, 50, 'walking')).toBe(1);
    expect(share(a, 55, 70, 'walking')).toBe(0);
  });

  it('covers the cadence range 1.4 to 2.5 steps/s', () => {
    for (const stepHz of [1.4, 2.0, 2.5]) {
      const a = classify([{ durationS: 20, flexionDeg: 5, walkG: 0.12, stepHz }]);
      expect(share(a, 5, 20, 'walking'), `${stepHz} Hz`).toBe(1);
    }
  });

  it('calls a long near-horizontal trunk lying, but not a short reach to the floor', () => {
    const a = classify([
      { durationS: 10, flexionDeg: 5 },
      { durationS: 3, flexionDeg: 80 },
      { durationS: 10, flexionDeg: 5 },
      { durationS: 30, flexionDeg: 88 },
      { durationS: 10, flexionDeg: 5 },
    ]);
    expect(share(a, 9, 24, 'lying')).toBe(0);
    expect(share(a, 31, 53, 'lying')).toBe(1);
    expect(share(a, 56, 63, 'lying')).toBe(0);
  });

  it('calls a sensor on a desk not worn after the quiet time, never a still wearer', () => {
    const a = classify([
      { durationS: 120, flexionDeg: 5, breathDeg: 0.15 },
      { durationS: 100, flexionDeg: 0, desk: true },
      { durationS: 20, flexionDeg: 5 },
    ], 50, { notWornAfterS: 30 });
    expect(share(a, 2, 120, 'not_worn')).toBe(0);
    expect(share(a, 165, 220, 'not_worn')).toBe(1);
    expect(share(a, 224, 240, 'not_worn')).toBe(0);
  });

  it('rejects nonsense settings', () => {
    expect(() => createActivityClassifier({ blockS: 0 })).toThrow(RangeError);
  });
});
