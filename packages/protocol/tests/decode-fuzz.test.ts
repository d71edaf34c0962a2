/**
 * decodeBatch against hostile input: it never throws, every refusal carries a reason from the closed
 * union, every acceptance is a sane batch, and each kind of damage to a valid batch gives its reason.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBatch, encodeBinaryBatch, encodeJsonBatch, type BatchRejectReason, type ImuBatch } from '../src/index.js';
import { arbBatch, expectWellFormed, makeBatch } from './helpers.js';

const FIELDS = ['seq', 't0', 'hz', 'acc', 'gyr'] as const;

function asObject(batch: ImuBatch): Record<string, unknown> {
  return JSON.parse(encodeJsonBatch(batch)) as Record<string, unknown>;
}

function reasonOf(payload: string | Uint8Array): BatchRejectReason | 'ok' {
  const r = decodeBatch(payload);
  expectWellFormed(r);
  return r.ok ? 'ok' : r.reason;
}

describe('decodeBatch never throws', () => {
  it('on random bytes, whichever first byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expectWellFormed(decodeBatch(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('on random bytes behind a binary v1 header of plausible shape', () => {
    const arb = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.uint8Array({ minLength: 20, maxLength: 120 }));
    fc.assert(
      fc.property(arb, ([gyrCode, rest]) => {
        const bytes = new Uint8Array(4 + rest.length);
        bytes.set([0x01, (gyrCode << 4) | 3, (rest.length - 20) / 12, 0]);
        bytes.set(rest, 4);
        expectWellFormed(decodeBatch(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('on random strings, including lone surrogates and control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expectWellFormed(decodeBatch(text));
        expectWellFormed(decodeBatch(new TextEncoder().encode(text)));
      }),
      { numRuns: 1000 },
    );
  });

  it('on random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectWellFormed(decodeBatch(JSON.stringify(value) ?? 'null'));
      }),
      { numRuns: 1000 },
    );
  });

  it('on objects with the right field names and random values', () => {
    const anyValue = fc.oneof(
      fc.jsonValue(),
      fc.array(fc.oneof(fc.double(), fc.constant(null), fc.string()), { maxLength: 12 }),
      fc.double(),
      fc.integer(),
    );
    const arb = fc.record(
      { v: anyValue, seq: anyValue, t0: anyValue, hz: anyValue, acc: anyValue, gyr: anyValue },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(arb, (value) => {
        expectWellFormed(decodeBatch(JSON.stringify(value)));
      }),
      { numRuns: 1000 },
    );
  });

  it('on things that are neither bytes nor strings', () => {
    for (const payload of [undefined, null, 42, {}, [1, 2], new ArrayBuffer(4), new Uint16Array(3)]) {
      expect(decodeBatch(payload as unknown as string)).toMatchObject({ ok: false, reason: 'bad_type' });
    }
  });

  it('on deeply nested JSON', () => {
    expectWellFormed(decodeBatch('['.repeat(100_000) + ']'.repeat(100_000)));
    expectWellFormed(decodeBatch(`{"seq":${'['.repeat(50_000)}`));
  });
});

describe('damage to a valid batch gives the expected reason', () => {
  it('a dropped field: missing_field', () => {
    fc.assert(
      fc.property(arbBatch(8), fc.constantFrom(...FIELDS), (batch, field) => {
        const o = asObject(batch);
        delete o[field];
        return reasonOf(JSON.stringify(o)) === 'missing_field';
      }),
    );
  });

  it('a version other than 1: unknown_version, whatever else is wrong', () => {
    const notOne = fc.jsonValue().filter((v) => v !== 1);
    fc.assert(
      fc.property(arbBatch(8), notOne, fc.boolean(), (batch, v, dropAll) => {
        const o = dropAll ? {} : asObject(batch);
        return reasonOf(JSON.stringify({ ...o, v })) === 'unknown_version';
      }),
    );
  });

  it('acc or gyr one value longer or shorter: length_mismatch', () => {
    fc.assert(
      fc.property(arbBatch(8), fc.constantFrom('acc', 'gyr'), fc.boolean(), (batch, field, longer) => {
        const o = asObject(batch);
        const values = o[field] as number[];
        if (longer) values.push(0);
        else values.pop();
        return reasonOf(JSON.stringify(o)) === 'length_mismatch';
      }),
    );
  });

  it('one sample fewer in gyr than in acc: length_mismatch', () => {
    fc.assert(
      fc.property(arbBatch(8).filter((b) => b.count > 1), (batch) => {
        const o = asObject(batch);
        (o.gyr as number[]).splice(0, 3);
        return reasonOf(JSON.stringify(o)) === 'length_mismatch';
      }),
    );
  });

  it('one value past its limit: out_of_range, in JSON; saturated in binary', () => {
    const arb = fc.tuple(arbBatch(8), fc.constantFrom('acc', 'gyr'), fc.nat(), fc.double({ min: 1.0000001, max: 1e6, noNaN: true }), fc.boolean());
    fc.assert(
      fc.property(arb, ([batch, field, at, factor, negative]) => {
        const values = field === 'acc' ? batch.acc : batch.gyr;
        const limit = field === 'acc' ? 16 : 4000;
        values[at % values.length] = (negative ? -1 : 1) * limit * factor;
        const binary = decodeBatch(encodeBinaryBatch(batch));
        return reasonOf(encodeJsonBatch(batch)) === 'out_of_range' && binary.ok;
      }),
    );
  });

  it('NaN or an infinity anywhere in the samples: non_finite, in JSON and in binary', () => {
    const bad = fc.constantFrom(Number.NaN, Infinity, -Infinity);
    fc.assert(
      fc.property(arbBatch(8), fc.constantFrom('acc', 'gyr'), fc.nat(), bad, (batch, field, at, value) => {
        const values = field === 'acc' ? batch.acc : batch.gyr;
        values[at % values.length] = value;
        return reasonOf(encodeJsonBatch(batch)) === 'non_finite' && reasonOf(encodeBinaryBatch(batch)) === 'non_finite';
      }),
    );
  });

  it('bad header values: the same reason in JSON and in binary', () => {
    const cases: [Partial<ImuBatch>, BatchRejectReason][] = [
      [{ t0Ms: Number.NaN }, 'bad_time'],
      [{ t0Ms: 0 }, 'bad_time'],
      [{ t0Ms: 1763712000000.25 }, 'bad_time'],
      [{ hz: -50 }, 'bad_rate'],
      [{ hz: Number.NaN }, 'bad_rate'],
      [{ hz: 1000.0001 }, 'bad_rate'],
    ];
    for (const [change, reason] of cases) {
      const batch = makeBatch(change);
      expect([reasonOf(encodeJsonBatch(batch)), reasonOf(encodeBinaryBatch(batch))]).toEqual([reason, reason]);
    }
  });

  it('a binary batch cut anywhere, or with bytes added: truncated or length_mismatch', () => {
    fc.assert(
      fc.property(arbBatch(8), fc.integer({ min: -400, max: 40 }), (batch, delta) => {
        const bytes = encodeBinaryBatch(batch);
        const length = Math.max(1, bytes.length + delta);
        if (length === bytes.length) return reasonOf(bytes) === 'ok';
        const changed = new Uint8Array(length);
        changed.set(bytes.subarray(0, Math.min(length, bytes.length)));
        return reasonOf(changed) === (length < bytes.length ? 'truncated' : 'length_mismatch');
      }),
    );
  });

  it('every single-byte change to a binary batch still decodes to a well-formed result', () => {
    fc.assert(
      fc.property(arbBatch(4), fc.nat(), fc.integer({ min: 0, max: 255 }), (batch, at, value) => {
        const bytes = encodeBinaryBatch(batch);
        bytes[at % bytes.length] = value;
        expectWellFormed(decodeBatch(bytes));
      }),
    );
  });
});
