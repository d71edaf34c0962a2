/**
 * Turns a stream block into an `posture/ID/imu` payload with the protocol's codecs (the simulator has no codec
 * of its own: it must speak exactly what the service decodes).
 */
import { encodeBinaryBatch, encodeJsonBatch, type BatchFormat, type ImuBatch } from '@stance/protocol';
import type { DeviceStreamBlock } from './device-stream.js';

/** `json`: the v1 JSON batch of contracts section 2; `binary`: the protocol's compact encoding. */
export type { BatchFormat };

/** Encodes one block as batch `seq`. Copies the samples, so the stream may reuse its arrays afterwards. */
export function encodeBlock(block: DeviceStreamBlock, seq: number, hz: number, format: BatchFormat): Buffer | string {
  const batch: ImuBatch = {
    seq,
    t0Ms: block.t0Ms,
    hz,
    count: block.count,
    acc: block.acc.length === 3 * block.count ? block.acc : block.acc.subarray(0, 3 * block.count),
    gyr: block.gyr.length === 3 * block.count ? block.gyr : block.gyr.subarray(0, 3 * block.count),
  };
  if (format === 'json') return encodeJsonBatch(batch);
  const bytes = encodeBinaryBatch(batch);
  // MQTT.js wants a Buffer; this one shares the encoder's memory instead of copying it.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
