/**
 * The browser's motion sensors in the protocol's units. DeviceMotion gives `accelerationIncludingGravity` in
 * m/s² (+9.81 on z for a phone lying screen up: the specific force, as a sensor reads it, contracts section 1)
 * and `rotationRate` in degrees per second about z (alpha), x (beta) and y (gamma). The phone's own axes are the
 * sensor frame: x to the right of the screen, y to its top, z out of the screen.
 */
import type { MotionSample } from './motion-resampler.js';

/** Standard gravity, m/s² per g. */
export const STANDARD_GRAVITY = 9.80665;

/** The reading of one event, or null when the browser left out a value (no accelerometer or gyroscope). */
export function motionSampleOf(event: DeviceMotionEvent, epochOffsetMs: number): MotionSample | null {
  const a = event.accelerationIncludingGravity;
  const r = event.rotationRate;
  if (!a || a.x === null || a.y === null || a.z === null) return null;
  const gyr: [number, number, number] =
    r && r.alpha !== null && r.beta !== null && r.gamma !== null ? [r.beta, r.gamma, r.alpha] : [0, 0, 0];
  const acc: [number, number, number] = [a.x / STANDARD_GRAVITY, a.y / STANDARD_GRAVITY, a.z / STANDARD_GRAVITY];
  if (![...acc, ...gyr].every(Number.isFinite)) return null;
  return { tMs: epochOffsetMs + event.timeStamp, acc, gyr };
}

/** Whether a reading carried a gyroscope (without one the service's angles are rougher). */
export function hasGyro(event: DeviceMotionEvent): boolean {
  const r = event.rotationRate;
  return !!r && r.alpha !== null && r.beta !== null && r.gamma !== null;
}

export type MotionPermission = 'granted' | 'denied' | 'unsupported' | 'insecure';

type PermissionRequester = { requestPermission?: () => Promise<'granted' | 'denied' | 'default'> };

/**
 * Asks for motion access where the browser requires it (iOS Safari: only from a tap); elsewhere it is granted
 * as long as the page is a secure context (https or localhost).
 */
export async function requestMotionPermission(): Promise<MotionPermission> {
  if (typeof window === 'undefined' || typeof DeviceMotionEvent === 'undefined') return 'unsupported';
  if (!window.isSecureContext) return 'insecure';
  const request = (DeviceMotionEvent as unknown as PermissionRequester).requestPermission;
  if (typeof request !== 'function') return 'granted';
  try {
    return (await request.call(DeviceMotionEvent)) === 'granted' ? 'granted' : 'denied';
  } catch {
    return 'denied';
  }
}
