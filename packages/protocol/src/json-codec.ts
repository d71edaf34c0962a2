/**
 * The JSON batch of contracts section 2 (v1):
 * `{"seq": 412, "t0": 1763712000000, "hz": 50, "acc": [x, y, z, ...], "gyr": [x, y, z, ...]}`
 * with an optional `"v": 1`. Unknown extra fields are ignored, so a sender may add some without a new version.
 */
import { checkCount, checkHz, checkSamples, checkSeq, checkSpan, checkT0 } from './batch-checks.js';
import { MAX_ABS_ACC_G, MAX_ABS_GYR_DPS, MAX_SAMPLES_PER_BATCH } from './limits.js';
import { describeType, showValue } from './payload-text.js';
import { reject, type BatchRejectReason, type Rejection } from './reject-reasons.js';
import type { ImuBatch } from './types.js';

/** The only JSON batch version this package reads; `"v"` may be absent, meaning 1. */
export const JSON_BATCH_VERSION = 1;

const REQUIRED_FIELDS = ['seq', 't0', 'hz', 'acc', 'gyr'] as const;

/**
 * A batch as JSON text. Numbers keep full float64 precision, so `decodeBatch` gives back the same values.
 * No `"v"` is written: v1 is the default and the output matches the contract's example byte for byte.
 * Non-finite samples come out as `null` (JSON has no NaN), which the decoder refuses as `non_finite`.
 */
export function encodeJsonBatch(batch: ImuBatch): string {
  const n = 3 * batch.count;
  return JSON.stringify({
    seq: batch.seq,
    t0: batch.t0Ms,
    hz: batch.hz,
    acc: Array.from(batch.acc.subarray(0, n)),
    gyr: Array.from(batch.gyr.subarray(0, n)),
  });
}

/** An already parsed JSON value → batch, or why not. Never throws. */
export function decodeJsonBatchValue(
  value: unknown,
): { ok: true; batch: ImuBatch } | Rejection<BatchRejectReason> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('not_an_object', `top level is ${describeType(value)}, expected an object`);
  }
  const record = value as Record<string, unknown>;
  // The version comes first: a future version may rename every other field.
  if (Object.hasOwn(record, 'v') && record.v !== JSON_BATCH_VERSION) {
    return reject('unknown_version', `v is ${showValue(record.v)}, this decoder reads v ${JSON_BATCH_VERSION}`);
  }
  for (const field of REQUIRED_FIELDS) {
    if (!Object.hasOwn(record, field)) return reject('missing_field', `field "${field}" is missing`);
  }
  const { seq, t0, hz, acc, gyr } = record;
  // null is how JSON.stringify writes NaN and ±Infinity: report it as the field's bad value, like binary does.
  if (seq === null) return reject('bad_seq', 'seq is null (NaN or Infinity at the sender)');
  if (t0 === null) return reject('bad_time', 't0 is null (NaN or Infinity at the sender)');
  if (hz === null) return reject('bad_rate', 'hz is null (NaN or Infinity at the sender)');
  if (typeof seq !== 'number') return reject('bad_type', `seq is ${describeType(seq)}, expected a number`);
  if (typeof t0 !== 'number') return reject('bad_type', `t0 is ${describeType(t0)}, expected a number`);
  if (typeof hz !== 'number') return reject('bad_type', `hz is ${describeType(hz)}, expected a number`);
  const header = checkSeq(seq) ?? checkT0(t0) ?? checkHz(hz);
  if (header) return header;
  if (!Array.isArray(acc)) return reject('bad_type', `acc is ${describeType(acc)}, expected an array`);
  if (!Array.isArray(gyr)) return reject('bad_type', `gyr is ${describeType(gyr)}, expected an array`);
  // Length checks before touching elements: a 100k-element array costs nothing to refuse.
  if (acc.length > 3 * MAX_SAMPLES_PER_BATCH || gyr.length > 3 * MAX_SAMPLES_PER_BATCH) {
    const limit = `${3 * MAX_SAMPLES_PER_BATCH} (${MAX_SAMPLES_PER_BATCH} samples)`;
    return reject('too_many_samples', `acc has ${acc.length} and gyr ${gyr.length} values, limit ${limit}`);
  }
  if (acc.length % 3 !== 0) return reject('length_mismatch', `acc has ${acc.length} values, not a multiple of 3`);
  if (gyr.length % 3 !== 0) return reject('length_mismatch', `gyr has ${gyr.length} values, not a multiple of 3`);
  if (acc.length !== gyr.length) {
    return reject('length_mismatch', `acc has ${acc.length / 3} samples but gyr has ${gyr.length / 3}`);
  }
  const count = acc.length / 3;
  const countProblem = checkCount(count) ?? checkSpan(t0, hz, count);
  if (countProblem) return countProblem;
  const accValues = toFloat64('acc', acc);
  if (!(accValues instanceof Float64Array)) return accValues;
  const gyrValues = toFloat64('gyr', gyr);
  if (!(gyrValues instanceof Float64Array)) return gyrValues;
  const samples =
    checkSamples('acc', accValues, MAX_ABS_ACC_G, 'g') ?? checkSamples('gyr', gyrValues, MAX_ABS_GYR_DPS, 'deg/s');
  if (samples) return samples;
  return { ok: true, batch: { seq, t0Ms: t0, hz, count, acc: accValues, gyr: gyrValues } };
}

function toFloat64(name: string, values: unknown[]): Float64Array | Rejection<BatchRejectReason> {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number') {
      out[i] = v;
    } else if (v === null) {
      // JSON.stringify writes NaN and ±Infinity as null, so null here is a non-finite sample at the sender.
      return reject('non_finite', `${name}[${i}] is null (NaN or Infinity at the sender)`);
    } else {
      return reject('bad_type', `${name}[${i}] is ${describeType(v)}, expected a number`);
    }
  }
  return out;
}
