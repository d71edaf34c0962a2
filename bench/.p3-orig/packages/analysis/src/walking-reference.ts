import type { Activity } from '@stance/protocol';

/**
 * The wearer's walking posture as a reference: people walk with a fairly upright, symmetric trunk, whatever
 * they do sitting. The mean up vector over settled walking (the first `settleS` of each bout left out, where
 * the wearer is still straightening up from the chair) is therefore a prior for neutral that a long slouch at
 * a desk cannot fake. Linear accelerations of gait average out in the orientation filter; the gait's own pitch
 * and roll oscillations average out over a few strides.
 */
export interface WalkingReferenceSettings {
  /** Walking time at the start of each bout that is left out, seconds. */
  settleS: number;
  /** Settled walking time before the reference counts as known, seconds. */
  minWalkS: number;
}

export const DEFAULT_WALKING_REFERENCE_SETTINGS: Readonly<WalkingReferenceSettings> = Object.freeze({
  settleS: 4,
  minWalkS: 30,
});

export interface WalkingReference {
  readonly settings: Readonly<WalkingReferenceSettings>;
  /** Settled walking time seen, seconds. */
  readonly walkS: number;
  /** At least `minWalkS` of settled walking seen: `up` means something. */
  readonly known: boolean;
  /** Mean up while walking, unit, sensor frame (zero until any walking is seen). */
  readonly up: Float64Array;
}

interface State extends WalkingReference {
  walkS: number;
  known: boolean;
  boutS: number;
  sum: Float64Array;
}

export function createWalkingReference(settings: Partial<WalkingReferenceSettings> = {}): WalkingReference {
  const s = Object.freeze({ ...DEFAULT_WALKING_REFERENCE_SETTINGS, ...settings });
  const state: State = { settings: s, walkS: 0, known: false, up: new Float64Array(3), boutS: 0, sum: new Float64Array(3) };
  return state;
}

export function resetWalkingReference(w: WalkingReference): void {
  const s = w as State;
  s.walkS = 0;
  s.known = false;
  s.boutS = 0;
  s.up.fill(0);
  s.sum.fill(0);
}

/** One sample: `dtS` (0 across a gap), the filter's up (sensor frame), the activity. No allocation. */
export function updateWalkingReference(w: WalkingReference, dtS: number, up: ArrayLike<number>, activity: Activity): void {
  const s = w as State;
  if (activity !== 'walking' || !(dtS > 0)) {
    s.boutS = 0;
    return;
  }
  s.boutS += dtS;
  if (s.boutS < s.settings.settleS) return;
  const n = Math.sqrt(up[0]! * up[0]! + up[1]! * up[1]! + up[2]! * up[2]!); // not Math.hypot: slow in V8
  if (!(n > 0) || !Number.isFinite(n)) return;
  const sum = s.sum;
  sum[0] = sum[0]! + (dtS * up[0]!) / n;
  sum[1] = sum[1]! + (dtS * up[1]!) / n;
  sum[2] = sum[2]! + (dtS * up[2]!) / n;
  s.walkS += dtS;
  const m = Math.sqrt(sum[0]! * sum[0]! + sum[1]! * sum[1]! + sum[2]! * sum[2]!);
  s.up[0] = sum[0]! / m;
  s.up[1] = sum[1]! / m;
  s.up[2] = sum[2]! / m;
  s.known = s.walkS >= s.settings.minWalkS;
}
