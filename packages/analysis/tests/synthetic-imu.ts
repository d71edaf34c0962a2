/**
 * Small synthetic IMU recordings for the pipeline and CLI tests (the accuracy tests use the simulator).
 * The trunk orientation is R = Ry(flexion) · Rx(lateral) (contracts section 1); the sensor frame equals the trunk
 * frame, so the calibration is the identity frame. Deterministic noise from a seeded generator.
 */
import type { Calibration } from '../src/calibration.js';

export interface SyntheticSegment {
  durationS: number;
  /** Flexion at the end of the segment (linear ramp over the first `rampS`), degrees. */
  flexionDeg: number;
  lateralDeg?: number;
  rampS?: number;
  /** Vertical bounce of steps, g, at `stepHz`. */
  walkG?: number;
  stepHz?: number;
  /** Breathing sway amplitude, degrees (0.25 Hz). */
  breathDeg?: number;
  /** Sensor lying on a desk: no body, exact attitude, noise only. */
  desk?: boolean;
}

export interface SyntheticRecording {
  timeS: Float64Array;
  acc: Float64Array;
  gyr: Float64Array;
  flexionDeg: Float64Array;
  count: number;
}

export const IDENTITY_CALIBRATION: Calibration = {
  frame: { f: Float64Array.of(1, 0, 0), l: Float64Array.of(0, 1, 0), u: Float64Array.of(0, 0, 1) },
  method: 'windows',
  quality: 1,
  detail: {},
};

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

export function synthesise(segments: readonly SyntheticSegment[], rateHz = 50, seed = 1, noise = true): SyntheticRecording {
  const total = segments.reduce((a, s) => a + s.durationS, 0);
  const n = Math.round(total * rateHz);
  const r = rng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const rec: SyntheticRecording = { timeS: new Float64Array(n), acc: new Float64Array(3 * n), gyr: new Float64Array(3 * n), flexionDeg: new Float64Array(n), count: n };
  const D = Math.PI / 180;
  let segIndex = 0;
  let segStart = 0;
  let prevFlex = 0;
  let prevLat = 0;
  let fromFlex = 0;
  let fromLat = 0;
  const angleAt = (t: number, seg: SyntheticSegment, t0: number): [number, number] => {
    const ramp = seg.rampS ?? 1;
    const k = Math.min(1, (t - t0) / ramp);
    const breath = (seg.breathDeg ?? 0.3) * Math.sin(2 * Math.PI * 0.25 * t);
    const sway = seg.walkG ? 1.5 * Math.sin(2 * Math.PI * (seg.stepHz ?? 1.8) * 0.5 * t) : 0;
    return [fromFlex + (seg.flexionDeg - fromFlex) * k + (seg.desk ? 0 : breath), fromLat + ((seg.lateralDeg ?? 0) - fromLat) * k + sway];
  };
  for (let i = 0; i < n; i++) {
    const t = i / rateHz + (noise ? (r() - 0.5) * 0.2 / rateHz : 0);
    while (segIndex < segments.length - 1 && t >= segStart + segments[segIndex]!.durationS) {
      segStart += segments[segIndex]!.durationS;
      segIndex++;
      fromFlex = prevFlex;
      fromLat = prevLat;
    }
    const seg = segments[segIndex]!;
    const [flex, lat] = angleAt(t, seg, segStart);
    const [flex2, lat2] = angleAt(t + 1e-3, seg, segStart);
    const th = flex * D, ph = lat * D;
    const thDot = (flex2 - flex) / 1e-3, phDot = (lat2 - lat) / 1e-3;
    // Up in trunk frame: third row of Ry(th)·Rx(ph).
    const ux = -Math.sin(th), uy = Math.cos(th) * Math.sin(ph), uz = Math.cos(th) * Math.cos(ph);
    let bounce = 0;
    if (seg.walkG) bounce = seg.walkG * Math.sin(2 * Math.PI * (seg.stepHz ?? 1.8) * t);
    const an = noise ? 0.003 : 0;
    const gn = noise ? 0.05 : 0;
    rec.timeS[i] = t;
    rec.flexionDeg[i] = flex;
    rec.acc[3 * i] = ux * (1 + bounce) + an * gauss();
    rec.acc[3 * i + 1] = uy * (1 + bounce) + an * gauss();
    rec.acc[3 * i + 2] = uz * (1 + bounce) + an * gauss();
    // Body rate of Ry(th)·Rx(ph): (phDot, thDot·cos ph, -thDot·sin ph), °/s.
    rec.gyr[3 * i] = phDot + gn * gauss();
    rec.gyr[3 * i + 1] = thDot * Math.cos(ph) + gn * gauss();
    rec.gyr[3 * i + 2] = -thDot * Math.sin(ph) + gn * gauss();
    prevFlex = seg.flexionDeg;
    prevLat = seg.lateralDeg ?? 0;
  }
  return rec;
}

/** The recording as analysis CSV text (contracts section 3). */
export function toCsv(rec: SyntheticRecording, header = 'time_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps'): string {
  const lines = [header];
  for (let i = 0; i < rec.count; i++) {
    lines.push([rec.timeS[i]!.toFixed(4), ...[0, 1, 2].map((k) => rec.acc[3 * i + k]!.toFixed(5)), ...[0, 1, 2].map((k) => rec.gyr[3 * i + k]!.toFixed(3))].join(','));
  }
  return `${lines.join('\n')}\n`;
}
