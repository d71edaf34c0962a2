/**
 * The angle shown on the phone page, worked out on the phone: how far the gravity direction has turned away
 * from the one recorded as "upright". It needs no knowledge of how the phone is strapped on (any mounting
 * works), which is also why it has no sign; the service's own angle, after calibration, is the real one.
 * Gravity is the accelerometer low-passed, so walking and taps do not make the number jump.
 */

export interface TiltMeterSettings {
  /** Time constant of the low-pass on the accelerometer, s. */
  smoothingS: number;
}

export const DEFAULT_TILT_METER_SETTINGS: Readonly<TiltMeterSettings> = Object.freeze({ smoothingS: 0.4 });

export interface TiltMeter {
  readonly settings: TiltMeterSettings;
  /** Low-passed acceleration, g (sensor frame). */
  gravity: [number, number, number] | null;
  /** Unit gravity direction recorded as upright. */
  reference: [number, number, number] | null;
  lastMs: number;
}

export function createTiltMeter(settings: Partial<TiltMeterSettings> = {}): TiltMeter {
  return { settings: { ...DEFAULT_TILT_METER_SETTINGS, ...settings }, gravity: null, reference: null, lastMs: Number.NaN };
}

export function updateTiltMeter(m: TiltMeter, tMs: number, acc: readonly [number, number, number]): void {
  if (m.gravity === null || !(tMs > m.lastMs)) {
    m.gravity = [acc[0], acc[1], acc[2]];
  } else {
    const k = 1 - Math.exp(-(tMs - m.lastMs) / 1000 / m.settings.smoothingS);
    for (let i = 0; i < 3; i++) m.gravity[i] = m.gravity[i]! + k * (acc[i]! - m.gravity[i]!);
  }
  m.lastMs = tMs;
}

function unit(v: readonly number[]): [number, number, number] | null {
  const n = Math.hypot(v[0]!, v[1]!, v[2]!);
  return n > 0.2 ? [v[0]! / n, v[1]! / n, v[2]! / n] : null;
}

/** Records the present gravity direction as upright; false before any reading. */
export function setUpright(m: TiltMeter): boolean {
  const u = m.gravity ? unit(m.gravity) : null;
  if (u) m.reference = u;
  return u !== null;
}

/** Degrees between the present gravity direction and upright; null before both are known. */
export function tiltFromUprightDeg(m: TiltMeter): number | null {
  const u = m.gravity ? unit(m.gravity) : null;
  if (!u || !m.reference) return null;
  const dot = u[0] * m.reference[0] + u[1] * m.reference[1] + u[2] * m.reference[2];
  return (Math.acos(Math.min(1, Math.max(-1, dot))) * 180) / Math.PI;
}
