/**
 * Minimum-jerk interpolation, the smooth profile of a voluntary human movement (Flash & Hogan 1985):
 * s(τ) = 10τ³ − 15τ⁴ + 6τ⁵ rises from 0 to 1 with zero velocity and acceleration at both ends, so a
 * chain of moves has continuous angle, rate and angular acceleration, and the accelerometer sees
 * physically possible linear accelerations.
 */
export interface MinJerk {
  /** Progress 0..1. */
  s: number;
  /** ds/dt, 1/s. */
  ds: number;
  /** d²s/dt², 1/s². */
  dds: number;
}

/** Fills `out` for time `tS` of a move from `t0S` lasting `durationS` (clamped outside it). */
export function minJerk(tS: number, t0S: number, durationS: number, out: MinJerk): void {
  if (durationS <= 0 || tS >= t0S + durationS) {
    out.s = 1;
    out.ds = 0;
    out.dds = 0;
    return;
  }
  if (tS <= t0S) {
    out.s = 0;
    out.ds = 0;
    out.dds = 0;
    return;
  }
  const tau = (tS - t0S) / durationS;
  const t2 = tau * tau;
  const t3 = t2 * tau;
  out.s = t3 * (10 - 15 * tau + 6 * t2);
  out.ds = (30 * t2 * (1 - tau) * (1 - tau)) / durationS;
  out.dds = (60 * tau * (1 - 3 * tau + 2 * t2)) / (durationS * durationS);
}

/** Peak of ds/dt for a unit move lasting `durationS`: 1.875 / duration. */
export function minJerkPeakRate(durationS: number): number {
  return 1.875 / durationS;
}
