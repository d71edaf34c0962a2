import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BINARY_ACC_RANGES_G,
  BINARY_GYR_RANGES_DPS,
  BINARY_HEADER_BYTES,
  binaryQuantisationError,
  decodeBatch,
  encodeBinaryBatch,
  type ImuBatch,
} from '../src/index.js';
import { arbBatch, makeBatch } from './helpers.js';

const README_EXAMPLE_HEX =
  '01 00 02 00 9c 01 00 00 00 00 00 d6 56 aa 79 42 00 00 00 00 00 00 49 40 ' +
  'a4 00 b8 3e 52 f8 48 01 14 3e ae f7 34 00 63 ff 0d 00 42 00 70 ff 00 00';

function contractExample(): ImuBatch {
  return {
    seq: 412,
    t0Ms: 1763712000000,
    hz: 50,
    count: 2,
    acc: Float64Array.from([0.01, 0.98, -0.12, 0.02, 0.97, -0.13]),
    gyr: Float64Array.from([0.4, -1.2, 0.1, 0.5, -1.1, 0]),
  };
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** The range the encoder must pick: the finest that holds every value. */
function finestRange(values: Float64Array, ranges: readonly number[]): number {
  const maxAbs = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return ranges.find((r) => maxAbs <= r) ?? (ranges[ranges.length - 1] as number);
}

function withinQuantisation(decoded: Float64Array, original: Float64Array, range: number): boolean {
  const bound = binaryQuantisationError(range) * (1 + 1e-9);
  return decoded.every((v, i) => Math.abs(v - (original[i] as number)) <= bound);
}

function mutate(batch: ImuBatch, edit: (view: DataView) => void): Uint8Array {
  const bytes = encodeBinaryBatch(batch);
  edit(new DataView(bytes.buffer));
  return bytes;
}

describe('binary batch', () => {
  it('encodes the contract example to the bytes the README shows', () => {
    expect(hex(encodeBinaryBatch(contractExample()))).toBe(README_EXAMPLE_HEX);
  });

  it('is 24 + 12 bytes per sample', () => {
    expect(encodeBinaryBatch(makeBatch({ count: 50 })).byteLength).toBe(24 + 12 * 50);
  });

  it('round-trips header fields exactly and samples within half a step of the chosen range', () => {
    fc.assert(
      fc.property(arbBatch(), (batch) => {
        const r = decodeBatch(encodeBinaryBatch(batch));
        if (!r.ok || r.format !== 'binary') return false;
        const b = r.batch;
        return (
          b.seq === batch.seq && b.t0Ms === batch.t0Ms && b.hz === batch.hz && b.count === batch.count &&
          withinQuantisation(b.acc, batch.acc, finestRange(batch.acc, BINARY_ACC_RANGES_G)) &&
          withinQuantisation(b.gyr, batch.gyr, finestRange(batch.gyr, BINARY_GYR_RANGES_DPS))
        );
      }),
    );
  });

  it('is deterministic and idempotent: re-encoding a decoded batch gives the same bytes', () => {
    fc.assert(
      fc.property(arbBatch(), (batch) => {
        const once = encodeBinaryBatch(batch);
        const r = decodeBatch(once);
        return r.ok && hex(encodeBinaryBatch(r.batch)) === hex(once) && hex(encodeBinaryBatch(batch)) === hex(once);
      }),
    );
  });

  it('states the resolution of each range', () => {
    expect(binaryQuantisationError(16)).toBeCloseTo(0.000244, 6); // g
    expect(binaryQuantisationError(2)).toBeCloseTo(0.0000305, 7); // g
    expect(binaryQuantisationError(4000)).toBeCloseTo(0.0610, 4); // deg/s
    expect(binaryQuantisationError(250)).toBeCloseTo(0.00381, 5); // deg/s
  });

  it('picks the finest range, and saturates values past the widest one', () => {
    const batch = makeBatch({ count: 1, acc: Float64Array.from([2, -1, 0]), gyr: Float64Array.from([250.001, 0, 0]) });
    expect(encodeBinaryBatch(batch)[1]).toBe(0x10); // gyr ±500, acc ±2 g
    const loud = makeBatch({ count: 1, acc: Float64Array.from([20, -99, 0]), gyr: Float64Array.from([5000, 0, -1e9]) });
    const r = decodeBatch(encodeBinaryBatch(loud));
    expect(r.ok && Array.from(r.batch.acc)).toEqual([16, -16, 0]);
    expect(r.ok && Array.from(r.batch.gyr)).toEqual([4000, 0, -4000]);
  });

  it('rounds half away from zero, symmetrically', () => {
    const step = 2 / 32767;
    const batch = makeBatch({ count: 1, acc: Float64Array.from([1.5 * step, -1.5 * step, 0.49 * step]) });
    const view = new DataView(encodeBinaryBatch(batch).buffer);
    expect([view.getInt16(24, true), view.getInt16(26, true), view.getInt16(28, true)]).toEqual([2, -2, 0]);
  });

  it.each([
    ['an acc NaN', (b: ImuBatch) => (b.acc[4] = Number.NaN), 'non_finite', 'acc[4] is 0x8000'],
    ['a gyr Infinity', (b: ImuBatch) => (b.gyr[2] = -Infinity), 'non_finite', 'gyr[2] is 0x8000'],
    ['a NaN t0', (b: ImuBatch) => (b.t0Ms = Number.NaN), 'bad_time', 't0 NaN'],
    ['a t0 in seconds', (b: ImuBatch) => (b.t0Ms = 1763712000), 'bad_time', 't0 1763712000'],
    ['a rate so low the second sample is past 2200', (b: ImuBatch) => (b.hz = 1e-300), 'bad_time', 'ends at 2e+303'],
    ['an infinite hz', (b: ImuBatch) => (b.hz = Infinity), 'bad_rate', 'hz Infinity'],
    ['a NaN hz', (b: ImuBatch) => (b.hz = Number.NaN), 'bad_rate', 'hz NaN'],
    ['no samples', (b: ImuBatch) => (b.count = 0), 'empty', 'no samples'],
    ['1001 samples', (b: ImuBatch) => Object.assign(b, makeBatch({ count: 1001 })), 'too_many_samples', '1001 samples'],
  ])('refuses a batch with %s', (_name, edit, reason, detail) => {
    const batch = makeBatch();
    edit(batch);
    const r = decodeBatch(encodeBinaryBatch(batch));
    expect(r).toMatchObject({ ok: false, reason });
    if (!r.ok) expect(r.detail).toContain(detail);
  });

  it('refuses every truncation and any trailing bytes', () => {
    const bytes = encodeBinaryBatch(makeBatch({ count: 3 }));
    for (let length = 1; length < bytes.length; length++) {
      expect(decodeBatch(bytes.subarray(0, length))).toMatchObject({ ok: false, reason: 'truncated' });
    }
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(decodeBatch(longer)).toMatchObject({ ok: false, reason: 'length_mismatch' });
  });

  it('refuses reserved version bytes and unknown range codes', () => {
    for (const version of [0x00, 0x02, 0x08, 0x0b, 0x1f]) {
      const r = decodeBatch(mutate(makeBatch(), (v) => v.setUint8(0, version)));
      expect(r).toMatchObject({ ok: false, reason: 'unknown_version' });
    }
    for (const scale of [0x04, 0x50, 0xff]) {
      expect(decodeBatch(mutate(makeBatch(), (v) => v.setUint8(1, scale)))).toMatchObject({ reason: 'bad_header' });
    }
  });

  it('decodes from a view into a larger buffer (MQTT payloads are often slices)', () => {
    const bytes = encodeBinaryBatch(makeBatch());
    const big = new Uint8Array(bytes.length + 13);
    big.set(bytes, 7);
    expect(decodeBatch(big.subarray(7, 7 + bytes.length)).ok).toBe(true);
    expect(decodeBatch(Buffer.concat([Buffer.from('xyz'), bytes]).subarray(3)).ok).toBe(true);
  });

  it('throws only for what the format cannot carry', () => {
    expect(() => encodeBinaryBatch(makeBatch({ seq: 2 ** 32 }))).toThrow(RangeError);
    expect(() => encodeBinaryBatch(makeBatch({ count: 70000 }))).toThrow(RangeError);
    expect(() => encodeBinaryBatch({ ...makeBatch(), count: 5 })).toThrow(RangeError);
    expect(BINARY_HEADER_BYTES).toBe(24);
  });
});
