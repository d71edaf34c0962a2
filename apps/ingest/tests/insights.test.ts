/**
 * The pure insight functions: the hour-by-weekday pattern at an offset that is not a whole hour (hour buckets
 * then straddle two local hours, across local midnight too), exercise sessions, before/after windows and the
 * attention thresholds.
 */
import { describe, expect, it } from 'vitest';
import { aggregateIntoBuckets, type PosturePoint } from '@stance/analysis';
import { attentionFlags, type AttentionInput } from '../src/insights/attention-flags.js';
import { beforeAfterWindows } from '../src/insights/before-after.js';
import { hourWeekdayPattern } from '../src/insights/hour-weekday-pattern.js';
import { localHour, localWeekday } from '../src/insights/local-calendar.js';
import { countExerciseSessions, weekNumbers } from '../src/insights/week-numbers.js';
import { DAY_MS, HOUR_MS, MONDAY_MS } from './resource-helpers.js';

describe('insights', () => {
  it('puts each second in the cell of its local weekday and hour, from hour or day buckets alike', () => {
    const offset = 330; // UTC+5:30
    // Sunday 2025-11-23 17:00 UTC for 3 h: local Sunday 22:30 to Monday 01:30.
    const start = MONDAY_MS + 6 * DAY_MS + 17 * HOUR_MS;
    const points: PosturePoint[] = [];
    for (let s = 0; s < 3 * 3600; s += 7) {
      points.push({ tMs: start + s * 1000, flexionDeg: 10, lateralDeg: 0, activity: 'still', posture: s % 2 === 0 ? 'slouched' : 'upright', worn: true });
    }
    const expected = new Map<string, [number, number]>();
    for (const p of points) {
      const key = `${localWeekday(p.tMs, offset)}/${localHour(p.tMs, offset)}`;
      const [a, sl] = expected.get(key) ?? [0, 0];
      expected.set(key, [a + 1, sl + (p.posture === 'slouched' ? 1 : 0)]);
    }
    expect([...expected.keys()].sort()).toEqual(['0/0', '0/1', '6/22', '6/23']);
    for (const size of ['hour', 'day'] as const) {
      const cells = hourWeekdayPattern(aggregateIntoBuckets(points, [], size, { utcOffsetMin: offset }));
      const used = new Map(cells.filter((c) => c.assessedS > 0).map((c) => [`${c.weekday}/${c.hour}`, [c.assessedS, c.slouchS]]));
      expect(used, size).toEqual(expected);
    }
  });

  it('counts a run of logged exercises no more than an hour apart as one session', () => {
    const t = MONDAY_MS;
    expect(countExerciseSessions([])).toBe(0);
    expect(countExerciseSessions([t + 3 * HOUR_MS, t, t + 50 * 60_000, t + 100 * 60_000])).toBe(2);
    expect(countExerciseSessions([t, t + 60 * 60_000])).toBe(1);
    expect(countExerciseSessions([t, t + 60 * 60_000 + 1])).toBe(2);
    expect(weekNumbers(t, [], 3)).toMatchObject({ start: t, wornS: 0, wornDays: 0, uprightPct: null, exerciseSessions: 3 });
  });

  it('lays 7-day windows back and forward from the plan\'s local midnight, after ones only once begun', () => {
    const plan = MONDAY_MS + 2 * DAY_MS + 3 * HOUR_MS; // Wednesday 03:00 UTC = Tuesday 22:00 at UTC-5
    const tuesday = MONDAY_MS + DAY_MS + 5 * HOUR_MS;
    expect(beforeAfterWindows(plan, 3, -300, plan + 8 * DAY_MS)).toEqual({
      before: [tuesday - 21 * DAY_MS, tuesday - 14 * DAY_MS, tuesday - 7 * DAY_MS],
      after: [tuesday, tuesday + 7 * DAY_MS],
    });
    expect(beforeAfterWindows(plan, 2, -300, tuesday - 1).after).toEqual([]);
  });

  it('flags worsening from a 5-point drop or a 20 % rise in slouch minutes, not less', () => {
    const week = (uprightPct: number | null, slouchMinPerDay: number | null) => ({ ...weekNumbers(0, [], 0), uprightPct, slouchMinPerDay });
    const input = (thisWeek: ReturnType<typeof week>, lastWeek: ReturnType<typeof week>): AttentionInput => ({
      nowMs: MONDAY_MS, thisWeek, lastWeek, recentWornS: 7200, lastCalibrationMs: MONDAY_MS - DAY_MS,
      devices: [{ online: true, lastSeenMs: MONDAY_MS, calibrationStale: false }],
    });
    expect(attentionFlags(input(week(75, 30), week(80, 30)))).toEqual(['worsening']);
    expect(attentionFlags(input(week(75.1, 30), week(80, 30)))).toEqual([]);
    expect(attentionFlags(input(week(80, 36), week(80, 30)))).toEqual(['worsening']);
    expect(attentionFlags(input(week(80, 35.9), week(80, 30)))).toEqual([]);
    expect(attentionFlags(input(week(null, null), week(80, 30)))).toEqual([]);
    // Worn 59 minutes in two days; the live analysis finds the calibration stale; offline for just over an hour.
    const quiet = { ...input(week(80, 30), week(80, 30)), recentWornS: 3540 };
    expect(attentionFlags({ ...quiet, devices: [{ online: false, lastSeenMs: MONDAY_MS - HOUR_MS - 1, calibrationStale: true }] }))
      .toEqual(['not_worn', 'calibration_stale', 'sensor_offline']);
    expect(attentionFlags({ ...quiet, devices: [{ online: false, lastSeenMs: MONDAY_MS - HOUR_MS, calibrationStale: false }] })).toEqual(['not_worn']);
    expect(attentionFlags({ ...quiet, devices: [] })).toEqual(['no_device']);
  });
});
