/**
 * The wearer's state as the live view names it, from their latest per-second point and whether any of their
 * devices is online. Pure.
 */
import type { Activity, Posture } from '@stance/protocol';

export type LiveStateName = 'upright' | 'slouched' | 'moving' | 'walking' | 'lying' | 'not_worn' | 'offline';

export interface LiveState {
  state: LiveStateName;
  /** When this state began, epoch ms (sensor time for states read from points, wall time for `offline`). */
  since: number;
}

/** A point as the stream sends it (the `posture` route's shape). */
export interface LivePoint {
  t: number;
  flexionDeg: number | null;
  lateralDeg: number | null;
  activity: Activity;
  posture: Posture;
}

/**
 * What one point says: not worn, lying, walking and moving come from the activity; a still (or not yet
 * classified) second is slouched or upright by its posture. A posture of 'unknown' while still (the sensor is
 * not calibrated yet) counts as upright, i.e. "no slouch detected"; the point itself says 'unknown'.
 */
export function pointState(p: Pick<LivePoint, 'activity' | 'posture'>): Exclude<LiveStateName, 'offline'> {
  switch (p.activity) {
    case 'not_worn':
    case 'lying':
    case 'walking':
    case 'moving':
      return p.activity;
    case 'still':
    case 'unknown':
      return p.posture === 'slouched' ? 'slouched' : 'upright';
  }
}

/**
 * Where the latest run of one state began, from points oldest first: walks back while the state stays the same
 * and the points are at most `gapMs` apart. Null for no points.
 */
export function latestRun(points: readonly LivePoint[], gapMs: number): LiveState | null {
  const last = points[points.length - 1];
  if (last === undefined) return null;
  const state = pointState(last);
  let since = last.t;
  for (let i = points.length - 2; i >= 0; i--) {
    const p = points[i] as LivePoint;
    if (since - p.t > gapMs || pointState(p) !== state) break;
    since = p.t;
  }
  return { state, since };
}
