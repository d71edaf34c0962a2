/**
 * Scoring of tilt estimates against the BROAD dataset's optical reference (Laidig et al., Data 6(7), 2021),
 * as its authors score inclination: the angle between the reference "up" and the estimated "up", both in the
 * sensor frame, root mean square over the scored samples of a trial, then root mean square over trials.
 * Pure functions and a caller-owned accumulator; reading the files is the caller's business.
 */

const RAD_TO_DEG = 180 / Math.PI;

/**
 * Reference up vector in the sensor frame from the reference quaternion (sensor to an east-north-up frame):
 * the third row of its rotation matrix, normalised (the stored quaternions are rounded). Writes into `out`.
 */
export function referenceUp(qw: number, qx: number, qy: number, qz: number, out: Float64Array): Float64Array {
  const x = 2 * (qx * qz - qw * qy);
  const y = 2 * (qy * qz + qw * qx);
  const z = qw * qw - qx * qx - qy * qy + qz * qz;
  const inv = 1 / Math.sqrt(x * x + y * y + z * z);
  out[0] = x * inv;
  out[1] = y * inv;
  out[2] = z * inv;
  return out;
}

/** Angle between two up vectors (any non-zero length), degrees; atan2 form, accurate for small angles. */
export function inclinationErrorDeg(
  ux: number, uy: number, uz: number,
  rx: number, ry: number, rz: number,
): number {
  const cx = uy * rz - uz * ry;
  const cy = uz * rx - ux * rz;
  const cz = ux * ry - uy * rx;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ux * rx + uy * ry + uz * rz) * RAD_TO_DEG;
}

/** Running sum for one trial's RMSE. */
export interface InclinationScore {
  count: number;
  sumSquaresDeg2: number;
  maxDeg: number;
}

export function createInclinationScore(): InclinationScore {
  return { count: 0, sumSquaresDeg2: 0, maxDeg: 0 };
}

/**
 * Adds one sample: the estimate `up` against the reference quaternion. Call it only for samples that are scored
 * (movement = 1 and a reference present); returns the sample's error in degrees.
 */
export function addInclinationSample(
  score: InclinationScore,
  up: ArrayLike<number>,
  qw: number, qx: number, qy: number, qz: number,
): number {
  const rx = 2 * (qx * qz - qw * qy);
  const ry = 2 * (qy * qz + qw * qx);
  const rz = qw * qw - qx * qx - qy * qy + qz * qz;
  const e = inclinationErrorDeg(up[0] ?? 0, up[1] ?? 0, up[2] ?? 0, rx, ry, rz);
  score.count++;
  score.sumSquaresDeg2 += e * e;
  if (e > score.maxDeg) score.maxDeg = e;
  return e;
}

/** Root mean square error of a trial, degrees (NaN when nothing was scored). */
export function inclinationRmseDeg(score: Readonly<InclinationScore>): number {
  return score.count > 0 ? Math.sqrt(score.sumSquaresDeg2 / score.count) : NaN;
}

/** Root mean square of per-trial figures: the dataset's overall figure. */
export function rmsOf(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += v * v;
  return Math.sqrt(s / values.length);
}
