/**
 * 3×3 rotation matrices, row-major in a Float64Array(9). Small, allocation-light helpers for building
 * mountings; the per-sample code inlines its own arithmetic.
 */
export type Mat3 = Float64Array;

export function identity3(): Mat3 {
  return Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
}

/** Matrix whose columns are `x`, `y`, `z`. */
export function fromColumns(x: readonly number[], y: readonly number[], z: readonly number[]): Mat3 {
  return Float64Array.of(x[0] ?? 0, y[0] ?? 0, z[0] ?? 0, x[1] ?? 0, y[1] ?? 0, z[1] ?? 0, x[2] ?? 0, y[2] ?? 0, z[2] ?? 0);
}

export function multiply3(a: Mat3, b: Mat3): Mat3 {
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      out[i * 3 + j] = a[i * 3]! * b[j]! + a[i * 3 + 1]! * b[3 + j]! + a[i * 3 + 2]! * b[6 + j]!;
  return out;
}

/** Rotation by `angleRad` about the unit axis `(x, y, z)` (Rodrigues). */
export function axisAngle3(x: number, y: number, z: number, angleRad: number): Mat3 {
  const n = Math.hypot(x, y, z);
  x /= n;
  y /= n;
  z /= n;
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  const k = 1 - c;
  return Float64Array.of(
    c + x * x * k, x * y * k - z * s, x * z * k + y * s,
    y * x * k + z * s, c + y * y * k, y * z * k - x * s,
    z * x * k - y * s, z * y * k + x * s, c + z * z * k,
  );
}

/** `out = mᵀ v` (from the frame whose axes are m's columns back to ... the column frame's components). */
export function transposeTimes3(m: Mat3, v: ArrayLike<number>, out: Float64Array, outOffset = 0): void {
  const x = v[0]!;
  const y = v[1]!;
  const z = v[2]!;
  out[outOffset] = m[0]! * x + m[3]! * y + m[6]! * z;
  out[outOffset + 1] = m[1]! * x + m[4]! * y + m[7]! * z;
  out[outOffset + 2] = m[2]! * x + m[5]! * y + m[8]! * z;
}

/** `out = m v`. */
export function times3(m: Mat3, v: ArrayLike<number>, out: Float64Array, outOffset = 0): void {
  const x = v[0]!;
  const y = v[1]!;
  const z = v[2]!;
  out[outOffset] = m[0]! * x + m[1]! * y + m[2]! * z;
  out[outOffset + 1] = m[3]! * x + m[4]! * y + m[5]! * z;
  out[outOffset + 2] = m[6]! * x + m[7]! * y + m[8]! * z;
}

/** Trunk orientation R = Rz(heading)·Ry(flexion)·Rx(lateral) of contracts section 1 (radians). */
export function trunkRotation(flexionRad: number, lateralRad: number, headingRad: number): Mat3 {
  const ct = Math.cos(flexionRad), st = Math.sin(flexionRad);
  const cp = Math.cos(lateralRad), sp = Math.sin(lateralRad);
  const cy = Math.cos(headingRad), sy = Math.sin(headingRad);
  return Float64Array.of(
    cy * ct, cy * st * sp - sy * cp, cy * st * cp + sy * sp,
    sy * ct, sy * st * sp + cy * cp, sy * st * cp - cy * sp,
    -st, ct * sp, ct * cp,
  );
}
