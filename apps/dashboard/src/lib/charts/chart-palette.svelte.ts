/**
 * Chart colours come from the CSS variables of app.css (and any a screen sets on its own root), so charts
 * follow the light and dark themes. A canvas cannot use `var(--x)`, so the values are read with
 * getComputedStyle; `chartPalette()` reads `schemeVersion`, so a chart config built in a `$derived` is rebuilt
 * when the colour scheme changes.
 */

export interface ChartPalette {
  text: string;
  muted: string;
  border: string;
  surface: string;
  accent: string;
  good: string;
  warn: string;
  bad: string;
  gap: string;
  /** Activity colours: `--activity-still` etc. when the page defines them, otherwise the fallbacks below. */
  activity: Record<'still' | 'moving' | 'walking' | 'lying' | 'not_worn' | 'unknown', string>;
}

/** Activity colours when the page sets no `--activity-*` variable (readable on light and dark surfaces). */
export const ACTIVITY_FALLBACK_COLORS: Readonly<ChartPalette['activity']> = Object.freeze({
  still: '#4f7cac',
  moving: '#c08a2e',
  walking: '#2e9a6a',
  lying: '#8a63b8',
  not_worn: '#9aa19d',
  unknown: '#c9cec9',
});

/** The CSS colour of an activity for HTML (legends): its variable with the same fallback the canvas uses. */
export function activityCssColor(activity: keyof ChartPalette['activity']): string {
  return `var(--activity-${activity.replace('_', '-')}, ${ACTIVITY_FALLBACK_COLORS[activity]})`;
}

class SchemeWatcher {
  version = $state(0);

  constructor() {
    if (typeof window !== 'undefined' && window.matchMedia) {
      window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.version++);
    }
  }
}

const scheme = new SchemeWatcher();

function readVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** The palette of `element` (default: the document root). */
export function chartPalette(element?: Element): ChartPalette {
  void scheme.version;
  const style = getComputedStyle(element ?? document.documentElement);
  const v = (name: string, fallback: string) => readVar(style, name, fallback);
  return {
    text: v('--text', '#1b1f1d'),
    muted: v('--muted', '#5b635f'),
    border: v('--border', '#d9ded9'),
    surface: v('--surface', '#ffffff'),
    accent: v('--accent', '#0b6e4f'),
    good: v('--good', '#0b6e4f'),
    warn: v('--warn', '#a15c00'),
    bad: v('--bad', '#b3261e'),
    gap: v('--gap', '#9aa19d'),
    activity: {
      still: v('--activity-still', ACTIVITY_FALLBACK_COLORS.still),
      moving: v('--activity-moving', ACTIVITY_FALLBACK_COLORS.moving),
      walking: v('--activity-walking', ACTIVITY_FALLBACK_COLORS.walking),
      lying: v('--activity-lying', ACTIVITY_FALLBACK_COLORS.lying),
      not_worn: v('--activity-not-worn', ACTIVITY_FALLBACK_COLORS.not_worn),
      unknown: v('--activity-unknown', ACTIVITY_FALLBACK_COLORS.unknown),
    },
  };
}

/** `color` at opacity `alpha` (0..1); accepts #rgb, #rrggbb and rgb(); anything else is returned as is. */
export function withAlpha(color: string, alpha: number): string {
  const hex = color.trim().match(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    const n = Number.parseInt(full, 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const rgb = color.trim().match(/^rgba?\(([^)]+)\)$/i)?.[1];
  if (rgb) {
    const [r, g, b] = rgb.split(/[\s,/]+/);
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return color;
}
