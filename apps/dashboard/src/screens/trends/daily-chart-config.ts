/**
 * Bar charts of one number per day (week and month views) and the two-week overlay of the coach's comparison.
 * Days without data get no bar and a hatched column, so "not worn" never looks like a good day; days still to
 * come are left plain.
 */
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { withAlpha, type ChartPalette } from '../../lib/charts/chart-palette.svelte.js';
import type { ReferenceLine, ShadedSpan } from '../../lib/charts/time-bands-plugin.js';
import type { DailyMetric } from './daily-metrics.js';

export interface DailyChartInput {
  metric: DailyMetric;
  labels: readonly string[];
  values: readonly (number | null)[];
  /** Per day: true when it has begun (a null then means "no data"). */
  lived: readonly boolean[];
  palette: ChartPalette;
  /** A goal drawn as a dashed line (upright % target, slouch minutes limit). */
  goal?: { value: number; label: string };
}

export function metricColor(metric: DailyMetric, c: ChartPalette): string {
  if (metric.id === 'uprightPct') return c.good;
  if (metric.id === 'slouchMin') return c.bad;
  if (metric.id === 'doseDegMin') return c.warn;
  if (metric.id === 'lateralDeg') return c.activity.still;
  return c.accent;
}

function noDataSpans(values: readonly (number | null)[], lived: readonly boolean[], c: ChartPalette): ShadedSpan[] {
  const spans: ShadedSpan[] = [];
  values.forEach((v, i) => {
    if (v === null && lived[i]) spans.push({ fromX: i - 0.45, toX: i + 0.45, color: withAlpha(c.gap, 0.2), hatched: true });
  });
  return spans;
}

function axisStyle(c: ChartPalette) {
  return { ticks: { color: c.muted }, grid: { color: withAlpha(c.muted, 0.15) }, border: { color: withAlpha(c.muted, 0.2) } };
}

export function dailyBarConfig(input: DailyChartInput): ChartConfiguration<'bar', (number | null)[], string> {
  const { metric, palette: c } = input;
  const color = metricColor(metric, c);
  const lines: ReferenceLine[] = input.goal ? [{ value: input.goal.value, color: c.text, label: input.goal.label, labelBackground: withAlpha(c.surface, 0.85) }] : [];
  const layers = { spans: noDataSpans(input.values, input.lived, c), lines };
  const axis = axisStyle(c);
  return {
    type: 'bar',
    data: {
      labels: [...input.labels],
      datasets: [{ label: metric.title, data: [...input.values], backgroundColor: color, borderRadius: 3, maxBarThickness: 36 }],
    },
    options: {
      responsive: true,
      scales: {
        x: { ...axis, grid: { display: false }, ticks: { color: c.muted, maxRotation: 0, autoSkip: true, autoSkipPadding: 6 } },
        y: {
          ...axis,
          beginAtZero: true,
          ...(metric.id === 'uprightPct' ? { max: 100 } : {}),
          ...(metric.id === 'lateralDeg' ? { suggestedMin: -3, suggestedMax: 3 } : {}),
          title: { display: metric.unit !== '', text: metric.id === 'lateralDeg' ? '° (+ right, − left)' : metric.unit, color: c.muted },
        },
      },
      plugins: {
        tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => `${metric.title}: ${metric.format(Number(item.parsed.y))}` } },
        timeBands: { layers: () => layers },
      },
    },
  };
}

export interface OverlayInput {
  metric: DailyMetric;
  labels: readonly string[];
  series: readonly { label: string; values: readonly (number | null)[]; dashed: boolean }[];
  palette: ChartPalette;
}

/** Two (or more) weeks over Monday..Sunday as lines; a day without data breaks its line. */
export function overlayLineConfig(input: OverlayInput): ChartConfiguration<'line', (number | null)[], string> {
  const { metric, palette: c } = input;
  const colors = [c.accent, c.warn, c.activity.lying];
  // Lines differ by dash and marker shape as well as colour.
  const axis = axisStyle(c);
  return {
    type: 'line',
    data: {
      labels: [...input.labels],
      datasets: input.series.map((s, i) => ({
        label: s.label,
        data: [...s.values],
        borderColor: colors[i % colors.length],
        backgroundColor: colors[i % colors.length],
        borderDash: s.dashed ? [6, 4] : [],
        borderWidth: 2,
        pointRadius: 4,
        pointStyle: i % 2 === 0 ? 'circle' : 'rectRot',
        spanGaps: false,
      })),
    },
    options: {
      responsive: true,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { ...axis, grid: { display: false } },
        y: { ...axis, beginAtZero: true, ...(metric.id === 'uprightPct' ? { max: 100 } : {}), title: { display: metric.unit !== '', text: metric.unit, color: c.muted } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'line'>) =>
              `${item.dataset.label ?? ''}: ${item.parsed.y === null ? 'no data' : metric.format(Number(item.parsed.y))}`,
          },
        },
      },
    },
  };
}
