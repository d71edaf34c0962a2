import { describe, expect, it } from 'vitest';
import { createAggregate, type PostureAggregate } from '../src/aggregates.js';
import { recommend, type RecommendationResult } from '../src/recommendations.js';
import { RULES_VERSION, slouchTimeOfDayText } from '../src/recommendation-rules.js';
import { CATALOGUE_VERSION, DISCLAIMER_TEXT } from '../src/exercise-catalogue.js';
import { formatClockHour, formatDuration } from '../src/duration-text.js';

const DAY_MS = 86_400_000;
const PERIOD_END = Date.UTC(2026, 10, 21); // the current period is the 7 days before this

interface DaySpec {
  /** Assessed seconds and slouch fraction per local hour, from hour 9 to 16 unless given. */
  hours?: Record<number, [assessedS: number, slouchFraction: number]>;
  slouchFraction?: number;
  meanFlexionDeg?: number;
  sdFlexionDeg?: number;
  meanLateralDeg?: number;
  longestSitS?: number;
  breaks?: number;
}

/** A constructed daily aggregate (not built from points): `daysAgo` = 1 is yesterday. */
function day(daysAgo: number, spec: DaySpec = {}): PostureAggregate {
  const start = PERIOD_END - daysAgo * DAY_MS;
  const a = createAggregate(start, start + DAY_MS);
  const hours = spec.hours ?? Object.fromEntries([9, 10, 11, 12, 13, 14, 15, 16].map((h) => [h, [3600, spec.slouchFraction ?? 0.05]]));
  for (const [h, [assessedS, fraction]] of Object.entries(hours)) {
    const slouchS = Math.round(assessedS * fraction);
    a.assessedSByLocalHour[Number(h)] = assessedS;
    a.slouchSByLocalHour[Number(h)] = slouchS;
    a.assessedS += assessedS;
    a.slouchS += slouchS;
  }
  a.uprightS = a.assessedS - a.slouchS;
  a.wornS = a.pointS = a.assessedS;
  const mean = spec.meanFlexionDeg ?? 6;
  const sd = spec.sdFlexionDeg ?? 8;
  a.flexionSumDeg = mean * a.assessedS;
  a.flexionSumSqDeg2 = (sd * sd + mean * mean) * a.assessedS;
  a.lateralSumDeg = (spec.meanLateralDeg ?? 0.5) * a.assessedS;
  a.lateralS = a.assessedS;
  a.sitting = {
    hasSit: true, headGapS: 0, headGapActiveS: 0, headStretchS: 600, oneStretch: false,
    innerLongestS: spec.longestSitS ?? 2700, breaks: spec.breaks ?? 8, tailStretchS: 600, tailGapS: 0, tailGapActiveS: 0,
  };
  return a;
}

const week = (spec: DaySpec | ((i: number) => DaySpec), offsetDays = 0): PostureAggregate[] =>
  [1, 2, 3, 4, 5, 6, 7].map((d) => day(d + offsetDays, typeof spec === 'function' ? spec(d) : spec));

const ids = (r: RecommendationResult) => r.recommendations.map((x) => x.exerciseId);
const findingIds = (r: RecommendationResult) => r.findings.map((f) => f.id).sort();

describe('recommendations: data sufficiency and empty results', () => {
  it('says "not enough data yet" with the worn hours instead of advising', () => {
    const r = recommend({ days: [day(1, { hours: { 9: [3600, 0.9], 10: [3600, 0.9], 11: [3600, 0.9] } }), day(2, { hours: { 9: [2520, 0.9] } })], periodEndMs: PERIOD_END });
    expect(r.status).toBe('not-enough-data');
    expect(r.message).toBe('not enough data yet (3.7 h worn, need 10 h)');
    expect(r.recommendations).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('ignores days outside the current period when counting worn time', () => {
    const r = recommend({ days: week({ slouchFraction: 0.5 }, 7), periodEndMs: PERIOD_END });
    expect(r.status).toBe('not-enough-data');
    expect(r.wornH).toBe(0);
  });

  it('finds nothing for a good week, and says so', () => {
    const r = recommend({ days: week({}), periodEndMs: PERIOD_END });
    expect(r.status).toBe('nothing-found');
    expect(r.message).toMatch(/nothing stands out/);
    expect(r.recommendations).toEqual([]);
  });

  it('carries the catalogue and rules versions and the disclaimer', () => {
    const r = recommend({ days: week({}), periodEndMs: PERIOD_END });
    expect(r).toMatchObject({ catalogueVersion: CATALOGUE_VERSION, rulesVersion: RULES_VERSION, disclaimer: DISCLAIMER_TEXT });
  });
});

describe('recommendations: rules', () => {
  it('slouch load: chest stretch, upper-back strengthening and chin tucks, with minutes a day in the reason', () => {
    // 8 h assessed, 27% slouched = 2 h 10 min a day (7776 s ~ 2 h 10 min), spread evenly over the day.
    const r = recommend({ days: week({ slouchFraction: 0.27 }), periodEndMs: PERIOD_END });
    expect(findingIds(r)).toEqual(['slouch-load']);
    expect(ids(r)).toEqual(['doorway-chest-stretch', 'band-row', 'chin-tuck', 'face-pull', 'wall-angel']);
    expect(r.recommendations[0]!.reason).toBe(
      'Slouched 2 h 10 min a day this week; this often goes with a tight chest and a weak upper back.',
    );
    expect(r.recommendations[0]).toMatchObject({ findingId: 'slouch-load', dose: 'hold 20-30 s, 2-3 times, daily' });
    expect(r.recommendations.length).toBeLessThanOrEqual(5);
  });

  it('slouch load: says when in the day and how it compares with the week before', () => {
    const hours = { 9: [3600, 0], 10: [3600, 0.05], 11: [3600, 0], 12: [3600, 0], 13: [3600, 0], 14: [3600, 0.7], 15: [3600, 0.8], 16: [3600, 0.7] } as DaySpec['hours'];
    const days = [...week({ hours }), ...week({ slouchFraction: 0.15 }, 7)];
    const r = recommend({ days, periodEndMs: PERIOD_END });
    const slouch = r.findings.find((f) => f.id === 'slouch-load')!;
    expect(slouch.text).toBe('slouched 2 h 15 min a day this week, mostly after 2 pm (up from 1 h 12 min the week before)');
  });

  it('slouch load also fires on a high mean flexion, and quotes it', () => {
    const r = recommend({ days: week({ meanFlexionDeg: 18 }), periodEndMs: PERIOD_END });
    expect(r.findings.find((f) => f.id === 'slouch-load')?.text).toMatch(/bending forward 18° on average$/);
  });

  it('slouching that grows through the day: movement breaks and a workstation check', () => {
    // Worst in the early afternoon, so the last hours of the day (the fades-when-tired rule) stay low.
    const hours = { 9: [3600, 0], 10: [3600, 0], 11: [3600, 0], 12: [3600, 0], 13: [3600, 0.22], 14: [3600, 0.22], 15: [3600, 0.02], 16: [3600, 0.02] } as DaySpec['hours'];
    const r = recommend({ days: week({ hours }), periodEndMs: PERIOD_END });
    expect(findingIds(r)).toEqual(['grows-through-day']);
    expect(ids(r)).toEqual(['movement-break', 'workstation-check']);
    expect(r.recommendations[0]!.reason).toBe(
      'Slouched 0% of the time before 1 pm and 12% after; slouching that builds up over the day points to fatigue from holding one position.',
    );
  });

  it('long unbroken sits: movement breaks first, with the stretch length and break rate', () => {
    const r = recommend({ days: week({ longestSitS: 7200, breaks: 4 }), periodEndMs: PERIOD_END });
    expect(findingIds(r)).toEqual(['long-sits']);
    expect(ids(r)[0]).toBe('movement-break');
    expect(r.findings[0]!.text).toBe('sat up to 2 h without a break on a typical day (7 of 7 days over 1 h 30 min), with 0.5 movement breaks per hour worn');
  });

  it('low flexion variability: mobility work', () => {
    const r = recommend({ days: week({ sdFlexionDeg: 2.5 }), periodEndMs: PERIOD_END });
    expect(findingIds(r)).toEqual(['stiff']);
    expect(ids(r)).toEqual(['foam-roll-upper-back', 'thoracic-rotation', 'cat-cow']);
    expect(r.findings[0]!.text).toBe('your forward bend varied by only 2.5° (standard deviation) over a typical day');
  });

  it('a steady lean to the right: unilateral work, left side first, hedged', () => {
    const r = recommend({ days: week({ meanLateralDeg: 4.2 }), periodEndMs: PERIOD_END });
    expect(findingIds(r)).toEqual(['lateral-lean']);
    expect(ids(r)).toEqual(['single-arm-dumbbell-row', 'side-plank', 'bird-dog', 'single-leg-glute-bridge', 'kneeling-hip-flexor-stretch']);
    const first = r.recommendations[0]!;
    expect(first.reason).toMatch(/^Leaned 4\.2° to the right on average, on 7 of 7 days; a steady lean to one side often goes with/);
    expect(first.reason).toMatch(/physiotherapist can confirm/);
    expect(first.reason).toMatch(/Start with your left side\.$/);
    expect(first.dose).toMatch(/; left side first$/);
  });

  it('a steady lean to the left trains the right side first', () => {
    const r = recommend({ days: week({ meanLateralDeg: -5 }), periodEndMs: PERIOD_END });
    expect(r.findings[0]).toMatchObject({ id: 'lateral-lean', trainFirst: 'right' });
    expect(r.recommendations[0]!.reason).toMatch(/to the left.*Start with your right side\.$/);
  });

  it('one-sided exercises picked for another finding also start on the weaker side', () => {
    const hours = { 7: [3600, 0.05], 8: [3600, 0.05], 9: [3600, 0.1], 10: [3600, 0.1], 11: [3600, 0.1], 12: [3600, 0.1], 13: [3600, 0], 14: [3600, 0], 15: [3600, 0.3], 16: [3600, 0.3] } as DaySpec['hours'];
    const r = recommend({ days: week({ hours, meanLateralDeg: 3.5 }), periodEndMs: PERIOD_END, coach: { pins: [], removed: ['single-arm-dumbbell-row', 'side-plank'] } });
    const birdDog = r.recommendations.find((x) => x.exerciseId === 'bird-dog');
    expect(birdDog?.dose).toMatch(/left side first$/);
  });

  it('a lean that changes side from day to day is not a steady lean', () => {
    const r = recommend({ days: week((d) => ({ meanLateralDeg: d <= 4 ? 8 : -3 })), periodEndMs: PERIOD_END });
    expect(findingIds(r)).not.toContain('lateral-lean');
  });

  it('posture that fades late in the wearing day: core endurance', () => {
    // Wearing day 7:00-17:00; first two hours 5%, last two 30%. Morning and afternoon shares stay close (8% vs 15%).
    const hours = { 7: [3600, 0.05], 8: [3600, 0.05], 9: [3600, 0.1], 10: [3600, 0.1], 11: [3600, 0.1], 12: [3600, 0.1], 13: [3600, 0], 14: [3600, 0], 15: [3600, 0.3], 16: [3600, 0.3] } as DaySpec['hours'];
    const r = recommend({ days: week({ hours }), periodEndMs: PERIOD_END });
    expect(findingIds(r)).toEqual(['fades-when-tired', 'slouch-load']);
    const fade = r.findings.find((f) => f.id === 'fades-when-tired')!;
    expect(fade.text).toBe('in the last 2 hours of your wearing day you slouched 30% of the time, against 5% in the first 2');
    expect(ids(r)).toContain('plank');
  });

  it('no improvement over weeks: see a physiotherapist, first', () => {
    const days = [0, 7, 14, 21].flatMap((offset) => week({ slouchFraction: 0.3 }, offset));
    const r = recommend({ days, periodEndMs: PERIOD_END });
    expect(findingIds(r)).toEqual(['no-progress', 'slouch-load']);
    expect(r.recommendations[0]).toMatchObject({ exerciseId: 'see-a-physiotherapist', findingId: 'no-progress' });
    expect(r.recommendations[0]!.reason).toBe(
      'After 4 weeks you still slouch 30% of the time (30% in the first week); when self-care has not moved the numbers in weeks, a professional assessment is the next step.',
    );
  });

  it('improvement over weeks: no referral', () => {
    const days = [0, 7, 14, 21].flatMap((offset) => week({ slouchFraction: 0.2 + offset / 70 }, offset));
    const r = recommend({ days, periodEndMs: PERIOD_END });
    expect(findingIds(r)).not.toContain('no-progress');
    expect(findingIds(r)).toContain('slouch-load');
  });

  it('several findings: the top exercise of each in score order, at most five', () => {
    const r = recommend({ days: week({ slouchFraction: 0.4, sdFlexionDeg: 2, meanLateralDeg: -4, longestSitS: 9000 }), periodEndMs: PERIOD_END });
    expect(findingIds(r)).toEqual(['lateral-lean', 'long-sits', 'slouch-load', 'stiff']);
    expect(r.recommendations).toHaveLength(5);
    const firsts = r.recommendations.slice(0, 4).map((x) => x.findingId).sort();
    expect(firsts).toEqual(['lateral-lean', 'long-sits', 'slouch-load', 'stiff']);
    const scores = r.recommendations.slice(0, 4).map((x) => x.score!);
    expect(scores).toEqual(scores.slice().sort((a, b) => b - a));
  });
});

describe('recommendations: coach pins and removals', () => {
  const days = week({ slouchFraction: 0.27 });

  it('puts pins first with the coach’s note and keeps the list at five', () => {
    const r = recommend({ days, periodEndMs: PERIOD_END, coach: { pins: [{ exerciseId: 'cat-cow', note: 'Every morning before work.' }], removed: [] } });
    expect(r.recommendations[0]).toEqual({
      exerciseId: 'cat-cow', name: 'Cat-cow', reason: 'Every morning before work.', dose: '8-10 slow cycles, daily', findingId: 'coach', score: null,
    });
    expect(ids(r)).toEqual(['cat-cow', 'doorway-chest-stretch', 'band-row', 'chin-tuck', 'face-pull']);
  });

  it('never shows removed exercises, even when pinned, and reports unknown pins', () => {
    const r = recommend({
      days, periodEndMs: PERIOD_END,
      coach: { pins: [{ exerciseId: 'band-row', note: 'x' }, { exerciseId: 'no-such', note: '' }], removed: ['band-row', 'doorway-chest-stretch'] },
    });
    expect(ids(r)).toEqual(['chin-tuck', 'face-pull', 'wall-angel', 'shoulder-blade-squeeze', 'chest-opener']);
    expect(r.unknownPins).toEqual(['no-such']);
  });

  it('shows pins even without enough data, with a default reason for an empty note', () => {
    const r = recommend({ days: [], periodEndMs: PERIOD_END, coach: { pins: [{ exerciseId: 'plank', note: ' ' }], removed: [] } });
    expect(r.status).toBe('not-enough-data');
    expect(r.recommendations.map((x) => [x.exerciseId, x.reason])).toEqual([['plank', 'Chosen by your coach.']]);
  });
});

describe('reason text helpers', () => {
  it('formats durations and clock hours', () => {
    expect([0, 30, 59, 60, 2700, 3600, 7800, 7829].map(formatDuration)).toEqual(['0 s', '30 s', '59 s', '1 min', '45 min', '1 h', '2 h 10 min', '2 h 10 min']);
    expect([0, 9, 12, 14, 23].map(formatClockHour)).toEqual(['12 am', '9 am', '12 pm', '2 pm', '11 pm']);
  });

  it('names the time of day only when slouching clusters there', () => {
    const assessed = new Array(24).fill(0).map((_, h) => (h >= 9 && h < 17 ? 3600 : 0));
    const even = assessed.map((s) => s * 0.2);
    expect(slouchTimeOfDayText(even, assessed)).toBe('');
    const morning = assessed.map((s, h) => (h < 11 ? s * 0.5 : s * 0.02));
    expect(slouchTimeOfDayText(morning, assessed)).toBe(', mostly before 11 am');
  });
});
