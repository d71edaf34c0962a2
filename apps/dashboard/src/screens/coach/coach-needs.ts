/**
 * Who needs the coach's attention first: each flag of `GET /api/coach/wearers` with its words and a weight,
 * and the order of the list (most urgent first, then the lowest upright share, then by name). The weights
 * say why: a wearer whose posture is getting worse needs a conversation; a sensor not worn or offline
 * means no data at all (and so no help); a stale calibration makes the numbers doubtful.
 */
import type { CoachFlag, CoachWearer, WeekNumbers } from '../../lib/api/types.js';

export interface FlagInfo {
  label: string;
  /** What it means and what to do, one sentence (shown as the badge's title and in the text summary). */
  advice: string;
  weight: number;
  tone: 'bad' | 'warn';
}

export const FLAG_INFO: Readonly<Record<CoachFlag, FlagInfo>> = Object.freeze({
  worsening: { label: 'Worsening', advice: 'Slouching more than last week: talk it through or adjust the plan.', weight: 5, tone: 'bad' },
  not_worn: { label: 'Not worn', advice: 'Little or no wear recently: ask what gets in the way.', weight: 4, tone: 'bad' },
  sensor_offline: { label: 'Sensor offline', advice: 'The sensor has not been in touch: check it is charged and paired.', weight: 3, tone: 'warn' },
  no_device: { label: 'No sensor', advice: 'No sensor is paired yet: help them pair one (or use the phone sensor).', weight: 3, tone: 'warn' },
  calibration_stale: { label: 'Calibration stale', advice: 'The upright reference is old or doubtful: ask them to recalibrate.', weight: 2, tone: 'warn' },
});

/** Flags in the order of their weight, unknown ones (a newer service) last. */
export function orderedFlags(flags: readonly CoachFlag[]): CoachFlag[] {
  return [...flags].sort((a, b) => (FLAG_INFO[b]?.weight ?? 0) - (FLAG_INFO[a]?.weight ?? 0));
}

export function needScore(wearer: CoachWearer): number {
  return wearer.flags.reduce((sum, flag) => sum + (FLAG_INFO[flag]?.weight ?? 1), 0);
}

/** Most urgent first; then the lowest upright share this week (no data counts as lowest); then by name. */
export function sortByNeed(wearers: readonly CoachWearer[]): CoachWearer[] {
  const upright = (w: CoachWearer): number => w.thisWeek.uprightPct ?? -1;
  return [...wearers].sort((a, b) => needScore(b) - needScore(a) || upright(a) - upright(b) || a.name.localeCompare(b.name));
}

/** One key number of the week and its change, as the list shows it. */
export interface WeekMetric {
  label: string;
  /** This week's value, null when there is none. */
  value: number | null;
  /** Last week's, null when there is none. */
  previous: number | null;
  higherIsBetter: boolean;
  kind: 'percent' | 'minutes' | 'count' | 'hours';
}

export function weekMetrics(thisWeek: WeekNumbers, lastWeek: WeekNumbers): WeekMetric[] {
  return [
    { label: 'Upright', value: thisWeek.uprightPct, previous: lastWeek.uprightPct, higherIsBetter: true, kind: 'percent' },
    { label: 'Slouch / day', value: thisWeek.slouchMinPerDay, previous: lastWeek.slouchMinPerDay, higherIsBetter: false, kind: 'minutes' },
    { label: 'Episodes / day', value: thisWeek.episodesPerDay, previous: lastWeek.episodesPerDay, higherIsBetter: false, kind: 'count' },
    // A week without wear has no numbers to compare against, worn time included (as the other metrics say).
    { label: 'Worn', value: thisWeek.wornS / 3600, previous: lastWeek.wornS > 0 ? lastWeek.wornS / 3600 : null, higherIsBetter: true, kind: 'hours' },
    { label: 'Exercises', value: thisWeek.exerciseSessions, previous: lastWeek.exerciseSessions, higherIsBetter: true, kind: 'count' },
  ];
}

/** The value as the list prints it. */
export function formatMetric(metric: WeekMetric, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (metric.kind) {
    case 'percent':
      return `${Math.round(value)}%`;
    case 'minutes':
      return `${Math.round(value)} min`;
    case 'hours':
      return `${value < 10 ? value.toFixed(1) : Math.round(value)} h`;
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}

/** The change against last week: direction, words and size ("▲ 4 pts better"); null when either week lacks data. */
export function metricChange(metric: WeekMetric): { arrow: string; text: string; verdict: 'better' | 'worse' | 'same' } | null {
  if (metric.value === null || metric.previous === null || !Number.isFinite(metric.value) || !Number.isFinite(metric.previous)) return null;
  const delta = metric.value - metric.previous;
  const unit = metric.kind === 'percent' ? ' pts' : metric.kind === 'minutes' ? ' min' : metric.kind === 'hours' ? ' h' : '';
  const digits = metric.kind === 'hours' || (metric.kind === 'count' && !Number.isInteger(delta)) ? 1 : 0;
  const size = Math.abs(delta).toFixed(digits);
  if (Number(size) === 0) return { arrow: '▬', text: 'same', verdict: 'same' };
  const verdict = delta > 0 === metric.higherIsBetter ? 'better' : 'worse';
  return { arrow: delta > 0 ? '▲' : '▼', text: `${delta > 0 ? '+' : '−'}${size}${unit}`, verdict };
}
