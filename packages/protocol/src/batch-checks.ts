/**
 * Checks shared by the JSON and binary decoders, so both refuse the same batches for the same reasons.
 */
import {
  MAX_RATE_HZ,
  MAX_SAMPLES_PER_BATCH,
  MAX_SEQ,
  MAX_T0_MS,
  MIN_SAMPLES_PER_BATCH,
  MIN_T0_MS,
} from './limits.js';
import { reject, type BatchRejectReason, type Rejection } from './reject-reasons.js';

type BatchRejection = Rejection<BatchRejectReason>;

/** seq: an integer in 0..2^32-1. */
export function checkSeq(seq: number): BatchRejection | null {
  if (Number.isInteger(seq) && seq >= 0 && seq <= MAX_SEQ) return null;
  return reject('bad_seq', `seq ${seq} is not an integer in 0..${MAX_SEQ}`);
}

/** t0: an integer epoch ms between 2000 and 2200 (an unset sensor clock reads 1970). */
export function checkT0(t0Ms: number): BatchRejection | null {
  if (Number.isInteger(t0Ms) && t0Ms >= MIN_T0_MS && t0Ms < MAX_T0_MS) return null;
  return reject('bad_time', `t0 ${t0Ms} is not an integer epoch ms in [${MIN_T0_MS}, ${MAX_T0_MS})`);
}

/** hz: finite, above 0, at most MAX_RATE_HZ. */
export function checkHz(hz: number): BatchRejection | null {
  if (hz > 0 && hz <= MAX_RATE_HZ) return null; // false for NaN too
  return reject('bad_rate', `hz ${hz} is not in (0, ${MAX_RATE_HZ}]`);
}

/**
 * The batch's end, `t0 + count * 1000 / hz`, no later than MAX_T0_MS: a tiny rate would otherwise put the
 * second sample centuries (or 1e300 ms) after a valid t0, past any time a store can hold.
 */
export function checkSpan(t0Ms: number, hz: number, count: number): BatchRejection | null {
  const endMs = t0Ms + (count * 1000) / hz;
  if (endMs <= MAX_T0_MS) return null;
  return reject('bad_time', `batch of ${count} samples at ${hz} Hz from t0 ${t0Ms} ends at ${endMs}, after ${MAX_T0_MS}`);
}

/** Sample count: 1..MAX_SAMPLES_PER_BATCH. */
export function checkCount(count: number): BatchRejection | null {
  if (count < MIN_SAMPLES_PER_BATCH) return reject('empty', 'batch has no samples');
  if (count > MAX_SAMPLES_PER_BATCH) {
    return reject('too_many_samples', `batch has ${count} samples, limit ${MAX_SAMPLES_PER_BATCH}`);
  }
  return null;
}

/** Every value finite and within ±maxAbs. `name` is the field for the detail ("acc", "gyr"). */
export function checkSamples(name: string, values: Float64Array, maxAbs: number, unit: string): BatchRejection | null {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v >= -maxAbs && v <= maxAbs) continue;
    if (!Number.isFinite(v)) return reject('non_finite', `${name}[${i}] is ${v}`);
    return reject('out_of_range', `${name}[${i}] is ${v} ${unit}, limit ±${maxAbs} ${unit}`);
  }
  return null;
}
