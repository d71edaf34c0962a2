/** Shared builders and fast-check arbitraries for the protocol tests. */
import fc from 'fast-check';
import {
  BATCH_REJECT_REASONS,
  MAX_ABS_ACC_G,
  MAX_ABS_GYR_DPS,
  MAX_RATE_HZ,
  MAX_SEQ,
  MAX_T0_MS,
  MIN_T0_MS,
  type BatchDecodeResult,
  type ImuBatch,
} from '../src/index.js';

/** A valid batch with simple, recognisable values. */
export function makeBatch(overrides: Partial<ImuBatch> = {}): ImuBatch {
  const count = overrides.count ?? 2;
  const acc = new Float64Array(3 * count);
  const gyr = new Float64Array(3 * count);
  for (let i = 0; i < count; i++) {
    acc.set([0.01 * i, 0.98, -0.12], 3 * i);
    gyr.set([0.4, -1.2 + i, 0.1], 3 * i);
  }
  return { seq: 412, t0Ms: 1_763_712_000_000, hz: 50, count, acc, gyr, ...overrides };
}

const finiteIn = (max: number) => fc.double({ min: -max, max, noNaN: true, noDefaultInfinity: true });

/** Any valid batch, up to `maxCount` samples; values anywhere within the limits. */
export function arbBatch(maxCount = 40): fc.Arbitrary<ImuBatch> {
  return fc.integer({ min: 1, max: maxCount }).chain((count) =>
    fc.record({
      seq: fc.integer({ min: 0, max: MAX_SEQ }),
      t0Ms: fc.integer({ min: MIN_T0_MS, max: MAX_T0_MS - 1 }),
      hz: fc.double({ min: 1e-3, max: MAX_RATE_HZ, noNaN: true }),
      count: fc.constant(count),
      acc: fc.array(finiteIn(MAX_ABS_ACC_G), { minLength: 3 * count, maxLength: 3 * count }).map((a) => Float64Array.from(a)),
      gyr: fc.array(finiteIn(MAX_ABS_GYR_DPS), { minLength: 3 * count, maxLength: 3 * count }).map((a) => Float64Array.from(a)),
    }),
  ).filter((b) => b.t0Ms + (b.count * 1000) / b.hz <= MAX_T0_MS); // a batch ends by 2200 too
}

/** Samples are equal as numbers (so 0 and -0 are equal: JSON writes -0 as 0). */
export function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Checks the invariants every result must meet: a known reason, a one-line detail, or a sane batch. */
export function expectWellFormed(result: BatchDecodeResult): void {
  if (!result.ok) {
    if (!BATCH_REJECT_REASONS.includes(result.reason)) throw new Error(`unknown reason ${result.reason}`);
    if (typeof result.detail !== 'string' || result.detail.length === 0 || /[\r\n]/.test(result.detail)) {
      throw new Error(`detail is not one line: ${JSON.stringify(result.detail)}`);
    }
    return;
  }
  const b = result.batch;
  const okHeader =
    Number.isInteger(b.seq) && b.seq >= 0 && b.seq <= MAX_SEQ &&
    Number.isInteger(b.t0Ms) && b.t0Ms >= MIN_T0_MS && b.t0Ms < MAX_T0_MS && b.t0Ms + (b.count * 1000) / b.hz <= MAX_T0_MS &&
    b.hz > 0 && b.hz <= MAX_RATE_HZ && b.count >= 1 && b.count <= 1000 &&
    b.acc.length === 3 * b.count && b.gyr.length === 3 * b.count;
  if (!okHeader) throw new Error(`accepted a bad header: ${JSON.stringify({ ...b, acc: undefined, gyr: undefined })}`);
  for (const v of b.acc) if (!(Math.abs(v) <= MAX_ABS_ACC_G)) throw new Error(`accepted acc ${v}`);
  for (const v of b.gyr) if (!(Math.abs(v) <= MAX_ABS_GYR_DPS)) throw new Error(`accepted gyr ${v}`);
}
