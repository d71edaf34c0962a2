/**
 * A linear x axis of epoch ms whose ticks fall on round local times of the wearer (07:00, 07:15...) and read
 * as clock times. Chart.js's time scale needs a date adapter (another library); a linear scale with our own
 * tick placement needs nothing, and zooming re-places the ticks because Chart.js rebuilds them on every update.
 * Local = the wearer's `utcOffsetMin` (minutes east of UTC), the same local time the service's days use.
 */
import type { Scale, ScaleOptionsByType } from 'chart.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;

/** Tick spacings to choose from, ms; each divides a day, so ticks align with local midnight. */
const TICK_STEPS_MS: readonly number[] = [
  S, 5 * S, 10 * S, 15 * S, 30 * S, MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, H, 2 * H, 3 * H, 6 * H, 12 * H, DAY,
];

export interface LocalTimeAxisSettings {
  /** The wearer's offset from UTC, minutes east. */
  utcOffsetMin: number;
  /** Least room one tick label needs, px (decides how many ticks fit). */
  minTickSpacingPx: number;
}

export const DEFAULT_LOCAL_TIME_AXIS_SETTINGS: Readonly<LocalTimeAxisSettings> = Object.freeze({ utcOffsetMin: 0, minTickSpacingPx: 64 });

/** The smallest listed spacing that puts at most `maxTicks` ticks over `spanMs`. */
export function tickStepMs(spanMs: number, maxTicks: number): number {
  for (const step of TICK_STEPS_MS) if (spanMs / step <= Math.max(1, maxTicks)) return step;
  return Math.ceil(spanMs / Math.max(1, maxTicks) / DAY) * DAY;
}

/** Tick values in [minMs, maxMs] on round local times. */
export function localTimeTicks(minMs: number, maxMs: number, utcOffsetMin: number, maxTicks: number): number[] {
  if (!(maxMs > minMs)) return [];
  const step = tickStepMs(maxMs - minMs, maxTicks);
  const offsetMs = utcOffsetMin * MIN;
  const ticks: number[] = [];
  for (let t = Math.ceil((minMs + offsetMs) / step) * step - offsetMs; t <= maxMs; t += step) ticks.push(t);
  return ticks;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "14:05", "14:05:30" when the ticks are seconds apart, "24:00" for the midnight ending a day view. */
export function formatLocalTick(ms: number, stepMs: number, utcOffsetMin: number, dayStartMs?: number): string {
  const local = new Date(ms + utcOffsetMin * MIN);
  if (dayStartMs !== undefined && ms - dayStartMs === DAY) return '24:00';
  const hm = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  return stepMs < MIN ? `${hm}:${pad(local.getUTCSeconds())}` : hm;
}

/**
 * Options for a `linear` x scale of epoch ms with local clock ticks. `dayStartMs` makes the end of that day
 * read "24:00" rather than "00:00".
 */
export function localTimeScale(
  settings: Partial<LocalTimeAxisSettings> & { minMs: number; maxMs: number; dayStartMs?: number },
  style: { color: string; gridColor: string },
): ScaleOptionsByType<'linear'> {
  const s = { ...DEFAULT_LOCAL_TIME_AXIS_SETTINGS, ...settings };
  return {
    type: 'linear',
    min: settings.minMs,
    max: settings.maxMs,
    afterBuildTicks(scale: Scale) {
      const maxTicks = Math.max(2, Math.floor((scale.width || 300) / s.minTickSpacingPx));
      scale.ticks = localTimeTicks(scale.min, scale.max, s.utcOffsetMin, maxTicks).map((value) => ({ value }));
    },
    ticks: {
      color: style.color,
      maxRotation: 0,
      autoSkip: false,
      callback(value, index, ticks) {
        const a = ticks[0]?.value ?? 0;
        const b = ticks[1]?.value ?? a + H;
        return formatLocalTick(Number(value), b - a, s.utcOffsetMin, settings.dayStartMs);
      },
    },
    grid: { color: style.gridColor },
    border: { color: style.gridColor },
  } as ScaleOptionsByType<'linear'>;
}
