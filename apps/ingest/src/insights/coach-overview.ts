/**
 * One line of a coach's list: a wearer's week against the week before, when their sensor was last heard from,
 * and the attention flags (attention-flags.ts), all in the wearer's local weeks.
 */
import type { PostureStore, Wearer } from '../store/store-port.js';
import { attentionFlags, DEFAULT_ATTENTION_SETTINGS, type AttentionDevice, type AttentionFlag } from './attention-flags.js';
import { HOUR_MS, localWeekStartMs, WEEK_MS } from './local-calendar.js';
import type { WeekNumbers } from './week-numbers.js';
import { readWeekNumbers, type WeekSources } from './wearer-weeks.js';

export interface CoachOverview {
  id: string;
  name: string;
  thisWeek: WeekNumbers;
  lastWeek: WeekNumbers;
  /** The latest time any of the wearer's devices was heard from, epoch ms; null when never. */
  lastSeenMs: number | null;
  flags: AttentionFlag[];
}

/** `devices`: the wearer's paired, enabled devices. */
export async function coachOverview(
  sources: WeekSources,
  wearer: Wearer,
  devices: readonly AttentionDevice[],
  nowMs: number,
): Promise<CoachOverview> {
  const start = localWeekStartMs(nowMs, wearer.utcOffsetMin);
  const [lastWeek, thisWeek] = await readWeekNumbers(sources, wearer.id, [start - WEEK_MS, start]);
  const seen = devices.map((d) => d.lastSeenMs).filter((t): t is number => t !== null);
  const flags = attentionFlags({
    nowMs,
    thisWeek: thisWeek as WeekNumbers,
    lastWeek: lastWeek as WeekNumbers,
    recentWornS: await recentWornS(sources.store, wearer.id, nowMs),
    devices,
    lastCalibrationMs: sources.store.listCalibrations(wearer.id, 1)[0]?.tMs ?? null,
  });
  return {
    id: wearer.id,
    name: wearer.name,
    thisWeek: thisWeek as WeekNumbers,
    lastWeek: lastWeek as WeekNumbers,
    lastSeenMs: seen.length > 0 ? Math.max(...seen) : null,
    flags,
  };
}

/** Worn seconds in the hour buckets of the not-worn window before now. */
async function recentWornS(store: PostureStore, wearerId: string, nowMs: number): Promise<number> {
  const fromMs = nowMs - DEFAULT_ATTENTION_SETTINGS.notWornWindowH * HOUR_MS;
  const hours = await store.readRollups(wearerId, 'hour', { fromMs, toMs: nowMs });
  return hours.reduce((sum, h) => sum + h.aggregate.wornS, 0);
}
