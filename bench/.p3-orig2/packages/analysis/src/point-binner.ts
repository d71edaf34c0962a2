/**
 * Gathers per-sample outputs into fixed-length points (the per-second PosturePoint): samples fall into bins
 * `[k·intervalS, (k+1)·intervalS)` of the caller's time base; a point carries the bin start, the mean flexion and
 * lateral over the bin (NaN when none was known), the majority activity and posture, and `worn`. A bin is
 * emitted when the first sample of a later bin arrives (or on `flushPointBinner`); empty bins are skipped.
 * No allocation per sample: the point object is reused.
 */
import type { Activity, Posture } from '@stance/protocol';
import type { PosturePoint } from './posture-point.js';

const ACTIVITY_BY_INDEX: readonly Activity[] = ['still', 'moving', 'walking', 'lying', 'not_worn', 'unknown'];
const POSTURE_BY_INDEX: readonly Posture[] = ['upright', 'slouched', 'unknown'];

export interface PointBinner {
  readonly intervalS: number;
  /** The last call completed a point: `point` holds it (overwritten later: copy what you keep). */
  ready: boolean;
  readonly point: PosturePoint;
  // Internal state below.
  binIndex: number;
  binStartS: number;
  binEndS: number;
  n: number;
  flexN: number;
  flexSum: number;
  latN: number;
  latSum: number;
  activityCounts: Int32Array;
  postureCounts: Int32Array;
  /** The arguments of the current call (see addToPointBinner). */
  inTS: number;
  inFlexionDeg: number;
  inLateralDeg: number;
}

export function createPointBinner(intervalS: number): PointBinner {
  if (!(intervalS > 0)) throw new RangeError('point binner: intervalS must be > 0');
  return {
    intervalS,
    ready: false,
    point: { tMs: 0, flexionDeg: Number.NaN, lateralDeg: Number.NaN, activity: 'unknown', posture: 'unknown', worn: false },
    binIndex: Number.NaN,
    binStartS: Number.NaN,
    binEndS: Number.NaN,
    n: 0,
    flexN: 0,
    flexSum: 0,
    latN: 0,
    latSum: 0,
    activityCounts: new Int32Array(6),
    postureCounts: new Int32Array(3),
    inTS: Number.NaN,
    inFlexionDeg: Number.NaN,
    inLateralDeg: Number.NaN,
  };
}

/** Forget the open bin (nothing is emitted). */
export function resetPointBinner(b: PointBinner): void {
  b.ready = false;
  b.binIndex = b.binStartS = b.binEndS = Number.NaN;
  clearBin(b);
}

/** One sample. Sets `ready` when the sample opened a new bin after a non-empty one. */
export function addToPointBinner(b: PointBinner, tS: number, flexionDeg: number, lateralDeg: number, activity: Activity, posture: Posture): void {
  // Through the state, as in slouch-detector.ts: doubles passed to a call that is not inlined are boxed.
  b.inTS = tS;
  b.inFlexionDeg = flexionDeg;
  b.inLateralDeg = lateralDeg;
  addSample(b, activity, posture);
}

function addSample(b: PointBinner, activity: Activity, posture: Posture): void {
  const tS = b.inTS;
  const flexionDeg = b.inFlexionDeg;
  const lateralDeg = b.inLateralDeg;
  b.ready = false;
  if (!(tS < b.binEndS && tS >= b.binStartS)) {
    // Entered another bin (the division only here, not per sample).
    if (b.n > 0) emit(b);
    const bin = Math.floor(tS / b.intervalS);
    b.binIndex = bin;
    b.binStartS = bin * b.intervalS;
    b.binEndS = (bin + 1) * b.intervalS;
  }
  b.n++;
  if (flexionDeg === flexionDeg) {
    b.flexSum += flexionDeg;
    b.flexN++;
  }
  if (lateralDeg === lateralDeg) {
    b.latSum += lateralDeg;
    b.latN++;
  }
  b.activityCounts[activityIndex(activity)]!++;
  b.postureCounts[posture === 'upright' ? 0 : posture === 'slouched' ? 1 : 2]!++;
}

/** End of data: emits the open bin if it has samples (`ready`). */
export function flushPointBinner(b: PointBinner): void {
  b.ready = false;
  if (b.n > 0) emit(b);
  b.binIndex = b.binStartS = b.binEndS = Number.NaN;
}

function emit(b: PointBinner): void {
  const pt = b.point;
  pt.tMs = b.binIndex * b.intervalS * 1000;
  pt.flexionDeg = b.flexN > 0 ? b.flexSum / b.flexN : Number.NaN;
  pt.lateralDeg = b.latN > 0 ? b.latSum / b.latN : Number.NaN;
  pt.activity = ACTIVITY_BY_INDEX[argMax(b.activityCounts)]!;
  pt.posture = POSTURE_BY_INDEX[argMax(b.postureCounts)]!;
  pt.worn = pt.activity !== 'not_worn';
  b.ready = true;
  clearBin(b);
}

function clearBin(b: PointBinner): void {
  b.n = b.flexN = b.flexSum = b.latN = b.latSum = 0;
  // Plain loops: TypedArray.prototype.fill is a call V8 does not inline.
  const a = b.activityCounts;
  for (let i = 0; i < a.length; i++) a[i] = 0;
  const q = b.postureCounts;
  for (let i = 0; i < q.length; i++) q[i] = 0;
}

function activityIndex(a: Activity): number {
  switch (a) {
    case 'still': return 0;
    case 'moving': return 1;
    case 'walking': return 2;
    case 'lying': return 3;
    case 'not_worn': return 4;
    default: return 5;
  }
}

function argMax(counts: Int32Array): number {
  let best = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i]! > counts[best]!) best = i;
  return best;
}
