/**
 * A Chart.js plugin that draws what a posture day needs besides the line, all placed by the x scale so zoom
 * and pan move them with the data:
 * - `spans`: shaded time spans over the whole plot height (slouch episodes, missing data);
 * - `strip`: a row of coloured spans just above the plot (the activity band);
 * - `markers`: small triangles above the strip (alerts), pointing down at their time;
 * - `lines`: horizontal reference lines with a label (the slouch threshold).
 * The chart's `layout.padding.top` must leave room: `timeBandsTopPaddingPx(layers)`.
 *
 * The layers reach the plugin through a function (`plugins.timeBands.layers`): Chart.js wraps every object of
 * an options array in its own option resolver on each update, which for thousands of activity spans costs
 * more than drawing them; a function is passed through untouched (plugin options are not scriptable).
 */
import type { Chart, ChartType, Plugin } from 'chart.js';

/** Positions are x-axis values: epoch ms on a time axis, index ± 0.5 on a category axis. */
export interface ShadedSpan {
  fromX: number;
  toX: number;
  color: string;
  /** Draws a diagonal hatch over the fill (missing data reads as "not measured", not as a colour). */
  hatched?: boolean;
}

export interface TimeMarker {
  x: number;
  color: string;
}

export interface ReferenceLine {
  /** Value on the y axis. */
  value: number;
  color: string;
  label: string;
  /** Fill behind the label so the line under it stays readable (the surface colour). */
  labelBackground?: string;
}

export interface TimeBandLayers {
  spans?: ShadedSpan[];
  strip?: ShadedSpan[];
  markers?: TimeMarker[];
  lines?: ReferenceLine[];
  /** Height of the strip, px. */
  stripHeightPx?: number;
  /** Height of the marker row, px. */
  markerHeightPx?: number;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    timeBands?: TimeBandsOptions;
  }
}

export interface TimeBandsOptions {
  layers?: () => TimeBandLayers;
}

const DEFAULT_STRIP_HEIGHT_PX = 10;
const DEFAULT_MARKER_HEIGHT_PX = 9;
const ROW_GAP_PX = 3;

/** The top padding the bands need above the plot, px. */
export function timeBandsTopPaddingPx(o: TimeBandLayers): number {
  let px = 4;
  if (o.strip) px += (o.stripHeightPx ?? DEFAULT_STRIP_HEIGHT_PX) + ROW_GAP_PX;
  if (o.markers) px += (o.markerHeightPx ?? DEFAULT_MARKER_HEIGHT_PX) + ROW_GAP_PX;
  return px;
}

function hatch(ctx: CanvasRenderingContext2D, x0: number, x1: number, top: number, bottom: number, color: string): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x0, top, x1 - x0, bottom - top);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  const h = bottom - top;
  for (let x = x0 - h; x < x1; x += 7) {
    ctx.moveTo(x, bottom);
    ctx.lineTo(x + h, top);
  }
  ctx.stroke();
  ctx.restore();
}

function drawSpans(chart: Chart, spans: readonly ShadedSpan[], top: number, bottom: number): void {
  const { ctx, chartArea } = chart;
  const x = chart.scales.x;
  if (!x) return;
  for (const s of spans) {
    const x0 = Math.max(chartArea.left, x.getPixelForValue(s.fromX));
    const x1 = Math.min(chartArea.right, x.getPixelForValue(s.toX));
    if (x1 <= x0) continue;
    // At least a pixel, so a 20-second episode on a 24-hour axis is still visible.
    const width = Math.max(1, x1 - x0);
    ctx.fillStyle = s.color;
    ctx.fillRect(x0, top, width, bottom - top);
    if (s.hatched) hatch(ctx, x0, x0 + width, top, bottom, s.color);
  }
}

/**
 * The strip, one pixel column at a time: each column takes the colour that covers most of it. Drawing every
 * span (a day has a thousand short still/moving alternations) would let whichever came last win each pixel.
 */
function drawStrip(chart: Chart, spans: readonly ShadedSpan[], top: number, bottom: number): void {
  const { ctx, chartArea } = chart;
  const x = chart.scales.x;
  if (!x) return;
  const left = Math.floor(chartArea.left);
  const columns: (Map<string, number> | undefined)[] = new Array(Math.ceil(chartArea.right) - left + 1);
  for (const s of spans) {
    const x0 = Math.max(chartArea.left, x.getPixelForValue(s.fromX));
    const x1 = Math.min(chartArea.right, x.getPixelForValue(s.toX));
    if (x1 <= x0) continue;
    for (let px = Math.floor(x0); px < x1; px++) {
      const cover = Math.min(x1, px + 1) - Math.max(x0, px);
      const column = (columns[px - left] ??= new Map<string, number>());
      column.set(s.color, (column.get(s.color) ?? 0) + cover);
    }
  }
  let runColor: string | null = null;
  let runStart = 0;
  const flush = (end: number): void => {
    if (runColor === null) return;
    ctx.fillStyle = runColor;
    ctx.fillRect(left + runStart, top, end - runStart, bottom - top);
  };
  for (let i = 0; i < columns.length; i++) {
    let best: string | null = null;
    let bestCover = 0;
    for (const [color, cover] of columns[i] ?? []) if (cover > bestCover) (best = color), (bestCover = cover);
    if (best !== runColor) {
      flush(i);
      runColor = best;
      runStart = i;
    }
  }
  flush(columns.length);
}

export const timeBandsPlugin: Plugin = {
  id: 'timeBands',
  beforeDatasetsDraw(chart, _args, pluginOptions: TimeBandsOptions) {
    const options = pluginOptions.layers?.();
    if (!options) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    if (options.spans) drawSpans(chart, options.spans, chartArea.top, chartArea.bottom);
    const stripH = options.stripHeightPx ?? DEFAULT_STRIP_HEIGHT_PX;
    if (options.strip) drawStrip(chart, options.strip, chartArea.top - ROW_GAP_PX - stripH, chartArea.top - ROW_GAP_PX);
    ctx.restore();
  },
  afterDatasetsDraw(chart, _args, pluginOptions: TimeBandsOptions) {
    const options = pluginOptions.layers?.();
    if (!options) return;
    const { ctx, chartArea } = chart;
    const y = chart.scales.y;
    const x = chart.scales.x;
    ctx.save();
    if (options.lines && y) {
      for (const line of options.lines) {
        const py = y.getPixelForValue(line.value);
        if (py < chartArea.top || py > chartArea.bottom) continue;
        ctx.strokeStyle = line.color;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(chartArea.left, py);
        ctx.lineTo(chartArea.right, py);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.font = '12px system-ui, sans-serif';
        ctx.textAlign = 'right';
        ctx.textBaseline = 'bottom';
        if (line.labelBackground) {
          const w = ctx.measureText(line.label).width;
          ctx.fillStyle = line.labelBackground;
          ctx.fillRect(chartArea.right - 7 - w, py - 17, w + 6, 15);
        }
        ctx.fillStyle = line.color;
        ctx.fillText(line.label, chartArea.right - 4, py - 2);
      }
    }
    if (options.markers && x) {
      const stripH = options.strip ? (options.stripHeightPx ?? DEFAULT_STRIP_HEIGHT_PX) + ROW_GAP_PX : 0;
      const h = options.markerHeightPx ?? DEFAULT_MARKER_HEIGHT_PX;
      const bottom = chartArea.top - ROW_GAP_PX - stripH;
      for (const m of options.markers) {
        const px = x.getPixelForValue(m.x);
        if (px < chartArea.left || px > chartArea.right) continue;
        ctx.fillStyle = m.color;
        ctx.beginPath();
        ctx.moveTo(px - h / 2, bottom - h);
        ctx.lineTo(px + h / 2, bottom - h);
        ctx.lineTo(px, bottom);
        ctx.closePath();
        ctx.fill();
      }
    }
    ctx.restore();
  },
};
