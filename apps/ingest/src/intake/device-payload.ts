/**
 * A device's payload as it travels from the broker thread to the event loop and waits in the journal's memory:
 * its bytes, or the same bytes as a one-byte string (`ByteString`: each character is one byte, 'latin1').
 *
 * Why a string: a Uint8Array's store is allocated outside the V8 heap, and V8 starts a full garbage collection
 * whenever that external memory has grown by 64 MB since the last one. At 10,000 sensors the payloads from the
 * broker thread (6 MB/s) did that to the event loop every 11 s, each collection holding it for 200-500 ms
 * (docs/ingest-throughput.md). A string is copied between threads into the young generation of the heap, and
 * dies there for almost nothing.
 */

declare const byteStringBrand: unique symbol;

/** Bytes as a string of characters 0-255, one per byte. */
export type ByteString = string & { readonly [byteStringBrand]: true };

/** What a device published: bytes, or the same bytes as a ByteString. */
export type DevicePayload = Uint8Array | ByteString;

export function toByteString(bytes: Uint8Array): ByteString {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') as ByteString;
}

/** The payload's bytes in a store of their own (a ByteString is copied; bytes are returned as they are). */
export function payloadBytes(payload: DevicePayload): Uint8Array {
  return typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
}

export function payloadByteLength(payload: DevicePayload): number {
  return typeof payload === 'string' ? payload.length : payload.byteLength;
}

/**
 * Reads payloads as bytes without allocating: a ByteString is written into one Buffer, reused (grown when a
 * longer one comes), so what it returns is valid until its next call; bytes are returned as they are.
 */
export function createByteScratch(): (payload: DevicePayload) => Buffer {
  let scratch = Buffer.allocUnsafeSlow(1024);
  return (payload) => {
    if (typeof payload !== 'string') return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    if (scratch.length < payload.length) scratch = Buffer.allocUnsafeSlow(Math.max(payload.length, 2 * scratch.length));
    const length = scratch.write(payload, 0, 'latin1');
    return scratch.subarray(0, length);
  };
}
