/**
 * Who each MQTT connection is, and the per-device state the broker keeps: the device id a client logged in
 * as, and the device's rate-limit bucket (shared by all its connections, so opening more connections does
 * not buy more rate).
 */
import type { Client } from 'aedes';
import { createTokenBucket, takeToken, type TokenBucket, type TokenBucketSettings } from './token-bucket.js';

export interface DeviceSessions {
  /** Records that `client` logged in as `deviceId`, until its connection closes. */
  open(client: Client, deviceId: string): void;
  /** The connection closed; the device's bucket goes with its last connection. */
  close(client: Client): void;
  /** The device `client` logged in as (also after it closed), or null (not a device). */
  deviceOf(client: Client): string | null;
  /** How long the device's next message must wait under the rate limit, ms. */
  rateDelayMs(deviceId: string): number;
}

export function createDeviceSessions(limits: TokenBucketSettings, nowMs: () => number = () => performance.now()): DeviceSessions {
  const devices = new WeakMap<Client, string>();
  const closed = new WeakSet<Client>();
  const buckets = new Map<string, { bucket: TokenBucket; connections: number }>();
  const sessions: DeviceSessions = {
    open(client, deviceId) {
      if (devices.get(client) === deviceId) return;
      devices.set(client, deviceId);
      const entry = buckets.get(deviceId);
      if (entry) entry.connections += 1;
      else buckets.set(deviceId, { bucket: createTokenBucket(limits, nowMs()), connections: 1 });
      // The socket's end, not aedes's clientDisconnect: that one is skipped when CONNECT fails after login.
      client.conn.once('close', () => sessions.close(client));
    },
    close(client) {
      const deviceId = devices.get(client);
      if (deviceId === undefined || closed.has(client)) return;
      // The id stays readable: aedes publishes the client's last will after its socket has closed.
      closed.add(client);
      const entry = buckets.get(deviceId);
      if (entry && --entry.connections <= 0) buckets.delete(deviceId);
    },
    deviceOf: (client) => devices.get(client) ?? null,
    rateDelayMs(deviceId) {
      const entry = buckets.get(deviceId);
      return entry ? takeToken(entry.bucket, limits, nowMs()) : 0;
    },
  };
  return sessions;
}
