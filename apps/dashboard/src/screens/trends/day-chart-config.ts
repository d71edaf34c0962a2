/**
 * The day chart's Chart.js configuration: flexion over local time, one line dataset per unbroken run (so gaps
 * stay gaps after decimation), LTTB decimation for a day of per-second points, the threshold as a dashed line,
 * slouch episodes shaded, missing data hatched, the activity band and alert markers above the plot.
 */
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import type { AlertRecord, Episode } from '../../lib/api/types.js';
import { withAlpha, type ChartPalette } from '../../lib/charts/chart-palette.svelte.js';
import { localTimeScale } from '../../lib/charts/local-time-axis.js';
import { timeBandsTopPaddingPx, type TimeBandLayers } from '../../lib/charts/time-bands-plugin.js';
import { formatAngle, formatTime } from '../../lib/format.js';
import type { DaySeries } from './day-series.js';

export interface DayChartInput {
  series: DaySeries;
  episodes: readonly Episode[];
  alerts: readonly AlertRecord[];
  slouchDeg: number;
  fromMs: number;
  toMs: number;
  utcOffsetMin: number;
  palette: ChartPalette;
}

export function dayChartLayers(input: DayChartInput): TimeBandLayers {
  const { palette: c } = input;
  return {
    spans: [
      ...input.series.missing.map((g) => ({ fromX: g.startMs, toX: g.endMs, color: withAlpha(c.gap, 0.22), hatched: true })),
      ...input.episodes.map((e) => ({ fromX: e.start, toX: e.end, color: withAlpha(c.bad, 0.2) })),
    ],
    strip: input.series.activity.map((a) => ({ fromX: a.startMs, toX: a.endMs, color: c.activity[a.activity] })),
    markers: input.alerts.map((a) => ({ x: a.buzzMs, color: c.warn })),
    lines: [{ value: input.slouchDeg, color: c.bad, label: `threshold ${formatAngle(input.slouchDeg)}`, labelBackground: withAlpha(c.surface, 0.85) }],
  };
}

const HOUR_MS = 3_600_000;

/** Below this share of the day worn, the chart opens on the worn hours (zooming out shows the whole day). */
const FIT_BELOW_FRACTION = 0.75;

/**
 * The range the chart opens on: the whole day, or the whole local hours from the first to the last point when
 * they cover less than `FIT_BELOW_FRACTION` of it (on a phone, four worn hours in a 24-hour axis are a sliver).
 */
export function dayChartView(series: DaySeries, fromMs: number, toMs: number, utcOffsetMin: number): { minMs: number; maxMs: number } {
  const first = series.activity[0]?.startMs;
  const last = series.activity[series.activity.length - 1]?.endMs;
  if (first === undefined || last === undefined) return { minMs: fromMs, maxMs: toMs };
  const offsetMs = utcOffsetMin * 60_000;
  const minMs = Math.max(fromMs, Math.floor((first + offsetMs) / HOUR_MS) * HOUR_MS - offsetMs);
  const maxMs = Math.min(toMs, Math.ceil((last + offsetMs) / HOUR_MS) * HOUR_MS - offsetMs);
  return maxMs - minMs < FIT_BELOW_FRACTION * (toMs - fromMs) ? { minMs, maxMs } : { minMs: fromMs, maxMs: toMs };
}

export function dayChartConfig(input: DayChartInput): ChartConfiguration<'line', { x: number; y: number }[]> {
  const { palette: c, series } = input;
  const view = dayChartView(series, input.fromMs, input.toMs, input.utcOffsetMin);
  const layers = dayChartLayers(input);
  const highest = Math.max(input.slouchDeg + 15, 40);
  return {
    type: 'line',
    data: {
      datasets: series.runs.map((run) => ({
        data: run,
        borderColor: c.accent,
        borderWidth: 1.5,
        pointRadius: 0,
        pointHoverRadius: 3,
        spanGaps: false,
        normalized: true,
      })),
    },
    options: {
      parsing: false,
      normalized: true,
      responsive: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      layout: { padding: { top: timeBandsTopPaddingPx(layers) } },
      scales: {
        x: localTimeScale(
          { utcOffsetMin: input.utcOffsetMin, minMs: view.minMs, maxMs: view.maxMs, dayStartMs: input.fromMs },
          { color: c.muted, gridColor: withAlpha(c.muted, 0.18) },
        ),
        y: {
          type: 'linear',
          suggestedMin: -5,
          suggestedMax: highest,
          title: { display: true, text: 'Forward bend (°)', color: c.muted },
          ticks: { color: c.muted },
          grid: { color: withAlpha(c.muted, 0.18) },
          border: { color: withAlpha(c.muted, 0.18) },
        },
      },
      plugins: {
        decimation: { enabled: true, algorithm: 'lttb' },
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => formatTime(items[0]?.parsed.x ?? 0, input.utcOffsetMin),
            label: (item: TooltipItem<'line'>) => `Forward bend ${formatAngle(item.parsed.y)}`,
          },
        },
        timeBands: { layers: () => layers },
      },
    },
  };
}
