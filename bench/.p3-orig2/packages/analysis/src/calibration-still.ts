/**
 * Settled still periods, as the calibrators need them: the gyroscope quiet (smoothed |ω| below a limit) and the
 * up vector staying within a few degrees of where the period began, for at least `settleS`. Only then is a
 * sample evidence of a posture the wearer *holds*, rather than one they pass through.
 */

export interface StillTrackerSettings {
  /** Smoothed gyroscope magnitude below which the wearer counts as still, degrees per second. */
  stillGyroDps: number;
  /** Time constant of the gyroscope-magnitude smoothing, seconds. */
  gyroSmoothingS: number;
  /** A still period ends when up moves further than this from where the period began, degrees. */
  maxDriftDeg: number;
  /** A still period counts (is "settled") once it has lasted this long, seconds. */
  settleS: number;
}

export const DEFAULT_STILL_TRACKER_SETTINGS: Readonly<StillTrackerSettings> = Object.freeze({
  stillGyroDps: 6,
  gyroSmoothingS: 0.5,
  maxDriftDeg: 3,
  settleS: 3,
});

export interface StillTracker {
  readonly settings: Readonly<StillTrackerSettings>;
  /** The last sample lies in a settled still period. */
  readonly settled: boolean;
  /** Duration of the current still period so far, seconds (0 when moving). */
  readonly runS: number;
  /** Smoothed gyroscope magnitude, degrees per second. */
  readonly gyroDps: number;
}

interface State extends StillTracker {
  /** The current update's time step (see updateStillTracker). */
  dtS: number;
  settled: boolean;
  runS: number;
  gyroDps: number;
  anchor: Float64Array;
  cosDrift: number;
}

export function createStillTracker(settings: Partial<StillTrackerSettings> = {}): StillTracker {
  const s = Object.freeze({ ...DEFAULT_STILL_TRACKER_SETTINGS, ...settings });
  return { settings: s, dtS: 0.5, settled: false, runS: 0, gyroDps: 0, anchor: new Float64Array(3), cosDrift: Math.cos((s.maxDriftDeg * Math.PI) / 180) } as State;
}

export function resetStillTracker(t: StillTracker): void {
  const s = t as State;
  s.settled = false;
  s.runS = 0;
  s.gyroDps = 0;
}

/**
 * One sample. `dtS` since the previous sample (0 after a gap), `up` unit vector, `gyrDps` the gyroscope,
 * `usable` false to end any still period (sensor not worn, wearer lying). No allocation.
 */
export function updateStillTracker(t: StillTracker, dtS: number, up: ArrayLike<number>, gyrDps: ArrayLike<number>, usable: boolean): void {
  // The time step goes through the state: a number passed to a function V8 does not inline is boxed (README "Speed").
  const s = t as State;
  s.dtS = dtS;
  stepStillTracker(s, up, gyrDps, usable);
}

function stepStillTracker(s: State, up: ArrayLike<number>, gyrDps: ArrayLike<number>, usable: boolean): void {
  const dtS = s.dtS;
  const gx = gyrDps[0]!, gy = gyrDps[1]!, gz = gyrDps[2]!;
  const g = Math.sqrt(gx * gx + gy * gy + gz * gz); // not Math.hypot: a call with boxed arguments in V8
  const alpha = dtS > 0 ? dtS / (s.settings.gyroSmoothingS + dtS) : 0;
  s.gyroDps += alpha * (g - s.gyroDps);
  const x = up[0]!, y = up[1]!, z = up[2]!;
  if (!usable || !(s.gyroDps < s.settings.stillGyroDps) || !(dtS > 0)) {
    s.runS = 0;
    s.settled = false;
    return;
  }
  const a = s.anchor;
  const n = Math.sqrt(x * x + y * y + z * z);
  const c = (x * a[0]! + y * a[1]! + z * a[2]!) / n;
  if (s.runS === 0 || !(c >= s.cosDrift)) {
    a[0] = x / n; a[1] = y / n; a[2] = z / n;
    s.runS = 0;
  }
  s.runS += dtS;
  s.settled = s.runS >= s.settings.settleS;
}
