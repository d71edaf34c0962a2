import { CalibrationError } from './calibration-error.js';
import { vec3AngleDeg } from './vector.js';
import {
  DEFAULT_BEND_SETTINGS, forwardFromBend, forwardFromMotion, type BendSettings, type MotionForwardSettings,
} from './forward-axis.js';

/** The trunk frame in sensor coordinates: unit vectors forward, left (= u × f) and up. */
export interface TrunkFrame {
  f: Float64Array;
  l: Float64Array;
  u: Float64Array;
}

/**
 * - 'windows': neutral window + forward-bend window.
 * - 'neutral+motion': neutral window, forward axis learnt from the wearer's movement.
 * - 'auto': both axes learnt from the wearer's movement (no window).
 * - 'neutral-only': `u` known, forward unknown; `frame.f` is an arbitrary perpendicular and must not be used
 *   for signed angles (see `calibratedAngles`).
 */
export type CalibrationMethod = 'windows' | 'neutral+motion' | 'auto' | 'neutral-only';

export interface Calibration {
  frame: TrunkFrame;
  method: CalibrationMethod;
  /** 0..1; the figures it was judged from are in `detail`. */
  quality: number;
  detail: Record<string, number | string>;
}

/** Sample indices `[start, end)` into an interleaved up-vector array (sample i at 3i..3i+2). */
export interface IndexRange {
  start: number;
  end: number;
}

export interface NeutralSettings {
  /** Fewest samples a neutral window may hold. */
  minSamples: number;
  /** Samples further than this many times the median deviation from the window's mean are movement. */
  outlierMedianFactor: number;
  /** Deviations below this are never rejected (sensor noise on a still wearer), degrees. */
  outlierFloorDeg: number;
  /** Smallest share of the window that must survive outlier rejection, 0..1. */
  minKeptFraction: number;
  /** RMS angular spread of the kept samples above which the window is refused as moving, degrees. */
  maxSpreadDeg: number;
}

export const DEFAULT_NEUTRAL_SETTINGS: Readonly<NeutralSettings> = Object.freeze({
  minSamples: 10,
  outlierMedianFactor: 3,
  outlierFloorDeg: 1.5,
  minKeptFraction: 0.6,
  maxSpreadDeg: 4,
});

/** The neutral up axis found in a window and how clean the window was. */
export interface NeutralAxis {
  u: Float64Array;
  /** RMS angle of the kept samples about `u`, degrees. */
  spreadDeg: number;
  keptFraction: number;
  /** 0..1: 1 for a perfectly still window, 0 at `maxSpreadDeg`, scaled by the kept share. */
  quality: number;
}


/** Sample range `[start, end)` covering times `fromS <= t < toS` in a sorted time array. */
export function indexRangeForTimes(timeS: ArrayLike<number>, fromS: number, toS: number): IndexRange {
  let start = 0;
  while (start < timeS.length && timeS[start]! < fromS) start++;
  let end = start;
  while (end < timeS.length && timeS[end]! < toS) end++;
  return { start, end };
}

function checkRange(up: Float64Array, range: IndexRange, name: string, minSamples: number): void {
  const count = Math.floor(up.length / 3);
  if (range.start < 0 || range.end > count || range.start > range.end) {
    throw new CalibrationError('window_out_of_range', [name, range.start, range.end, count]);
  }
  if (range.end - range.start < minSamples) {
    throw new CalibrationError('window_empty', [name, range.end - range.start, minSamples]);
  }
  for (let i = range.start; i < range.end; i++) {
    const n = Math.hypot(up[3 * i]!, up[3 * i + 1]!, up[3 * i + 2]!);
    if (!(n > 0) || !Number.isFinite(n)) throw new CalibrationError('invalid_vector', [name, i]);
  }
}

/** Mean direction of the samples whose `keep` flag is set (average of unit vectors, then normalised). */
function meanDirection(up: Float64Array, range: IndexRange, keep: Uint8Array, out: Float64Array): void {
  let x = 0, y = 0, z = 0;
  for (let i = range.start; i < range.end; i++) {
    if (!keep[i - range.start]) continue;
    const n = Math.hypot(up[3 * i]!, up[3 * i + 1]!, up[3 * i + 2]!);
    x += up[3 * i]! / n;
    y += up[3 * i + 1]! / n;
    z += up[3 * i + 2]! / n;
  }
  const n = Math.hypot(x, y, z);
  out[0] = x / n;
  out[1] = y / n;
  out[2] = z / n;
}

function angleToDeg(up: Float64Array, i: number, u: Float64Array): number {
  return vec3AngleDeg(up.subarray(3 * i, 3 * i + 3), u);
}

/**
 * Robust mean up direction over a neutral window. Average-then-normalise, then twice: drop samples further
 * from the mean than `outlierMedianFactor` × the median deviation (never below `outlierFloorDeg`) and average
 * again, so a fidget or the start of the next movement does not pull `u`. Throws `window_moving` when too
 * little survives or the survivors still spread more than `maxSpreadDeg`.
 */
export function neutralFromWindow(up: Float64Array, range: IndexRange, settings: Partial<NeutralSettings> = {}): NeutralAxis {
  const s = { ...DEFAULT_NEUTRAL_SETTINGS, ...settings };
  checkRange(up, range, 'neutral', s.minSamples);
  const count = range.end - range.start;
  const keep = new Uint8Array(count).fill(1);
  const angles = new Float64Array(count);
  const u = new Float64Array(3);
  meanDirection(up, range, keep, u);
  let kept = count;
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < count; k++) angles[k] = angleToDeg(up, range.start + k, u);
    const median = angles.slice().sort()[count >> 1]!;
    const limit = Math.max(s.outlierFloorDeg, s.outlierMedianFactor * median);
    kept = 0;
    for (let k = 0; k < count; k++) {
      keep[k] = angles[k]! <= limit ? 1 : 0;
      kept += keep[k]!;
    }
    meanDirection(up, range, keep, u);
  }
  let sumSq = 0;
  for (let k = 0; k < count; k++) {
    if (!keep[k]) continue;
    const a = angleToDeg(up, range.start + k, u);
    sumSq += a * a;
  }
  const spreadDeg = Math.sqrt(sumSq / kept);
  const keptFraction = kept / count;
  const figures = { neutralSpreadDeg: spreadDeg, neutralKeptFraction: keptFraction };
  if (keptFraction < s.minKeptFraction) {
    throw new CalibrationError('window_moving', [`only ${(keptFraction * 100).toFixed(0)}% of it was steady`], figures);
  }
  if (spreadDeg > s.maxSpreadDeg) {
    throw new CalibrationError('window_moving', [`spread ${spreadDeg.toFixed(1)}° > ${s.maxSpreadDeg}°`], figures);
  }
  const quality = Math.max(0, 1 - spreadDeg / s.maxSpreadDeg) * keptFraction;
  return { u, spreadDeg, keptFraction, quality };
}

/**
 * Writes an orthonormal trunk frame from the up axis and an approximate forward direction into `frame`: `f` is
 * made exactly perpendicular to `u` (Gram-Schmidt), `l = u × f`. Returns false (frame untouched) when
 * `forward` is (nearly) parallel to `u`. No allocation, so streaming calibrators can refine in place.
 */
export function writeFrame(frame: TrunkFrame, u: ArrayLike<number>, forward: ArrayLike<number>): boolean {
  const un = Math.hypot(u[0]!, u[1]!, u[2]!);
  const ux = u[0]! / un, uy = u[1]! / un, uz = u[2]! / un;
  const d = forward[0]! * ux + forward[1]! * uy + forward[2]! * uz;
  let fx = forward[0]! - d * ux, fy = forward[1]! - d * uy, fz = forward[2]! - d * uz;
  const fn = Math.hypot(fx, fy, fz);
  if (!(fn > 1e-9 * Math.hypot(forward[0]!, forward[1]!, forward[2]!))) return false;
  fx /= fn; fy /= fn; fz /= fn;
  frame.f[0] = fx; frame.f[1] = fy; frame.f[2] = fz;
  frame.l[0] = uy * fz - uz * fy; frame.l[1] = uz * fx - ux * fz; frame.l[2] = ux * fy - uy * fx;
  frame.u[0] = ux; frame.u[1] = uy; frame.u[2] = uz;
  return true;
}

/** A new trunk frame (see {@link writeFrame}); null when `forward` is (nearly) parallel to `u`. */
export function frameFromAxes(u: ArrayLike<number>, forward: ArrayLike<number>): TrunkFrame | null {
  const frame = { f: new Float64Array(3), l: new Float64Array(3), u: new Float64Array(3) };
  return writeFrame(frame, u, forward) ? frame : null;
}

/** Writes some unit-ish vector perpendicular to `u` into `out`: the stand-in forward axis of a 'neutral-only' frame. */
export function writePerpendicular(out: Float64Array, u: ArrayLike<number>): Float64Array {
  const ax = Math.abs(u[0]!), ay = Math.abs(u[1]!), az = Math.abs(u[2]!);
  // Cross u with the sensor axis least aligned with it, so the result is never near zero.
  if (ax <= ay && ax <= az) { out[0] = 0; out[1] = u[2]!; out[2] = -u[1]!; }
  else if (ay <= az) { out[0] = -u[2]!; out[1] = 0; out[2] = u[0]!; }
  else { out[0] = u[1]!; out[1] = -u[0]!; out[2] = 0; }
  return out;
}

/** A calibration that knows only `u`; angles under it go through `calibratedAngles` (total tilt, no sign). */
export function neutralOnlyCalibration(u: ArrayLike<number>, quality: number, detail: Record<string, number | string>): Calibration {
  const frame = frameFromAxes(u, writePerpendicular(new Float64Array(3), u))!;
  return { frame, method: 'neutral-only', quality, detail };
}

export interface WindowCalibrationSettings {
  neutral: Partial<NeutralSettings>;
  bend: Partial<BendSettings>;
}

export const DEFAULT_WINDOW_CALIBRATION_SETTINGS: Readonly<WindowCalibrationSettings> = Object.freeze({
  neutral: DEFAULT_NEUTRAL_SETTINGS,
  bend: DEFAULT_BEND_SETTINGS,
});

/**
 * Calibration from a neutral window and a forward-bend window (contracts section 1, method 'windows').
 * Without a bend window the result is 'neutral-only' (see `calibrateNeutralWithMotion` to
 * learn the forward axis from the rest of the recording). Throws {@link CalibrationError} for unusable windows.
 */
export function calibrateFromWindows(
  up: Float64Array,
  neutral: IndexRange,
  bend: IndexRange | null,
  settings: Partial<WindowCalibrationSettings> = {},
): Calibration {
  const n = neutralFromWindow(up, neutral, settings.neutral);
  const neutralDetail = { source: 'window', neutralSpreadDeg: n.spreadDeg, neutralKeptFraction: n.keptFraction, neutralQuality: n.quality };
  if (!bend) return neutralOnlyCalibration(n.u, n.quality, neutralDetail);
  const b = forwardFromBend(up, bend, n.u, settings.bend);
  const frame = frameFromAxes(n.u, b.f)!;
  return {
    frame,
    method: 'windows',
    quality: n.quality * b.quality,
    detail: { ...neutralDetail, bendDepthDeg: b.depthDeg, bendLateralRatio: b.lateralRatio, bendQuality: b.quality },
  };
}

/**
 * Calibration from a neutral window alone, the forward axis learnt from the wearer's movement over `motion`
 * (usually the whole recording): method 'neutral+motion', or 'neutral-only' when the movement does not show a
 * clear forward direction. `timeS` gives each sample's time in seconds.
 */
export function calibrateNeutralWithMotion(
  up: Float64Array,
  timeS: ArrayLike<number>,
  neutral: IndexRange,
  motion: IndexRange,
  settings: { neutral?: Partial<NeutralSettings>; motion?: Partial<MotionForwardSettings> } = {},
): Calibration {
  const n = neutralFromWindow(up, neutral, settings.neutral);
  const m = forwardFromMotion(up, timeS, motion, n.u, settings.motion);
  const detail: Record<string, number | string> = {
    source: 'window', neutralSpreadDeg: n.spreadDeg, neutralKeptFraction: n.keptFraction, neutralQuality: n.quality,
    motionEvidenceS: m.evidenceS, motionAnisotropy: m.anisotropy, motionOneSidedness: m.oneSidedness, motionQuality: m.quality,
  };
  if (!m.known) return neutralOnlyCalibration(n.u, n.quality, detail);
  return { frame: frameFromAxes(n.u, m.f)!, method: 'neutral+motion', quality: n.quality * m.quality, detail };
}

/** A deep copy: the auto-calibrator refines its calibration in place, so keep a copy of what must not change. */
export function cloneCalibration(c: Calibration): Calibration {
  return {
    frame: { f: Float64Array.from(c.frame.f), l: Float64Array.from(c.frame.l), u: Float64Array.from(c.frame.u) },
    method: c.method,
    quality: c.quality,
    detail: { ...c.detail },
  };
}
