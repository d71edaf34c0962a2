import type { Activity } from '@stance/protocol';
import type { Calibration } from './calibration.js';
import { writeFrame, writePerpendicular } from './calibration.js';
import { createStillTracker, resetStillTracker, updateStillTracker, type StillTracker, type StillTrackerSettings } from './calibration-still.js';
import {
  createMotionForward, resetMotionForward, setMotionForwardNeutral, solveMotionForward, updateMotionForward,
  type MotionForwardEstimator, type MotionForwardSettings,
} from './forward-axis.js';

// Self-calibration with no window, the way the service calibrates a wearer who never pressed "calibrate".
//
// 1. Neutral. Settled still periods (calibration-still.ts) are binned into a few clusters on the sphere (a
//    cluster = samples within `clusterRadiusDeg` of its mean). People sit and stand upright-ish most of the
//    time, so once `minStillS` of still time is seen, the cluster holding the most still time - and at least
//    `neutralMinShare` of it - is taken as neutral. Until `neutralLockS` of still time the choice may move to
//    another cluster that overtakes it; after that it is fixed (a long slouch must not become "neutral") and
//    only its mean is refined. Lying and not-worn samples never count.
// 2. Forward. From then on every worn sample feeds the motion estimator (forward-axis.ts): the dominant,
//    one-sided direction in which up leaves u is -f.
// 3. Every `refineEveryS` the calibration is rebuilt in place from the neutral cluster's mean and the motion
//    solution: state 'neutral-only' (u known), then 'calibrated' (u and f).

export type AutoCalibratorState = 'collecting' | 'neutral-only' | 'calibrated';

export interface AutoCalibratorSettings {
  /** What counts as a settled still period. */
  still: Partial<StillTrackerSettings>;
  /** A still sample joins the nearest cluster whose mean is within this angle, degrees. */
  clusterRadiusDeg: number;
  /** Posture clusters kept; when full, the lightest (never the neutral one) is replaced. */
  maxClusters: number;
  /** Settled still time before a neutral is chosen, seconds. */
  minStillS: number;
  /** Smallest share of all still time the neutral cluster must hold, 0..1. */
  neutralMinShare: number;
  /** Still time after which the choice of neutral cluster is fixed, seconds. */
  neutralLockS: number;
  /** Spacing of the refinements (re-choosing neutral, solving forward), seconds of data. */
  refineEveryS: number;
  /** How the forward axis is learnt from movement. */
  motion: Partial<MotionForwardSettings>;
}

export const DEFAULT_AUTO_CALIBRATOR_SETTINGS: Readonly<AutoCalibratorSettings> = Object.freeze({
  still: Object.freeze({}),
  clusterRadiusDeg: 6,
  maxClusters: 12,
  minStillS: 60,
  neutralMinShare: 0.3,
  neutralLockS: 600,
  refineEveryS: 5,
  motion: Object.freeze({}),
});

export interface AutoCalibrator {
  readonly settings: Readonly<AutoCalibratorSettings>;
  readonly state: AutoCalibratorState;
  /**
   * The calibration once a neutral is chosen, else null. One object refined in place (no allocation per
   * sample): copy what must not change. `version` counts the refinements.
   */
  readonly calibration: Calibration | null;
  readonly version: number;
  /** Settled still time seen, seconds. */
  readonly stillS: number;
}

interface State extends AutoCalibrator {
  state: AutoCalibratorState;
  calibration: Calibration | null;
  version: number;
  stillS: number;
  still: StillTracker;
  motion: MotionForwardEstimator;
  /** Cluster sums Σ dt·up (3 per cluster) and weights Σ dt. */
  sums: Float64Array;
  weights: Float64Array;
  neutral: number;
  locked: boolean;
  forwardKnown: boolean;
  sinceRefineS: number;
  cosRadius: number;
  cal: Calibration;
  scratch: Float64Array;
}

const DEG = Math.PI / 180;

export function createAutoCalibrator(settings: Partial<AutoCalibratorSettings> = {}): AutoCalibrator {
  const s = Object.freeze({ ...DEFAULT_AUTO_CALIBRATOR_SETTINGS, ...settings });
  const cal: Calibration = {
    frame: { f: new Float64Array(3), l: new Float64Array(3), u: new Float64Array(3) },
    method: 'neutral-only',
    quality: 0,
    // Fixed keys, numbers updated in place.
    detail: {
      source: 'auto', stillS: 0, neutralStillS: 0, neutralShare: 0, neutralSpreadDeg: 0, neutralQuality: 0,
      motionEvidenceS: 0, motionAnisotropy: 0, motionOneSidedness: 0, motionQuality: 0,
    },
  };
  const state: State = {
    settings: s, state: 'collecting', calibration: null, version: 0, stillS: 0,
    still: createStillTracker(s.still),
    motion: createMotionForward([0, 0, 1], s.motion),
    sums: new Float64Array(3 * s.maxClusters), weights: new Float64Array(s.maxClusters),
    neutral: -1, locked: false, forwardKnown: false, sinceRefineS: 0, cosRadius: Math.cos(s.clusterRadiusDeg * DEG), cal,
    scratch: new Float64Array(3),
  };
  return state;
}

/** Forget everything (the sensor was re-clipped): back to 'collecting'. */
export function resetAutoCalibrator(a: AutoCalibrator): void {
  const s = a as State;
  s.state = 'collecting';
  s.calibration = null;
  s.stillS = 0;
  s.sums.fill(0);
  s.weights.fill(0);
  s.neutral = -1;
  s.locked = false;
  s.forwardKnown = false;
  s.sinceRefineS = 0;
  resetStillTracker(s.still);
  resetMotionForward(s.motion);
  s.version++;
}

/**
 * One sample: `dtS` since the previous one (0 across a gap), the filter's `up` (sensor frame), the gyroscope in
 * degrees per second and the activity of this moment ('lying' and 'not_worn' are ignored). No allocation.
 */
export function updateAutoCalibrator(a: AutoCalibrator, dtS: number, up: ArrayLike<number>, gyrDps: ArrayLike<number>, activity: Activity): void {
  const s = a as State;
  const worn = activity !== 'not_worn' && activity !== 'lying';
  updateStillTracker(s.still, dtS, up, gyrDps, worn && activity !== 'walking');
  if (!(dtS > 0) || !worn) return;
  if (s.still.settled) {
    s.stillS += dtS;
    addToCluster(s, dtS, up);
  }
  if (s.neutral >= 0) updateMotionForward(s.motion, dtS, up);
  s.sinceRefineS += dtS;
  if (s.sinceRefineS >= s.settings.refineEveryS) {
    s.sinceRefineS = 0;
    refine(s);
  }
}

function addToCluster(s: State, dtS: number, up: ArrayLike<number>): void {
  const n = Math.hypot(up[0]!, up[1]!, up[2]!);
  const x = up[0]! / n, y = up[1]! / n, z = up[2]! / n;
  const sums = s.sums, weights = s.weights;
  let best = -1, bestCos = s.cosRadius, empty = -1, lightest = -1;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k]!;
    if (w === 0) {
      if (empty < 0) empty = k;
      continue;
    }
    const sx = sums[3 * k]!, sy = sums[3 * k + 1]!, sz = sums[3 * k + 2]!;
    const c = (x * sx + y * sy + z * sz) / Math.hypot(sx, sy, sz);
    if (c >= bestCos) { bestCos = c; best = k; }
    if (k !== s.neutral && (lightest < 0 || w < weights[lightest]!)) lightest = k;
  }
  if (best < 0) {
    best = empty >= 0 ? empty : lightest;
    if (best < 0) return;
    sums[3 * best] = 0; sums[3 * best + 1] = 0; sums[3 * best + 2] = 0;
    weights[best] = 0;
  }
  sums[3 * best] = sums[3 * best]! + dtS * x;
  sums[3 * best + 1] = sums[3 * best + 1]! + dtS * y;
  sums[3 * best + 2] = sums[3 * best + 2]! + dtS * z;
  weights[best] = weights[best]! + dtS;
}

function refine(s: State): void {
  if (s.stillS < s.settings.minStillS) return;
  const weights = s.weights;
  if (!s.locked) {
    let heaviest = 0;
    for (let k = 1; k < weights.length; k++) if (weights[k]! > weights[heaviest]!) heaviest = k;
    if (weights[heaviest]! >= s.settings.neutralMinShare * s.stillS && heaviest !== s.neutral) {
      // A different posture is the wearer's usual one: forward evidence was measured from the old neutral.
      s.neutral = heaviest;
      s.forwardKnown = false;
      resetMotionForward(s.motion);
    }
    if (s.stillS >= s.settings.neutralLockS && s.neutral >= 0) s.locked = true;
  }
  if (s.neutral < 0) return;
  const k = s.neutral;
  const u = s.scratch;
  u[0] = s.sums[3 * k]!; u[1] = s.sums[3 * k + 1]!; u[2] = s.sums[3 * k + 2]!;
  const resultant = Math.hypot(u[0], u[1], u[2]);
  const w = weights[k]!;
  setMotionForwardNeutral(s.motion, u);
  solveMotionForward(s.motion);
  const cal = s.cal;
  const m = s.motion;
  // Once found, the forward axis is kept (re-orthogonalised to the refined u) even if a later solution is
  // briefly less clear-cut: flexion must not flip between signed and unsigned.
  if (m.known && writeFrame(cal.frame, u, m.f)) s.forwardKnown = true;
  else if (s.forwardKnown) writeFrame(cal.frame, u, cal.frame.f);
  else writeFrame(cal.frame, u, writePerpendicular(cal.frame.f, u));
  const known = s.forwardKnown;
  // Spread from the mean resultant length R: for small angles 1 - R ≈ σ²/2.
  const spreadDeg = Math.sqrt(Math.max(0, 2 * (1 - resultant / w))) / DEG;
  const share = w / s.stillS;
  const neutralQuality = Math.min(1, share / 0.5) * Math.max(0, 1 - spreadDeg / s.settings.clusterRadiusDeg);
  cal.method = known ? 'auto' : 'neutral-only';
  cal.quality = known ? neutralQuality * m.quality : neutralQuality;
  const d = cal.detail;
  d['stillS'] = s.stillS;
  d['neutralStillS'] = w;
  d['neutralShare'] = share;
  d['neutralSpreadDeg'] = spreadDeg;
  d['neutralQuality'] = neutralQuality;
  d['motionEvidenceS'] = m.evidenceS;
  d['motionAnisotropy'] = m.anisotropy;
  d['motionOneSidedness'] = m.oneSidedness;
  d['motionQuality'] = m.quality;
  s.calibration = cal;
  s.state = known ? 'calibrated' : 'neutral-only';
  s.version++;
}
