import type { Activity } from '@stance/protocol';
import type { Calibration } from './calibration.js';
import { writeFrame, writePerpendicular } from './calibration.js';
import { createStillTracker, resetStillTracker, updateStillTracker, type StillTracker, type StillTrackerSettings } from './calibration-still.js';
import { createWalkingReference, resetWalkingReference, updateWalkingReference, type WalkingReference, type WalkingReferenceSettings } from './walking-reference.js';
import {
  createMotionForward, resetMotionForward, setMotionForwardNeutral, solveMotionForward, updateMotionForward,
  type MotionForwardEstimator, type MotionForwardSettings,
} from './forward-axis.js';

// Self-calibration with no window, the way the service calibrates a wearer who never pressed "calibrate".
//
// 1. Neutral, first choice: the first hold. When the sensor goes on, the app asks the wearer to sit or stand
//    tall for a few seconds (and people who just clipped a sensor on tend to): the first settled still period
//    after the start is averaged over up to `firstHoldMaxS` and taken as neutral at once ('neutral-only').
//    It is checked, not trusted blindly: it is dropped when the walking posture (walking-reference.ts: people
//    walk with an upright, symmetric trunk) is more than `walkingMaxDeg` away from it, or when, after
//    `neutralLockS` of still time, the wearer spends under `firstHoldMinShare` of the still time near it.
//    After a staleness reset (the sensor moved mid-day) there is no first hold: the wearer is wherever they are.
// 2. Neutral, fallback: settled still periods (calibration-still.ts) are binned into clusters on the sphere.
//    Once `minStillS` of still time is seen, the neutral cluster is the one nearest the walking posture among
//    those holding at least `candidateMinShare` of the still time, or without walking the heaviest one (at least
//    `neutralMinShare`). Until `neutralLockS` the choice may move; after that it is fixed (a long slouch must not
//    become "neutral") and only its mean is refined. Walking, once known, may still move it.
// 3. Forward. Once a neutral exists every worn sample feeds the motion estimator (forward-axis.ts): the
//    dominant, one-sided direction in which up leaves u is -f.
// 4. Every `refineEveryS` the calibration is rebuilt in place: 'neutral-only' (u known), then 'calibrated'.

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
  /** The walking posture used as a reference for neutral. */
  walking: Partial<WalkingReferenceSettings>;
  /** Settled still time of the first hold that makes it neutral, seconds. */
  firstHoldMinS: number;
  /** The first hold is averaged over at most this much settled still time, seconds. */
  firstHoldMaxS: number;
  /** Largest angle between a neutral and the walking posture, degrees. */
  walkingMaxDeg: number;
  /** After `neutralLockS`, a first hold the wearer spends less than this share of still time near is dropped. */
  firstHoldMinShare: number;
  /** At `neutralLockS`, a first hold is also dropped when one cluster holds this many times its still time. */
  firstHoldOvertakeRatio: number;
  /** Smallest share of still time of a cluster that may be chosen because it is nearest the walking posture. */
  candidateMinShare: number;
}

export const DEFAULT_AUTO_CALIBRATOR_SETTINGS: Readonly<AutoCalibratorSettings> = Object.freeze({
  still: Object.freeze({}),
  clusterRadiusDeg: 6,
  maxClusters: 12,
  minStillS: 60,
  neutralMinShare: 0.3,
  neutralLockS: 600,
  refineEveryS: 5,
  // Only tilts of 18°+ count: sideways leans (a standing desk: 6-15° held for minutes, either side) would
  // otherwise pull the principal axis sideways; slouches past a 20° threshold, bends and reaches go forward.
  motion: Object.freeze({ minTiltDeg: 18 }),
  walking: Object.freeze({}),
  firstHoldMinS: 2,
  firstHoldMaxS: 8,
  walkingMaxDeg: 12,
  firstHoldMinShare: 0.1,
  firstHoldOvertakeRatio: 4,
  candidateMinShare: 0.1,
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
  /** Where the neutral comes from: 'first-hold', 'walking-cluster', 'cluster', or '' while collecting. */
  readonly neutralSource: string;
  readonly walking: WalkingReference;
}

interface State extends AutoCalibrator {
  /** The current update's time step (see updateAutoCalibrator). */
  dtS: number;
  state: AutoCalibratorState;
  calibration: Calibration | null;
  version: number;
  stillS: number;
  neutralSource: string;
  walking: WalkingReference;
  still: StillTracker;
  /** First hold: trusted (no reset by staleness), its sums, done, rejected. */
  holdTrusted: boolean;
  holdSum: Float64Array;
  holdS: number;
  holdDone: boolean;
  holdRejected: boolean;
  /** The first hold passed its check at `neutralLockS`: from then on only the walking posture can drop it. */
  holdConfirmed: boolean;
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

/** |(x, y, z)|. Not Math.hypot: in V8 a call with boxed arguments, several times slower. */
function length3(x: number, y: number, z: number): number {
  return Math.sqrt(x * x + y * y + z * z);
}

export function createAutoCalibrator(settings: Partial<AutoCalibratorSettings> = {}): AutoCalibrator {
  const s = Object.freeze({ ...DEFAULT_AUTO_CALIBRATOR_SETTINGS, ...settings });
  const cal: Calibration = {
    frame: { f: new Float64Array(3), l: new Float64Array(3), u: new Float64Array(3) },
    method: 'neutral-only',
    quality: 0,
    // Fixed keys, numbers updated in place.
    detail: {
      source: 'auto', neutralSource: '', walkingS: 0, stillS: 0, neutralStillS: 0, neutralShare: 0, neutralSpreadDeg: 0, neutralQuality: 0,
      motionEvidenceS: 0, motionAnisotropy: 0, motionOneSidedness: 0, motionQuality: 0,
    },
  };
  const state: State = {
    settings: s, dtS: 0.5, state: 'collecting', calibration: null, version: 0, stillS: 0, neutralSource: '',
    walking: createWalkingReference(s.walking),
    still: createStillTracker(s.still),
    holdTrusted: true, holdSum: new Float64Array(3), holdS: 0, holdDone: false, holdRejected: false, holdConfirmed: false,
    motion: createMotionForward([0, 0, 1], s.motion),
    sums: new Float64Array(3 * s.maxClusters), weights: new Float64Array(s.maxClusters),
    neutral: -1, locked: false, forwardKnown: false, sinceRefineS: 0, cosRadius: Math.cos(s.clusterRadiusDeg * DEG), cal,
    scratch: new Float64Array(3),
  };
  return state;
}

/**
 * Forget everything: back to 'collecting'. `firstHoldIsNeutral`: the next settled hold is the wearer sitting tall
 * (a new wear); false after the sensor moved mid-day (staleness), when the next hold is any posture.
 */
export function resetAutoCalibrator(a: AutoCalibrator, firstHoldIsNeutral = true): void {
  const s = a as State;
  s.holdTrusted = firstHoldIsNeutral;
  s.holdSum.fill(0);
  s.holdS = 0;
  s.holdDone = false;
  s.holdRejected = false;
  s.holdConfirmed = false;
  s.neutralSource = '';
  resetWalkingReference(s.walking);
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
  // The time step goes through the state: the update is too large for V8 to inline, and a number passed to a
  // function that is not inlined is boxed (a heap allocation per call; README "Speed").
  const s = a as State;
  s.dtS = dtS;
  stepAutoCalibrator(s, up, gyrDps, activity);
}

function stepAutoCalibrator(s: State, up: ArrayLike<number>, gyrDps: ArrayLike<number>, activity: Activity): void {
  const dtS = s.dtS;
  const worn = activity !== 'not_worn' && activity !== 'lying';
  updateStillTracker(s.still, dtS, up, gyrDps, worn && activity !== 'walking');
  if (!(dtS > 0) || !worn) return;
  updateWalkingReference(s.walking, dtS, up, activity);
  if (s.still.settled) {
    s.stillS += dtS;
    addToCluster(s, up);
    if (s.holdTrusted && !s.holdDone && s.holdS < s.settings.firstHoldMaxS) addToHold(s, up);
  } else if (s.holdTrusted && !s.holdDone && s.holdS > 0) {
    // The first still period ended: long enough is the hold, too short starts again with the next one.
    if (s.holdS >= s.settings.firstHoldMinS) s.holdDone = true;
    else { s.holdS = 0; s.holdSum.fill(0); }
  }
  if (s.holdTrusted && !s.holdDone && s.holdS >= s.settings.firstHoldMaxS) s.holdDone = true;
  if (s.calibration !== null) updateMotionForward(s.motion, dtS, up);
  s.sinceRefineS += dtS;
  // The first hold is turned into a calibration at once; later refinements every `refineEveryS`.
  if (s.sinceRefineS >= s.settings.refineEveryS || (s.holdDone && s.calibration === null && !s.holdRejected)) {
    s.sinceRefineS = 0;
    refine(s);
  }
}

function addToHold(s: State, up: ArrayLike<number>): void {
  const dtS = s.dtS;
  const n = length3(up[0]!, up[1]!, up[2]!);
  const h = s.holdSum;
  h[0] = h[0]! + (dtS * up[0]!) / n;
  h[1] = h[1]! + (dtS * up[1]!) / n;
  h[2] = h[2]! + (dtS * up[2]!) / n;
  s.holdS += dtS;
}

/** Cosine between cluster k's mean and the unit vector v. */
function clusterCos(s: State, k: number, v: ArrayLike<number>): number {
  const x = s.sums[3 * k]!, y = s.sums[3 * k + 1]!, z = s.sums[3 * k + 2]!;
  return (x * v[0]! + y * v[1]! + z * v[2]!) / length3(x, y, z);
}

function addToCluster(s: State, up: ArrayLike<number>): void {
  const dtS = s.dtS;
  const n = length3(up[0]!, up[1]!, up[2]!);
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
    const c = (x * sx + y * sy + z * sz) / length3(sx, sy, sz);
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

/** Still time within the cluster radius of the unit vector v (summed over clusters whose mean is that close). */
function stillNear(s: State, v: ArrayLike<number>): number {
  let w = 0;
  for (let k = 0; k < s.weights.length; k++) if (s.weights[k]! > 0 && clusterCos(s, k, v) >= s.cosRadius) w += s.weights[k]!;
  return w;
}

/** Chooses the neutral; writes its up vector into `s.scratch` and returns its weight (still time), or -1 for none. */
function chooseNeutral(s: State): number {
  const st = s.settings;
  const u = s.scratch;
  const walk = s.walking;
  const cosWalk = Math.cos(st.walkingMaxDeg * DEG);
  if (s.holdDone && !s.holdRejected) {
    const h = s.holdSum;
    const n = Math.hypot(h[0]!, h[1]!, h[2]!);
    u[0] = h[0]! / n; u[1] = h[1]! / n; u[2] = h[2]! / n;
    const farFromWalking = walk.known && u[0] * walk.up[0]! + u[1] * walk.up[1]! + u[2] * walk.up[2]! < cosWalk;
    let neverBack = false;
    if (!s.holdConfirmed && s.stillS >= st.neutralLockS) {
      // Judged once: did the wearer come back to it, and is it not dwarfed by another posture?
      const near = stillNear(s, u);
      let heaviest = 0;
      for (let k = 0; k < s.weights.length; k++) heaviest = Math.max(heaviest, s.weights[k]!);
      neverBack = near < st.firstHoldMinShare * s.stillS || heaviest > st.firstHoldOvertakeRatio * near;
      s.holdConfirmed = !neverBack;
    }
    if (!farFromWalking && !neverBack) {
      s.neutralSource = 'first-hold';
      return s.holdS;
    }
    // The wearer opened with a slouch (or clipped the sensor on mid-movement): fall back to the clusters.
    s.holdRejected = true;
    s.neutral = -1;
    s.locked = false;
    resetMotionForward(s.motion);
    s.forwardKnown = false;
  }
  if (s.stillS < st.minStillS) return -1;
  const weights = s.weights;
  let pick = -1;
  if (walk.known) {
    // Nearest the walking posture among the clusters the wearer really holds.
    let bestCos = -2;
    for (let k = 0; k < weights.length; k++) {
      if (weights[k]! < st.candidateMinShare * s.stillS) continue;
      const c = clusterCos(s, k, walk.up);
      if (c > bestCos) { bestCos = c; pick = k; }
    }
    if (pick >= 0) s.neutralSource = 'walking-cluster';
  }
  if (pick < 0 && !s.locked) {
    let heaviest = 0;
    for (let k = 1; k < weights.length; k++) if (weights[k]! > weights[heaviest]!) heaviest = k;
    if (weights[heaviest]! >= st.neutralMinShare * s.stillS) pick = heaviest;
    if (pick >= 0) s.neutralSource = 'cluster';
  }
  if (pick < 0) pick = s.neutral;
  if (pick !== s.neutral) {
    // A different posture is the wearer's usual one: forward evidence was measured from the old neutral.
    s.neutral = pick;
    s.forwardKnown = false;
    resetMotionForward(s.motion);
  }
  if (s.stillS >= st.neutralLockS && s.neutral >= 0) s.locked = true;
  if (s.neutral < 0) return -1;
  const k = s.neutral;
  u[0] = s.sums[3 * k]!; u[1] = s.sums[3 * k + 1]!; u[2] = s.sums[3 * k + 2]!;
  const resultant = Math.hypot(u[0], u[1], u[2]);
  u[0] /= resultant; u[1] /= resultant; u[2] /= resultant;
  return weights[k]!;
}

function refine(s: State): void {
  const w = chooseNeutral(s);
  if (w < 0) return;
  const u = s.scratch;
  const fromHold = s.neutralSource === 'first-hold';
  // Spread of the neutral cluster from its mean resultant length R: for small angles 1 - R ≈ σ²/2.
  const k = s.neutral;
  const resultant = !fromHold && k >= 0 ? Math.hypot(s.sums[3 * k]!, s.sums[3 * k + 1]!, s.sums[3 * k + 2]!) : w;
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
  const spreadDeg = Math.sqrt(Math.max(0, 2 * (1 - resultant / w))) / DEG;
  // A first hold is judged by how much of the still time the wearer spends near it (0.5 before any evidence),
  // a cluster by its share and spread; both gain when the walking posture agrees.
  const share = fromHold ? (s.stillS > 0 ? stillNear(s, u) / s.stillS : 0) : w / s.stillS;
  const walkAgrees = s.walking.known ? 1 : 0.8;
  const neutralQuality = walkAgrees * (fromHold
    ? Math.max(0.5, Math.min(1, share / 0.5))
    : Math.min(1, share / 0.5) * Math.max(0, 1 - spreadDeg / s.settings.clusterRadiusDeg));
  cal.method = known ? 'auto' : 'neutral-only';
  cal.quality = known ? neutralQuality * m.quality : neutralQuality;
  const d = cal.detail;
  d['stillS'] = s.stillS;
  d['neutralStillS'] = w;
  d['neutralShare'] = share;
  d['neutralSpreadDeg'] = spreadDeg;
  d['neutralQuality'] = neutralQuality;
  d['neutralSource'] = s.neutralSource;
  d['walkingS'] = s.walking.walkS;
  d['motionEvidenceS'] = m.evidenceS;
  d['motionAnisotropy'] = m.anisotropy;
  d['motionOneSidedness'] = m.oneSidedness;
  d['motionQuality'] = m.quality;
  s.calibration = cal;
  s.state = known ? 'calibrated' : 'neutral-only';
  s.version++;
}
