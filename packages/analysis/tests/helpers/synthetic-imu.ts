/**
 * Synthetic IMU signals with an exact truth for the orientation-filter tests: a rigid body turning with a given
 * body angular rate, optionally accelerating, read by a sensor with bias, noise and timestamp jitter.
 * The truth is integrated with the exact rotation per sub-step, so it is independent of the filter's maths.
 */

export interface SyntheticImuOptions {
  rateHz: number;
  durationS: number;
  seed?: number;
  /** Initial up vector in the sensor frame (normalised here). Default (0, 0, 1). */
  upStart?: readonly [number, number, number];
  /** Body angular rate at time t, °/s, written into `out`. Default: none. */
  rateDps?: (tS: number, out: Float64Array) => void;
  /** Linear acceleration at time t in the world frame (z up), g, written into `out`. Default: none. */
  linearAccWorldG?: (tS: number, out: Float64Array) => void;
  gyroBiasDps?: readonly [number, number, number];
  /** White noise, 1-sigma per sample. */
  gyroNoiseDps?: number;
  accNoiseG?: number;
  /** Each timestamp is moved by a uniform ±this fraction of the nominal period. */
  jitterFraction?: number;
}

export interface SyntheticImu {
  count: number;
  timeS: Float64Array;
  acc: Float64Array;
  gyr: Float64Array;
  /** Interleaved true unit up vectors in the sensor frame. */
  upTrue: Float64Array;
}

/** Small deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Quaternion [w,x,y,z] (sensor → world) whose world z axis, seen from the sensor, is `up`. */
function quaternionFromUp(up: readonly [number, number, number]): [number, number, number, number] {
  const n = Math.sqrt(up[0] ** 2 + up[1] ** 2 + up[2] ** 2);
  const [x, y, z] = [up[0] / n, up[1] / n, up[2] / n];
  // Rotation taking sensor vector u to world z: axis u × z, angle acos(u·z).
  const ax = y;
  const ay = -x;
  const s = Math.sqrt(ax * ax + ay * ay);
  const angle = Math.atan2(s, z);
  if (s < 1e-12) return z > 0 ? [1, 0, 0, 0] : [0, 1, 0, 0];
  const h = Math.sin(angle / 2) / s;
  return [Math.cos(angle / 2), ax * h, ay * h, 0];
}

export function generateSyntheticImu(o: SyntheticImuOptions): SyntheticImu {
  const rand = rng(o.seed ?? 1);
  const n = Math.floor(o.durationS * o.rateHz) + 1;
  const period = 1 / o.rateHz;
  const out: SyntheticImu = {
    count: n,
    timeS: new Float64Array(n),
    acc: new Float64Array(3 * n),
    gyr: new Float64Array(3 * n),
    upTrue: new Float64Array(3 * n),
  };
  let [qw, qx, qy, qz] = quaternionFromUp(o.upStart ?? [0, 0, 1]);
  const w = new Float64Array(3);
  const wMean = new Float64Array(3);
  const lin = new Float64Array(3);
  const bias = o.gyroBiasDps ?? [0, 0, 0];
  const jitter = o.jitterFraction ?? 0;
  let prevT = 0;
  for (let i = 0; i < n; i++) {
    const t = i === 0 ? 0 : i * period + (jitter > 0 ? (2 * rand() - 1) * jitter * period : 0);
    // Exact integration of the body rate from prevT to t in sub-steps; the gyroscope reports the mean rate over
    // the interval, as a real one does after its anti-alias filter (a sample-and-hold of the instantaneous rate
    // would add a half-sample timing error that belongs to the test signal, not to the filter).
    const steps = i === 0 ? 0 : 8;
    wMean.fill(0);
    for (let k = 0; k < steps; k++) {
      const h = (t - prevT) / steps;
      w.fill(0);
      o.rateDps?.(prevT + (k + 0.5) * h, w);
      for (let a = 0; a < 3; a++) wMean[a] = wMean[a]! + w[a]! / steps;
      const rx = (w[0]! * Math.PI) / 180;
      const ry = (w[1]! * Math.PI) / 180;
      const rz = (w[2]! * Math.PI) / 180;
      const mag = Math.sqrt(rx * rx + ry * ry + rz * rz);
      if (mag === 0) continue;
      const half = (mag * h) / 2;
      const c = Math.cos(half);
      const s = Math.sin(half) / mag;
      const dx = rx * s, dy = ry * s, dz = rz * s;
      [qw, qx, qy, qz] = [
        qw * c - qx * dx - qy * dy - qz * dz,
        qw * dx + qx * c + qy * dz - qz * dy,
        qw * dy - qx * dz + qy * c + qz * dx,
        qw * dz + qx * dy - qy * dx + qz * c,
      ];
    }
    prevT = t;
    out.timeS[i] = t;
    // R (sensor → world) row by row; world z seen in the sensor frame is R's third row.
    const r0 = [1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qw * qz), 2 * (qx * qz + qw * qy)];
    const r1 = [2 * (qx * qy + qw * qz), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qw * qx)];
    const r2 = [2 * (qx * qz - qw * qy), 2 * (qy * qz + qw * qx), 1 - 2 * (qx * qx + qy * qy)];
    lin.fill(0);
    o.linearAccWorldG?.(t, lin);
    if (i === 0) o.rateDps?.(0, wMean);
    for (let a = 0; a < 3; a++) {
      out.upTrue[3 * i + a] = r2[a]!;
      // Specific force in the world frame is (0, 0, 1) g plus the linear acceleration; Rᵀ takes it to the sensor.
      const f = r0[a]! * lin[0]! + r1[a]! * lin[1]! + r2[a]! * (1 + lin[2]!);
      out.acc[3 * i + a] = f + (o.accNoiseG ?? 0) * gaussian(rand);
      out.gyr[3 * i + a] = wMean[a]! + bias[a]! + (o.gyroNoiseDps ?? 0) * gaussian(rand);
    }
  }
  return out;
}
