/**
 * Today's numbers for the home: the wearer-local day so far (summary day buckets are local days), yesterday
 * for the comparison, today's episodes and alerts. Alerts and episodes are loaded beside the summary and may
 * fail on their own (an older service has no alerts route): their tiles then say "—" instead of the whole
 * screen failing.
 */
import { api } from '../../lib/api/client.js';
import type { AlertList, AlertRecord, Episode, EpisodeList, SummaryAnswer, SummaryBucket } from '../../lib/api/types.js';
import { localMidnight } from '../../lib/format.js';

const DAY_MS = 86_400_000;
const HALF_DAY_MS = DAY_MS / 2;

export interface TodayNumbers {
  /** Local midnight that starts today, epoch ms. */
  dayStartMs: number;
  /** When these numbers were read. */
  readMs: number;
  today: SummaryBucket | null;
  yesterday: SummaryBucket | null;
  /** Null when they could not be read. */
  episodes: Episode[] | null;
  alerts: AlertRecord[] | null;
}

/** The bucket that starts near `startMs` (local midnight; tolerant of an offset changed since). */
function bucketNear(buckets: SummaryBucket[], startMs: number): SummaryBucket | null {
  return buckets.find((b) => Math.abs(b.start - startMs) < HALF_DAY_MS) ?? null;
}

export async function loadToday(wearerId: string, utcOffsetMin: number, nowMs = Date.now()): Promise<TodayNumbers> {
  const base = `/api/wearers/${encodeURIComponent(wearerId)}`;
  const dayStartMs = localMidnight(nowMs, utcOffsetMin);
  const toMs = nowMs + 60_000;
  const [summary, episodes, alerts] = await Promise.all([
    api.get<SummaryAnswer>(`${base}/summary`, { from: dayStartMs - DAY_MS, to: toMs, bucket: 'day' }),
    api.get<EpisodeList>(`${base}/episodes`, { from: dayStartMs, to: toMs }).then((a) => a.episodes, () => null),
    api.get<AlertList>(`${base}/alerts`, { from: dayStartMs, to: toMs }).then((a) => a.alerts, () => null),
  ]);
  return {
    dayStartMs,
    readMs: nowMs,
    today: bucketNear(summary.buckets, dayStartMs),
    yesterday: bucketNear(summary.buckets, dayStartMs - DAY_MS),
    episodes,
    alerts,
  };
}

/** Alerts today and how many the wearer corrected, from the bucket when it has them, else from the list. */
export function alertCounts(t: TodayNumbers): { alerts: number; corrected: number } | null {
  if (t.today?.alertCount !== undefined && t.today.correctedCount !== undefined) {
    return { alerts: t.today.alertCount, corrected: t.today.correctedCount };
  }
  if (t.alerts === null) return null;
  return { alerts: t.alerts.length, corrected: t.alerts.filter((a) => a.outcome === 'corrected').length };
}

/** The longest of today's episodes, or null. */
export function longestEpisode(episodes: Episode[] | null): Episode | null {
  if (!episodes || episodes.length === 0) return null;
  return episodes.reduce((a, b) => (b.durationS > a.durationS ? b : a));
}
