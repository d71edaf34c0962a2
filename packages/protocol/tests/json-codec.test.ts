import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBatch, encodeJsonBatch, MAX_PAYLOAD_BYTES } from '../src/index.js';
import { arbBatch, makeBatch, sameValues } from './helpers.js';

const CONTRACT_EXAMPLE = `{"seq": 412, "t0": 1763712000000, "hz": 50,
 "acc": [0.01, 0.98, -0.12, 0.02, 0.97, -0.13],
 "gyr": [0.4, -1.2, 0.1, 0.5, -1.1, 0.0]}`;

function decodeJson(value: unknown) {
  return decodeBatch(JSON.stringify(value));
}

function validObject(): Record<string, unknown> {
  return JSON.parse(encodeJsonBatch(makeBatch())) as Record<string, unknown>;
}

describe('JSON batch', () => {
  it('decodes the contract example, as text and as bytes', () => {
    for (const payload of [CONTRACT_EXAMPLE, new TextEncoder().encode(CONTRACT_EXAMPLE)]) {
      const r = decodeBatch(payload);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.format).toBe('json');
      expect(r.batch.seq).toBe(412);
      expect(r.batch.t0Ms).toBe(1763712000000);
      expect(r.batch.hz).toBe(50);
      expect(r.batch.count).toBe(2);
      expect(Array.from(r.batch.acc)).toEqual([0.01, 0.98, -0.12, 0.02, 0.97, -0.13]);
      expect(Array.from(r.batch.gyr)).toEqual([0.4, -1.2, 0.1, 0.5, -1.1, 0]);
    }
  });

  it('encodes with the contract field names and no version', () => {
    const text = encodeJsonBatch(makeBatch({ count: 1 }));
    expect(Object.keys(JSON.parse(text))).toEqual(['seq', 't0', 'hz', 'acc', 'gyr']);
  });

  it('round-trips every valid batch exactly', () => {
    fc.assert(
      fc.property(arbBatch(), (batch) => {
        const r = decodeBatch(encodeJsonBatch(batch));
        if (!r.ok) return false;
        const b = r.batch;
        return (
          b.seq === batch.seq && b.t0Ms === batch.t0Ms && b.hz === batch.hz && b.count === batch.count &&
          sameValues(b.acc, batch.acc) && sameValues(b.gyr, batch.gyr)
        );
      }),
    );
  });

  it('accepts "v": 1 and ignores unknown fields', () => {
    expect(decodeJson({ ...validObject(), v: 1, note: 'x' }).ok).toBe(true);
  });

  it('accepts a UTF-8 byte order mark and surrounding whitespace', () => {
    const text = `\uFEFF \n${encodeJsonBatch(makeBatch())}\n`;
    expect(decodeBatch(text).ok).toBe(true);
    expect(decodeBatch(new TextEncoder().encode(text)).ok).toBe(true);
  });

  it.each([
    ['a missing field', { seq: undefined }, 'missing_field', 'field "seq" is missing'],
    ['v 2', { v: 2 }, 'unknown_version', 'v is 2'],
    ['v "1"', { v: '1' }, 'unknown_version', 'v is "1"'],
    ['seq as a string', { seq: '412' }, 'bad_type', 'seq is a string'],
    ['negative seq', { seq: -1 }, 'bad_seq', 'seq -1'],
    ['seq 2^32', { seq: 2 ** 32 }, 'bad_seq', 'seq 4294967296'],
    ['fractional seq', { seq: 1.5 }, 'bad_seq', 'seq 1.5'],
    ['t0 in seconds', { t0: 1763712000 }, 'bad_time', 't0 1763712000'],
    ['fractional t0', { t0: 1763712000000.5 }, 'bad_time', 't0 1763712000000.5'],
    ['t0 in 2200', { t0: 7258118400000 }, 'bad_time', 't0 7258118400000'],
    ['a rate so low the second sample is past 2200', { hz: 1e-300 }, 'bad_time', 'ends at 2e+303'],
    ['a batch that starts before 2200 and ends after it', { t0: 7258118399990 }, 'bad_time', 'after 7258118400000'],
    ['hz 0', { hz: 0 }, 'bad_rate', 'hz 0'],
    ['hz 1001', { hz: 1001 }, 'bad_rate', 'hz 1001'],
    ['acc as an object', { acc: { x: 1 } }, 'bad_type', 'acc is an object'],
    ['acc of 5 values', { acc: [1, 2, 3, 4, 5] }, 'length_mismatch', 'acc has 5 values'],
    ['acc and gyr of different lengths', { gyr: [0, 0, 0] }, 'length_mismatch', 'acc has 2 samples but gyr has 1'],
    ['no samples', { acc: [], gyr: [] }, 'empty', 'no samples'],
    ['a string sample', { acc: [0, 1, '2', 0, 1, 0] }, 'bad_type', 'acc[2] is a string'],
    ['a null sample', { gyr: [0, 1, 0, 0, null, 0] }, 'non_finite', 'gyr[4] is null'],
    ['17 g', { acc: [0, 17, 0, 0, 1, 0] }, 'out_of_range', 'acc[1] is 17 g'],
    ['-4000.5 deg/s', { gyr: [0, 0, 0, 0, 0, -4000.5] }, 'out_of_range', 'gyr[5] is -4000.5 deg/s'],
  ])('refuses %s', (_name, change, reason, detail) => {
    const r = decodeJson({ ...validObject(), ...change });
    expect(r).toMatchObject({ ok: false, reason });
    if (!r.ok) expect(r.detail).toContain(detail);
  });

  it('accepts exactly ±16 g and ±4000 deg/s, hz 1000 and seq 2^32 - 1', () => {
    const r = decodeJson({ ...validObject(), seq: 2 ** 32 - 1, hz: 1000, acc: [16, -16, 0, 0, 0, 0], gyr: [4000, -4000, 0, 0, 0, 0] });
    expect(r.ok).toBe(true);
  });

  it('refuses infinities written as 1e999', () => {
    const text = encodeJsonBatch(makeBatch()).replace('"acc":[0', '"acc":[1e999');
    expect(decodeBatch(text)).toMatchObject({ ok: false, reason: 'non_finite' });
  });

  it('refuses NaN samples the encoder had to write as null', () => {
    const batch = makeBatch();
    batch.acc[3] = Number.NaN;
    expect(decodeBatch(encodeJsonBatch(batch))).toMatchObject({ ok: false, reason: 'non_finite' });
  });

  it('refuses 1001 samples without reading them, and 1000 is fine', () => {
    expect(decodeBatch(encodeJsonBatch(makeBatch({ count: 1000 }))).ok).toBe(true);
    const over = { ...validObject(), acc: new Array(3003).fill(0), gyr: new Array(3003).fill(0) };
    expect(decodeJson(over)).toMatchObject({ ok: false, reason: 'too_many_samples' });
  });

  it.each([
    ['[]', 'not_an_object'],
    ['null', 'not_an_object'],
    ['"seq"', 'not_an_object'],
    ['{"seq": 1,', 'bad_json'],
    ['   ', 'empty'],
    ['', 'empty'],
  ])('refuses %j as %s', (text, reason) => {
    expect(decodeBatch(text)).toMatchObject({ ok: false, reason });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(decodeBatch(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toMatchObject({ ok: false, reason: 'bad_json' });
  });

  it('refuses payloads over MAX_PAYLOAD_BYTES before parsing, counting UTF-8 bytes', () => {
    expect(decodeBatch(new Uint8Array(MAX_PAYLOAD_BYTES + 1).fill(0x20))).toMatchObject({ reason: 'too_large' });
    expect(decodeBatch(' '.repeat(MAX_PAYLOAD_BYTES + 1))).toMatchObject({ reason: 'too_large' });
    // 100k characters, but 300k bytes of UTF-8.
    expect(decodeBatch(`{"x":"${'€'.repeat(100_000)}"}`)).toMatchObject({ reason: 'too_large' });
  });
});
