/**
 * A plain six-axis Madgwick filter (gradient descent, fixed gain, no bias estimation, no acceleration
 * handling), as published by S. Madgwick (2010). It is the yardstick, not a product: the benchmark compares the
 * orientation filter's speed with it and the BROAD evaluation uses it as the baseline (2.22° over the six trials).
 */

const DEG_TO_RAD = Math.PI / 180;

export interface MadgwickSettings {
  /** Gradient-descent step ("beta"), rad/s in quaternion-rate units. */
  gain: number;
}

export const DEFAULT_MADGWICK_SETTINGS: Readonly<MadgwickSettings> = Object.freeze({ gain: 0.05 });

export interface MadgwickFilter {
  readonly settings: Readonly<MadgwickSettings>;
  /** Orientation quaternion [w, x, y, z] (sensor frame relative to the earth frame, z up). */
  readonly q: Float64Array;
  /** [x, y, z] unit vector opposite to gravity in the sensor frame, refreshed by every update. */
  readonly up: Float64Array;
}

export function createMadgwick(settings?: Partial<MadgwickSettings>): MadgwickFilter {
  return {
    settings: Object.freeze({ ...DEFAULT_MADGWICK_SETTINGS, ...settings }),
    q: new Float64Array([1, 0, 0, 0]),
    up: new Float64Array([0, 0, 1]),
  };
}

/** One sample: `dtS` seconds since the previous one, accelerometer in g, gyroscope in °/s. */
export function updateMadgwick(
  m: MadgwickFilter,
  dtS: number,
  ax: number,
  ay: number,
  az: number,
  gxDps: number,
  gyDps: number,
  gzDps: number,
): void {
  const q = m.q;
  let q0 = q[0]!;
  let q1 = q[1]!;
  let q2 = q[2]!;
  let q3 = q[3]!;
  const gx = gxDps * DEG_TO_RAD;
  const gy = gyDps * DEG_TO_RAD;
  const gz = gzDps * DEG_TO_RAD;

  // Rate of change of the quaternion from the gyroscope.
  let qDot1 = 0.5 * (-q1 * gx - q2 * gy - q3 * gz);
  let qDot2 = 0.5 * (q0 * gx + q2 * gz - q3 * gy);
  let qDot3 = 0.5 * (q0 * gy - q1 * gz + q3 * gx);
  let qDot4 = 0.5 * (q0 * gz + q1 * gy - q2 * gx);

  const a2 = ax * ax + ay * ay + az * az;
  if (a2 > 0) {
    const inv = 1 / Math.sqrt(a2);
    ax *= inv;
    ay *= inv;
    az *= inv;
    const _2q0 = 2 * q0;
    const _2q1 = 2 * q1;
    const _2q2 = 2 * q2;
    const _2q3 = 2 * q3;
    const _4q0 = 4 * q0;
    const _4q1 = 4 * q1;
    const _4q2 = 4 * q2;
    const _8q1 = 8 * q1;
    const _8q2 = 8 * q2;
    const q0q0 = q0 * q0;
    const q1q1 = q1 * q1;
    const q2q2 = q2 * q2;
    const q3q3 = q3 * q3;
    // Gradient of the objective function (predicted minus measured gravity).
    let s0 = _4q0 * q2q2 + _2q2 * ax + _4q0 * q1q1 - _2q1 * ay;
    let s1 = _4q1 * q3q3 - _2q3 * ax + 4 * q0q0 * q1 - _2q0 * ay - _4q1 + _8q1 * q1q1 + _8q1 * q2q2 + _4q1 * az;
    let s2 = 4 * q0q0 * q2 + _2q0 * ax + _4q2 * q3q3 - _2q3 * ay - _4q2 + _8q2 * q1q1 + _8q2 * q2q2 + _4q2 * az;
    let s3 = 4 * q1q1 * q3 - _2q1 * ax + 4 * q2q2 * q3 - _2q2 * ay;
    const sn = s0 * s0 + s1 * s1 + s2 * s2 + s3 * s3;
    if (sn > 0) {
      const k = m.settings.gain / Math.sqrt(sn);
      s0 *= k;
      s1 *= k;
      s2 *= k;
      s3 *= k;
      qDot1 -= s0;
      qDot2 -= s1;
      qDot3 -= s2;
      qDot4 -= s3;
    }
  }

  q0 += qDot1 * dtS;
  q1 += qDot2 * dtS;
  q2 += qDot3 * dtS;
  q3 += qDot4 * dtS;
  const inv = 1 / Math.sqrt(q0 * q0 + q1 * q1 + q2 * q2 + q3 * q3);
  q0 *= inv;
  q1 *= inv;
  q2 *= inv;
  q3 *= inv;
  q[0] = q0;
  q[1] = q1;
  q[2] = q2;
  q[3] = q3;
  const up = m.up;
  up[0] = 2 * (q1 * q3 - q0 * q2);
  up[1] = 2 * (q2 * q3 + q0 * q1);
  up[2] = q0 * q0 - q1 * q1 - q2 * q2 + q3 * q3;
}
