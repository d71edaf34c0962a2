/**
 * The hour-of-day by weekday pattern (`GET pattern`) as a 7 × 24 grid, and what it says in words: when the
 * wearer slouches most, and when least. A cell without judged time has no value (null), not 0 %.
 */
import type { PatternCell } from '../../lib/api/types.js';
import { formatPercent, weekdayShortName } from '../../lib/format.js';

export interface PatternGrid {
  /** [weekday 0 = Monday][hour 0..23]: slouch % of the judged time, or null. */
  pct: (number | null)[][];
  /** Judged seconds per cell. */
  assessedS: number[][];
  /** Cells with a value. */
  filled: number;
}

/** Cells with less judged time than this are shown as "little data" (a 2-minute hour says little), s. */
export const MIN_ASSESSED_S = 300;

export function patternGrid(cells: readonly PatternCell[]): PatternGrid {
  const pct = Array.from({ length: 7 }, () => new Array<number | null>(24).fill(null));
  const assessedS = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  let filled = 0;
  for (const c of cells) {
    if (c.weekday < 0 || c.weekday > 6 || c.hour < 0 || c.hour > 23) continue;
    const row = pct[c.weekday]!;
    assessedS[c.weekday]![c.hour] = c.assessedS;
    const value = c.slouchPct ?? (c.assessedS > 0 ? (100 * c.slouchS) / c.assessedS : null);
    row[c.hour] = value;
    if (value !== null) filled++;
  }
  return { pct, assessedS, filled };
}

function hourRange(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00–${String((hour + 1) % 24).padStart(2, '0')}:00`;
}

/** "Most slouching on Tue 14:00–15:00 (48%); by hour of day, worst 14:00–15:00 (35%), best 09:00–10:00 (8%)." */
export function patternSummaryText(grid: PatternGrid): string {
  let top = { w: -1, h: -1, v: -1 };
  const byHour = Array.from({ length: 24 }, () => ({ sum: 0, n: 0 }));
  for (let w = 0; w < 7; w++) {
    for (let h = 0; h < 24; h++) {
      const v = grid.pct[w]?.[h] ?? null;
      if (v === null || (grid.assessedS[w]?.[h] ?? 0) < MIN_ASSESSED_S) continue;
      if (v > top.v) top = { w, h, v };
      const slot = byHour[h]!;
      slot.sum += v;
      slot.n++;
    }
  }
  if (top.w < 0) return 'Not enough worn time in this period to show a pattern.';
  const hours = byHour.flatMap((s, h) => (s.n > 0 ? [{ h, v: s.sum / s.n }] : []));
  hours.sort((a, b) => b.v - a.v);
  let text = `Most slouching on ${weekdayShortName(top.w)} ${hourRange(top.h)} (${formatPercent(top.v)} of the judged time)`;
  const worst = hours[0];
  const best = hours[hours.length - 1];
  if (worst && best && hours.length >= 2) {
    text += `; by hour of day, worst ${hourRange(worst.h)} (${formatPercent(worst.v)}), best ${hourRange(best.h)} (${formatPercent(best.v)})`;
  }
  return `${text}.`;
}

/** The cell's colour strength 0..1 from its slouch % (0 % faint, 60 % and above full). */
export function cellIntensity(pct: number): number {
  return Math.max(0, Math.min(1, pct / 60));
}
