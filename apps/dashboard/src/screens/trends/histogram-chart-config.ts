/** The flexion histogram's chart: minutes per bend range, bins past the threshold in the slouch colour. */
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { withAlpha, type ChartPalette } from '../../lib/charts/chart-palette.svelte.js';
import { formatDuration } from '../../lib/format.js';
import { binLabel, type Histogram } from './distribution-bins.js';

export function histogramConfig(h: Histogram, thresholdDeg: number, c: ChartPalette): ChartConfiguration<'bar', number[], string> {
  const colors = h.startsDeg.map((start) => (start >= thresholdDeg ? c.bad : start + h.binDeg > thresholdDeg ? c.warn : c.good));
  return {
    type: 'bar',
    data: {
      labels: h.startsDeg.map((_, i) => binLabel(h, i)),
      datasets: [{ label: 'Time', data: h.seconds.map((s) => s / 60), backgroundColor: colors, barPercentage: 1, categoryPercentage: 0.92 }],
    },
    options: {
      responsive: true,
      scales: {
        x: { ticks: { color: c.muted, maxRotation: 0, autoSkip: true, autoSkipPadding: 8 }, grid: { display: false }, title: { display: true, text: 'Forward bend', color: c.muted } },
        y: { beginAtZero: true, ticks: { color: c.muted }, grid: { color: withAlpha(c.muted, 0.15) }, title: { display: true, text: 'minutes', color: c.muted } },
      },
      plugins: {
        tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => formatDuration(Number(item.parsed.y) * 60) } },
      },
    },
  };
}
