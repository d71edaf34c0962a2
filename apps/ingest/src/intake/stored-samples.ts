/**
 * A batch's samples as the journal keeps them, and decoded again where they are used.
 *
 * The journal stores the payload as the sensor sent it (`wire`: 624 bytes for a binary batch of 50 samples, the
 * JSON text as received) or, for a batch appended without one, float64 acc then gyr (`f64`, 48 bytes a sample).
 * Entries carry these bytes, not decoded samples: decoding every batch into stores of its own allocated about
 * 48 MB/s outside the V8 heap at 10,000 sensors, and that external memory started a full garbage collection of
 * the event loop every 2 s or so (docs/ingest-throughput.md). A consumer decodes an entry's samples when it uses
 * them, into a scratch store it reuses (`createSampleScratch`), and copies out (`ownSamples`) the few it keeps.
 */
import os from 'node:os';
import { decodeBatch, newSampleStore, type ImuBatch, type SampleStoreAllocator } from '@stance/protocol';
import { createByteScratch, type DevicePayload } from './device-payload.js';

/** How a journal row's `samples` are encoded. */
export type SampleEncoding = 'wire' | 'f64';

/** The bytes a batch's samples are kept in. */
export interface StoredSamples {
  /** In memory, a payload may be a ByteString (device-payload.ts); read from the table, a Buffer. */
  bytes: DevicePayload;
  encoding: SampleEncoding;
}

/** A journal row's `samples` and `encoding` (anything but 'wire' is float64: rows of earlier releases have no encoding). */
export function storedSamplesOfRow(bytes: Uint8Array, encoding: string): StoredSamples {
  return { bytes, encoding: encoding === 'wire' ? 'wire' : 'f64' };
}

/** A batch without its samples. */
export type BatchHeader = Pick<ImuBatch, 'seq' | 't0Ms' | 'hz' | 'count'>;

export interface DecodedSamples {
  acc: Float64Array;
  gyr: Float64Array;
}

/**
 * An allocator that hands out one store again and again (grown when asked for more): what it returns is valid
 * until its next call, so a caller uses the samples at once or copies them (`ownSamples`).
 */
export function createSampleScratch(): SampleStoreAllocator {
  let store = new Float64Array(0);
  return (doubles) => {
    if (store.length < doubles) store = new Float64Array(Math.max(doubles, 2 * store.length));
    return store.subarray(0, doubles);
  };
}

/** Gives a batch's samples a store of their own (it is kept past its turn: the scratch it was decoded into is reused). */
export function ownSamples(batch: DecodedSamples): void {
  const n = batch.acc.length;
  const values = new Float64Array(n + batch.gyr.length);
  values.set(batch.acc, 0);
  values.set(batch.gyr, n);
  batch.acc = values.subarray(0, n);
  batch.gyr = values.subarray(n);
}

/**
 * Decodes stored samples of a batch of `count` samples, into a store from `allocate` (default: one of their own).
 * Throws a RangeError naming what is wrong when the bytes do not hold `count` samples.
 */
export function decodeStoredSamples(
  stored: StoredSamples,
  count: number,
  allocate: SampleStoreAllocator = newSampleStore,
): DecodedSamples {
  const bytes = bytesOf(stored.bytes);
  if (stored.encoding === 'f64') return decodeFloat64Samples(bytes, count, allocate);
  const decoded = decodeBatch(bytes, allocate);
  if (!decoded.ok || decoded.batch.count !== count) {
    throw new RangeError(`journal payload does not decode to ${count} samples: ${decoded.ok ? decoded.batch.count : decoded.detail}`);
  }
  return { acc: decoded.batch.acc, gyr: decoded.batch.gyr };
}

/** Stored bytes are used at once and not kept: one scratch serves every decode. */
const bytesOf = createByteScratch();

/** Float64Array's byte order is the host's; on the usual little-endian hosts the journal copies whole arrays. */
const HOST_IS_LITTLE_ENDIAN = os.endianness() === 'LE';

/** acc then gyr, float64 little-endian (`f64`). */
export function encodeFloat64Samples(batch: ImuBatch): Buffer {
  const n = 3 * batch.count;
  if (HOST_IS_LITTLE_ENDIAN) {
    const values = new Float64Array(2 * n);
    values.set(batch.acc.subarray(0, n), 0);
    values.set(batch.gyr.subarray(0, n), n);
    return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  }
  const out = Buffer.allocUnsafe(16 * n); // 2 × n values × 8 bytes
  for (let i = 0; i < n; i++) {
    out.writeDoubleLE(batch.acc[i] as number, 8 * i);
    out.writeDoubleLE(batch.gyr[i] as number, 8 * (n + i));
  }
  return out;
}

function decodeFloat64Samples(bytes: Uint8Array, count: number, allocate: SampleStoreAllocator): DecodedSamples {
  const n = 3 * count;
  if (bytes.byteLength !== 16 * n) {
    throw new RangeError(`journal samples blob has ${bytes.byteLength} bytes, expected ${16 * n}`);
  }
  const values = allocate(2 * n);
  if (HOST_IS_LITTLE_ENDIAN) {
    // Copy the bytes (they need not be 8-byte aligned), then view them.
    new Uint8Array(values.buffer, values.byteOffset, 16 * n).set(bytes);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < 2 * n; i++) values[i] = view.getFloat64(8 * i, true);
  }
  return { acc: values.subarray(0, n), gyr: values.subarray(n, 2 * n) };
}
