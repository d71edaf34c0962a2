/**
 * The per-device posture pipeline: orientation filter → calibration → trunk angles → activity → slouch state →
 * per-second points. One implementation for the service (one per device) and the `analyze` command (one per
 * file). Caller-owned state, outputs read from it after each update, events as flags plus reused fields (no
 * callbacks, no allocation per sample).
 *
 * Per sample only the orientation filter and the activity classifier's block sums run. Everything that does not
 * need every sample runs at a fixed tick, the activity classifier's block (`activity.blockS`, 0.1 s = 10 Hz):
 * the calibration feed, trunk angles, the activity decision, the slouch state and the points. Ticks are the
 * cells of a grid of `blockS` in the caller's time base (also cut at point-interval ends), evaluated at their
 * last sample once the next sample shows the cell is over (or at a gap, or at `finishPosturePipeline`). So
 * posture, activity and events follow one sample after their tick's last sample, slouch starts are interpolated
 * between tick samples, points average the tick samples of their interval; `flexionDeg`/`lateralDeg` are those
 * of the last sample (computed when read, posture-pipeline-state.ts). At 10 Hz or less every sample is a tick.
 *
 * Speed: a double passed as an argument to a function that is not inlined is boxed (a heap allocation, in V8),
 * so the public update is a small function that stores its arguments in `sample` and calls the large one; the
 * modules it calls per tick take their numbers the same way (README "Speed").
 */
import type { Calibration } from './calibration.js';
import { resetOrientationFilter, updateOrientationFilter } from './orientation-filter.js';
import { calibratedAngles } from './trunk-angles.js';
import { addActivitySample, closeActivityBlock, resetActivityClassifier } from './activity.js';
import { cancelSlouchDetector, finishSlouchDetector, resetSlouchDetector, updateSlouchDetector } from './slouch-detector.js';
import { addToPointBinner, flushPointBinner, resetPointBinner } from './point-binner.js';
import { setGivenCalibration, updatePipelineCalibration } from './pipeline-calibration.js';
import type { PosturePipeline } from './posture-pipeline-state.js';

export { DEFAULT_POSTURE_PIPELINE_SETTINGS, type PosturePipelineSettings } from './posture-pipeline-settings.js';
export { createPosturePipeline, type PosturePipeline } from './posture-pipeline-state.js';

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
  // Small on purpose, so V8 inlines it into the caller's loop and the numbers reach `sample` unboxed.
  const x = p.sample;
  x[0] = tS;
  x[1] = ax;
  x[2] = ay;
  x[3] = az;
  x[4] = gx;
  x[5] = gy;
  x[6] = gz;
  stepPosturePipeline(p, false);
}

/**
 * The sample in `p.sample`: first the tick that it ends (if any), then the per-sample path. `finishing`: no
 * sample, the data ended; only the open tick is closed.
 *
 * A tick ends when a sample arrives at or after `tickEndS` (the next multiple of `tickS`, or the end of the
 * point interval if sooner), after a gap, or at the end of the data; it is evaluated at the last sample before
 * (time `p.tS`, the filter's up after it), so the samples of a tick are exactly those of one grid cell.
 * One function on purpose: V8 never inlines a function of more than 460 bytes of bytecode, so
 * `updatePosturePipeline` stays small in compiled form too and is itself inlined into the caller's loop.
 */
function stepPosturePipeline(p: PosturePipeline, finishing: boolean): void {
  if (p.flagged) clearFlags(p);
  const s = p.settings;
  const x = p.sample;
  const tS = x[0]!; // Infinity when finishing (a conditional here would box every sample's time in V8)
  const prev = p.prevTS;
  const dt = tS - prev;
  if (!(dt > 0) && prev === prev) {
    p.droppedSamples++;
    return;
  }
  // The first sample and the first after a gap carry no time (and gaps end a tick).
  const gap = !(dt <= s.maxStepS);

  if (gap || !(tS < p.tickEndS)) {
    if (p.tickN > 0) {
      // ---- Tick: everything that does not need every sample, at the tick's last sample. ----
      const tickT = p.tS;
      const stepS = p.tickStepS;
      const f = p.filter;
      const up = f.up;
      const ac = p.activityClassifier;
      // Calibration and staleness work on seconds-to-minutes time scales: fed every `calibrationStepS` with
      // the mean gyroscope (bias removed; the activity block holds its sum), and before every gap.
      const w = stepS / ac.bN;
      p.calGx += ac.bGx * w;
      p.calGy += ac.bGy * w;
      p.calGz += ac.bGz * w;
      p.calStepS += stepS;
      if (gap || p.calStepS >= s.calibrationStepS) feedCalibration(p);

      const cal = p.calibration;
      const angles = p.angles;
      let cosTilt = Number.NaN;
      if (cal !== null && f.initialised) {
        // Angles are reported even when stale (for display); posture is not judged from them then.
        calibratedAngles(cal, up, angles);
        const u = cal.frame.u;
        cosTilt = up[0]! * u[0]! + up[1]! * u[1]! + up[2]! * u[2]!;
      } else {
        angles.flexionDeg = Number.NaN;
        angles.lateralDeg = Number.NaN;
      }

      closeActivityBlock(ac, up[0]!, up[1]!, up[2]!, cosTilt);
      const activity = f.initialised ? ac.activity : 'unknown';
      p.activity = activity;

      const flex = angles.flexionDeg;
      const sd = p.slouch;
      updateSlouchDetector(sd, tickT, stepS, flex, activity, flex === flex && p.calibrator.usable);
      const posture = sd.posture;
      p.posture = posture;
      if (sd.episodeConfirmed || sd.episodeEnded) copyEpisode(p);
      p.episodeConfirmed = sd.episodeConfirmed;
      p.episodeEnded = sd.episodeEnded;

      // Points (point-binner.ts): a point is emitted as soon as its interval's last tick is in.
      const pb = p.points;
      addToPointBinner(pb, tickT, flex, angles.lateralDeg, activity, posture);
      if (!(tS < pb.binEndS)) flushPointBinner(pb);
      p.pointReady = pb.ready;
      p.flagged = pb.ready || sd.episodeConfirmed || sd.episodeEnded || p.episodeCancelled || p.calibrationChanged;
      p.tickN = 0;
      p.tickStepS = 0;
    }
    if (finishing) return;
    // The new tick ends at the next grid line or with the point interval (the binner's own formula). Usually
    // the next grid cell: a multiplication; a division only when cells were skipped or an interval begins.
    const ts = p.tickS;
    let cell = p.tickCell + 1;
    if (!(tS < (cell + 1) * ts && tS >= cell * ts)) cell = Math.floor(tS / ts);
    p.tickCell = cell;
    const gridEndS = (cell + 1) * ts;
    if (!(tS < p.binEndS)) p.binEndS = (Math.floor(tS / s.pointIntervalS) + 1) * s.pointIntervalS;
    p.tickEndS = gridEndS < p.binEndS ? gridEndS : p.binEndS;
  }

  // ---- Per sample: the orientation filter and the activity classifier's block sums. ----
  p.prevTS = tS;
  p.tS = tS;
  p.samples++;
  const f = p.filter;
  const dtS = prev === prev ? dt : 0;
  const ax = x[1]!;
  const ay = x[2]!;
  const az = x[3]!;
  const gx = x[4]!;
  const gy = x[5]!;
  const gz = x[6]!;
  updateOrientationFilter(f, dtS, ax, ay, az, gx, gy, gz);
  const bias = f.gyroBiasDps;
  addActivitySample(p.activityClassifier, dtS, ax, ay, az, gx - bias[0]!, gy - bias[1]!, gz - bias[2]!);
  p.tickN++;
  if (!gap) p.tickStepS += dt;
}

function feedCalibration(p: PosturePipeline): void {
  const pc = p.calibrator;
  const k = p.calStepS > 0 ? 1 / p.calStepS : 0;
  updatePipelineCalibration(pc, p.calStepS, p.filter.up, p.calGx * k, p.calGy * k, p.calGz * k, p.activityClassifier.activity);
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

function clearFlags(p: PosturePipeline): void {
  p.pointReady = false;
  p.episodeConfirmed = false;
  p.episodeEnded = false;
  p.episodeCancelled = false;
  p.calibrationChanged = false;
  p.flagged = false;
}

/** End of the data: the last tick, the last (partial) point, an open episode closed (flags as for a sample). */
export function finishPosturePipeline(p: PosturePipeline): void {
  p.sample[0] = Infinity; // ends every tick and point interval
  stepPosturePipeline(p, true); // may confirm an episode (then also ended below) and emits the last point
  finishSlouchDetector(p.slouch);
  if (p.slouch.episodeEnded) {
    copyEpisode(p);
    p.episodeEnded = true;
  }
  p.flagged = true;
}

/**
 * Use `calibration` from now on (the wearer calibrated with windows); null switches to automatic calibration.
 * The slouch state starts again, since angles now mean something else.
 */
export function setPosturePipelineCalibration(p: PosturePipeline, calibration: Calibration | null): void {
  setGivenCalibration(p.calibrator, calibration);
  p.calibration = p.calibrator.calibration;
  p.calibrationChanged = true;
  p.flagged = true;
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
  p.tickEndS = p.tickCell = p.binEndS = Number.NaN;
  p.tickN = 0;
  p.tickStepS = 0;
  p.sampleAnglesAt = -1;
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
