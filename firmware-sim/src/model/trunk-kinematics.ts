/**
 * Trunk kinematics at one instant: the three angles of R = Rz(heading)·Ry(flexion)·Rx(lateral) with their
 * first and second time derivatives (exact, from the minimum-jerk segment and the oscillators), and the
 * hip pivot's linear acceleration in the world frame (walking bounce, sway, progression, sitting down).
 */
import { minJerk, type MinJerk } from './min-jerk.js';
import {
  GAIT_BOUNCE, GAIT_PITCH, GAIT_ROLL, GAIT_SIDE, GAIT_SURGE, GAIT_YAW,
  SWAY_FLEXION, SWAY_HEADING, SWAY_LATERAL, type OscillatorBank,
} from './motion-style.js';
import { FLEXION, HEADING, HIP_UP, LATERAL, SWAY, WALK, type MotionSegment } from './motion-segment.js';

const RAD = Math.PI / 180;

export interface TrunkKinematics {
  /** Flexion θ, lateral φ, heading ψ: rad, rad/s, rad/s². */
  th: number; thd: number; thdd: number;
  ph: number; phd: number; phdd: number;
  ps: number; psd: number; psdd: number;
  /** Hip pivot acceleration, world frame (x = initial forward, z = up), m/s². */
  ax: number; ay: number; az: number;
}

export function createTrunkKinematics(): TrunkKinematics {
  return { th: 0, thd: 0, thdd: 0, ph: 0, phd: 0, phdd: 0, ps: 0, psd: 0, psdd: 0, ax: 0, ay: 0, az: 0 };
}

/** Scratch for the value and two derivatives of a sum of oscillators (a typed array: no boxed doubles). */
const osc = new Float64Array(3);

function oscSum(b: OscillatorBank, first: number, count: number): void {
  const amp = b.style.amplitude, w = b.style.omega, s = b.sin, c = b.cos;
  let v = 0, d = 0, dd = 0;
  for (let j = first; j < first + count; j++) {
    const a = amp[j]!, wj = w[j]!;
    v += a * s[j]!;
    d += a * wj * c[j]!;
    dd -= a * wj * wj * s[j]!;
  }
  osc[0] = v;
  osc[1] = d;
  osc[2] = dd;
}

/**
 * Fills `k` for true time `tS` inside `seg`. The oscillator bank must hold the values at `tS`.
 * `mj` is caller-owned scratch.
 */
export function evaluateTrunk(seg: MotionSegment, tS: number, bank: OscillatorBank, k: TrunkKinematics, mj: MinJerk): void {
  const from = seg.from, to = seg.to;
  let s = 0, ds = 0, dds = 0;
  if (!seg.hold) {
    minJerk(tS, seg.t0S, seg.t1S - seg.t0S, mj);
    s = mj.s;
    ds = mj.ds;
    dds = mj.dds;
  }
  // Channel value, rate, acceleration: base + Δ·s.
  const dF = to[FLEXION]! - from[FLEXION]!, dL = to[LATERAL]! - from[LATERAL]!, dH = to[HEADING]! - from[HEADING]!;
  const dU = to[HIP_UP]! - from[HIP_UP]!, dS = to[SWAY]! - from[SWAY]!, dW = to[WALK]! - from[WALK]!;
  let th = from[FLEXION]! + dF * s, thd = dF * ds, thdd = dF * dds;
  let ph = from[LATERAL]! + dL * s, phd = dL * ds, phdd = dL * dds;
  const psb = from[HEADING]! + dH * s, psbd = dH * ds, psbdd = dH * dds;
  let ps = psb, psd = psbd, psdd = psbdd;
  const g = from[SWAY]! + dS * s, gd = dS * ds, gdd = dS * dds;
  const w = from[WALK]! + dW * s, wd = dW * ds, wdd = dW * dds;
  k.az = dU * dds;
  k.ax = 0;
  k.ay = 0;

  if (g !== 0 || gd !== 0) {
    // (g·x)'' = g''x + 2g'x' + g x''
    oscSum(bank, SWAY_FLEXION, 3);
    let oscV = osc[0]!, oscD = osc[1]!, oscDD = osc[2]!;
    th += g * oscV; thd += gd * oscV + g * oscD; thdd += gdd * oscV + 2 * gd * oscD + g * oscDD;
    oscSum(bank, SWAY_LATERAL, 3);
    oscV = osc[0]!; oscD = osc[1]!; oscDD = osc[2]!;
    ph += g * oscV; phd += gd * oscV + g * oscD; phdd += gdd * oscV + 2 * gd * oscD + g * oscDD;
    oscSum(bank, SWAY_HEADING, 3);
    oscV = osc[0]!; oscD = osc[1]!; oscDD = osc[2]!;
    ps += g * oscV; psd += gd * oscV + g * oscD; psdd += gdd * oscV + 2 * gd * oscD + g * oscDD;
  }

  if (w !== 0 || wd !== 0) {
    oscSum(bank, GAIT_PITCH, 1);
    let oscV = osc[0]!, oscD = osc[1]!, oscDD = osc[2]!;
    th += w * oscV; thd += wd * oscV + w * oscD; thdd += wdd * oscV + 2 * wd * oscD + w * oscDD;
    oscSum(bank, GAIT_ROLL, 1);
    oscV = osc[0]!; oscD = osc[1]!; oscDD = osc[2]!;
    ph += w * oscV; phd += wd * oscV + w * oscD; phdd += wdd * oscV + 2 * wd * oscD + w * oscDD;
    oscSum(bank, GAIT_YAW, 1);
    oscV = osc[0]!; oscD = osc[1]!; oscDD = osc[2]!;
    ps += w * oscV; psd += wd * oscV + w * oscD; psdd += wdd * oscV + 2 * wd * oscD + w * oscDD;
    oscSum(bank, GAIT_BOUNCE, 1);
    oscV = osc[0]!; oscD = osc[1]!; oscDD = osc[2]!;
    k.az += wdd * oscV + 2 * wd * oscD + w * oscDD;
    // Along the walking direction d(ψb) and across it d⊥(ψb), ψb the heading without the yaw oscillation.
    oscSum(bank, GAIT_SURGE, 1);
    oscV = osc[0]!; oscD = osc[1]!; oscDD = osc[2]!;
    const q = w * oscV, qd = wd * oscV + w * oscD, qdd = wdd * oscV + 2 * wd * oscD + w * oscDD;
    oscSum(bank, GAIT_SIDE, 1);
    oscV = osc[0]!; oscD = osc[1]!; oscDD = osc[2]!;
    const r = w * oscV, rd = wd * oscV + w * oscD, rdd = wdd * oscV + 2 * wd * oscD + w * oscDD;
    const v = w * bank.style.walkSpeedMps, vd = wd * bank.style.walkSpeedMps;
    const b1 = psbd * RAD, b2 = psbdd * RAD;
    const along = qdd - q * b1 * b1 - 2 * rd * b1 - r * b2 + vd;
    const across = 2 * qd * b1 + q * b2 + rdd - r * b1 * b1 + v * b1;
    const c = Math.cos(psb * RAD), sn = Math.sin(psb * RAD);
    k.ax = along * c - across * sn;
    k.ay = along * sn + across * c;
  }

  k.th = th * RAD; k.thd = thd * RAD; k.thdd = thdd * RAD;
  k.ph = ph * RAD; k.phd = phd * RAD; k.phdd = phdd * RAD;
  k.ps = ps * RAD; k.psd = psd * RAD; k.psdd = psdd * RAD;
}
