/** The device screen's pure parts: the calibration windows in sensor time, and the alert settings checks. */
import { describe, expect, it } from 'vitest';
import { SensorClock } from '../src/screens/device/calibration-clock.js';
import { bodyOf, draftOf, validateDraft } from '../src/screens/device/alert-settings.js';
import { qualityVerdict, refusalAdvice } from '../src/screens/device/calibration-quality.js';

describe('SensorClock', () => {
  it('takes the least delayed point, adds the usual lag, and maps the steps with their margins', () => {
    const clock = new SensorClock({ pipelineLagMs: 2000 });
    expect(clock.offsetMs()).toBeNull();
    // A sensor clock 60 s ahead; points arrive 2.0 to 3.5 s after their time.
    for (const [i, delay] of [2500, 2000, 3500, 2200].entries()) {
      const t = 1_000_000 + i * 1000;
      clock.observe(t + 60_000, t + delay);
    }
    expect(clock.offsetMs()).toBe(60_000);
    const w = clock.windows({ stillFromMs: 10_000, stillToMs: 15_000, bendFromMs: 15_000, bendToMs: 21_000 }, 60_000);
    expect(w.neutral).toEqual({ from: 71_000, to: 74_500 });
    expect(w.bend).toEqual({ from: 74_500, to: 82_500 });
    expect(clock.lastPointT).toBe(1_063_000);
  });

  it('forgets old points and counts the recent ones', () => {
    const clock = new SensorClock({ memoryMs: 10_000 });
    clock.observe(1000, 1000);
    clock.observe(1000, 1500); // the same point again: ignored
    clock.observe(2000, 20_000);
    expect(clock.recentCount(20_000, 10_000)).toBe(1);
  });
});

describe('alert settings form', () => {
  const settings = { slouchDeg: 20, alertDelayS: 60, repeatIntervalS: 120, maxRepeats: 2, snoozeMin: 30, quietHours: ['22:00-7:00'], utcOffsetMin: 60 };

  it('round-trips the settings through a draft, padding quiet hours for the time inputs', () => {
    const draft = draftOf(settings);
    expect(draft.quiet).toEqual([{ from: '22:00', to: '07:00' }]);
    expect(validateDraft(draft)).toEqual({});
    expect(bodyOf(draft)).toEqual({ ...settings, quietHours: ['22:00-07:00'], utcOffsetMin: undefined });
  });

  it('names each wrong field with the range the service accepts', () => {
    const draft = draftOf(settings);
    draft.numbers.slouchDeg = 99;
    draft.numbers.maxRepeats = 1.5;
    draft.numbers.snoozeMin = null;
    draft.quiet.push({ from: '08:00', to: '08:00' });
    expect(validateDraft(draft)).toEqual({
      slouchDeg: 'Must be between 5 and 60°.',
      maxRepeats: 'Enter a whole number between 0 and 10.',
      snoozeMin: 'Enter a number between 1 and 1440 min.',
      'quiet-1': 'Start and end are the same: the range would be empty.',
    });
  });
});

describe('calibration words', () => {
  it('grades the quality and turns refusals into what to do', () => {
    expect(qualityVerdict(0.9).label).toBe('Very good');
    expect(qualityVerdict(0.5).tone).toBe('warn');
    expect(qualityVerdict(0.1).tone).toBe('bad');
    expect(refusalAdvice('calibration failed: the forward bend is too shallow: 3° deep, need at least 12°')).toMatch(/Bend further/);
  });
});
