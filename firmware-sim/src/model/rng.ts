/**
 * Seeded pseudo-random numbers: sfc32 (small fast counter, 128-bit state, passes PractRand to large sizes)
 * seeded through splitmix32. Everything random in the simulator derives from one scenario seed through
 * `deriveSeed(seed, label)`, so changing, say, the error settings never changes the wearer's movements.
 */
/** State lives in typed arrays: 32-bit words in plain object fields would be boxed on every write. */
export interface Rng {
  /** sfc32 words a, b, c, d. */
  readonly s: Int32Array;
  /** [0]: second normal deviate of the last polar-method pair, NaN when used. */
  readonly spare: Float64Array;
}

function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A 32-bit seed for a named sub-stream of `seed` (FNV-1a over the label, mixed with the seed). */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ splitmix32(seed >>> 0) ^ splitmix32(Math.floor(seed / 4294967296) | 0);
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return splitmix32(h) >>> 0;
}

export function createRng(seed: number): Rng {
  const s = seed >>> 0;
  const rng: Rng = { s: Int32Array.of(splitmix32(s), splitmix32(s + 1), splitmix32(s + 2), 1), spare: Float64Array.of(Number.NaN) };
  for (let i = 0; i < 15; i++) nextUint32(rng);
  return rng;
}

export function nextUint32(r: Rng): number {
  const st = r.s;
  const a = st[0]!, b = st[1]!, c = st[2]!, d = st[3]!;
  const t = (((a + b) | 0) + d) | 0;
  st[3] = (d + 1) | 0;
  st[0] = b ^ (b >>> 9);
  st[1] = (c + (c << 3)) | 0;
  st[2] = (((c << 21) | (c >>> 11)) + t) | 0;
  return t >>> 0;
}

/** Uniform in [0, 1). */
export function uniform(r: Rng): number {
  return nextUint32(r) / 4294967296;
}

/** Uniform in [lo, hi). */
export function between(r: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * uniform(r);
}

/** +1 or -1 with equal odds. */
export function sign(r: Rng): number {
  return uniform(r) < 0.5 ? -1 : 1;
}

/** Standard normal deviate (Marsaglia polar method: no trigonometry, pairs cached). */
export function normal(r: Rng): number {
  const spare = r.spare[0]!;
  if (spare === spare) {
    r.spare[0] = Number.NaN;
    return spare;
  }
  let u: number;
  let v: number;
  let s: number;
  do {
    u = 2 * uniform(r) - 1;
    v = 2 * uniform(r) - 1;
    s = u * u + v * v;
  } while (s >= 1 || s === 0);
  const k = Math.sqrt((-2 * Math.log(s)) / s);
  r.spare[0] = v * k;
  return u * k;
}

/**
 * Table of standard normal deviates for per-sample sensor noise: one table for the whole process (drawn
 * once from a fixed seed), indexed by the device's own generator. About ten times cheaper than the polar
 * method, which matters when a fleet runner simulates thousands of sensors; 65 536 distinct values reach
 * out to about ±4.3 sigma, plenty for white noise.
 */
const NORMAL_TABLE_BITS = 16;
const NORMAL_TABLE: Float64Array = (() => {
  const r = createRng(0x5eed);
  const t = new Float64Array(1 << NORMAL_TABLE_BITS);
  for (let i = 0; i < t.length; i++) t[i] = normal(r);
  return t;
})();

/** A standard normal deviate from the shared table (for noise; use `normal` for drawn parameters). */
export function tableNormal(r: Rng): number {
  return NORMAL_TABLE[nextUint32(r) >>> (32 - NORMAL_TABLE_BITS)]!;
}
