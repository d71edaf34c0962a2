/**
 * Zoom and pan on the x axis (chartjs-plugin-zoom): wheel with Ctrl (a plain wheel keeps scrolling the page),
 * pinch on touch screens, drag to pan. The limits keep the view inside `bounds` (by default the range first
 * shown) and no narrower than `minRangeMs`. Buttons in ChartCanvas do the same for the keyboard.
 */
import type { ZoomPluginOptions } from 'chartjs-plugin-zoom/types/options';

export interface ChartZoomSettings {
  /** Narrowest view, ms of x (60 s: a minute of per-second points still reads as a line). */
  minRangeMs: number;
  /** Widest view, x values; null: the range the chart first showed. */
  bounds: { min: number; max: number } | null;
  /** Zoom per wheel notch, fraction (0.1 = 10 %). */
  wheelSpeed: number;
}

export const DEFAULT_CHART_ZOOM_SETTINGS: Readonly<ChartZoomSettings> = Object.freeze({ minRangeMs: 60_000, bounds: null, wheelSpeed: 0.15 });

export function xZoomOptions(onChange: () => void, settings: Partial<ChartZoomSettings> = {}): ZoomPluginOptions {
  const s = { ...DEFAULT_CHART_ZOOM_SETTINGS, ...settings };
  return {
    zoom: {
      mode: 'x',
      wheel: { enabled: true, modifierKey: 'ctrl', speed: s.wheelSpeed },
      pinch: { enabled: true },
      onZoomComplete: onChange,
    },
    pan: { enabled: true, mode: 'x', onPanComplete: onChange },
    limits: { x: { min: s.bounds?.min ?? 'original', max: s.bounds?.max ?? 'original', minRange: s.minRangeMs } },
  };
}
