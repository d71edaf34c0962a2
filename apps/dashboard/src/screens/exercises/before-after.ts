/**
 * The numbers behind the before/after chart: the weeks before and after the plan started, averaged, and the
 * sentences that say what changed. Means are weighted by how much each week was worn (time for upright %,
 * days for minutes a day), so a week worn for one afternoon counts less than a week worn every day; weeks
 * without wear have no value (never 0).
 */
import type { BeforeAfter, WeekNumbers } from '../../lib/api/types.js';
import { formatDateWithYear, formatPercent, formatSigned } from '../../lib/format.js';

export interface PeriodMeans {
  /** Weeks in the period that have data. */
  weeksWithData: number;
  uprightPct: number | null;
  slouchMinPerDay: number | null;
}

/** Week numbers as answered; `wornDays` came later, so it may be absent. */
type Week = WeekNumbers & { wornDays?: number };

function weightedMean(weeks: readonly Week[], pick: (w: Week) => number | null, weightOf: (w: Week) => number): number | null {
  let sum = 0;
  let weight = 0;
  for (const w of weeks) {
    const v = pick(w);
    const k = weightOf(w);
    if (v === null || !Number.isFinite(v) || !(w.wornS > 0) || !(k > 0)) continue;
    sum += v * k;
    weight += k;
  }
  return weight > 0 ? sum / weight : null;
}

export function periodMeans(weeks: readonly Week[]): PeriodMeans {
  return {
    weeksWithData: weeks.filter((w) => w.wornS > 0 && w.uprightPct !== null).length,
    // A share of the time worn: weighted by the time worn.
    uprightPct: weightedMean(weeks, (w) => w.uprightPct, (w) => w.wornS),
    // Already per worn day: weighted by the days worn (a week of one long day must not outweigh a full week).
    slouchMinPerDay: weightedMean(weeks, (w) => w.slouchMinPerDay, (w) => w.wornDays ?? w.wornS / 86_400),
  };
}

function change(before: number, after: number, higherIsBetter: boolean, unit: string): string {
  const delta = after - before;
  if (Math.round(delta) === 0) return 'about the same';
  const better = delta > 0 === higherIsBetter;
  return `${formatSigned(delta)} ${unit}, ${better ? 'better' : 'worse'}`;
}

/** Plain sentences for the text summary beside the chart. */
export function beforeAfterSentences(data: BeforeAfter, utcOffsetMin: number): string[] {
  if (data.planStartMs === null) return [];
  const started = `The plan started on ${formatDateWithYear(data.planStartMs, utcOffsetMin)}.`;
  const before = periodMeans(data.before);
  const after = periodMeans(data.after);
  if (after.weeksWithData === 0) {
    return [started, 'There is no week with data since then yet: keep wearing the sensor and the comparison appears here.'];
  }
  if (before.weeksWithData === 0) {
    return [started, 'There is no week with data before it, so there is nothing to compare with.'];
  }
  const weeks = (n: number) => `${n} ${n === 1 ? 'week' : 'weeks'}`;
  const lines = [started];
  if (before.uprightPct !== null && after.uprightPct !== null) {
    lines.push(
      `Upright: ${formatPercent(before.uprightPct)} of sitting in the ${weeks(before.weeksWithData)} before, ` +
        `${formatPercent(after.uprightPct)} in the ${weeks(after.weeksWithData)} since ` +
        `(${change(before.uprightPct, after.uprightPct, true, 'points')}).`,
    );
  }
  if (before.slouchMinPerDay !== null && after.slouchMinPerDay !== null) {
    lines.push(
      `Slouching: ${Math.round(before.slouchMinPerDay)} min a day before, ${Math.round(after.slouchMinPerDay)} min since ` +
        `(${change(before.slouchMinPerDay, after.slouchMinPerDay, false, 'min')}).`,
    );
  }
  return lines;
}
