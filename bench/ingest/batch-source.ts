/**
 * Pre-generated sensor data for the load generator, so that generating and encoding data never limits a run.
 * A few minutes of a `desk-day` recording at 50 Hz are cut into one-second binary batches once; a device
 * replays them from its own offset, and a send copies one template and patches seq and t0 into its header
 * (binary v1: seq is a uint32 at byte 4, t0 a float64 epoch ms at byte 8, both little-endian).
 */
import { generateScenario } from '@stance/firmware-sim';
import { encodeBinaryBatch } from '@stance/protocol';

export interface BatchSourceSettings {
  /** Length of the recording replayed, s (batches repeat after it; a different offset per device). */
  recordingS: number;
  /** Sample rate, Hz. */
  rateHz: number;
  /** Data per batch, s. */
  batchS: number;
  seed: number;
}

export const DEFAULT_BATCH_SOURCE_SETTINGS: Readonly<BatchSourceSettings> = Object.freeze({
  recordingS: 240,
  rateHz: 50,
  batchS: 1,
  seed: 7,
});

export interface BatchSource {
  readonly settings: Readonly<BatchSourceSettings>;
  /** Bytes of every payload (binary v1, `round(batchS · rateHz)` samples). */
  readonly payloadBytes: number;
  /** Writes the payload of batch `seq` of device `deviceIndex`, with sensor start time `t0Ms`, at `out[at]`. */
  write(out: Buffer, at: number, deviceIndex: number, seq: number, t0Ms: number): void;
}

export function createBatchSource(settings: BatchSourceSettings = DEFAULT_BATCH_SOURCE_SETTINGS): BatchSource {
  const rec = generateScenario('desk-day', { seed: settings.seed, rateHz: settings.rateHz, durationS: settings.recordingS });
  const perBatch = Math.round(settings.batchS * settings.rateHz);
  const batches = Math.floor(rec.acc.length / 3 / perBatch);
  const templates: Buffer[] = [];
  for (let k = 0; k < batches; k++) {
    const from = 3 * k * perBatch;
    const to = from + 3 * perBatch;
    const bytes = encodeBinaryBatch({
      seq: 0, t0Ms: 0, hz: settings.rateHz, count: perBatch, acc: rec.acc.subarray(from, to), gyr: rec.gyr.subarray(from, to),
    });
    templates.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  const payloadBytes = (templates[0] as Buffer).length;
  return {
    settings,
    payloadBytes,
    write(out, at, deviceIndex, seq, t0Ms) {
      // A prime stride spreads the devices over the recording.
      const template = templates[(deviceIndex * 97 + seq) % batches] as Buffer;
      template.copy(out, at);
      out.writeUInt32LE(seq, at + 4);
      out.writeDoubleLE(t0Ms, at + 8);
    },
  };
}
