// Synthetic wearers for the calibration tests: exact rotations turned into up vectors (and a plausible gyro),
// no IMU model. Mounting Q maps trunk coordinates to sensor coordinates, so the true trunk frame in the sensor
// frame is f = Q·e_x, l = Q·e_y, u = Q·e_z, and the up vector of a trunk at flexion θ, lateral φ is
// Q·(-sin θ, cos θ sin φ, cos θ cos φ) (contracts section 1, heading irrelevant).

export type Mat3 = [number, number, number, number, number, number, number, number, number];

/** Small seeded generator (mulberry32) so every test is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

export const DEG = Math.PI / 180;

export function mul(a: Mat3, b: Mat3): Mat3 {
  const o = new Array<number>(9).fill(0) as Mat3;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    o[3 * i + j] = a[3 * i]! * b[j]! + a[3 * i + 1]! * b[3 + j]! + a[3 * i + 2]! * b[6 + j]!;
  }
  return o;
}
export function transpose(a: Mat3): Mat3 {
  return [a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]];
}
export function apply(a: Mat3, v: ArrayLike<number>): [number, number, number] {
  return [
    a[0] * v[0]! + a[1] * v[1]! + a[2] * v[2]!,
    a[3] * v[0]! + a[4] * v[1]! + a[5] * v[2]!,
    a[6] * v[0]! + a[7] * v[1]! + a[8] * v[2]!,
  ];
}
export function rx(a: number): Mat3 { const c = Math.cos(a), s = Math.sin(a); return [1, 0, 0, 0, c, -s, 0, s, c]; }
export function ry(a: number): Mat3 { const c = Math.cos(a), s = Math.sin(a); return [c, 0, s, 0, 1, 0, -s, 0, c]; }
export function rz(a: number): Mat3 { const c = Math.cos(a), s = Math.sin(a); return [c, -s, 0, s, c, 0, 0, 0, 1]; }

/** Rotation by `angle` radians about unit `axis` (Rodrigues). */
export function axisAngle(axis: ArrayLike<number>, angle: number): Mat3 {
  const n = Math.hypot(axis[0]!, axis[1]!, axis[2]!);
  const x = axis[0]! / n, y = axis[1]! / n, z = axis[2]! / n;
  const c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
  return [t * x * x + c, t * x * y - s * z, t * x * z + s * y,
    t * x * y + s * z, t * y * y + c, t * y * z - s * x,
    t * x * z - s * y, t * y * z + s * x, t * z * z + c];
}

/** Uniformly random rotation (random unit quaternion). */
export function randomRotation(r: () => number): Mat3 {
  let w = gaussian(r), x = gaussian(r), y = gaussian(r), z = gaussian(r);
  const n = Math.hypot(w, x, y, z);
  w /= n; x /= n; y /= n; z /= n;
  return [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)];
}

export interface TrueFrame { f: Float64Array; l: Float64Array; u: Float64Array }
export function trueFrame(q: Mat3): TrueFrame {
  return { f: Float64Array.of(q[0], q[3], q[6]), l: Float64Array.of(q[1], q[4], q[7]), u: Float64Array.of(q[2], q[5], q[8]) };
}

/** Up vector in the sensor frame for flexion/lateral in degrees under mounting q. */
export function upFor(q: Mat3, flexionDeg: number, lateralDeg: number): [number, number, number] {
  const t = flexionDeg * DEG, p = lateralDeg * DEG;
  return apply(q, [-Math.sin(t), Math.cos(t) * Math.sin(p), Math.cos(t) * Math.cos(p)]);
}

export function angleBetweenDeg(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const c = a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
  const s = Math.hypot(a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!);
  return Math.atan2(s, c) / DEG;
}

/** Adds isotropic angular noise of about `sigmaDeg` per axis to a unit vector, renormalised. */
export function jitter(v: [number, number, number], sigmaDeg: number, r: () => number): [number, number, number] {
  const x = v[0] + gaussian(r) * sigmaDeg * DEG, y = v[1] + gaussian(r) * sigmaDeg * DEG, z = v[2] + gaussian(r) * sigmaDeg * DEG;
  const n = Math.hypot(x, y, z);
  return [x / n, y / n, z / n];
}

/**
 * A wearer as a list of posture targets; `samplesFor` turns it into up vectors and a gyro at `rateHz`. Each
 * segment moves smoothly (raised cosine over `moveS`) from the previous posture to its own and holds it,
 * with slow sway of `swayDeg` and sensor noise of `noiseDeg`.
 */
export interface Segment {
  flexionDeg: number; lateralDeg: number; holdS: number; moveS?: number; swayDeg?: number;
  walking?: boolean;
  /** Sensor off the body, lying still on a table (up fixed, gyro noise only). */
  notWorn?: boolean;
}

export type SyntheticActivity = 'still' | 'moving' | 'walking' | 'not_worn';

export interface Samples {
  timeS: Float64Array;
  up: Float64Array;
  gyrDps: Float64Array;
  flexionDeg: Float64Array;
  lateralDeg: Float64Array;
  /** What an activity classifier would say: moving while a segment's move is under way. */
  activity: SyntheticActivity[];
}

/** `mountingAt(tS)` lets a test re-clip the sensor mid-recording. */
export function samplesFor(
  segments: readonly Segment[], rateHz: number, mountingAt: (tS: number) => Mat3, seed: number, noiseDeg = 0.3,
): Samples {
  const r = rng(seed);
  let totalS = 0;
  for (const s of segments) totalS += (s.moveS ?? 1) + s.holdS;
  const n = Math.floor(totalS * rateHz);
  const out: Samples = {
    timeS: new Float64Array(n), up: new Float64Array(3 * n), gyrDps: new Float64Array(3 * n),
    flexionDeg: new Float64Array(n), lateralDeg: new Float64Array(n), activity: new Array<SyntheticActivity>(n),
  };
  const table = [0.3, -0.2, 0.93];
  let prevF = segments[0]?.flexionDeg ?? 0, prevL = segments[0]?.lateralDeg ?? 0;
  let seg = 0, segStart = 0;
  let lastF = prevF, lastL = prevL;
  const swayPhase = r() * 100;
  for (let i = 0; i < n; i++) {
    const t = i / rateHz;
    let s = segments[seg]!;
    while (t >= segStart + (s.moveS ?? 1) + s.holdS && seg < segments.length - 1) {
      segStart += (s.moveS ?? 1) + s.holdS;
      prevF = s.flexionDeg; prevL = s.lateralDeg;
      seg++;
      s = segments[seg]!;
    }
    const move = s.moveS ?? 1;
    const k = Math.min(1, (t - segStart) / move);
    const w = 0.5 - 0.5 * Math.cos(Math.PI * k);
    const sway = s.swayDeg ?? 1;
    let f = prevF + (s.flexionDeg - prevF) * w + sway * Math.sin(0.31 * t + swayPhase);
    let l = prevL + (s.lateralDeg - prevL) * w + sway * 0.7 * Math.sin(0.23 * t + 2 * swayPhase);
    if (s.walking) { f += 2 * Math.sin(2 * Math.PI * 1.8 * t); l += 3 * Math.sin(2 * Math.PI * 0.9 * t); }
    const q = mountingAt(t);
    out.activity[i] = s.notWorn ? 'not_worn' : s.walking ? 'walking' : k < 1 ? 'moving' : 'still';
    if (s.notWorn) {
      const v = jitter([table[0]! / 0.995, table[1]! / 0.995, table[2]! / 0.995], 0.05, r);
      out.timeS[i] = t;
      out.up.set(v, 3 * i);
      out.flexionDeg[i] = NaN;
      out.lateralDeg[i] = NaN;
      out.gyrDps.set([gaussian(r) * 0.2, gaussian(r) * 0.2, gaussian(r) * 0.2], 3 * i);
      continue;
    }
    const v = jitter(upFor(q, f, l), noiseDeg, r);
    out.timeS[i] = t;
    out.up.set(v, 3 * i);
    out.flexionDeg[i] = f;
    out.lateralDeg[i] = l;
    // Trunk angular rate (about l for flexion, about f for lateral) in the sensor frame, plus noise.
    const df = i > 0 ? (f - lastF) * rateHz : 0, dl = i > 0 ? (l - lastL) * rateHz : 0;
    const g = apply(q, [dl + gaussian(r) * 0.3, df + gaussian(r) * 0.3, (s.walking ? 20 * Math.sin(2 * Math.PI * 0.9 * t) : 0) + gaussian(r) * 0.3]);
    out.gyrDps.set(g, 3 * i);
    lastF = f; lastL = l;
  }
  return out;
}

/**
 * An office day: mostly upright sitting, slouch episodes, bends to pick things up, short sideways leans,
 * reclining, walks. Angles in degrees, durations in seconds; every random figure from `seed`.
 */
export function officeDay(seed: number, durationS: number, options: { slouchShare?: number } = {}): Segment[] {
  const r = rng(seed);
  const slouchShare = options.slouchShare ?? 0.25;
  const out: Segment[] = [{ flexionDeg: 2, lateralDeg: 0, holdS: 120 }];
  let t = 121;
  const up = (): Segment => ({ flexionDeg: 2 + gaussian(r) * 2, lateralDeg: gaussian(r) * 1.5, holdS: 60 + 240 * r() });
  while (t < durationS) {
    const p = r();
    let seg: Segment[];
    if (p < slouchShare) seg = [{ flexionDeg: 12 + 18 * r(), lateralDeg: gaussian(r) * 2.5, holdS: 60 + 420 * r(), moveS: 2 }];
    else if (p < slouchShare + 0.15) {
      seg = [{ flexionDeg: 40 + 40 * r(), lateralDeg: gaussian(r) * 5, holdS: 1 + 2 * r(), moveS: 1.5 }, up()];
    } else if (p < slouchShare + 0.23) seg = [{ flexionDeg: 5, lateralDeg: (r() < 0.5 ? -1 : 1) * (6 + 6 * r()), holdS: 10 + 30 * r() }, up()];
    else if (p < slouchShare + 0.3) seg = [{ flexionDeg: -5 - 7 * r(), lateralDeg: gaussian(r) * 2, holdS: 30 + 90 * r(), moveS: 2 }];
    else if (p < slouchShare + 0.38) seg = [{ flexionDeg: 5, lateralDeg: 0, holdS: 30 + 90 * r(), walking: true }, up()];
    else seg = [up()];
    for (const s of seg) {
      out.push(s);
      t += (s.moveS ?? 1) + s.holdS;
    }
  }
  return out;
}
