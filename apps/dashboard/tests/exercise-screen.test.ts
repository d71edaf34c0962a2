/** The exercise screen's pure parts: the log by local day, the before/after means and sentences, the steps. */
import { describe, expect, it } from 'vitest';
import type { WeekNumbers } from '../src/lib/api/types.js';
import { beforeAfterSentences, periodMeans } from '../src/screens/exercises/before-after.js';
import { groupByLocalDay } from '../src/screens/exercises/exercise-days.js';
import { howToSteps } from '../src/screens/exercises/exercise-text.js';

const entry = (id: string, doneMs: number) => ({ id, exerciseId: 'x', name: id, doneMs, loggedBy: 'W', note: null });

describe('groupByLocalDay', () => {
  it('groups by the wearer\'s local day, newest first', () => {
    const d = Date.UTC(2026, 10, 20);
    // 23:30 UTC on the 20th is already the 21st at UTC+1.
    const days = groupByLocalDay([entry('a', d + 10 * 3600_000), entry('b', d + 23.5 * 3600_000), entry('c', d + 12 * 3600_000)], 60);
    expect(days.map((x) => [x.key, x.entries.map((e) => e.id)])).toEqual([['2026-11-21', ['b']], ['2026-11-20', ['c', 'a']]]);
  });
});

describe('before/after', () => {
  const week = (start: number, wornS: number, uprightPct: number | null, slouchMinPerDay: number | null, wornDays = 5): WeekNumbers & { wornDays: number } => ({
    start, wornS, wornDays, uprightPct, slouchMinPerDay, episodesPerDay: null, doseDegS: null, meanFlexionDeg: null, meanLateralDeg: null, exerciseSessions: 0,
  });

  it('weights upright % by time worn and minutes a day by days worn, skipping weeks without wear', () => {
    const m = periodMeans([week(0, 3600, 50, 40, 1), week(1, 3 * 3600, 70, 20, 3), week(2, 0, null, null, 0)]);
    expect(m).toEqual({ weeksWithData: 2, uprightPct: 65, slouchMinPerDay: 25 });
  });

  it('says what changed, and says plainly when there is nothing to compare yet', () => {
    const data = { planStartMs: Date.UTC(2026, 10, 7), before: [week(0, 36_000, 60, 40)], after: [week(1, 36_000, 70, 25)] };
    expect(beforeAfterSentences(data, 0)).toEqual([
      expect.stringMatching(/^The plan started on /),
      'Upright: 60% of sitting in the 1 week before, 70% in the 1 week since (+10 points, better).',
      'Slouching: 40 min a day before, 25 min since (−15 min, better).',
    ]);
    expect(beforeAfterSentences({ ...data, after: [week(1, 0, null, null, 0)] }, 0)[1]).toMatch(/no week with data since then/);
    expect(beforeAfterSentences({ planStartMs: null, before: [], after: [] }, 0)).toEqual([]);
  });
});

describe('howToSteps', () => {
  it('takes a list as is and splits a text into steps', () => {
    expect(howToSteps(['One.', ' Two. '])).toEqual(['One.', 'Two.']);
    expect(howToSteps('1. Sit tall.\n2. Breathe out.')).toEqual(['Sit tall.', 'Breathe out.']);
    expect(howToSteps('Sit tall. Breathe out slowly.')).toEqual(['Sit tall.', 'Breathe out slowly.']);
    expect(howToSteps(undefined)).toEqual([]);
  });
});
