/**
 * A wearer's movement as a chain of segments. Each segment moves the pose channels from `from` to `to`
 * along a minimum-jerk profile (a hold when they are equal); sway and gait oscillations ride on top,
 * scaled by the pose's `swayGain` and `walkGain` channels so they fade in and out smoothly.
 */
import type { Activity } from '@stance/protocol';

/** Indices of the pose channels in a `Pose` (Float64Array of POSE_CHANNELS). */
export const FLEXION = 0;   // deg, contracts section 1 (forward bend positive)
export const LATERAL = 1;   // deg, bend to the wearer's right positive
export const HEADING = 2;   // deg, about world up (counter-clockwise seen from above)
export const HIP_UP = 3;    // m, height of the hip pivot over its sitting height
export const SWAY = 4;      // gain, 0 = perfectly still, 1 = relaxed sitting sway
export const WALK = 5;      // gain, 0 = not walking, 1 = full gait at the scenario's step rate and speed
export const POSE_CHANNELS = 6;

export type Pose = Float64Array;

export interface PoseChange {
  flexionDeg?: number;
  lateralDeg?: number;
  headingDeg?: number;
  hipUpM?: number;
  swayGain?: number;
  walkGain?: number;
}

/** A slipping clip: the mounting turns by `angleDeg` about the sensor axis `axis` over the segment. */
export interface MountSlip {
  axis: readonly [number, number, number];
  angleDeg: number;
}

export interface MotionSegment {
  /** True time, seconds from the start of the recording. */
  t0S: number;
  t1S: number;
  from: Pose;
  to: Pose;
  /** Ground-truth activity for every sample of the segment. */
  activity: Activity;
  /** True when from === to on every channel: no move, only overlays. */
  hold: boolean;
  /** A hold the wearer leaves when buzzed: ends `reactionS` after a haptic buzz. */
  hapticReactionS?: number;
  slip?: MountSlip;
}

export function poseOf(p: PoseChange, base?: Pose): Pose {
  const out = base ? Float64Array.from(base) : new Float64Array(POSE_CHANNELS);
  if (p.flexionDeg !== undefined) out[FLEXION] = p.flexionDeg;
  if (p.lateralDeg !== undefined) out[LATERAL] = p.lateralDeg;
  if (p.headingDeg !== undefined) out[HEADING] = p.headingDeg;
  if (p.hipUpM !== undefined) out[HIP_UP] = p.hipUpM;
  if (p.swayGain !== undefined) out[SWAY] = p.swayGain;
  if (p.walkGain !== undefined) out[WALK] = p.walkGain;
  return out;
}

export function samePose(a: Pose, b: Pose): boolean {
  for (let k = 0; k < POSE_CHANNELS; k++) if (a[k] !== b[k]) return false;
  return true;
}
