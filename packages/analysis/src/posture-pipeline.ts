/**
 * The per-device posture pipeline: orientation filter → calibration → trunk angles → activity → slouch state →
 * per-second points. One implementation for the service (one per device) and the `analyze` command (one per
 * file). Caller-owned state, outputs read from it after each update, events as flags plus reused fields (no
 * callbacks, no allocation per sample).
 */
import type { Activity, Posture } from '@stance/protocol';
import type { Calibration } from './calibration.js';
import {
  createOrientationFilter,
  resetOrientationFilter,
  updateOrientationFilter,
  type OrientationFilter,
  type OrientationFilterSettings,
} from './orientation-filter.js';
import { calibratedAngles, type TrunkAnglesOut } from './trunk-angles.js';
import {
  createActivityClassifier,
  resetActivityClassifier,
  updateActivityClassifier,
  type ActivityClassifier,
  type ActivitySettings,
} from './activity.js';
import {
  cancelSlouchDetector,
  createSlouchDetector,
  finishSlouchDetector,
  resetSlouchDetector,
  updateSlouchDetector,
  type SlouchDetector,
} from './slouch-detector.js';
import type { PosturePoint, SlouchEpisode } from './posture-point.js';
import { addToPointBinner, createPointBinner, flushPointBinner, resetPointBinner, type PointBinner } from './point-binner.js';
import {
  createPipelineCalibration,
  setGivenCalibration,
  updatePipelineCalibration,
  type PipelineCalibration,
  type PipelineCalibrationSettings,
} from './pipeline-calibration.js';

export interface PosturePipelineSettings {
  /** Flexion above which the posture counts as slouched, degrees. */
  slouchDeg: number;
  /** Shortest slouch that counts as an episode, seconds. */
  minSlouchS: number;
  /** Slouched posture ends only below `slouchDeg - hysteresisDeg`, degrees. */
  hysteresisDeg: number;
  /** A dip below the exit level shorter than this does not end a slouch, seconds. */
  graceS: number;
  /** Length of the points the pipeline emits, seconds (1: the per-second PosturePoint). */
  pointIntervalS: number;
  /** A time step longer than this is a gap: it carries no duration into the integrals, seconds. */
  maxStepS: number;
  /**
   * Automatic calibration and staleness are updated once per this much data (with the step's mean gyroscope)
   * rather than per sample, s. Their time scales are seconds to minutes. 0: every sample.
   */
  calibrationStepS: number;
  /** A given calibration (e.g. from windows); null: calibrate automatically from the wearer's movement. */
  calibration: Calibration | null;
  /**
   * What a given calibration that goes stale leads to: 'fixed' keeps it (posture unknown until the wearer
   * calibrates again), 'seed' hands over to automatic calibration.
   */
  calibrationMode: 'fixed' | 'seed';
  /** Orientation filter settings (merged over its defaults). */
  filter: Partial<OrientationFilterSettings>;
  /** Activity classifier settings (merged over its defaults). */
  activity: Partial<ActivitySettings>;
  /** Automatic calibration and staleness settings (merged over their defaults). */
  calibrationSettings: Partial<PipelineCalibrationSettings>;
}

export const DEFAULT_POSTURE_PIPELINE_SETTINGS: Readonly<PosturePipelineSettings> = Object.freeze({
  slouchDeg: 20,
  minSlouchS: 30,
  hysteresisDeg: 2,
  graceS: 2,
  pointIntervalS: 1,
  maxStepS: 1,
  calibrationStepS: 0.1,
  calibration: null,
  calibrationMode: 'fixed',
  filter: {},
  activity: {},
  calibrationSettings: {},
});

export interface PosturePipeline {
  readonly settings: Readonly<PosturePipelineSettings>;
  readonly filter: OrientationFilter;
  readonly activityClassifier: ActivityClassifier;
  readonly slouch: SlouchDetector;
  readonly calibrator: PipelineCalibration;
  // Outputs of the last sample.
  /** Time of the last accepted sample, seconds (caller's time base). */
  tS: number;
  /** Unit vector opposite to gravity, sensor frame (the filter's output). */
  readonly up: Float64Array;
  /** Trunk angles, degrees; NaN while not calibrated (lateral also NaN under a 'neutral-only' calibration). */
  flexionDeg: number;
  lateralDeg: number;
  activity: Activity;
  posture: Posture;
  /** The calibration in use (given, or found automatically); null while there is none. */
  calibration: Calibration | null;
  /** The last sample brought a new calibration. */
  calibrationChanged: boolean;
  /** The calibration no longer fits (the sensor seems to have moved on the body). */
  calibrationStale: boolean;
  /** The last sample completed a point; `point` holds it (reused: copy what you keep). */
  pointReady: boolean;
  readonly point: PosturePoint;
  /** The last sample confirmed a slouch episode (start backdated); `episode.startMs` holds its start. */
  episodeConfirmed: boolean;
  /** The last sample (or `finishPosturePipeline`) ended an episode; `episode` holds it (reused). */
  episodeEnded: boolean;
  /**
   * The last sample withdrew a confirmed episode instead of ending it: the calibration was found stale while
   * it was open, so its angles cannot be trusted. `episode` holds what it had.
   */
  episodeCancelled: boolean;
  readonly episode: SlouchEpisode;
  /** Samples accepted and dropped (time not after the previous sample). */
  samples: number;
  droppedSamples: number;
  // Internal state below.
  prevTS: number;
  angles: TrunkAnglesOut;
  calStepS: number;
  calGx: number;
  calGy: number;
  calGz: number;
  readonly points: PointBinner;
}

export function createPosturePipeline(settings: Partial<PosturePipelineSettings> = {}): PosturePipeline {
  const s = Object.freeze({ ...DEFAULT_POSTURE_PIPELINE_SETTINGS, ...settings });
  if (!(s.pointIntervalS > 0) || !(s.maxStepS > 0)) throw new RangeError('posture pipeline: pointIntervalS and maxStepS must be > 0');
  const filter = createOrientationFilter(s.filter);
  const points = createPointBinner(s.pointIntervalS);
  const p: PosturePipeline = {
    settings: s,
    filter,
    activityClassifier: createActivityClassifier(s.activity),
    slouch: createSlouchDetector({ slouchDeg: s.slouchDeg, minSlouchS: s.minSlouchS, hysteresisDeg: s.hysteresisDeg, graceS: s.graceS }),
    calibrator: createPipelineCalibration(s.calibration, s.calibrationSettings, s.calibrationMode === 'seed'),
    tS: Number.NaN,
    up: filter.up,
    flexionDeg: Number.NaN,
    lateralDeg: Number.NaN,
    activity: 'unknown',
    posture: 'unknown',
    calibration: s.calibration,
    calibrationChanged: false,
    calibrationStale: false,
    pointReady: false,
    point: points.point,
    episodeConfirmed: false,
    episodeEnded: false,
    episodeCancelled: false,
    episode: { startMs: 0, endMs: 0, durationS: 0, peakFlexionDeg: 0, meanFlexionDeg: 0, doseDegS: 0 },
    samples: 0,
    droppedSamples: 0,
    prevTS: Number.NaN,
    angles: { flexionDeg: Number.NaN, lateralDeg: Number.NaN },
    calStepS: 0,
    calGx: 0,
    calGy: 0,
    calGz: 0,
    points,
  };
  return p;
}

/**
 * One sample: time in seconds (any time base, increasing; jitter and gaps are fine), accelerometer in g,
 * gyroscope in °/s, sensor frame. A sample not later than the previous one is dropped (counted).
 */
export function updatePosturePipeline(
  p: PosturePipeline,
  tS: number,
  ax: number, ay: number, az: number,
  gx: number, gy: number, gz: number,
): void {
  p.pointReady = false;
  p.episodeConfirmed = false;
  p.episodeEnded = false;
  p.episodeCancelled = false;
  p.calibrationChanged = false;
  const prev = p.prevTS;
  let dt = 0;
  if (prev === prev) {
    dt = tS - prev;
    if (!(dt > 0)) {
      p.droppedSamples++;
      return;
    }
  }
  p.prevTS = tS;
  p.tS = tS;
  p.samples++;
  const s = p.settings;
  const stepS = dt > s.maxStepS ? 0 : dt;

  const f = p.filter;
  updateOrientationFilter(f, dt, ax, ay, az, gx, gy, gz);
  const up = f.up;
  const bias = f.gyroBiasDps;
  const gxc = gx - bias[0]!;
  const gyc = gy - bias[1]!;
  const gzc = gz - bias[2]!;

  // Calibration and staleness work on seconds-to-minutes time scales: fed at `calibrationStepS` with the mean
  // gyroscope of the step (and 0 across a gap), not per sample, which keeps their cost off the per-sample path.
  const pc = p.calibrator;
  p.calStepS += stepS;
  p.calGx += gxc * stepS;
  p.calGy += gyc * stepS;
  p.calGz += gzc * stepS;
  if (p.calStepS >= s.calibrationStepS || stepS === 0) {
    const k = p.calStepS > 0 ? 1 / p.calStepS : 0;
    updatePipelineCalibration(pc, p.calStepS, up, p.calGx * k, p.calGy * k, p.calGz * k, p.activityClassifier.activity);
    p.calStepS = p.calGx = p.calGy = p.calGz = 0;
    if (pc.changed) {
      p.calibration = pc.calibration;
      p.calibrationChanged = true;
    }
    if (pc.stale && !p.calibrationStale) {
      // Found stale now: whatever slouch is open was measured with the wrong frame.
      cancelSlouchDetector(p.slouch);
      if (p.slouch.episodeCancelled) {
        copyEpisode(p);
        p.episodeCancelled = true;
      }
    }
    p.calibrationStale = pc.stale;
  }
  const cal = p.calibration;
  let cosTilt = Number.NaN;
  if (cal !== null && f.initialised) {
    // Angles are reported even when stale (for display); posture is not judged from them then.
    calibratedAngles(cal, up, p.angles);
    p.flexionDeg = p.angles.flexionDeg;
    p.lateralDeg = p.angles.lateralDeg;
    const u = cal.frame.u;
    cosTilt = up[0]! * u[0]! + up[1]! * u[1]! + up[2]! * u[2]!;
  } else {
    p.flexionDeg = Number.NaN;
    p.lateralDeg = Number.NaN;
  }

  const ac = p.activityClassifier;
  updateActivityClassifier(ac, dt, ax, ay, az, gxc, gyc, gzc, up[0]!, up[1]!, up[2]!, cosTilt);
  const activity = f.initialised ? ac.activity : 'unknown';
  p.activity = activity;

  const sd = p.slouch;
  const flex = p.flexionDeg;
  updateSlouchDetector(sd, tS, stepS, flex, activity, flex === flex && pc.usable);
  p.posture = sd.posture;
  if (sd.episodeConfirmed || sd.episodeEnded) copyEpisode(p);
  p.episodeConfirmed = sd.episodeConfirmed;
  p.episodeEnded = sd.episodeEnded;

  // Points: the per-interval summary (point-binner.ts).
  const pb = p.points;
  addToPointBinner(pb, tS, flex, p.lateralDeg, activity, p.posture);
  p.pointReady = pb.ready;
}

/** End of the data: emits the last (partial) point and closes an open episode (flags as for a sample). */
export function finishPosturePipeline(p: PosturePipeline): void {
  p.pointReady = false;
  p.episodeConfirmed = false;
  p.episodeEnded = false;
  p.episodeCancelled = false;
  p.calibrationChanged = false;
  finishSlouchDetector(p.slouch);
  if (p.slouch.episodeEnded) {
    copyEpisode(p);
    p.episodeEnded = true;
  }
  flushPointBinner(p.points);
  p.pointReady = p.points.ready;
}

/**
 * Use `calibration` from now on (the wearer calibrated with windows); null switches to automatic calibration.
 * The slouch state starts again, since angles now mean something else.
 */
export function setPosturePipelineCalibration(p: PosturePipeline, calibration: Calibration | null): void {
  setGivenCalibration(p.calibrator, calibration);
  p.calibration = p.calibrator.calibration;
  p.calibrationChanged = true;
  p.calibrationStale = false;
  resetSlouchDetector(p.slouch);
}

/**
 * Start the data again from its beginning (a second pass over a file): orientation, activity, slouch state and
 * points are forgotten; what was learnt about the sensor (the gyroscope bias) and the calibration are kept.
 */
export function rewindPosturePipeline(p: PosturePipeline): void {
  resetPosturePipeline(p);
  p.samples = 0;
  p.droppedSamples = 0;
  p.tS = Number.NaN;
}

/** Forget the orientation, activity and slouch state (e.g. after a long gap); keeps the calibration. */
export function resetPosturePipeline(p: PosturePipeline): void {
  resetOrientationFilter(p.filter);
  resetActivityClassifier(p.activityClassifier);
  resetSlouchDetector(p.slouch);
  p.prevTS = Number.NaN;
  p.calStepS = p.calGx = p.calGy = p.calGz = 0;
  resetPointBinner(p.points);
  p.pointReady = false;
}

function copyEpisode(p: PosturePipeline): void {
  const e = p.slouch.episode;
  const out = p.episode;
  out.startMs = e.startS * 1000;
  out.endMs = e.endS * 1000;
  out.durationS = e.durationS;
  out.peakFlexionDeg = e.peakFlexionDeg;
  out.meanFlexionDeg = e.meanFlexionDeg;
  out.doseDegS = e.doseDegS;
}
