/**
 * The first steps every JSON payload goes through: size guard, UTF-8 decoding, JSON.parse. None throws.
 */
import { reject, type Rejection } from './reject-reasons.js';

/** The reasons the shared text steps can give; both reason unions contain all of them. */
export type PayloadTextReason = 'too_large' | 'empty' | 'bad_json' | 'bad_type';

// fatal: invalid UTF-8 is refused rather than silently turned into U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Payload bytes or text → text, refusing anything longer than `maxBytes` before decoding it. */
export function payloadToText(
  payload: unknown,
  maxBytes: number,
): { ok: true; text: string } | Rejection<PayloadTextReason> {
  if (typeof payload === 'string') {
    const bytes = utf8ByteLengthCapped(payload, maxBytes);
    if (bytes > maxBytes) return reject('too_large', `payload is more than ${maxBytes} bytes`);
    if (payload.length === 0) return reject('empty', 'payload is empty');
    // Bytes lose a byte order mark in TextDecoder; a string keeps it, and JSON.parse would refuse it.
    return { ok: true, text: payload.charCodeAt(0) === 0xfeff ? payload.slice(1) : payload };
  }
  if (!(payload instanceof Uint8Array)) {
    return reject('bad_type', `payload is ${describeType(payload)}, expected bytes or a string`);
  }
  if (payload.byteLength > maxBytes) {
    return reject('too_large', `payload is ${payload.byteLength} bytes, limit ${maxBytes}`);
  }
  if (payload.byteLength === 0) return reject('empty', 'payload is empty');
  try {
    return { ok: true, text: utf8.decode(payload) };
  } catch {
    return reject('bad_json', 'payload is not valid UTF-8');
  }
}

/** JSON.parse that reports instead of throwing. */
export function parseJsonText(text: string): { ok: true; value: unknown } | Rejection<'bad_json' | 'empty'> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    if (text.trim().length === 0) return reject('empty', 'payload is only whitespace');
    const message = error instanceof Error ? error.message : String(error);
    return reject('bad_json', `not JSON: ${oneLine(message, 120)}`);
  }
}

/** UTF-8 length of `text`, stopping early once it is past `cap` (so a huge string costs little). */
export function utf8ByteLengthCapped(text: string, cap: number): number {
  if (text.length > cap) return text.length; // every UTF-16 unit is at least one UTF-8 byte
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= cap; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4; // a surrogate pair is one 4-byte code point
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** A value's JSON-ish type name for details: "null", "array", "string", ... */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'bytes';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A short printable rendering of a value for a one-line detail. */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'number') text = String(value); // JSON.stringify would print NaN as null
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = describeType(value);
    }
  }
  return oneLine(text, 60);
}

function oneLine(text: string, maxChars: number): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  return flat.length > maxChars ? `${flat.slice(0, maxChars - 1)}…` : flat;
}
