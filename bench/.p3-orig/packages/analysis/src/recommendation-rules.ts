/**
 * The rules that turn a period's aggregates into findings (exercises.md, "Findings a trunk sensor can make").
 * Each rule measures one thing, fires above a documented threshold, scores how strongly (1 = just over the
 * threshold), and says what it measured in plain words. Which exercises answer a finding, in order of
 * preference, is data here too.
 */
import type { FindingId } from './exercise-catalogue.js';
import type { PostureAggregate } from './aggregates.js';
import { summariseAggregate } from './aggregate-summary.js';
import { formatClockHour, formatDuration, formatNumber, formatPercent } from './duration-text.js';

/** Bump when a rule, threshold default or exercise order changes; stored with every recommendation. */
export const RULES_VERSION = 'rules@1.0.0';

export interface RecommendationSettings {
  /** Days per period (this week vs the week before). */
  periodDays: number;
  /** Worn hours needed in the current period before any advice. */
  minWornH: number;
  /** Assessed hours that make a day count as a wearing day (for per-day figures). */
  minDayAssessedH: number;
  /** slouch-load fires at this many slouched minutes per wearing day... */
  slouchMinPerDay: number;
  /** ...or at this mean flexion, degrees. */
  highMeanFlexionDeg: number;
  /** grows-through-day: local hour where the afternoon starts. */
  afternoonStartHour: number;
  /** grows-through-day and fades-when-tired: the later slouch share must exceed the earlier by this many percentage points... */
  riseMinPp: number;
  /** ...and be at least this many times the earlier share. */
  riseMinRatio: number;
  /** long-sits: an unbroken sitting stretch this long, minutes, on at least half the wearing days. */
  longSitMin: number;
  /** stiff: median daily standard deviation of flexion below this, degrees. */
  stiffSdDeg: number;
  /** lateral-lean: mean lateral lean beyond this, degrees, the same side on most wearing days. */
  leanDeg: number;
  /** fades-when-tired: how many worn hours at each end of the wearing day to compare. */
  fadeHours: number;
  /** An hour counts as worn for fades-when-tired with this many assessed minutes. */
  wornHourMin: number;
  /** no-progress: weeks of data (each with minWornH) before judging. */
  noProgressWeeks: number;
  /** no-progress: relative fall of the slouch share, percent, that counts as improvement. */
  improvementPct: number;
  /** At most this many recommendations, coach pins included. */
  maxRecommendations: number;
}

export const DEFAULT_RECOMMENDATION_SETTINGS: Readonly<RecommendationSettings> = Object.freeze({
  periodDays: 7,
  minWornH: 10,
  minDayAssessedH: 1,
  slouchMinPerDay: 30,
  highMeanFlexionDeg: 15,
  afternoonStartHour: 13,
  riseMinPp: 10,
  riseMinRatio: 1.5,
  longSitMin: 90,
  stiffSdDeg: 4,
  leanDeg: 3,
  fadeHours: 2,
  wornHourMin: 20,
  noProgressWeeks: 3,
  improvementPct: 10,
  maxRecommendations: 5,
});

export interface RuleContext {
  settings: Readonly<RecommendationSettings>;
  /** Daily aggregates of the current period that count as wearing days, oldest first. */
  days: readonly PostureAggregate[];
  /** The current period merged. */
  current: PostureAggregate;
  /** The period before, merged; null without data. */
  previous: PostureAggregate | null;
  /** Wearing days in the period before. */
  previousDayCount: number;
  /** Weekly aggregates with enough data, oldest first, the current period last. */
  weeks: readonly PostureAggregate[];
}

export interface Finding {
  id: FindingId;
  /** 1 = at the threshold; larger = stronger. Ranks findings. */
  score: number;
  /** What was measured, in plain words with the numbers: "slouched 2 h 10 min a day this week, mostly after 2 pm". */
  text: string;
  /** For lateral-lean: the side to train first (opposite the lean). */
  trainFirst?: 'left' | 'right';
}

export interface Rule {
  id: FindingId;
  /** Why this finding matters, appended to reasons. */
  why: string;
  /** Exercises that answer it, best first. */
  exerciseIds: readonly string[];
  evaluate(ctx: RuleContext): Finding | null;
}

const share = (slouchS: number, assessedS: number): number => (assessedS > 0 ? slouchS / assessedS : 0);
const sum = (xs: readonly number[], from = 0, to = xs.length): number => xs.slice(from, to).reduce((a, b) => a + b, 0);
const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

/**
 * "mostly after 2 pm" / "mostly before 11 am": when at least 75% of the slouch time lies on one side of an hour
 * and that side holds clearly less of the wearing time (15 points), so an even spread says nothing.
 */
export function slouchTimeOfDayText(slouchSByLocalHour: readonly number[], assessedSByLocalHour: readonly number[]): string {
  const total = sum(slouchSByLocalHour);
  const worn = sum(assessedSByLocalHour);
  if (total <= 0 || worn <= 0) return '';
  const concentrated = (from: number, to: number) =>
    sum(slouchSByLocalHour, from, to) >= 0.75 * total &&
    sum(slouchSByLocalHour, from, to) / total >= sum(assessedSByLocalHour, from, to) / worn + 0.15;
  for (let h = 23; h >= 12; h--) if (concentrated(h, 24)) return `, mostly after ${formatClockHour(h)}`;
  for (let h = 1; h <= 12; h++) if (concentrated(0, h)) return `, mostly before ${formatClockHour(h)}`;
  return '';
}

function slouchPerDayS(a: PostureAggregate, days: number): number {
  return days > 0 ? a.slouchS / days : 0;
}

const slouchLoad: Rule = {
  id: 'slouch-load',
  why: 'this often goes with a tight chest and a weak upper back',
  exerciseIds: ['doorway-chest-stretch', 'band-row', 'chin-tuck', 'face-pull', 'wall-angel', 'shoulder-blade-squeeze', 'chest-opener'],
  evaluate({ settings, days, current, previous, previousDayCount }) {
    const perDayS = slouchPerDayS(current, days.length);
    const meanFlexionDeg = summariseAggregate(current).meanFlexionDeg ?? 0;
    const score = Math.max(perDayS / 60 / settings.slouchMinPerDay, meanFlexionDeg / settings.highMeanFlexionDeg);
    if (score < 1) return null;
    let text = `slouched ${formatDuration(perDayS)} a day this week${slouchTimeOfDayText(current.slouchSByLocalHour, current.assessedSByLocalHour)}`;
    if (previous !== null && previousDayCount > 0) {
      const before = slouchPerDayS(previous, previousDayCount);
      if (Math.abs(before - perDayS) >= 300) text += ` (${before < perDayS ? 'up' : 'down'} from ${formatDuration(before)} the week before)`;
    }
    if (meanFlexionDeg >= settings.highMeanFlexionDeg) text += `, bending forward ${formatNumber(meanFlexionDeg)}° on average`;
    return { id: 'slouch-load', score, text };
  },
};

const growsThroughDay: Rule = {
  id: 'grows-through-day',
  why: 'slouching that builds up over the day points to fatigue from holding one position',
  exerciseIds: ['movement-break', 'workstation-check'],
  evaluate({ settings, current }) {
    const h = settings.afternoonStartHour;
    const mornAssessed = sum(current.assessedSByLocalHour, 0, h);
    const aftAssessed = sum(current.assessedSByLocalHour, h);
    if (mornAssessed < 3600 || aftAssessed < 3600) return null;
    const morning = share(sum(current.slouchSByLocalHour, 0, h), mornAssessed);
    const afternoon = share(sum(current.slouchSByLocalHour, h), aftAssessed);
    const risePp = (afternoon - morning) * 100;
    if (risePp < settings.riseMinPp || afternoon < settings.riseMinRatio * morning) return null;
    const text = `slouched ${formatPercent(morning)} of the time before ${formatClockHour(h)} and ${formatPercent(afternoon)} after`;
    return { id: 'grows-through-day', score: risePp / settings.riseMinPp, text };
  },
};

const longSits: Rule = {
  id: 'long-sits',
  why: 'long unbroken sitting loads the same tissues for hours',
  exerciseIds: ['movement-break', 'workstation-check', 'shoulder-blade-squeeze'],
  evaluate({ settings, days }) {
    const longest = days.map((d) => summariseAggregate(d).longestSittingS);
    const limitS = settings.longSitMin * 60;
    const longDays = longest.filter((s) => s >= limitS).length;
    if (days.length === 0 || longDays * 2 < days.length) return null;
    const typicalS = median(longest);
    const wornS = sum(days.map((d) => d.wornS));
    const breaks = sum(days.map((d) => d.sitting.breaks));
    const text =
      `sat up to ${formatDuration(typicalS)} without a break on a typical day (${longDays} of ${days.length} days over ` +
      `${formatDuration(limitS)}), with ${formatNumber((breaks / wornS) * 3600)} movement breaks per hour worn`;
    return { id: 'long-sits', score: typicalS / limitS, text };
  },
};

const stiff: Rule = {
  id: 'stiff',
  why: 'little movement of the upper back over the day suggests it has become stiff',
  exerciseIds: ['foam-roll-upper-back', 'thoracic-rotation', 'cat-cow'],
  evaluate({ settings, days }) {
    const sds = days.map((d) => summariseAggregate(d).sdFlexionDeg).filter((x): x is number => x !== null);
    if (sds.length === 0) return null;
    const sd = median(sds);
    if (sd >= settings.stiffSdDeg) return null;
    const text = `your forward bend varied by only ${formatNumber(sd)}° (standard deviation) over a typical day`;
    return { id: 'stiff', score: Math.min(3, settings.stiffSdDeg / Math.max(sd, 0.1)), text };
  },
};

const lateralLean: Rule = {
  id: 'lateral-lean',
  // Hedged on purpose: the sensor sees the lean, not which muscles cause it.
  why:
    'a steady lean to one side often goes with shorter, tighter muscles on that side and longer, weaker ones on ' +
    'the other, so one-sided work starts with the other side (a physiotherapist can confirm which side is weaker)',
  exerciseIds: ['single-arm-dumbbell-row', 'side-plank', 'bird-dog', 'single-leg-glute-bridge', 'kneeling-hip-flexor-stretch'],
  evaluate({ settings, days, current }) {
    const mean = summariseAggregate(current).meanLateralDeg;
    if (mean === null || Math.abs(mean) < settings.leanDeg) return null;
    const sameSide = days.filter((d) => d.lateralS > 0 && Math.sign(d.lateralSumDeg) === Math.sign(mean)).length;
    if (sameSide * 3 < days.length * 2) return null; // not steady: fewer than two thirds of the days agree
    const side = mean > 0 ? 'right' : 'left'; // contracts section 1: positive lateral = bending to the right
    const other = mean > 0 ? 'left' : 'right';
    const text = `leaned ${formatNumber(Math.abs(mean))}° to the ${side} on average, on ${sameSide} of ${days.length} days`;
    return { id: 'lateral-lean', score: Math.abs(mean) / settings.leanDeg, text, trainFirst: other };
  },
};

/** Local hours of one day with at least `wornHourMin` assessed minutes, in order. */
function wornHours(day: PostureAggregate, minS: number): number[] {
  const hours: number[] = [];
  day.assessedSByLocalHour.forEach((s, h) => { if (s >= minS) hours.push(h); });
  return hours;
}

const fadesWhenTired: Rule = {
  id: 'fades-when-tired',
  why: 'posture that fades late in the day points to core muscles that tire',
  exerciseIds: ['plank', 'side-plank', 'dead-bug', 'bird-dog', 'glute-bridge', 'stability-ball-work'],
  evaluate({ settings, days }) {
    const n = settings.fadeHours;
    let earlySlouch = 0, earlyAssessed = 0, lateSlouch = 0, lateAssessed = 0, counted = 0;
    for (const day of days) {
      const hours = wornHours(day, settings.wornHourMin * 60);
      if (hours.length < 2 * n) continue;
      counted++;
      for (const h of hours.slice(0, n)) { earlySlouch += day.slouchSByLocalHour[h] ?? 0; earlyAssessed += day.assessedSByLocalHour[h] ?? 0; }
      for (const h of hours.slice(-n)) { lateSlouch += day.slouchSByLocalHour[h] ?? 0; lateAssessed += day.assessedSByLocalHour[h] ?? 0; }
    }
    if (counted === 0) return null;
    const early = share(earlySlouch, earlyAssessed);
    const late = share(lateSlouch, lateAssessed);
    const risePp = (late - early) * 100;
    if (risePp < settings.riseMinPp || late < settings.riseMinRatio * early) return null;
    const text =
      `in the last ${n} hours of your wearing day you slouched ${formatPercent(late)} of the time, against ` +
      `${formatPercent(early)} in the first ${n}`;
    return { id: 'fades-when-tired', score: risePp / settings.riseMinPp, text };
  },
};

const noProgress: Rule = {
  id: 'no-progress',
  why: 'when self-care has not moved the numbers in weeks, a professional assessment is the next step',
  exerciseIds: ['see-a-physiotherapist'],
  evaluate({ settings, weeks, days }) {
    if (weeks.length < settings.noProgressWeeks) return null;
    const first = weeks[0]!;
    const last = weeks[weeks.length - 1]!;
    const before = share(first.slouchS, first.assessedS);
    const now = share(last.slouchS, last.assessedS);
    const stillHigh = slouchPerDayS(last, days.length) / 60 >= settings.slouchMinPerDay;
    if (!stillHigh || now < before * (1 - settings.improvementPct / 100)) return null;
    const text = `after ${weeks.length} weeks you still slouch ${formatPercent(now)} of the time (${formatPercent(before)} in the first week)`;
    // Ranked above everything the wearer can do alone.
    return { id: 'no-progress', score: 100, text };
  },
};

export const RULES: readonly Rule[] = Object.freeze([noProgress, slouchLoad, growsThroughDay, longSits, stiff, lateralLean, fadesWhenTired]);
