/** The events a SimDevice emits, with their arguments (a typed map for `EventEmitter<SimDeviceEvents>`). */
import type { DeviceCommand, HapticPattern } from '@stance/protocol';

export type HapticCommand = { type: 'haptic'; pattern: HapticPattern; reason: string };
export type ConfigCommand = Extract<DeviceCommand, { type: 'config' }>;

export type SimDeviceEvents = {
  /** The broker accepted the connection and the re-sends of the previous session are done. */
  connect: [reconnect: boolean];
  /** The broker confirmed the `posture/ID/cmd` subscription (once; the session keeps it afterwards). */
  listening: [];
  /** The connection is gone; batches keep being buffered (real-time pacing) until it is back. */
  disconnect: [];
  /** A batch was produced and buffered. */
  batch: [seq: number, t0Ms: number];
  /** The broker acknowledged a batch; it left the buffer. */
  ack: [seq: number];
  /** The offline buffer was full and this batch was thrown away. */
  dropped: [seq: number, droppedTotal: number];
  /** A haptic command arrived and was passed to the stream. */
  haptic: [command: HapticCommand];
  /** A config command arrived and was recorded. */
  config: [command: ConfigCommand];
  /** A `posture/ID/cmd` payload was refused. */
  commandRejected: [reason: string, detail: string];
  /** No more batches will be produced (stream ended, `maxBatches` reached or `stop()`). */
  finished: [];
  /** Finished and every batch acknowledged or dropped: nothing left to send. */
  drained: [];
  /** The connection failed (unreachable broker, reset...). The client keeps retrying, unless refused. */
  connectionError: [error: Error];
  /** The broker refused the connection (CONNACK code 1..5, e.g. bad credentials): the device gave up. */
  refused: [error: Error];
};
