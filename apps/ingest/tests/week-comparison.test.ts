/**
 * Week numbers in the wearer's local weeks (UTC-5 here, so a local week starts Monday 05:00 UTC): the week
 * comparison against the day summaries and against numbers worked out by hand, exercise sessions from the log,
 * and before/after windows around an exercise plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MONDAY_MS, resourceRig, writeWornDays, type ResourceRig, type RigAccount, type WornDay } from './resource-helpers.js';

const OFFSET_MIN = -300;
/** Local Monday 2025-11-17 00:00 at UTC-5. */
const WEEK = MONDAY_MS + 5 * HOUR_MS;

interface Numbers {
  start: number; wornS: number; wornDays: number; uprightPct: number | null; slouchMinPerDay: number | null;
  episodesPerDay: number | null; doseDegS: number; meanFlexionDeg: number | null; meanLateralDeg: number | null; exerciseSessions: number;
}

describe('week comparison and before/after', () => {
  let rig: ResourceRig;
  let wearer: RigAccount;
  let coach: RigAccount;
  const lastWeek: WornDay[] = [0, 1, 2, 3, 4].map((d) => ({ dayMs: WEEK - 7 * DAY_MS + d * DAY_MS, fromHour: 9, hours: 2, slouchShare: 0.25 }));
  // Sunday 22:00-23:00 local is Monday 03:00-04:00 UTC: it belongs to last week.
  const lateSunday: WornDay = { dayMs: WEEK - DAY_MS, fromHour: 22, hours: 1, slouchShare: 0 };
  const thisWeek: WornDay[] = [0, 1, 2].map((d) => ({ dayMs: WEEK + d * DAY_MS, fromHour: 9, hours: 3, slouchShare: 0.5, lateralDeg: -2 }));
  beforeAll(async () => {
    rig = await resourceRig(WEEK + 2 * DAY_MS + 20 * HOUR_MS); // Wednesday 20:00 local
    wearer = await rig.account('Ada', ['wearer']);
    coach = await rig.account('Cleo', ['coach']);
    rig.accounts.coaches.assign(coach.id, wearer.wearerId!);
    rig.store.putWearerSettings(wearer.wearerId!, {}, OFFSET_MIN);
    writeWornDays(rig.store, wearer.wearerId!, OFFSET_MIN, [...lastWeek, lateSunday, ...thisWeek]);
    // Last week one exercise; this week a routine of two (10 min apart) on Tuesday and one on Wednesday.
    for (const doneMs of [WEEK - 3 * DAY_MS + 18 * HOUR_MS, WEEK + DAY_MS + 18 * HOUR_MS, WEEK + DAY_MS + 18 * HOUR_MS + 600_000, WEEK + 2 * DAY_MS + 8 * HOUR_MS]) {
      expect((await rig.call(wearer, 'POST', `/api/wearers/${wearer.wearerId}/exercise-log`, { exerciseId: 'chin-tuck', doneMs })).statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await rig.stop();
  });

  const sumOver = (buckets: Record<string, number>[], key: string) => buckets.reduce((n, b) => n + (b[key] ?? 0), 0);

  it('answers this week and last week in local weeks, matching the day summaries and the numbers by hand', async () => {
    const reply = await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/week-comparison`);
    expect(reply.statusCode).toBe(200);
    const { thisWeek: now, lastWeek: before } = reply.json() as { thisWeek: Numbers; lastWeek: Numbers };
    expect(now.start).toBe(WEEK);
    expect(before.start).toBe(WEEK - 7 * DAY_MS);

    for (const [numbers, start] of [[now, WEEK], [before, WEEK - 7 * DAY_MS]] as const) {
      const days = (await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/summary?from=${start}&to=${start + 7 * DAY_MS}&bucket=day`)).json().buckets;
      const worn = days.filter((d: { wornS: number }) => d.wornS > 0);
      expect(numbers.wornS).toBe(sumOver(days, 'wornS'));
      expect(numbers.wornDays).toBe(worn.length);
      expect(numbers.uprightPct).toBeCloseTo((sumOver(days, 'uprightS') / sumOver(days, 'assessedS')) * 100, 9);
      expect(numbers.slouchMinPerDay).toBeCloseTo(sumOver(days, 'slouchS') / 60 / worn.length, 9);
      expect(numbers.episodesPerDay).toBe(sumOver(days, 'episodeCount') / worn.length);
      expect(numbers.doseDegS).toBe(sumOver(days, 'doseDegS'));
    }
    // By hand: last week 5 days of 2 h (a quarter slouched) and a late Sunday hour (upright): 6 worn days.
    expect(before).toMatchObject({ wornS: 11 * 3600, wornDays: 6, exerciseSessions: 1 });
    expect(before.uprightPct).toBeCloseTo((1 - 9000 / 39600) * 100, 9);
    expect(before.slouchMinPerDay).toBeCloseTo(150 / 6, 9);
    expect(before.meanFlexionDeg).toBeCloseTo((9000 * 28 + 30600 * 4) / 39600, 9);
    expect(before.meanLateralDeg).toBeCloseTo(1.5, 9);
    // This week: 3 days of 3 h, half slouched; the two exercises 10 min apart are one session.
    expect(now).toMatchObject({ wornS: 9 * 3600, wornDays: 3, uprightPct: 50, slouchMinPerDay: 90, episodesPerDay: 0, doseDegS: 0, exerciseSessions: 2 });
    expect(now.meanFlexionDeg).toBeCloseTo(16, 9);
    expect(now.meanLateralDeg).toBeCloseTo(-2, 9);

    // Any time in a week names that week; an empty week has nulls, not zeros, for what it cannot know.
    const named = (await rig.call(coach, 'GET', `/api/wearers/${wearer.wearerId}/week-comparison?weekStart=${WEEK + 3 * DAY_MS}`)).json();
    expect(named.thisWeek).toEqual(now);
    const empty = (await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/week-comparison?weekStart=${WEEK - 14 * DAY_MS}`)).json();
    expect(empty.thisWeek).toEqual({
      start: WEEK - 14 * DAY_MS, wornS: 0, wornDays: 0, uprightPct: null, slouchMinPerDay: null, episodesPerDay: null,
      doseDegS: 0, meanFlexionDeg: null, meanLateralDeg: null, exerciseSessions: 0,
    });
  });

  it('compares the weeks before and after an exercise plan, in 7-day windows from the plan\'s local day', async () => {
    const none = await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/before-after`);
    expect(none.json()).toEqual({ planStartMs: null, before: [], after: [] });

    const planStartMs = WEEK + 12 * HOUR_MS; // Monday noon local
    const started = await rig.call(coach, 'POST', `/api/wearers/${wearer.wearerId}/plan`, { startMs: planStartMs });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toEqual({ startMs: planStartMs, startedBy: 'Cleo' });

    const weeks = (await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/week-comparison`)).json();
    const reply = await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/before-after?weeks=2`);
    expect(reply.statusCode).toBe(200);
    const { before, after } = reply.json() as { before: Numbers[]; after: Numbers[] };
    expect(reply.json().planStartMs).toBe(planStartMs);
    expect(before.map((w) => w.start)).toEqual([WEEK - 14 * DAY_MS, WEEK - 7 * DAY_MS]);
    expect(before[1]).toEqual(weeks.lastWeek);
    expect(before[0]!.wornS).toBe(0);
    // Only windows that have begun: the second one after the plan starts next Monday.
    expect(after).toEqual([weeks.thisWeek]);
    rig.clock.nowMs += 6 * DAY_MS;
    expect((await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/before-after?weeks=2`)).json().after.map((w: Numbers) => w.start))
      .toEqual([WEEK, WEEK + 7 * DAY_MS]);
    rig.clock.nowMs -= 6 * DAY_MS;

    // A later plan wins; the default is 4 weeks each side (after: the ones begun).
    await rig.call(wearer, 'POST', `/api/wearers/${wearer.wearerId}/plan`, {});
    const latest = (await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/before-after`)).json();
    expect(latest.planStartMs).toBe(rig.clock.nowMs);
    expect(latest.before).toHaveLength(4);
    expect(latest.after).toHaveLength(1);
    expect(latest.after[0].start).toBe(WEEK + 2 * DAY_MS);
    expect((await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/before-after?weeks=0`)).statusCode).toBe(400);
  });
});
