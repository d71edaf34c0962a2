/**
 * One wearer's manner of moving: postural sway (a few slow sinusoids per angle, so it is smooth and its
 * derivatives exact) and gait (step-rate bounce, stride-rate side sway, trunk pitch/roll/yaw oscillation,
 * forward speed). Drawn once per scenario from the seed, then held in an oscillator bank that the
 * per-sample loop advances by complex rotation instead of calling sin/cos.
 */
import { between, uniform, type Rng } from './rng.js';

/** Oscillator slots. Sway amplitudes are degrees at swayGain 1; gait amplitudes degrees or metres at walkGain 1. */
export const SWAY_FLEXION = 0; // 3 slots
export const SWAY_LATERAL = 3; // 3 slots
export const SWAY_HEADING = 6; // 3 slots
export const GAIT_PITCH = 9;   // trunk pitch at step rate, deg
export const GAIT_ROLL = 10;   // trunk roll at stride rate (half step rate), deg
export const GAIT_YAW = 11;    // trunk yaw at stride rate, deg
export const GAIT_BOUNCE = 12; // vertical hip bounce at step rate, m
export const GAIT_SIDE = 13;   // side-to-side hip sway at stride rate, m
export const GAIT_SURGE = 14;  // fore-aft hip oscillation at step rate, m
export const OSCILLATORS = 15;

export interface MotionStyle {
  /** rad/s */
  readonly omega: Float64Array;
  /** rad, phase at t = 0 */
  readonly phase: Float64Array;
  readonly amplitude: Float64Array;
  /** Steps per second while walking (1.8–2.0 Hz). */
  readonly stepHz: number;
  /** Walking speed at walkGain 1, m/s. */
  readonly walkSpeedMps: number;
}

/** Draws a wearer's style. Sway: ~0.9° peak in flexion at gain 1 with rates under 0.5°/s, slow enough that a
 * slouch creeping through a threshold crosses it once. */
export function drawMotionStyle(rng: Rng): MotionStyle {
  const omega = new Float64Array(OSCILLATORS);
  const phase = new Float64Array(OSCILLATORS);
  const amplitude = new Float64Array(OSCILLATORS);
  const sway = (slot: number, scaleDeg: number): void => {
    const bands: [number, number, number][] = [
      [0.02, 0.05, 0.5],
      [0.08, 0.14, 0.28],
      [0.2, 0.3, 0.12],
    ];
    bands.forEach(([lo, hi, a], j) => {
      omega[slot + j] = 2 * Math.PI * between(rng, lo, hi);
      phase[slot + j] = 2 * Math.PI * uniform(rng);
      amplitude[slot + j] = a * scaleDeg * between(rng, 0.8, 1.2);
    });
  };
  sway(SWAY_FLEXION, 1);
  sway(SWAY_LATERAL, 0.7);
  sway(SWAY_HEADING, 1.5);
  const stepHz = between(rng, 1.8, 2.0);
  const step = 2 * Math.PI * stepHz;
  const gait: [number, number, number][] = [
    [GAIT_PITCH, step, between(rng, 1.5, 2.5)],
    [GAIT_ROLL, step / 2, between(rng, 2, 3)],
    [GAIT_YAW, step / 2, between(rng, 2, 4)],
    [GAIT_BOUNCE, step, between(rng, 0.02, 0.03)],
    [GAIT_SIDE, step / 2, between(rng, 0.015, 0.025)],
    [GAIT_SURGE, step, between(rng, 0.008, 0.015)],
  ];
  for (const [slot, w, a] of gait) {
    omega[slot] = w;
    phase[slot] = 2 * Math.PI * uniform(rng);
    amplitude[slot] = a;
  }
  return { omega, phase, amplitude, stepHz, walkSpeedMps: between(rng, 1.1, 1.4) };
}

/** sin and cos of every oscillator at the current sample, advanced one sample period at a time. */
export interface OscillatorBank {
  readonly style: MotionStyle;
  readonly sin: Float64Array;
  readonly cos: Float64Array;
  readonly stepSin: Float64Array;
  readonly stepCos: Float64Array;
}

export function createOscillatorBank(style: MotionStyle, dtS: number): OscillatorBank {
  const bank: OscillatorBank = {
    style,
    sin: new Float64Array(OSCILLATORS),
    cos: new Float64Array(OSCILLATORS),
    stepSin: style.omega.map((w) => Math.sin(w * dtS)),
    stepCos: style.omega.map((w) => Math.cos(w * dtS)),
  };
  syncOscillators(bank, 0);
  return bank;
}

/** Exact values at `tS` (called every few thousand samples so rounding never accumulates). */
export function syncOscillators(b: OscillatorBank, tS: number): void {
  for (let j = 0; j < OSCILLATORS; j++) {
    const a = b.style.omega[j]! * tS + b.style.phase[j]!;
    b.sin[j] = Math.sin(a);
    b.cos[j] = Math.cos(a);
  }
}

/** Advances every oscillator by one sample period. */
export function stepOscillators(b: OscillatorBank): void {
  const s = b.sin, c = b.cos, ss = b.stepSin, sc = b.stepCos;
  for (let j = 0; j < OSCILLATORS; j++) {
    const sj = s[j]!, cj = c[j]!;
    s[j] = sj * sc[j]! + cj * ss[j]!;
    c[j] = cj * sc[j]! - sj * ss[j]!;
  }
}
