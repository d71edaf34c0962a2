import { describe, expect, it } from 'vitest';
import type { Activity, Posture } from '@stance/protocol';
import {
  createFeedback,
  snoozeFeedback,
  updateFeedback,
  type AlertOutcome,
  type FeedbackAction,
  type FeedbackSettings,
  type FeedbackState,
} from '../src/feedback.js';
import { isInQuietHours, localMinuteOfDay, parseQuietHoursRange } from '../src/quiet-hours.js';

const T0 = Date.UTC(2026, 10, 20, 9, 0, 0); // 09:00 UTC

interface Step { posture: Posture; activity?: Activity; slouchStartMs: number | null }
interface Event { tS: number; action: FeedbackAction; outcomes: readonly AlertOutcome[] }

/** Runs the machine once per second from `fromS` to `toS` (inclusive) with `step(tS)`, collecting non-trivial results. */
function run(state: FeedbackState, fromS: number, toS: number, step: (tS: number) => Step, utcOffsetMin = 0): Event[] {
  const events: Event[] = [];
  for (let tS = fromS; tS <= toS; tS++) {
    const s = step(tS);
    const r = updateFeedback(state, { tMs: T0 + tS * 1000, activity: 'still', utcOffsetMin, ...s });
    if (r.action.kind === 'buzz' || r.outcomes.length > 0 || r.action.silencedBy !== undefined) {
      events.push({ tS, action: r.action, outcomes: r.outcomes });
    }
  }
  return events;
}

/** Slouched from `startS` on (forever). */
const slouchFrom = (startS: number) => (tS: number): Step =>
  tS >= startS ? { posture: 'slouched', slouchStartMs: T0 + startS * 1000 } : { posture: 'upright', slouchStartMs: null };

const buzzes = (events: Event[]) =>
  events.filter((e) => e.action.kind === 'buzz').map((e) => ({ tS: e.tS, ...(e.action as Extract<FeedbackAction, { kind: 'buzz' }>) }));

describe('feedback: when to buzz', () => {
  it('buzzes after the delay, repeats on the interval with an escalating pattern, and stops after maxRepeats', () => {
    const state = createFeedback();
    const events = run(state, 0, 1000, slouchFrom(10));
    expect(buzzes(events)).toEqual([
      { tS: 70, kind: 'buzz', pattern: 'short', reason: 'slouch', repeat: 0 },
      { tS: 190, kind: 'buzz', pattern: 'double', reason: 'slouch', repeat: 1 },
      { tS: 310, kind: 'buzz', pattern: 'long', reason: 'slouch', repeat: 2 },
    ]);
    // Each unanswered buzz resolves as ignored once the 30 s window has passed.
    const outcomes = events.flatMap((e) => e.outcomes);
    expect(outcomes.map((o) => [o.outcome, o.repeat, (o.resolvedMs - T0) / 1000])).toEqual([
      ['ignored', 0, 101],
      ['ignored', 1, 221],
      ['ignored', 2, 341],
    ]);
  });

  it('does not buzz for a slouch shorter than the delay, and restarts counting for a new slouch', () => {
    const state = createFeedback({ firstBuzzDelayS: 30 });
    const step = (tS: number): Step => {
      if (tS >= 10 && tS < 35) return { posture: 'slouched', slouchStartMs: T0 + 10_000 };
      if (tS >= 50) return { posture: 'slouched', slouchStartMs: T0 + 50_000 };
      return { posture: 'upright', slouchStartMs: null };
    };
    expect(buzzes(run(state, 0, 100, step)).map((b) => [b.tS, b.repeat])).toEqual([[80, 0]]);
  });

  it('uses the last pattern for repeats beyond the pattern list', () => {
    const state = createFeedback({ patterns: ['short'], maxRepeats: 3, repeatIntervalS: 10, correctionWindowS: 5 });
    const b = buzzes(run(state, 0, 200, slouchFrom(0)));
    expect(b.map((x) => [x.tS, x.pattern, x.repeat])).toEqual([
      [60, 'short', 0], [70, 'short', 1], [80, 'short', 2], [90, 'short', 3],
    ]);
  });

  it('stays silent while walking, lying or not worn, and buzzes when the wearer sits again still slouched', () => {
    const state = createFeedback();
    const step = (tS: number): Step => ({
      posture: 'slouched',
      activity: tS < 100 ? 'walking' : 'still',
      slouchStartMs: T0,
    });
    const events = run(state, 0, 120, step);
    expect(events.find((e) => e.tS === 60)?.action).toEqual({ kind: 'none', silencedBy: 'activity' });
    expect(buzzes(events).map((b) => b.tS)).toEqual([100]);
  });

  it('rejects empty pattern lists', () => {
    expect(() => createFeedback({ patterns: [] } as Partial<FeedbackSettings>)).toThrow(RangeError);
  });
});

describe('feedback: corrected or ignored', () => {
  it('reports corrected with the response time when the wearer sits up within the window', () => {
    const state = createFeedback();
    const step = (tS: number): Step =>
      tS < 72 ? { posture: 'slouched', slouchStartMs: T0 } : { posture: 'upright', slouchStartMs: null };
    const events = run(state, 0, 200, step);
    expect(buzzes(events).map((b) => b.tS)).toEqual([60]);
    const outcomes = events.flatMap((e) => e.outcomes);
    expect(outcomes).toEqual([
      { buzzMs: T0 + 60_000, slouchStartMs: T0, repeat: 0, pattern: 'short', outcome: 'corrected', responseS: 12, resolvedMs: T0 + 72_000 },
    ]);
  });

  it('counts getting up and walking as a correction', () => {
    const state = createFeedback();
    const step = (tS: number): Step =>
      tS < 65 ? { posture: 'slouched', slouchStartMs: T0 } : { posture: 'unknown', activity: 'walking', slouchStartMs: null };
    const outcomes = run(state, 0, 100, step).flatMap((e) => e.outcomes);
    expect(outcomes.map((o) => [o.outcome, o.responseS])).toEqual([['corrected', 5]]);
  });

  it('reports ignored when the wearer sits up only after the window', () => {
    const state = createFeedback({ correctionWindowS: 20 });
    const step = (tS: number): Step =>
      tS < 90 ? { posture: 'slouched', slouchStartMs: T0 } : { posture: 'upright', slouchStartMs: null };
    const outcomes = run(state, 0, 200, step).flatMap((e) => e.outcomes);
    expect(outcomes.map((o) => [o.outcome, o.responseS, (o.resolvedMs - T0) / 1000])).toEqual([['ignored', null, 81]]);
  });

  it('resolves an unanswered buzz as ignored when the next one goes out first', () => {
    const state = createFeedback({ repeatIntervalS: 10, correctionWindowS: 30 });
    const events = run(state, 0, 75, slouchFrom(0));
    expect(events.find((e) => e.tS === 70)?.outcomes.map((o) => [o.outcome, o.repeat])).toEqual([['ignored', 0]]);
  });
});

describe('feedback: snooze and quiet hours', () => {
  it('snooze silences for snoozeMin minutes and resolves the pending buzz as snoozed', () => {
    const state = createFeedback({ snoozeMin: 5 });
    const first = run(state, 0, 65, slouchFrom(0));
    expect(buzzes(first).map((b) => b.tS)).toEqual([60]);
    const outcome = snoozeFeedback(state, T0 + 65_000);
    expect(outcome?.outcome).toBe('snoozed');
    const later = run(state, 66, 400, slouchFrom(0));
    // The repeat at 180 s is silenced; once the snooze ends at 365 s the overdue repeat goes out.
    expect(later.find((e) => e.tS === 180)?.action).toEqual({ kind: 'none', silencedBy: 'snoozed' });
    expect(buzzes(later).map((b) => [b.tS, b.repeat])).toEqual([[365, 1]]);
  });

  it('quiet hours also accept the local minute of the day directly, and the state survives JSON', () => {
    const state = createFeedback({ quietHours: [{ startMinuteOfDay: 540, endMinuteOfDay: 600 }] });
    const r = updateFeedback(state, { tMs: T0 + 60_000, posture: 'slouched', activity: 'still', slouchStartMs: T0, localMinuteOfDay: 550 });
    expect(r.action).toEqual({ kind: 'none', silencedBy: 'quiet-hours' });
    const restored = JSON.parse(JSON.stringify(state)) as FeedbackState;
    expect(restored).toEqual(state);
  });

  it('snooze without a pending buzz returns null', () => {
    expect(snoozeFeedback(createFeedback(), T0)).toBeNull();
  });

  it('quiet hours crossing midnight silence buzzing, in the wearer’s local time', () => {
    const quiet = parseQuietHoursRange('22:00-07:00');
    expect(quiet).toEqual({ startMinuteOfDay: 1320, endMinuteOfDay: 420 });
    // T0 is 09:00 UTC; at UTC-10 it is 23:00 local (quiet), at UTC+0 09:00 (not quiet).
    const quietState = createFeedback({ quietHours: [quiet!] });
    const quietEvents = run(quietState, 0, 100, slouchFrom(0), -600);
    expect(buzzes(quietEvents)).toEqual([]);
    expect(quietEvents.find((e) => e.tS === 60)?.action).toEqual({ kind: 'none', silencedBy: 'quiet-hours' });
    const dayState = createFeedback({ quietHours: [quiet!] });
    expect(buzzes(run(dayState, 0, 100, slouchFrom(0), 0)).map((b) => b.tS)).toEqual([60]);
  });

  it('local minute of day and range tests', () => {
    expect(localMinuteOfDay(T0, 0)).toBe(540);
    expect(localMinuteOfDay(T0, -600)).toBe(1380);
    expect(localMinuteOfDay(T0, 900)).toBe(0); // 09:00 + 15 h = 00:00 next day
    const ranges = [{ startMinuteOfDay: 1320, endMinuteOfDay: 420 }, { startMinuteOfDay: 720, endMinuteOfDay: 780 }];
    expect([0, 419, 420, 719, 720, 779, 780, 1319, 1320, 1439].map((m) => isInQuietHours(ranges, m))).toEqual([
      true, true, false, false, true, true, false, false, true, true,
    ]);
    expect(isInQuietHours([{ startMinuteOfDay: 600, endMinuteOfDay: 600 }], 600)).toBe(false);
    expect(parseQuietHoursRange('25:00-07:00')).toBeNull();
    expect(parseQuietHoursRange('nonsense')).toBeNull();
    expect(parseQuietHoursRange('12:30-24:00')).toEqual({ startMinuteOfDay: 750, endMinuteOfDay: 0 });
  });
});
