/** Payloads as ByteStrings (intake/device-payload.ts): every byte value survives, and the scratch reuses one store. */
import { describe, expect, it } from 'vitest';
import { createByteScratch, payloadByteLength, payloadBytes, toByteString } from '../src/intake/device-payload.js';

describe('device payload', () => {
  const every = Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 256);

  it('carries every byte value, one character each', () => {
    const text = toByteString(every.subarray(3, 500));
    expect(text.length).toBe(497);
    expect(payloadByteLength(text)).toBe(497);
    expect(Array.from(payloadBytes(text))).toEqual(Array.from(every.subarray(3, 500)));
    expect(payloadBytes(every)).toBe(every);
  });

  it('reads ByteStrings into one reused store, grown for a longer one; bytes pass as they are', () => {
    const bytesOf = createByteScratch();
    const a = bytesOf(toByteString(every.subarray(0, 100)));
    expect(Array.from(a)).toEqual(Array.from(every.subarray(0, 100)));
    const b = bytesOf(toByteString(every.subarray(100, 150)));
    expect(b.buffer).toBe(a.buffer);
    expect(Array.from(b)).toEqual(Array.from(every.subarray(100, 150)));
    const long = Uint8Array.from({ length: 5000 }, (_, i) => i % 251);
    expect(Array.from(bytesOf(toByteString(long)))).toEqual(Array.from(long));
    const view = every.subarray(10, 20);
    const passed = bytesOf(view);
    expect(passed.buffer).toBe(every.buffer);
    expect(Array.from(passed)).toEqual(Array.from(view));
  });
});
