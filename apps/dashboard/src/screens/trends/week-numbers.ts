/**
 * The key numbers of a week (`WeekNumbers` from `week-comparison`) as rows people read: label, value, and
 * the change between two weeks with its direction judged (better / worse), used by the week view and the
 * coach's comparison.
 */
import type { WeekNumbers } from '../../lib/api/types.js';
import { formatAngle, formatDuration, formatPercent, formatSigned, MISSING } from '../../lib/format.js';
import { lateralText } from './daily-metrics.js';

export interface WeekMetric {
  id: string;
  label: string;
  value(w: WeekNumbers): number | null;
  format(v: number | null): string;
  /** Unit of the tile value and of the change. */
  unit: string;
  higherIsBetter: boolean;
  /** Digits of the change. */
  digits: number;
  /** Unit of a change when it differs ("pts" for percentages). */
  deltaUnit?: string;
  /** The change is judged and shown divided by this (60: worn seconds as minutes). */
  deltaScale?: number;
  /** How a change reads when "+4 pts" style does not fit ("+2 h 05 min"). */
  formatDelta?(delta: number): string;
  /** Has a value even in a week without wear (worn time, exercise sessions). */
  comparesUnworn?: boolean;
  /** Compare magnitudes (lean: 3° left to 1° right is better). */
  compareAbs?: boolean;
}

const num = (digits: number, unit = '') => (v: number | null) => (v === null || !Number.isFinite(v) ? MISSING : `${v.toFixed(digits)}${unit}`);

/**
 * The week's dose is a total: divided by the days worn (when the service says how many) it compares across
 * weeks like the other per-day numbers (otherwise per day of the week), in degree-minutes.
 */
function dosePerDayDegMin(w: WeekNumbers): number | null {
  if (w.doseDegS === null) return null;
  const days = (w as WeekNumbers & { wornDays?: number }).wornDays;
  return days !== undefined && days > 0 ? w.doseDegS / days / 60 : w.doseDegS / 60 / 7;
}

export const WEEK_METRICS: readonly WeekMetric[] = Object.freeze([
  { id: 'uprightPct', label: 'Upright', value: (w) => w.uprightPct, format: (v) => formatPercent(v), unit: '%', higherIsBetter: true, digits: 0, deltaUnit: ' pts' },
  { id: 'slouchMinPerDay', label: 'Slouching a day', value: (w) => w.slouchMinPerDay, format: num(0, ' min'), unit: ' min', higherIsBetter: false, digits: 0 },
  { id: 'episodesPerDay', label: 'Episodes a day', value: (w) => w.episodesPerDay, format: num(1), unit: '', higherIsBetter: false, digits: 1 },
  { id: 'doseDegS', label: 'Exposure dose a day', value: dosePerDayDegMin, format: num(0, ' °·min'), unit: ' °·min', higherIsBetter: false, digits: 0 },
  { id: 'wornS', label: 'Worn', value: (w) => w.wornS, format: (v) => formatDuration(v), unit: '', higherIsBetter: true, digits: 0, deltaUnit: ' min', deltaScale: 60,
    comparesUnworn: true, formatDelta: (min) => `${min < 0 ? '−' : '+'}${formatDuration(Math.abs(min) * 60)}` },
  { id: 'meanFlexionDeg', label: 'Mean forward bend', value: (w) => w.meanFlexionDeg, format: (v) => formatAngle(v, 1), unit: '°', higherIsBetter: false, digits: 1 },
  { id: 'meanLateralDeg', label: 'Mean sideways lean', value: (w) => w.meanLateralDeg, format: (v) => (v === null ? MISSING : lateralText(v)), unit: '°', higherIsBetter: false, digits: 1, compareAbs: true },
  { id: 'exerciseSessions', label: 'Exercise sessions', value: (w) => w.exerciseSessions, format: num(0), unit: '', higherIsBetter: true, digits: 0, comparesUnworn: true },
]);

export interface WeekChange {
  /** The change in display units (minutes for worn time; magnitude of lean), null when a week lacks it. */
  delta: number | null;
  verdict: 'better' | 'worse' | 'same' | null;
  /** "+4 pts", "−6 min". */
  text: string;
}

/**
 * The week's value of `m` as shown: a week without wear has no posture numbers (the service's zeros there
 * mean "not measured"), only its worn time and logged exercises.
 */
export function weekValue(m: WeekMetric, w: WeekNumbers): number | null {
  if (!m.comparesUnworn && w.wornS <= 0) return null;
  const v = m.value(w);
  return v !== null && Number.isFinite(v) ? v : null;
}

/** `a` against `b` (a is the later or chosen week): the change and whether it is for the better. */
export function weekChange(m: WeekMetric, a: WeekNumbers, b: WeekNumbers): WeekChange {
  const va = weekValue(m, a);
  const vb = weekValue(m, b);
  if (va === null || vb === null) return { delta: null, verdict: null, text: MISSING };
  const raw = m.compareAbs ? Math.abs(va) - Math.abs(vb) : va - vb;
  const delta = Number((raw / (m.deltaScale ?? 1)).toFixed(m.digits));
  const verdict = delta === 0 ? 'same' : delta > 0 === m.higherIsBetter ? 'better' : 'worse';
  const text = m.formatDelta && delta !== 0 ? m.formatDelta(delta) : `${formatSigned(delta, m.digits)}${m.deltaUnit ?? m.unit}`;
  return { delta, verdict, text };
}

/** "Compared with the week before: upright +4 pts (better), slouching −6 min a day (better), ..." */
export function weekChangeSummary(a: WeekNumbers, b: WeekNumbers, vsText: string): string {
  if (a.wornS <= 0) return 'The sensor was not worn this week.';
  if (b.wornS <= 0) return `The sensor was not worn ${vsText}, so there is nothing to compare.`;
  const parts = WEEK_METRICS.slice(0, 4).flatMap((m) => {
    const c = weekChange(m, a, b);
    return c.verdict === null ? [] : [`${m.label.toLowerCase()} ${c.text}${c.verdict === 'same' ? '' : ` (${c.verdict})`}`];
  });
  return parts.length > 0 ? `Compared with ${vsText}: ${parts.join(', ')}.` : 'Not enough data to compare.';
}
