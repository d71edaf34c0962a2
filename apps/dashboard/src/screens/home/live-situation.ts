/**
 * What the home says about right now, from the live feed: honest about a missing sensor, an offline one, a
 * sensor not worn, and a connection still opening. The words for each posture state live here too.
 */
import type { LiveDeviceStatus, LiveState, LiveStateName } from '../../lib/api/types.js';

export type LiveSituation =
  | { kind: 'connecting' }
  | { kind: 'no_device' }
  | { kind: 'offline'; lastSeenMs: number | null; since: number | null }
  | { kind: 'state'; state: LiveStateName; since: number }
  | { kind: 'waiting' };

export interface StateWords {
  label: string;
  detail: string;
  /** good: within the limit; bad: beyond it; neutral: posture not judged. */
  tone: 'good' | 'bad' | 'neutral';
}

export const STATE_WORDS: Readonly<Record<LiveStateName, StateWords>> = Object.freeze({
  upright: { label: 'Upright', detail: 'Your upper back is within your limit. Keep it up.', tone: 'good' },
  slouched: { label: 'Slouched', detail: 'You are leaning forward past your limit. Sit tall: chest up, shoulders back and down.', tone: 'bad' },
  moving: { label: 'Moving', detail: 'Posture is not judged while you move about.', tone: 'neutral' },
  walking: { label: 'Walking', detail: 'Posture is not judged while you walk.', tone: 'neutral' },
  lying: { label: 'Lying down', detail: 'Posture is not judged while you lie down.', tone: 'neutral' },
  not_worn: { label: 'Not worn', detail: 'The sensor is on but not on your back. Clip it between your shoulder blades to track your posture.', tone: 'neutral' },
  offline: { label: 'Sensor offline', detail: 'The sensor is not sending data.', tone: 'neutral' },
});

export interface FeedView {
  ready: boolean;
  state: LiveState | null;
  devices: LiveDeviceStatus[];
  /** The latest point: its time counts as "last heard from" too (device times are from the snapshot). */
  point: { t: number } | null;
}

export function situationOf(feed: FeedView): LiveSituation {
  if (!feed.ready) return { kind: 'connecting' };
  if (feed.devices.length === 0) return { kind: 'no_device' };
  const anyOnline = feed.devices.some((d) => d.online);
  if (feed.state?.state === 'offline' || !anyOnline) {
    const seen = lastSeenOf(feed.devices);
    const lastSeenMs = feed.point && (seen === null || feed.point.t > seen) ? feed.point.t : seen;
    return { kind: 'offline', lastSeenMs, since: feed.state?.state === 'offline' ? feed.state.since : null };
  }
  if (!feed.state) return { kind: 'waiting' };
  return { kind: 'state', state: feed.state.state, since: feed.state.since };
}

/** The latest time any of the wearer's sensors was heard from. */
export function lastSeenOf(devices: LiveDeviceStatus[]): number | null {
  let latest: number | null = null;
  for (const d of devices) if (d.lastSeenMs !== null && (latest === null || d.lastSeenMs > latest)) latest = d.lastSeenMs;
  return latest;
}

/** Lowest battery among the online sensors (the one to charge), or null. */
export function lowestBattery(devices: LiveDeviceStatus[]): number | null {
  const levels = devices.filter((d) => d.online && d.battery !== null).map((d) => d.battery as number);
  return levels.length ? Math.min(...levels) : null;
}
