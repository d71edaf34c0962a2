/**
 * Compact binary batch, v1: a 24-byte little-endian header, then int16 samples scaled to a full-scale
 * range chosen per batch (the finest that holds every value). 12 bytes per sample against about 100
 * for JSON. The README documents it byte by byte with a worked example.
 *
 * | offset | size | field                                                        |
 * |--------|------|--------------------------------------------------------------|
 * | 0      | 1    | version, 0x01 (JSON can never start with it)                 |
 * | 1      | 1    | scale: low nibble acc range code, high nibble gyr range code |
 * | 2      | 2    | count, uint16                                                |
 * | 4      | 4    | seq, uint32                                                  |
 * | 8      | 8    | t0, float64 epoch ms (integers are exact up to 2^53)         |
 * | 16     | 8    | hz, float64                                                  |
 * | 24     | 6n   | acc, int16 × 3n, value = raw × range / 32767                 |
 * | 24+6n  | 6n   | gyr, int16 × 3n                                              |
 */
import { checkCount, checkHz, checkSeq, checkSpan, checkT0 } from './batch-checks.js';
import { MAX_SEQ } from './limits.js';
import { reject, type BatchRejectReason, type Rejection } from './reject-reasons.js';
import type { ImuBatch } from './types.js';

/** First byte of a binary v1 batch. */
export const BINARY_BATCH_VERSION = 0x01;
/** Header size, bytes. */
export const BINARY_HEADER_BYTES = 24;
/** Bytes per sample: 3 acc + 3 gyr int16. */
export const BINARY_BYTES_PER_SAMPLE = 12;
/** Largest raw magnitude; raw −32768 (0x8000) is reserved for a non-finite sample. */
export const BINARY_FULL_SCALE_RAW = 32767;
/** Raw value that marks a sample that was NaN or infinite at the sender. */
export const BINARY_NON_FINITE_RAW = -32768;

/** Accelerometer full-scale ranges, g, indexed by the scale byte's low nibble. */
export const BINARY_ACC_RANGES_G: readonly number[] = Object.freeze([2, 4, 8, 16]);
/** Gyroscope full-scale ranges, deg/s, indexed by the scale byte's high nibble. */
export const BINARY_GYR_RANGES_DPS: readonly number[] = Object.freeze([250, 500, 1000, 2000, 4000]);

/**
 * True when the first byte says "binary": the control characters other than JSON whitespace
 * (tab, LF, CR). 0x01 is v1; the rest are reserved for later binary versions.
 */
export function isBinaryLeadByte(byte: number): boolean {
  return byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d;
}

/**
 * A batch as binary v1. Deterministic: for each of acc and gyr the finest range holding every finite value
 * is chosen; values are scaled, rounded half away from zero and clamped to ±32767 (values past the widest
 * range saturate, as a real sensor would); NaN and ±Infinity become 0x8000, which the decoder refuses.
 * Throws RangeError only for what the format cannot carry: seq not a uint32, count not an integer
 * 0..65535, or acc/gyr shorter than 3 × count.
 */
export function encodeBinaryBatch(batch: ImuBatch): Uint8Array {
  const { seq, count } = batch;
  if (!Number.isInteger(seq) || seq < 0 || seq > MAX_SEQ) throw new RangeError(`seq ${seq} is not a uint32`);
  if (!Number.isInteger(count) || count < 0 || count > 0xffff) throw new RangeError(`count ${count} is not a uint16`);
  const n = 3 * count;
  if (batch.acc.length < n || batch.gyr.length < n) {
    throw new RangeError(`count ${count} needs ${n} values, acc has ${batch.acc.length}, gyr ${batch.gyr.length}`);
  }
  const accCode = rangeCode(batch.acc, n, BINARY_ACC_RANGES_G);
  const gyrCode = rangeCode(batch.gyr, n, BINARY_GYR_RANGES_DPS);
  const out = new Uint8Array(BINARY_HEADER_BYTES + BINARY_BYTES_PER_SAMPLE * count);
  const view = new DataView(out.buffer);
  view.setUint8(0, BINARY_BATCH_VERSION);
  view.setUint8(1, (gyrCode << 4) | accCode);
  view.setUint16(2, count, true);
  view.setUint32(4, seq, true);
  view.setFloat64(8, batch.t0Ms, true);
  view.setFloat64(16, batch.hz, true);
  writeScaled(view, BINARY_HEADER_BYTES, batch.acc, n, BINARY_ACC_RANGES_G[accCode] as number);
  writeScaled(view, BINARY_HEADER_BYTES + 2 * n, batch.gyr, n, BINARY_GYR_RANGES_DPS[gyrCode] as number);
  return out;
}

/**
 * Where a decoded batch's samples go: a Float64Array of `doubles` values (acc then gyr), whose contents the decoder
 * overwrites. The default is a store of its own; a caller that decodes many batches can hand out views of larger
 * shared stores (a typed array's store is allocated outside the heap, the costly part of decoding).
 */
export type SampleStoreAllocator = (doubles: number) => Float64Array;

/** A store of its own for each batch. */
export const newSampleStore: SampleStoreAllocator = (doubles) => new Float64Array(doubles);

/** Binary v1 bytes → batch, or why not. Never throws. */
export function decodeBinaryBatch(
  bytes: Uint8Array,
  allocate: SampleStoreAllocator = newSampleStore,
): { ok: true; batch: ImuBatch } | Rejection<BatchRejectReason> {
  const version = bytes[0];
  if (version !== BINARY_BATCH_VERSION) {
    return reject('unknown_version', `binary version byte 0x${hex2(version ?? 0)}, this decoder reads 0x01`);
  }
  if (bytes.byteLength < BINARY_HEADER_BYTES) {
    return reject('truncated', `binary header needs ${BINARY_HEADER_BYTES} bytes, payload has ${bytes.byteLength}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const scale = view.getUint8(1);
  const accRange = BINARY_ACC_RANGES_G[scale & 0x0f];
  const gyrRange = BINARY_GYR_RANGES_DPS[scale >> 4];
  if (accRange === undefined || gyrRange === undefined) {
    return reject('bad_header', `scale byte 0x${hex2(scale)} has an unknown range code`);
  }
  const count = view.getUint16(2, true);
  const countProblem = checkCount(count);
  if (countProblem) return countProblem;
  const expected = BINARY_HEADER_BYTES + BINARY_BYTES_PER_SAMPLE * count;
  if (bytes.byteLength < expected) {
    return reject('truncated', `${count} samples need ${expected} bytes, payload has ${bytes.byteLength}`);
  }
  if (bytes.byteLength > expected) {
    const extra = bytes.byteLength - expected;
    return reject('length_mismatch', `${count} samples need ${expected} bytes, payload has ${extra} more`);
  }
  const seq = view.getUint32(4, true);
  const t0Ms = view.getFloat64(8, true);
  const hz = view.getFloat64(16, true);
  const header = checkSeq(seq) ?? checkT0(t0Ms) ?? checkHz(hz) ?? checkSpan(t0Ms, hz, count);
  if (header) return header;
  const n = 3 * count;
  // One store for both.
  const values = allocate(2 * n);
  const acc = values.subarray(0, n);
  const gyr = values.subarray(n);
  const badAcc = readScaled(view, BINARY_HEADER_BYTES, acc, accRange);
  if (badAcc !== null) return nonFinite('acc', badAcc);
  const badGyr = readScaled(view, BINARY_HEADER_BYTES + 2 * n, gyr, gyrRange);
  if (badGyr !== null) return nonFinite('gyr', badGyr);
  return { ok: true, batch: { seq, t0Ms, hz, count, acc, gyr } };
}

/** Worst-case difference between a value and its decoded form for a range, same unit: half a step. */
export function binaryQuantisationError(range: number): number {
  return range / BINARY_FULL_SCALE_RAW / 2;
}

function rangeCode(values: Float64Array, n: number, ranges: readonly number[]): number {
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(values[i] as number);
    if (a > maxAbs && a !== Infinity) maxAbs = a; // NaN compares false, Infinity is sent as 0x8000
  }
  for (let code = 0; code < ranges.length; code++) if (maxAbs <= (ranges[code] as number)) return code;
  return ranges.length - 1;
}

function writeScaled(view: DataView, offset: number, values: Float64Array, n: number, range: number): void {
  const perUnit = BINARY_FULL_SCALE_RAW / range;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    let raw: number;
    if (!Number.isFinite(v)) raw = BINARY_NON_FINITE_RAW;
    else {
      const scaled = v * perUnit;
      // Half away from zero, so encoding is symmetric: encode(-v) = -encode(v).
      raw = scaled < 0 ? -Math.round(-scaled) : Math.round(scaled);
      if (raw > BINARY_FULL_SCALE_RAW) raw = BINARY_FULL_SCALE_RAW;
      else if (raw < -BINARY_FULL_SCALE_RAW) raw = -BINARY_FULL_SCALE_RAW;
    }
    view.setInt16(offset + 2 * i, raw, true);
  }
}

/** Fills `out`; returns the index of the first non-finite marker, or null. */
function readScaled(view: DataView, offset: number, out: Float64Array, range: number): number | null {
  for (let i = 0; i < out.length; i++) {
    const raw = view.getInt16(offset + 2 * i, true);
    if (raw === BINARY_NON_FINITE_RAW) return i;
    out[i] = (raw * range) / BINARY_FULL_SCALE_RAW;
  }
  return null;
}

function nonFinite(name: string, index: number): Rejection<BatchRejectReason> {
  return reject('non_finite', `${name}[${index}] is 0x8000 (NaN or Infinity at the sender)`);
}

function hex2(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
