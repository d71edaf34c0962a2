import { CalibrationError } from './calibration-error.js';
import type { IndexRange } from './calibration.js';

// The forward axis f (sensor frame) of a wearer whose neutral up axis u is known. While the trunk flexes by θ
// the up vector, in trunk components, is (-sin θ, 0, cos θ): it leaves u towards -f. So f is minus the direction
// in which up leaves u, found either from one deliberate bend (window) or from hours of ordinary movement.

const DEG = Math.PI / 180;

export interface BendSettings {
  /** Fewest samples a bend window may hold. */
  minSamples: number;
  /** Shallowest usable bend (its `depthPercentile` tilt), degrees. */
  minDepthDeg: number;
  /** Percentile of the window's tilts taken as the bend depth, 0..1; below 1 so one spike does not count. */
  depthPercentile: number;
  /** Samples tilted at least this fraction of the depth give the bend direction, 0..1. */
  topFraction: number;
  /** Samples tilted at least this fraction of the depth count for planarity, 0..1. */
  movingFraction: number;
  /** RMS sideways / RMS forward deviation above which the bend is refused as not a forward bend. */
  maxLateralRatio: number;
  /** Depth at which the depth part of the quality reaches 1, degrees. */
  fullQualityDepthDeg: number;
}

export const DEFAULT_BEND_SETTINGS: Readonly<BendSettings> = Object.freeze({
  minSamples: 10,
  minDepthDeg: 12,
  depthPercentile: 0.95,
  topFraction: 0.6,
  movingFraction: 0.25,
  maxLateralRatio: 0.3,
  fullQualityDepthDeg: 30,
});

export interface BendAxis {
  /** Unit forward axis, perpendicular to u, sensor frame. */
  f: Float64Array;
  depthDeg: number;
  /** RMS sideways / RMS forward deviation of the moving part of the bend; 0 for a clean forward bend. */
  lateralRatio: number;
  /** 0..1: min(1, depth / fullQualityDepthDeg) × (1 - lateralRatio / maxLateralRatio). */
  quality: number;
}

/**
 * Forward axis from a window containing one forward bend: minus the mean perpendicular deviation of the most
 * tilted samples. Refuses a bend shallower than `minDepthDeg` (`bend_too_shallow`) and one whose sideways part
 * is too large (`bend_not_planar`): a twist or a side bend would otherwise tilt the forward axis.
 */
export function forwardFromBend(up: Float64Array, range: IndexRange, u: ArrayLike<number>, settings: Partial<BendSettings> = {}): BendAxis {
  const s = { ...DEFAULT_BEND_SETTINGS, ...settings };
  const total = Math.floor(up.length / 3);
  if (range.start < 0 || range.end > total || range.start > range.end) {
    throw new CalibrationError('window_out_of_range', ['bend', range.start, range.end, total]);
  }
  const count = range.end - range.start;
  if (count < s.minSamples) throw new CalibrationError('window_empty', ['bend', count, s.minSamples]);
  const ux = u[0]!, uy = u[1]!, uz = u[2]!;
  // Perpendicular deviations (of the normalised up vectors) and tilt angles.
  const dev = new Float64Array(3 * count);
  const tilt = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const i = range.start + k;
    const n = Math.hypot(up[3 * i]!, up[3 * i + 1]!, up[3 * i + 2]!);
    if (!(n > 0) || !Number.isFinite(n)) throw new CalibrationError('invalid_vector', ['bend', i]);
    const x = up[3 * i]! / n, y = up[3 * i + 1]! / n, z = up[3 * i + 2]! / n;
    const c = x * ux + y * uy + z * uz;
    const dx = x - c * ux, dy = y - c * uy, dz = z - c * uz;
    dev[3 * k] = dx; dev[3 * k + 1] = dy; dev[3 * k + 2] = dz;
    tilt[k] = Math.atan2(Math.hypot(dx, dy, dz), c) / DEG;
  }
  const sorted = tilt.slice().sort();
  const depthDeg = sorted[Math.min(count - 1, Math.floor(s.depthPercentile * (count - 1)))]!;
  if (!(depthDeg >= s.minDepthDeg)) {
    throw new CalibrationError('bend_too_shallow', [depthDeg.toFixed(1), s.minDepthDeg], { bendDepthDeg: depthDeg });
  }
  let gx = 0, gy = 0, gz = 0;
  for (let k = 0; k < count; k++) {
    if (tilt[k]! < s.topFraction * depthDeg) continue;
    gx += dev[3 * k]!; gy += dev[3 * k + 1]!; gz += dev[3 * k + 2]!;
  }
  const gn = Math.hypot(gx, gy, gz);
  const f = Float64Array.of(-gx / gn, -gy / gn, -gz / gn);
  const lx = uy * f[2]! - uz * f[1]!, ly = uz * f[0]! - ux * f[2]!, lz = ux * f[1]! - uy * f[0]!;
  let sagittalSq = 0, lateralSq = 0;
  for (let k = 0; k < count; k++) {
    if (tilt[k]! < s.movingFraction * depthDeg) continue;
    const dx = dev[3 * k]!, dy = dev[3 * k + 1]!, dz = dev[3 * k + 2]!;
    const sag = dx * f[0]! + dy * f[1]! + dz * f[2]!;
    const lat = dx * lx + dy * ly + dz * lz;
    sagittalSq += sag * sag;
    lateralSq += lat * lat;
  }
  const lateralRatio = Math.sqrt(lateralSq / sagittalSq);
  if (!(lateralRatio <= s.maxLateralRatio)) {
    throw new CalibrationError('bend_not_planar', [lateralRatio.toFixed(2), s.maxLateralRatio], { bendDepthDeg: depthDeg, bendLateralRatio: lateralRatio });
  }
  const quality = Math.min(1, depthDeg / s.fullQualityDepthDeg) * (1 - lateralRatio / s.maxLateralRatio);
  return { f, depthDeg, lateralRatio, quality };
}

export interface MotionForwardSettings {
  /** Tilts from u below this are posture noise around neutral and carry no direction, degrees. */
  minTiltDeg: number;
  /** Tilts above this are lying down or the sensor off the body, not trunk flexion, degrees. */
  maxTiltDeg: number;
  /** Time spent tilted (between the two limits) before any answer, seconds. */
  minEvidenceS: number;
  /** Evidence time at which the evidence part of the quality reaches one half, seconds. */
  halfEvidenceS: number;
  /** Smallest 1 - λ2/λ1 of the deviation second moment: how much the deviations keep to one axis, 0..1. */
  minAnisotropy: number;
  /** Smallest |mean| / RMS of the deviations along that axis: how one-sided (forward) they are, 0..1. */
  minOneSidedness: number;
  /** Longest gap between samples that still counts as time, seconds (a gap is not evidence). */
  maxStepS: number;
}

export const DEFAULT_MOTION_FORWARD_SETTINGS: Readonly<MotionForwardSettings> = Object.freeze({
  minTiltDeg: 5,
  maxTiltDeg: 70,
  minEvidenceS: 60,
  halfEvidenceS: 60,
  minAnisotropy: 0.5,
  minOneSidedness: 0.35,
  maxStepS: 1,
});

/**
 * Forward axis from the wearer's own movement, no bend window. People flex forward (bends, slouches) far more
 * and further than they extend or lean sideways, so the deviations of up from u keep mostly to one axis (the
 * sagittal one, ±f) and mostly to one side of it (-f). The state holds time-weighted first and second moments
 * of the *3-D* up vectors; they are projected onto the plane perpendicular to u only when solving, so a
 * refined u (auto-calibration) re-uses everything seen so far.
 */
export interface MotionForwardEstimator {
  readonly settings: Readonly<MotionForwardSettings>;
  /** The neutral up axis deviations are measured from; set it with `setMotionForwardNeutral`. */
  readonly u: Float64Array;
  /** Seconds of tilted time accumulated. */
  readonly evidenceS: number;
  /** Outputs of the last `solveMotionForward`. */
  readonly known: boolean;
  readonly f: Float64Array;
  readonly quality: number;
  readonly anisotropy: number;
  readonly oneSidedness: number;
}

interface State extends MotionForwardEstimator {
  evidenceS: number;
  known: boolean;
  quality: number;
  anisotropy: number;
  oneSidedness: number;
  /** Σ dt·up (3) and Σ dt·up upᵀ (xx, xy, xz, yy, yz, zz). */
  m1: Float64Array;
  m2: Float64Array;
  cosMin: number;
  cosMax: number;
}

export function createMotionForward(u: ArrayLike<number>, settings: Partial<MotionForwardSettings> = {}): MotionForwardEstimator {
  const s = Object.freeze({ ...DEFAULT_MOTION_FORWARD_SETTINGS, ...settings });
  const state: State = {
    settings: s, u: new Float64Array(3), evidenceS: 0, known: false, f: new Float64Array(3), quality: 0,
    anisotropy: 0, oneSidedness: 0, m1: new Float64Array(3), m2: new Float64Array(6),
    cosMin: Math.cos(s.minTiltDeg * DEG), cosMax: Math.cos(s.maxTiltDeg * DEG),
  };
  setMotionForwardNeutral(state, u);
  return state;
}

/** Forget all evidence (the sensor was re-clipped); keeps `u`. */
export function resetMotionForward(e: MotionForwardEstimator): void {
  const s = e as State;
  s.m1.fill(0); s.m2.fill(0); s.evidenceS = 0; s.known = false; s.quality = 0; s.anisotropy = 0; s.oneSidedness = 0;
  s.f.fill(0);
}

/** Move the neutral axis (a refined u); the evidence is kept and re-projected at the next solve. */
export function setMotionForwardNeutral(e: MotionForwardEstimator, u: ArrayLike<number>): void {
  const n = Math.hypot(u[0]!, u[1]!, u[2]!);
  e.u[0] = u[0]! / n; e.u[1] = u[1]! / n; e.u[2] = u[2]! / n;
}

/** One sample: `dtS` since the previous one, `up` in the sensor frame. No allocation. */
export function updateMotionForward(e: MotionForwardEstimator, dtS: number, up: ArrayLike<number>): void {
  const s = e as State;
  if (!(dtS > 0)) return;
  const n = Math.sqrt(up[0]! * up[0]! + up[1]! * up[1]! + up[2]! * up[2]!); // not Math.hypot: slow in V8
  if (!(n > 0) || !Number.isFinite(n)) return;
  const x = up[0]! / n, y = up[1]! / n, z = up[2]! / n;
  const c = x * s.u[0]! + y * s.u[1]! + z * s.u[2]!;
  if (c > s.cosMin || c < s.cosMax) return;
  const w = Math.min(dtS, s.settings.maxStepS);
  s.evidenceS += w;
  const m1 = s.m1, m2 = s.m2;
  m1[0] = m1[0]! + w * x; m1[1] = m1[1]! + w * y; m1[2] = m1[2]! + w * z;
  m2[0] = m2[0]! + w * x * x; m2[1] = m2[1]! + w * x * y; m2[2] = m2[2]! + w * x * z;
  m2[3] = m2[3]! + w * y * y; m2[4] = m2[4]! + w * y * z; m2[5] = m2[5]! + w * z * z;
}

/** aᵀ M b for the symmetric 3×3 M stored as (xx, xy, xz, yy, yz, zz). */
function quadratic(m: Float64Array, ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
  return ax * (m[0]! * bx + m[1]! * by + m[2]! * bz) +
    ay * (m[1]! * bx + m[3]! * by + m[4]! * bz) +
    az * (m[2]! * bx + m[4]! * by + m[5]! * bz);
}

/**
 * Solve for f from the evidence so far and write `known`, `f`, `quality`, `anisotropy`, `oneSidedness`.
 * quality = anisotropy × oneSidedness × evidenceS / (evidenceS + halfEvidenceS). No allocation; cheap enough to
 * call every second.
 */
export function solveMotionForward(e: MotionForwardEstimator): void {
  const s = e as State;
  const u = s.u;
  // Basis (e1, e2) of the plane perpendicular to u: cross u with the sensor axis least aligned with it.
  const ax = Math.abs(u[0]!), ay = Math.abs(u[1]!), az = Math.abs(u[2]!);
  let e1x: number, e1y: number, e1z: number;
  if (ax <= ay && ax <= az) { e1x = 0; e1y = u[2]!; e1z = -u[1]!; }
  else if (ay <= az) { e1x = -u[2]!; e1y = 0; e1z = u[0]!; }
  else { e1x = u[1]!; e1y = -u[0]!; e1z = 0; }
  const n1 = Math.hypot(e1x, e1y, e1z);
  e1x /= n1; e1y /= n1; e1z /= n1;
  const e2x = u[1]! * e1z - u[2]! * e1y, e2y = u[2]! * e1x - u[0]! * e1z, e2z = u[0]! * e1y - u[1]! * e1x;
  const m1 = s.m1, m2 = s.m2;
  // Projections of the moments: e1 and e2 are perpendicular to u, so e·up = e·(up's deviation).
  const mean1 = m1[0]! * e1x + m1[1]! * e1y + m1[2]! * e1z;
  const mean2 = m1[0]! * e2x + m1[1]! * e2y + m1[2]! * e2z;
  const a = quadratic(m2, e1x, e1y, e1z, e1x, e1y, e1z);
  const b = quadratic(m2, e1x, e1y, e1z, e2x, e2y, e2z);
  const c = quadratic(m2, e2x, e2y, e2z, e2x, e2y, e2z);
  const half = Math.hypot((a - c) / 2, b);
  const l1 = (a + c) / 2 + half;
  const l2 = (a + c) / 2 - half;
  const angle = 0.5 * Math.atan2(2 * b, a - c);
  const ca = Math.cos(angle), sa = Math.sin(angle);
  const meanAlong = (mean1 * ca + mean2 * sa) / s.evidenceS;
  const rmsAlong = Math.sqrt(l1 / s.evidenceS);
  s.anisotropy = l1 > 0 ? 1 - Math.max(0, l2) / l1 : 0;
  s.oneSidedness = rmsAlong > 0 ? Math.min(1, Math.abs(meanAlong) / rmsAlong) : 0;
  // Up leaves u towards -f: f points opposite to the side the deviations lean to.
  const sign = meanAlong > 0 ? -1 : 1;
  s.f[0] = sign * (ca * e1x + sa * e2x);
  s.f[1] = sign * (ca * e1y + sa * e2y);
  s.f[2] = sign * (ca * e1z + sa * e2z);
  const st = s.settings;
  s.quality = s.evidenceS > 0 ? s.anisotropy * s.oneSidedness * (s.evidenceS / (s.evidenceS + st.halfEvidenceS)) : 0;
  s.known = s.evidenceS >= st.minEvidenceS && s.anisotropy >= st.minAnisotropy && s.oneSidedness >= st.minOneSidedness;
}

/** Batch form over a recording: feeds samples `range` of `up` (interleaved) with times `timeS`, then solves. */
export function forwardFromMotion(
  up: Float64Array,
  timeS: ArrayLike<number>,
  range: IndexRange,
  u: ArrayLike<number>,
  settings: Partial<MotionForwardSettings> = {},
): MotionForwardEstimator {
  const e = createMotionForward(u, settings);
  const v = new Float64Array(3);
  for (let i = Math.max(1, range.start); i < range.end; i++) {
    v[0] = up[3 * i]!; v[1] = up[3 * i + 1]!; v[2] = up[3 * i + 2]!;
    updateMotionForward(e, timeS[i]! - timeS[i - 1]!, v);
  }
  solveMotionForward(e);
  return e;
}
