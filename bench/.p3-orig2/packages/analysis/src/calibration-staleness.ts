import type { Activity } from '@stance/protocol';
import type { Calibration } from './calibration.js';
import { createStillTracker, resetStillTracker, updateStillTracker, type StillTracker, type StillTrackerSettings } from './calibration-still.js';
import { calibratedAngles, forwardKnown, tiltFromNeutralDeg, type TrunkAnglesOut } from './trunk-angles.js';

// Notices that a calibration no longer fits the sensor - it slipped or was re-clipped - so the pipeline can say
// "unknown" and recalibrate instead of reporting wrong angles. A rigid re-mount by R moves every posture the
// wearer takes by R in the old trunk frame; wearers themselves have habits that a re-clip breaks:
//  - lateral_offset: a sideways angle of 8°+ that the wearer never comes back from. People do lean sideways
//    for minutes (a standing desk, an elbow on an armrest), but they come back to near neutral between leans;
//    a re-clip moves *every* posture, so the near-neutral moments stop altogether. So the check averages the
//    lateral angle over an "away stretch" (settled still time since the last still moment within
//    `nearNeutralDeg` of neutral) and fires only once that stretch is longer than any lean (`awayMinS`);
//  - backward_offset: the same for an away stretch held leaning back further than `awayMaxExtensionDeg`;
//  - away_too_long: an away stretch in any direction longer than any slouch (`awayMaxS` of still time). A purely
//    forward re-clip looks like a slouch; only its length (or a walk, or a re-wear) tells it apart;
//  - walking_offset: people walk close to upright (neither leaning back, nor far forward, nor sideways);
//  - reworn_offset: after the sensor was off, the wearer does not come back within `rewornLimitDeg` of neutral
//    in the first minutes of wear (checked on the least tilted still moment, so a slouch does not count);
//  - neutral_lost: for a long stretch of still time the wearer never comes near neutral (slow, last resort:
//    a purely forward re-clip looks like a long slouch, so it takes `uprightTauS`-scale time to tell).
// The verdict is latched: once stale, stale until `setStalenessCalibration` gives a new calibration.

export type StalenessReason = 'none' | 'lateral_offset' | 'backward_offset' | 'walking_offset' | 'reworn_offset' | 'away_too_long' | 'neutral_lost';

export interface CalibrationStalenessSettings {
  /** What counts as a settled still period. */
  still: Partial<StillTrackerSettings>;
  /** Sustained sideways angle (still or walking) that cannot be a posture, degrees. */
  lateralLimitDeg: number;
  /** Tilt from neutral within which settled still time ends an away stretch (the wearer came back), degrees. */
  nearNeutralDeg: number;
  /** Settled still time near neutral that counts as coming back, seconds. */
  returnS: number;
  /** Settled still time away from neutral, without coming back, before the offset checks may fire, seconds. */
  awayMinS: number;
  /** Away stretch (any direction) longer than this is not a posture but a moved sensor, seconds of still time. */
  awayMaxS: number;
  /** Mean extension over an away stretch beyond which the posture is implausible, degrees (a positive number). */
  awayMaxExtensionDeg: number;
  /** Settled still time after a calibration before the lateral check may fire, seconds. */
  lateralMinStillS: number;
  /** Smoothing time of the walking posture, seconds of walking. */
  walkingTauS: number;
  /** Walking time after a calibration before the walking check may fire, seconds. */
  walkingMinS: number;
  /** Walking flexion beyond which the walking posture is implausible, degrees (forward positive). */
  walkingMaxFlexionDeg: number;
  /** Walking extension beyond which the walking posture is implausible, degrees (a positive number). */
  walkingMaxExtensionDeg: number;
  /** Not-worn time after which the next wear is checked for a re-clip, seconds. */
  notWornMinS: number;
  /** Worn time after re-wear over which the least tilted still moment is looked for, seconds. */
  rewornCheckS: number;
  /** Settled still time needed within that check, seconds (the check waits for it). */
  rewornMinStillS: number;
  /** Least tilt from neutral in the check above which the sensor was re-clipped, degrees. */
  rewornLimitDeg: number;
  /** Tilt from neutral within which a still moment counts as "near neutral", degrees. */
  uprightBandDeg: number;
  /** Smoothing time of the near-neutral share of still time, seconds of settled still time. */
  uprightTauS: number;
  /** Near-neutral share below which neutral is lost, 0..1. */
  uprightMinShare: number;
}

export const DEFAULT_CALIBRATION_STALENESS_SETTINGS: Readonly<CalibrationStalenessSettings> = Object.freeze({
  still: Object.freeze({}),
  lateralLimitDeg: 8,
  nearNeutralDeg: 12,
  returnS: 2,
  awayMinS: 180,
  awayMaxS: 1800,
  awayMaxExtensionDeg: 12,
  lateralMinStillS: 60,
  walkingTauS: 30,
  walkingMinS: 20,
  walkingMaxFlexionDeg: 20,
  walkingMaxExtensionDeg: 10,
  notWornMinS: 60,
  rewornCheckS: 180,
  rewornMinStillS: 20,
  rewornLimitDeg: 10,
  uprightBandDeg: 7,
  uprightTauS: 1200,
  uprightMinShare: 0.08,
});

export interface CalibrationStaleness {
  readonly settings: Readonly<CalibrationStalenessSettings>;
  readonly calibration: Calibration | null;
  /** The calibration no longer fits; latched until a new one is set. */
  readonly stale: boolean;
  readonly reason: StalenessReason;
  /** Mean lateral angle over the current away stretch, degrees (0 when back near neutral; NaN for neutral-only). */
  readonly lateralOffsetDeg: number;
  /** Settled still time of the current away stretch, seconds. */
  readonly awayS: number;
  /** Smoothed walking posture: flexion and lateral, degrees (NaN before any walking). */
  readonly walkingFlexionDeg: number;
  readonly walkingLateralDeg: number;
  /** Smoothed share of still time near neutral, 0..1. */
  readonly uprightShare: number;
  /** Settled still time since the calibration was set, seconds. */
  readonly stillS: number;
}

interface State extends CalibrationStaleness {
  /** The current update's time step (see updateCalibrationStaleness). */
  dtS: number;
  calibration: Calibration | null;
  stale: boolean;
  reason: StalenessReason;
  lateralOffsetDeg: number;
  walkingFlexionDeg: number;
  walkingLateralDeg: number;
  uprightShare: number;
  awayS: number;
  awayLateralSum: number;
  awayFlexionSum: number;
  nearS: number;
  stillS: number;
  stillTracker: StillTracker;
  walkS: number;
  walkUp: Float64Array;
  notWornS: number;
  /** Worn time since re-wear while a re-clip check is pending, else -1. */
  rewornS: number;
  rewornStillS: number;
  rewornMinTiltDeg: number;
  angles: TrunkAnglesOut;
}

export function createCalibrationStaleness(settings: Partial<CalibrationStalenessSettings> = {}): CalibrationStaleness {
  const s = Object.freeze({ ...DEFAULT_CALIBRATION_STALENESS_SETTINGS, ...settings });
  const state: State = {
    settings: s, dtS: 0.5, calibration: null, stale: false, reason: 'none', lateralOffsetDeg: NaN, walkingFlexionDeg: NaN,
    walkingLateralDeg: NaN, uprightShare: 1, awayS: 0, awayLateralSum: 0, awayFlexionSum: 0, nearS: 0, stillS: 0, stillTracker: createStillTracker(s.still), walkS: 0,
    walkUp: new Float64Array(3), notWornS: 0, rewornS: -1, rewornStillS: 0, rewornMinTiltDeg: Infinity,
    angles: { flexionDeg: 0, lateralDeg: 0 },
  };
  return state;
}

/** Judge against `calibration` from now on (null: judge nothing); clears the verdict and the evidence. */
export function setStalenessCalibration(d: CalibrationStaleness, calibration: Calibration | null): void {
  const s = d as State;
  s.calibration = calibration;
  s.stale = false;
  s.reason = 'none';
  s.lateralOffsetDeg = calibration && forwardKnown(calibration) ? 0 : NaN;
  s.walkingFlexionDeg = NaN;
  s.walkingLateralDeg = NaN;
  s.uprightShare = 1;
  s.awayS = s.awayLateralSum = s.awayFlexionSum = s.nearS = 0;
  s.stillS = 0;
  s.walkS = 0;
  s.walkUp.fill(0);
  s.notWornS = 0;
  s.rewornS = -1;
  resetStillTracker(s.stillTracker);
}

function flag(s: State, reason: StalenessReason): void {
  s.stale = true;
  s.reason = reason;
}

/**
 * One sample: `dtS` since the previous one (0 across a gap), the filter's `up` (sensor frame), the gyroscope in
 * degrees per second, and the activity of this moment. No allocation.
 */
export function updateCalibrationStaleness(d: CalibrationStaleness, dtS: number, up: ArrayLike<number>, gyrDps: ArrayLike<number>, activity: Activity): void {
  // The time step goes through the state: the update is too large for V8 to inline, and a number passed to a
  // function that is not inlined is boxed (a heap allocation per call; README "Speed").
  const s = d as State;
  s.dtS = dtS;
  stepCalibrationStaleness(s, up, gyrDps, activity);
}

function stepCalibrationStaleness(s: State, up: ArrayLike<number>, gyrDps: ArrayLike<number>, activity: Activity): void {
  const dtS = s.dtS;
  const cal = s.calibration;
  const st = s.settings;
  const worn = activity !== 'not_worn';
  updateStillTracker(s.stillTracker, dtS, up, gyrDps, worn && activity !== 'lying' && activity !== 'walking');
  if (!cal || s.stale || !(dtS > 0)) return;
  if (!worn) {
    s.notWornS += dtS;
    if (s.notWornS >= st.notWornMinS) {
      s.rewornS = 0;
      s.rewornStillS = 0;
      s.rewornMinTiltDeg = Infinity;
    }
    return;
  }
  s.notWornS = 0;
  if (s.rewornS >= 0) s.rewornS += dtS;
  const signed = forwardKnown(cal);
  if (activity === 'walking') {
    updateWalking(s, up, signed);
    return;
  }
  if (!s.stillTracker.settled) return;
  s.stillS += dtS;
  const tilt = tiltFromNeutralDeg(cal.frame.u, up);
  const a = s.angles;
  calibratedAngles(cal, up, a);
  // Near-neutral share: an exponential average over still time, so old upright time fades out.
  const k = dtS / st.uprightTauS;
  s.uprightShare += Math.min(1, k) * ((tilt <= st.uprightBandDeg ? 1 : 0) - s.uprightShare);
  if (s.stillS >= st.uprightTauS && s.uprightShare < st.uprightMinShare) return flag(s, 'neutral_lost');
  // Away stretch: ended by `returnS` of settled still time near neutral; moving and walking do not end it.
  if (tilt <= st.nearNeutralDeg) {
    s.nearS += dtS;
    if (s.nearS >= st.returnS) {
      s.awayS = s.awayLateralSum = s.awayFlexionSum = 0;
      if (signed) s.lateralOffsetDeg = 0;
    }
  } else {
    s.nearS = 0;
    s.awayS += dtS;
    if (signed) {
      s.awayLateralSum += dtS * a.lateralDeg;
      s.awayFlexionSum += dtS * a.flexionDeg;
      s.lateralOffsetDeg = s.awayLateralSum / s.awayS;
    }
    if (s.stillS >= st.lateralMinStillS && s.awayS >= st.awayMinS) {
      if (signed && Math.abs(s.lateralOffsetDeg) > st.lateralLimitDeg) return flag(s, 'lateral_offset');
      if (signed && s.awayFlexionSum / s.awayS < -st.awayMaxExtensionDeg) return flag(s, 'backward_offset');
      if (s.awayS >= st.awayMaxS) return flag(s, 'away_too_long');
    }
  }
  if (s.rewornS >= 0) {
    s.rewornStillS += dtS;
    if (tilt < s.rewornMinTiltDeg) s.rewornMinTiltDeg = tilt;
    if (s.rewornS >= st.rewornCheckS && s.rewornStillS >= st.rewornMinStillS) {
      if (s.rewornMinTiltDeg > st.rewornLimitDeg) return flag(s, 'reworn_offset');
      s.rewornS = -1;
    }
  }
}

function updateWalking(s: State, up: ArrayLike<number>, signed: boolean): void {
  const st = s.settings;
  const dtS = s.dtS;
  const w = s.walkUp;
  const n = Math.sqrt(up[0]! * up[0]! + up[1]! * up[1]! + up[2]! * up[2]!);
  // A running mean over the first `walkingTauS` of walking, an exponential average after: the first steps out of
  // a slouch must not count as the walking posture.
  const k = dtS / Math.min(st.walkingTauS, s.walkS + dtS);
  w[0] = w[0]! + k * (up[0]! / n - w[0]!);
  w[1] = w[1]! + k * (up[1]! / n - w[1]!);
  w[2] = w[2]! + k * (up[2]! / n - w[2]!);
  s.walkS += dtS;
  calibratedAngles(s.calibration!, w, s.angles);
  s.walkingFlexionDeg = s.angles.flexionDeg;
  s.walkingLateralDeg = s.angles.lateralDeg;
  if (s.walkS < st.walkingMinS) return;
  if (s.walkingFlexionDeg > st.walkingMaxFlexionDeg) return flag(s, 'walking_offset');
  if (signed && (s.walkingFlexionDeg < -st.walkingMaxExtensionDeg || Math.abs(s.walkingLateralDeg) > st.lateralLimitDeg)) {
    flag(s, 'walking_offset');
  }
}
