/**
 * Who each MQTT connection is, and the per-device state the broker keeps: the device id a client logged in
 * as, the device's open connections, and its rate-limit bucket (shared by all its connections, so opening
 * more connections does not buy more rate).
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
  /** Open connections logged in as `deviceId`. */
  connectionCount(deviceId: string): number;
  /** Those connections' clients (to close them when the device is unpaired). */
  clientsOf(deviceId: string): Client[];
  /** True when one of them uses `clientId` (a reconnect with it takes that session over). */
  hasClientId(deviceId: string, clientId: string): boolean;
  /** How long the device's next message must wait under the rate limit, ms. */
  rateDelayMs(deviceId: string): number;
}

interface DeviceEntry {
  bucket: TokenBucket;
  connections: number;
  /** Open connections per MQTT client id (a takeover briefly has two with the same id). */
  clientIds: Map<string, number>;
  clients: Set<Client>;
}

export function createDeviceSessions(
  limits: TokenBucketSettings,
  nowMs: () => number = () => performance.now(),
  /** Called when a device's last open connection closes. */
  onLastClose: (deviceId: string) => void = () => {},
): DeviceSessions {
  const devices = new WeakMap<Client, { deviceId: string; clientId: string }>();
  const closed = new WeakSet<Client>();
  const entries = new Map<string, DeviceEntry>();
  const sessions: DeviceSessions = {
    open(client, deviceId) {
      if (devices.has(client)) return;
      const clientId = client.id;
      devices.set(client, { deviceId, clientId });
      let entry = entries.get(deviceId);
      if (entry === undefined) {
        entry = { bucket: createTokenBucket(limits, nowMs()), connections: 0, clientIds: new Map(), clients: new Set() };
        entries.set(deviceId, entry);
      }
      entry.connections += 1;
      entry.clients.add(client);
      entry.clientIds.set(clientId, (entry.clientIds.get(clientId) ?? 0) + 1);
      // The socket's end, not aedes's clientDisconnect: that one is skipped when CONNECT fails after login.
      client.conn.once('close', () => sessions.close(client));
    },
    close(client) {
      const session = devices.get(client);
      if (session === undefined || closed.has(client)) return;
      // The id stays readable: aedes publishes the client's last will after its socket has closed.
      closed.add(client);
      const entry = entries.get(session.deviceId);
      if (entry === undefined) return;
      entry.clients.delete(client);
      const sameId = (entry.clientIds.get(session.clientId) ?? 1) - 1;
      if (sameId > 0) entry.clientIds.set(session.clientId, sameId);
      else entry.clientIds.delete(session.clientId);
      if (--entry.connections <= 0) {
        entries.delete(session.deviceId);
        onLastClose(session.deviceId);
      }
    },
    deviceOf: (client) => devices.get(client)?.deviceId ?? null,
    connectionCount: (deviceId) => entries.get(deviceId)?.connections ?? 0,
    clientsOf: (deviceId) => [...(entries.get(deviceId)?.clients ?? [])],
    hasClientId: (deviceId, clientId) => entries.get(deviceId)?.clientIds.has(clientId) ?? false,
    rateDelayMs(deviceId) {
      const entry = entries.get(deviceId);
      return entry ? takeToken(entry.bucket, limits, nowMs()) : 0;
    },
  };
  return sessions;
}
