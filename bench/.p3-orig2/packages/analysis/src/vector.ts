/**
 * Small in-place helpers for 3-vectors stored in `Float64Array`s (or any indexable numeric array).
 *
 * None of them allocates: the caller owns every array and passes the output explicitly. They are meant for
 * set-up, tests and per-window work; the per-sample hot paths (orientation filter) inline the same maths on
 * plain numbers instead of calling these, because a call per component costs more than the arithmetic.
 */

/** A 3-vector the helpers may write to. */
export type Vec3 = Float64Array | number[];
/** A 3-vector the helpers only read. */
export type ReadonlyVec3 = ArrayLike<number>;

/** Writes (x, y, z) into `out` and returns it. */
export function vec3Set(out: Vec3, x: number, y: number, z: number): Vec3 {
  out[0] = x;
  out[1] = y;
  out[2] = z;
  return out;
}

/** Copies `a` into `out` and returns `out`. */
export function vec3Copy(out: Vec3, a: ReadonlyVec3): Vec3 {
  out[0] = a[0] ?? 0;
  out[1] = a[1] ?? 0;
  out[2] = a[2] ?? 0;
  return out;
}

/** Dot product a · b. */
export function vec3Dot(a: ReadonlyVec3, b: ReadonlyVec3): number {
  return (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);
}

/** Euclidean length of `a` (sqrt of the sum of squares; `Math.hypot` is several times slower). */
export function vec3Length(a: ReadonlyVec3): number {
  return Math.sqrt(vec3Dot(a, a));
}

/** Cross product a × b into `out` (which may alias `a` or `b`), returns `out`. */
export function vec3Cross(out: Vec3, a: ReadonlyVec3, b: ReadonlyVec3): Vec3 {
  const ax = a[0] ?? 0;
  const ay = a[1] ?? 0;
  const az = a[2] ?? 0;
  const bx = b[0] ?? 0;
  const by = b[1] ?? 0;
  const bz = b[2] ?? 0;
  out[0] = ay * bz - az * by;
  out[1] = az * bx - ax * bz;
  out[2] = ax * by - ay * bx;
  return out;
}

/** out = a · s, returns `out`. */
export function vec3Scale(out: Vec3, a: ReadonlyVec3, s: number): Vec3 {
  out[0] = (a[0] ?? 0) * s;
  out[1] = (a[1] ?? 0) * s;
  out[2] = (a[2] ?? 0) * s;
  return out;
}

/** out = a + b · s (a scaled add, the usual integration step), returns `out`. */
export function vec3AddScaled(out: Vec3, a: ReadonlyVec3, b: ReadonlyVec3, s: number): Vec3 {
  out[0] = (a[0] ?? 0) + (b[0] ?? 0) * s;
  out[1] = (a[1] ?? 0) + (b[1] ?? 0) * s;
  out[2] = (a[2] ?? 0) + (b[2] ?? 0) * s;
  return out;
}

/**
 * Scales `v` in place to unit length and returns its former length. A zero (or non-finite) vector is left
 * unchanged and 0 is returned, so callers can test the result instead of checking beforehand.
 */
export function vec3Normalise(v: Vec3): number {
  const n2 = vec3Dot(v, v);
  if (!(n2 > 0) || n2 === Infinity) return 0;
  const n = Math.sqrt(n2);
  const inv = 1 / n;
  v[0] = (v[0] ?? 0) * inv;
  v[1] = (v[1] ?? 0) * inv;
  v[2] = (v[2] ?? 0) * inv;
  return n;
}

/**
 * Angle between `a` and `b` in degrees, 0 to 180, for vectors of any non-zero length. Uses atan2 of the cross
 * and dot products, which stays accurate for tiny angles where acos of the dot product loses all precision.
 */
export function vec3AngleDeg(a: ReadonlyVec3, b: ReadonlyVec3): number {
  const ax = a[0] ?? 0;
  const ay = a[1] ?? 0;
  const az = a[2] ?? 0;
  const bx = b[0] ?? 0;
  const by = b[1] ?? 0;
  const bz = b[2] ?? 0;
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  const sin = Math.sqrt(cx * cx + cy * cy + cz * cz);
  const cos = ax * bx + ay * by + az * bz;
  return (Math.atan2(sin, cos) * 180) / Math.PI;
}
