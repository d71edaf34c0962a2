import type { Calibration, TrunkFrame } from './calibration.js';
import { vec3AngleDeg } from './vector.js';

/** Where {@link trunkAngles} writes its result; the caller owns and reuses it. */
export interface TrunkAnglesOut {
  flexionDeg: number;
  lateralDeg: number;
}

const RAD_TO_DEG = 180 / Math.PI;

/**
 * Flexion and lateral bend of the trunk, exactly contracts section 1.
 *
 * `up` is the unit vector opposite to gravity in the sensor frame; it is normalised here anyway, so a filter
 * output that drifted off unit length does not bend asin. With U = up in trunk components (U_f, U_l, U_u):
 * flexion = asin(-U_f) (forward positive), lateral = atan2(U_l, U_u) (to the wearer's right positive).
 * A zero or non-finite `up` gives NaN for both. Pure, no allocation.
 */
export function trunkAngles(frame: TrunkFrame, up: ArrayLike<number>, out: TrunkAnglesOut): void {
  const x = up[0]!;
  const y = up[1]!;
  const z = up[2]!;
  const n2 = x * x + y * y + z * z; // not Math.hypot: many times slower in V8
  if (!(n2 > 0) || n2 === Infinity) {
    out.flexionDeg = NaN;
    out.lateralDeg = NaN;
    return;
  }
  const f = frame.f;
  const l = frame.l;
  const u = frame.u;
  const uf = (x * f[0]! + y * f[1]! + z * f[2]!) / Math.sqrt(n2);
  const ul = x * l[0]! + y * l[1]! + z * l[2]!;
  const uu = x * u[0]! + y * u[1]! + z * u[2]!;
  // Rounding can push |U_f| a hair past 1 in a full forward or backward bend. (Math.asin costs about half of
  // Math.atan2 in V8, so flexion is not computed as atan2(-U_f, √(U_l² + U_u²)).)
  out.flexionDeg = Math.asin(uf > 1 ? -1 : uf < -1 ? 1 : -uf) * RAD_TO_DEG;
  // For uu > 0 (within 90° of upright) atan2(ul, uu) is atan(ul/uu) bit for bit (fdlibm computes it so), and
  // V8's Math.atan plus a division is about a quarter cheaper than its Math.atan2.
  out.lateralDeg = (uu > 0 ? Math.atan(ul / uu) : Math.atan2(ul, uu)) * RAD_TO_DEG;
}

/** Angle between `up` and the calibrated up axis `u`, degrees, 0..180: the total tilt, whatever its direction. */
export function tiltFromNeutralDeg(u: ArrayLike<number>, up: ArrayLike<number>): number {
  return vec3AngleDeg(u, up);
}

/** True when the calibration knows the forward axis; a 'neutral-only' calibration knows only `u`. */
export function forwardKnown(calibration: Calibration): boolean {
  return calibration.method !== 'neutral-only';
}

/**
 * Angles under a calibration of any method. With the forward axis known this is {@link trunkAngles}. A
 * 'neutral-only' calibration cannot tell forward from sideways, so it reports the total tilt away from neutral
 * as `flexionDeg` (never negative; the sign is unknown) and `lateralDeg` = NaN (unknown, not zero).
 */
export function calibratedAngles(calibration: Calibration, up: ArrayLike<number>, out: TrunkAnglesOut): void {
  if (forwardKnown(calibration)) {
    trunkAngles(calibration.frame, up, out);
    return;
  }
  out.flexionDeg = tiltFromNeutralDeg(calibration.frame.u, up);
  out.lateralDeg = NaN;
}
