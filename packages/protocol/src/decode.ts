/**
 * `decodeBatch`: the one entry point for an `imu` payload. Tells binary from JSON by the first byte,
 * guards the size, and never throws, whatever it is given.
 */
import { decodeBinaryBatch, isBinaryLeadByte, newSampleStore, type SampleStoreAllocator } from './binary-codec.js';
import { decodeJsonBatchValue } from './json-codec.js';
import { MAX_PAYLOAD_BYTES } from './limits.js';
import { describeType, parseJsonText, payloadToText } from './payload-text.js';
import { reject, type BatchRejectReason, type Rejection } from './reject-reasons.js';
import type { ImuBatch } from './types.js';

/** Wire encodings of an IMU batch. */
export type BatchFormat = 'json' | 'binary';

/** A decoded batch and how it was encoded, or a refusal with a closed reason and a one-line detail. */
export type BatchDecodeResult =
  | { ok: true; batch: ImuBatch; format: BatchFormat }
  | { ok: false; reason: BatchRejectReason; detail: string };

/**
 * Decodes an `imu` payload. Bytes starting with 0x01 are binary v1; other control bytes are reserved binary
 * versions (`unknown_version`); anything else is JSON text. A string is always JSON text. `allocate` gives a
 * binary batch's samples their store (SampleStoreAllocator; JSON batches always get their own).
 */
export function decodeBatch(payload: Uint8Array | string, allocate: SampleStoreAllocator = newSampleStore): BatchDecodeResult {
  try {
    return decodeUnguarded(payload, allocate);
  } catch (error) {
    // Unreachable for strings and real Uint8Arrays (the property tests hunt for it); kept so that an exotic
    // argument (a Proxy, a hostile subclass) still cannot take the service down.
    const message = error instanceof Error ? error.message : String(error);
    return reject('bad_type', `payload could not be read: ${message.slice(0, 100)}`);
  }
}

function decodeUnguarded(payload: unknown, allocate: SampleStoreAllocator): BatchDecodeResult {
  if (payload instanceof Uint8Array) {
    if (payload.byteLength > MAX_PAYLOAD_BYTES) {
      return reject('too_large', `payload is ${payload.byteLength} bytes, limit ${MAX_PAYLOAD_BYTES}`);
    }
    const first = payload[0];
    if (first !== undefined && isBinaryLeadByte(first)) return withFormat(decodeBinaryBatch(payload, allocate), 'binary');
  } else if (typeof payload !== 'string') {
    return reject('bad_type', `payload is ${describeType(payload)}, expected bytes or a string`);
  }
  const text = payloadToText(payload, MAX_PAYLOAD_BYTES);
  if (!text.ok) return text;
  const parsed = parseJsonText(text.text);
  if (!parsed.ok) return parsed;
  return withFormat(decodeJsonBatchValue(parsed.value), 'json');
}

function withFormat(
  result: { ok: true; batch: ImuBatch } | Rejection<BatchRejectReason>,
  format: BatchFormat,
): BatchDecodeResult {
  return result.ok ? { ok: true, batch: result.batch, format } : result;
}
