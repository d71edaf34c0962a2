/**
 * The numbers the week and month views chart per day, read from the `summary?bucket=day` buckets. A day
 * without a bucket, or with no time worn, has no value (null): the chart leaves it empty and hatched and the
 * table says "not worn", never 0.
 */
import type { SummaryBucket } from '../../lib/api/types.js';
import { formatPercent, formatWeekday, MISSING } from '../../lib/format.js';

export interface DailyMetric {
  id: 'uprightPct' | 'slouchMin' | 'doseDegMin' | 'episodes' | 'lateralDeg';
  title: string;
  /** Unit for axis titles and tables. */
  unit: string;
  /** Whether more is better (decides "best" in the summary), null when neither (lateral lean). */
  higherIsBetter: boolean | null;
  /** The day's value, or null without data (or when the service does not send the field yet). */
  value(b: SummaryBucket): number | null;
  format(v: number): string;
  /** Summary phrasing: "Upright {avg} on average". */
  averageWord: string;
  /** The period's own figure when a mean of daily values would mislead (upright % weighs days by judged time). */
  overall?(buckets: readonly SummaryBucket[]): number | null;
}

const worn = (b: SummaryBucket) => b.wornS > 0;

export const UPRIGHT_PCT: DailyMetric = {
  id: 'uprightPct', title: 'Upright', unit: '%', higherIsBetter: true,
  value: (b) => b.uprightPct ?? null,
  format: (v) => formatPercent(v),
  averageWord: 'Upright',
  overall(buckets) {
    let upright = 0, judged = 0;
    for (const b of buckets) {
      upright += b.uprightS;
      judged += b.assessedS ?? b.uprightS + b.slouchS;
    }
    return judged > 0 ? (100 * upright) / judged : null;
  },
};

export const SLOUCH_MIN: DailyMetric = {
  id: 'slouchMin', title: 'Slouch minutes', unit: 'min', higherIsBetter: false,
  value: (b) => (worn(b) ? b.slouchS / 60 : null),
  format: (v) => `${Math.round(v)} min`,
  averageWord: 'Slouched',
};

/** Exposure dose: how far above the threshold, for how long; shown in degree-minutes (°·min). */
export const DOSE: DailyMetric = {
  id: 'doseDegMin', title: 'Exposure dose', unit: '°·min', higherIsBetter: false,
  value: (b) => (worn(b) && b.doseDegS !== undefined ? b.doseDegS / 60 : null),
  format: (v) => `${Math.round(v)} °·min`,
  averageWord: 'Exposure',
};

export const EPISODES: DailyMetric = {
  id: 'episodes', title: 'Slouch episodes', unit: '', higherIsBetter: false,
  value: (b) => (worn(b) ? b.episodeCount : null),
  format: (v) => `${Math.round(v * 10) / 10}`,
  averageWord: 'Episodes:',
};

export const LATERAL: DailyMetric = {
  id: 'lateralDeg', title: 'Sideways lean', unit: '°', higherIsBetter: null,
  value: (b) => (worn(b) && b.meanLateralDeg !== undefined ? b.meanLateralDeg : null),
  format: (v) => lateralText(v),
  averageWord: 'Leaning',
};

export const DAILY_METRICS: readonly DailyMetric[] = Object.freeze([UPRIGHT_PCT, SLOUCH_MIN, DOSE, EPISODES]);

/** "2.1° right", "0.4° left", "0.0°" (positive = the wearer's right, contracts section 1). */
export function lateralText(deg: number): string {
  const text = Math.abs(deg).toFixed(1);
  if (Number(text) === 0) return '0.0° (straight)';
  return `${text}° ${deg > 0 ? 'right' : 'left'}`;
}

/** One value per day start in `days` (null where the day has no bucket or no value). */
export function dailyValues(days: readonly number[], buckets: readonly SummaryBucket[], metric: DailyMetric): (number | null)[] {
  const byStart = new Map(buckets.map((b) => [b.start, b]));
  return days.map((d) => {
    const b = byStart.get(d);
    const v = b ? metric.value(b) : null;
    return v !== null && Number.isFinite(v) ? v : null;
  });
}

/** True when the service sent the field at all (older services lack `doseDegS`, `meanLateralDeg`). */
export function metricAvailable(buckets: readonly SummaryBucket[], metric: DailyMetric): boolean {
  if (buckets.length === 0) return true;
  if (metric.id === 'doseDegMin') return buckets.some((b) => b.doseDegS !== undefined);
  if (metric.id === 'lateralDeg') return buckets.some((b) => b.meanLateralDeg !== undefined);
  return true;
}

/**
 * "Upright 78% of the judged time, best Tuesday (85%), worst Friday (60%); no data on 2 days." Best and worst only
 * when the metric has a direction and there are two days to compare; days after `nowMs` are not counted.
 */
export function dailySummaryText(
  metric: DailyMetric, days: readonly number[], values: readonly (number | null)[], utcOffsetMin: number, nowMs: number,
  overall: number | null = null,
): string {
  const present = values.map((v, i) => ({ v, day: days[i] ?? 0 })).filter((x): x is { v: number; day: number } => x.v !== null);
  if (present.length === 0) return `${metric.title}: no data in this period (the sensor was not worn).`;
  const avg = present.reduce((s, x) => s + x.v, 0) / present.length;
  let text = overall !== null
    ? `${metric.averageWord} ${metric.format(overall)} of the judged time`
    : `${metric.averageWord} ${metric.format(avg)} on average per day`;
  if (metric.higherIsBetter !== null && present.length >= 2) {
    const sorted = [...present].sort((a, b) => (metric.higherIsBetter ? b.v - a.v : a.v - b.v));
    const best = sorted[0]!;
    const worst = sorted[sorted.length - 1]!;
    const when = (ms: number) => (days.length > 7 ? dayName(ms, utcOffsetMin) : formatWeekday(ms, utcOffsetMin));
    text += `, best ${when(best.day)} (${metric.format(best.v)}), worst ${when(worst.day)} (${metric.format(worst.v)})`;
  }
  // Days still to come are not "no data".
  const missing = values.filter((v, i) => v === null && (days[i] ?? 0) <= nowMs).length;
  if (missing > 0) text += `; no data on ${missing} ${missing === 1 ? 'day' : 'days'}`;
  return `${text}.`;
}

const dayNameFormat = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });

function dayName(ms: number, utcOffsetMin: number): string {
  return dayNameFormat.format(new Date(ms + utcOffsetMin * 60_000));
}

export function metricCell(metric: DailyMetric, v: number | null): string {
  return v === null ? `${MISSING} (no data)` : metric.format(v);
}
