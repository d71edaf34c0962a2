/**
 * How each demo wearer wears the sensor, day by day: which firmware-sim scenarios make up a worn session and
 * when it starts. A desk block is either `desk-day` (creeping slouches, a quarter of the time above 20°) or
 * `fidgety-sitter` (upright, only short leans), so the share of slouchy blocks sets the trend a coach sees.
 */
import { deriveSeed } from '@stance/firmware-sim';
import type { SessionPart, WornSession } from './simulated-history.js';

/** One local day of the history. */
export interface HabitDay {
  /** Local midnight of the day (the machine's time zone), epoch ms. */
  midnightMs: number;
  /** 0 for the oldest day of the history, `days - 1` for today. */
  index: number;
  days: number;
  /** 0 = Monday ... 6 = Sunday. */
  weekday: number;
}

export interface Habit {
  /** One line for the demo's printout. */
  summary: string;
  /** The day's worn session, or null when the sensor stayed in the drawer. */
  session(day: HabitDay, seed: number): WornSession | null;
}

/** Deterministic uniform in [0, 1) for a named choice. */
function chance(seed: number, label: string): number {
  return deriveSeed(seed, label) / 4294967296;
}

const DESK_BLOCK_S = 30 * 60;

/**
 * A working day: desk blocks of 30 minutes broken by walks and a standing-desk stretch. `slouchShare` is the
 * probability that a desk block is a slouchy one.
 */
function workday(day: HabitDay, seed: number, slouchShare: number, deskBlocks: number, standing: boolean): WornSession {
  const parts: SessionPart[] = [];
  for (let block = 0; block < deskBlocks; block++) {
    const slouchy = chance(seed, `desk ${day.index} ${block}`) < slouchShare;
    parts.push({ scenario: slouchy ? 'desk-day' : 'fidgety-sitter', durationS: DESK_BLOCK_S });
    if (block === 1 || block === deskBlocks - 2) parts.push({ scenario: 'walk', durationS: 300 });
    if (block === Math.floor(deskBlocks / 2)) {
      parts.push({ scenario: 'walk', durationS: 600 });
      if (standing) parts.push({ scenario: 'standing-desk', durationS: 1200 });
    }
  }
  const startMin = 8 * 60 + 20 + Math.floor(chance(seed, `start ${day.index}`) * 50);
  return { startMs: day.midnightMs + startMin * 60_000, seed: deriveSeed(seed, `session ${day.index}`), parts };
}

const weekend = (day: HabitDay): boolean => day.weekday >= 5;

/** Slouches less every day: slouchy blocks fall from 85 % to 15 %, a standing-desk stretch most days. */
export const IMPROVING: Habit = {
  summary: 'improving: slouchy desk blocks fall from 85 % to 15 % over the two weeks',
  session(day, seed) {
    const progress = day.days <= 1 ? 1 : day.index / (day.days - 1);
    const share = 0.85 - 0.7 * progress;
    return weekend(day) ? workday(day, seed, share, 3, false) : workday(day, seed, share, 8, true);
  },
};

/** Slouches more every day: slouchy blocks rise from 20 % to 90 %, the standing desk abandoned. */
export const WORSENING: Habit = {
  summary: 'worsening: slouchy desk blocks rise from 20 % to 90 %, the standing desk abandoned',
  session(day, seed) {
    const progress = day.days <= 1 ? 1 : day.index / (day.days - 1);
    const share = 0.2 + 0.7 * progress;
    return weekend(day) ? workday(day, seed, share, 3, false) : workday(day, seed, share, 8, progress < 0.5);
  },
};

/**
 * Wears it on about one day in four, an hour or two, then leaves it on the desk; not at all in the last three
 * days, so the coach's list flags the wearer as "not worn".
 */
export const RARELY_WORN: Habit = {
  summary: 'rarely wears it: about one day in four, an hour or two, then the sensor lies on the desk; not in the last 3 days',
  session(day, seed) {
    if (day.index >= day.days - 3 || chance(seed, `worn ${day.index}`) > 0.3) return null;
    const blocks = 2 + Math.floor(chance(seed, `blocks ${day.index}`) * 3);
    const parts: SessionPart[] = [];
    for (let block = 0; block < blocks; block++) parts.push({ scenario: 'desk-day', durationS: DESK_BLOCK_S });
    parts.push({ scenario: 'not-worn', durationS: 1200 });
    const startMin = 9 * 60 + Math.floor(chance(seed, `start ${day.index}`) * 180);
    return { startMs: day.midnightMs + startMin * 60_000, seed: deriveSeed(seed, `session ${day.index}`), parts };
  },
};
