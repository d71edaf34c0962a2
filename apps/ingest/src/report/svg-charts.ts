/**
 * Bar charts as inline SVG, drawn on the server so the report needs no script and prints the same everywhere.
 * A bar without a value (a day not worn, an hour never assessed) is drawn as a dotted mark on the baseline:
 * a gap, not a zero. Every bar has a `<title>` (hover, screen readers); the chart has an `aria-label`.
 * Pure: options in, SVG text out.
 */
import { esc } from './report-text.js';

export interface Bar {
  /** Under the bar (some are left out when there are many bars, see `labelEvery`). */
  label: string;
  value: number | null;
  /** Full text for the bar's tooltip. */
  title: string;
}

export interface BarChartOptions {
  /** What the chart shows, for screen readers. */
  title: string;
  bars: readonly Bar[];
  /** Top of the y axis; values above are clipped to it. */
  yMax: number;
  yTicks: readonly number[];
  yFormat: (value: number) => string;
  /** A dashed line, e.g. the wearer's goal. */
  goal?: { value: number; label: string };
  /** CSS class of the bars (their colour comes from the report's styles). */
  barClass: string;
  widthPx?: number;
  heightPx?: number;
}

const MARGIN = { left: 44, right: 12, top: 12, bottom: 30 };
/** At most this many x labels; more bars get every n-th label. */
const MAX_X_LABELS = 16;

export function barChartSvg(o: BarChartOptions): string {
  const width = o.widthPx ?? 720;
  const height = o.heightPx ?? 200;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const baseY = MARGIN.top + plotH;
  const y = (v: number): number => baseY - (Math.min(Math.max(v, 0), o.yMax) / o.yMax) * plotH;
  const slot = plotW / Math.max(1, o.bars.length);
  const barW = Math.max(1, slot * 0.72);
  const labelEvery = Math.max(1, Math.ceil(o.bars.length / MAX_X_LABELS));
  const parts: string[] = [];

  for (const tick of o.yTicks) {
    const ty = y(tick).toFixed(1);
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${ty}" y2="${ty}"/>`);
    parts.push(`<text class="axis" x="${MARGIN.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${esc(o.yFormat(tick))}</text>`);
  }
  o.bars.forEach((bar, i) => {
    const x = MARGIN.left + i * slot + (slot - barW) / 2;
    const title = `<title>${esc(bar.title)}</title>`;
    if (bar.value === null) {
      parts.push(`<g class="nodata"><line x1="${x.toFixed(1)}" x2="${(x + barW).toFixed(1)}" y1="${baseY - 1}" y2="${baseY - 1}"/>${title}</g>`);
    } else {
      const top = y(bar.value);
      parts.push(`<rect class="${esc(o.barClass)}" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${(baseY - top).toFixed(1)}">${title}</rect>`);
    }
    if (i % labelEvery === 0) {
      parts.push(`<text class="axis" x="${(x + barW / 2).toFixed(1)}" y="${baseY + 16}" text-anchor="middle">${esc(bar.label)}</text>`);
    }
  });
  parts.push(`<line class="baseline" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${baseY}" y2="${baseY}"/>`);
  if (o.goal !== undefined) {
    const gy = y(o.goal.value).toFixed(1);
    parts.push(`<line class="goal" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${gy}" y2="${gy}"/>`);
    parts.push(`<text class="goal-label" x="${width - MARGIN.right}" y="${(Number(gy) - 4).toFixed(1)}" text-anchor="end">${esc(o.goal.label)}</text>`);
  }
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(o.title)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

/** A round top for the y axis and its ticks: 4 or 5 steps of 1, 2 or 5 × 10^n covering `max`. */
export function niceScale(max: number): { yMax: number; yTicks: number[] } {
  if (!(max > 0)) return { yMax: 1, yTicks: [0, 1] };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= rough) ?? 10) * magnitude;
  const yMax = Math.ceil(max / step) * step;
  const yTicks: number[] = [];
  for (let t = 0; t <= yMax + step / 2; t += step) yTicks.push(Number(t.toPrecision(12)));
  return { yMax, yTicks };
}
