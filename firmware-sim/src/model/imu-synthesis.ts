/**
 * Ideal IMU readings from trunk kinematics and a mounting. The gyroscope is the trunk's body angular
 * velocity (exact from the Euler-angle rates) rotated into the sensor frame; the accelerometer is the
 * specific force at the sensor: gravity reaction (+1 g up), hip acceleration, and the lever-arm terms
 * α×r + ω×(ω×r) of the trunk rotating about the hips.
 */
import type { TrunkKinematics } from './trunk-kinematics.js';

/** Standard gravity, m/s². */
export const STANDARD_GRAVITY_MPS2 = 9.80665;
const DEG = 180 / Math.PI;

/**
 * Writes the ideal accelerometer (g) and gyroscope (deg/s) at `i3` of `acc`/`gyr`, and the true up vector
 * in the sensor frame into `up` at `i3` when given. `m` is the row-major sensor→trunk rotation, `lever` the
 * sensor position from the hip pivot in the trunk frame (m); (sx, sy, sz) an extra sensor-frame angular
 * rate in rad/s (a slipping clip).
 */
export function synthesizeImu(
  k: TrunkKinematics, m: Float64Array, lever: Float64Array, sx: number, sy: number, sz: number,
  acc: Float64Array, gyr: Float64Array, i3: number, up: Float64Array | null,
): void {
  const ct = Math.cos(k.th), st = Math.sin(k.th);
  const cp = Math.cos(k.ph), sp = Math.sin(k.ph);
  const thd = k.thd, phd = k.phd, psd = k.psd;
  const thdd = k.thdd, phdd = k.phdd, psdd = k.psdd;

  // World up in trunk components: third row of R.
  const uf = -st, ul = ct * sp, uu = ct * cp;

  // Body angular velocity and its derivative (trunk frame, rad/s, rad/s²).
  const w1 = phd - st * psd;
  const w2 = cp * thd + sp * ct * psd;
  const w3 = -sp * thd + cp * ct * psd;
  const a1 = phdd - ct * thd * psd - st * psdd;
  const a2 = -sp * phd * thd + cp * thdd + cp * phd * ct * psd - sp * st * thd * psd + sp * ct * psdd;
  const a3 = -cp * phd * thd - sp * thdd - sp * phd * ct * psd - cp * st * thd * psd + cp * ct * psdd;

  // Lever arm: α×r + ω×(ω×r).
  const r1 = lever[0]!, r2 = lever[1]!, r3 = lever[2]!;
  const c1 = w2 * r3 - w3 * r2, c2 = w3 * r1 - w1 * r3, c3 = w1 * r2 - w2 * r1;
  let f1 = (a2 * r3 - a3 * r2 + (w2 * c3 - w3 * c2)) / STANDARD_GRAVITY_MPS2 + uf;
  let f2 = (a3 * r1 - a1 * r3 + (w3 * c1 - w1 * c3)) / STANDARD_GRAVITY_MPS2 + ul;
  let f3 = (a1 * r2 - a2 * r1 + (w1 * c2 - w2 * c1)) / STANDARD_GRAVITY_MPS2 + uu;

  // Hip acceleration, world → trunk: Rᵀ a.
  const ax = k.ax, ay = k.ay, az = k.az;
  if (ax !== 0 || ay !== 0 || az !== 0) {
    const cy = Math.cos(k.ps), sy = Math.sin(k.ps);
    const r00 = cy * ct, r01 = cy * st * sp - sy * cp, r02 = cy * st * cp + sy * sp;
    const r10 = sy * ct, r11 = sy * st * sp + cy * cp, r12 = sy * st * cp - cy * sp;
    f1 += (r00 * ax + r10 * ay + uf * az) / STANDARD_GRAVITY_MPS2;
    f2 += (r01 * ax + r11 * ay + ul * az) / STANDARD_GRAVITY_MPS2;
    f3 += (r02 * ax + r12 * ay + uu * az) / STANDARD_GRAVITY_MPS2;
  }

  // Trunk → sensor: Mᵀ v.
  const m0 = m[0]!, m1 = m[1]!, m2 = m[2]!, m3 = m[3]!, m4 = m[4]!, m5 = m[5]!, m6 = m[6]!, m7 = m[7]!, m8 = m[8]!;
  acc[i3] = m0 * f1 + m3 * f2 + m6 * f3;
  acc[i3 + 1] = m1 * f1 + m4 * f2 + m7 * f3;
  acc[i3 + 2] = m2 * f1 + m5 * f2 + m8 * f3;
  gyr[i3] = (m0 * w1 + m3 * w2 + m6 * w3 + sx) * DEG;
  gyr[i3 + 1] = (m1 * w1 + m4 * w2 + m7 * w3 + sy) * DEG;
  gyr[i3 + 2] = (m2 * w1 + m5 * w2 + m8 * w3 + sz) * DEG;
  if (up !== null) {
    up[i3] = m0 * uf + m3 * ul + m6 * uu;
    up[i3 + 1] = m1 * uf + m4 * ul + m7 * uu;
    up[i3 + 2] = m2 * uf + m5 * ul + m8 * uu;
  }
}
