/**
 * What a simulated device did, kept live while it runs. They add up:
 * `generated = acknowledged + buffered + dropped`, and `sent >= acknowledged` (the difference is batches in
 * flight plus duplicates re-sent after a reconnect, which the service de-duplicates by seq).
 */
export interface DeviceCounters {
  /** Batches produced from the stream (one seq each). */
  generated: number;
  /** Batch PUBLISH packets written to the socket, re-sends after a reconnect included. */
  sent: number;
  /** Batches whose PUBACK arrived; each counted once. */
  acknowledged: number;
  /** Batches held now, waiting or in flight (the offline buffer's size). */
  buffered: number;
  /** Batches lost because the offline buffer was full. */
  dropped: number;
  /** Successful connections after the first. */
  reconnects: number;
  /** Connections the broker refused (bad credentials...); the device gives up after one. */
  refusals: number;
  /** Haptic commands obeyed. */
  hapticReceived: number;
  /** Config commands recorded. */
  configReceived: number;
  /** `posture/ID/cmd` payloads refused as malformed or unknown. */
  commandsRejected: number;
}

export function createDeviceCounters(): DeviceCounters {
  return {
    generated: 0,
    sent: 0,
    acknowledged: 0,
    buffered: 0,
    dropped: 0,
    reconnects: 0,
    refusals: 0,
    hapticReceived: 0,
    configReceived: 0,
    commandsRejected: 0,
  };
}

/** Sums counters (fleet totals). */
export function addDeviceCounters(total: DeviceCounters, c: Readonly<DeviceCounters>): DeviceCounters {
  for (const k of Object.keys(total) as (keyof DeviceCounters)[]) total[k] += c[k];
  return total;
}
