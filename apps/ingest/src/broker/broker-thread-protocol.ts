/**
 * The messages between the service's event loop and the broker thread (broker-thread.ts). The thread runs
 * Aedes, its sockets, logins, the ACL and the rate limit; the event loop keeps the intake (journal, group
 * commit) and answers each PUBLISH with an acknowledgement once it is durable. Both sides batch what they
 * send per turn of their event loop, in order: a device's messages and the close of its connection arrive
 * in the order they happened.
 */
import type { MessagePort } from 'node:worker_threads';
import type { DeviceMessageKind } from '../intake/device-message-router.js';
import type { DevicePayload } from '../intake/device-payload.js';
import type { LogRecord } from '../log.js';
import type { EmbeddedBrokerSettings } from './aedes-broker.js';

/** What the thread is started with. */
export interface BrokerThreadData {
  settings: EmbeddedBrokerSettings;
  /** The service's database, opened read-only in spirit by the thread (device logins). */
  dataDir: string;
}

/** Why the event loop refused a message (the PUBLISH is then not acknowledged: Aedes closes the connection). */
export interface RelayedError {
  message: string;
  code: string | null;
}

/** The broker counters the thread increments; the event loop adds them to the service's metrics. */
export type RelayedCounter = 'mqttAuthRefusals' | 'mqttAclRefusals' | 'mqttRateLimited' | 'mqttOversizePackets';

/** From the thread, in order. */
export type BrokerEvent =
  | { type: 'message'; id: number; deviceId: string; kind: DeviceMessageKind; payload: DevicePayload }
  | { type: 'connection-lost'; deviceId: string }
  | { type: 'log'; record: LogRecord }
  | { type: 'count'; counter: RelayedCounter; labels: Record<string, string>; delta: number }
  | { type: 'clients'; connected: number }
  | { type: 'reply'; request: number; error: RelayedError | null; value?: unknown };

/** To the thread. */
export type BrokerCommand =
  /** Answers to `message` events: null when durable (the PUBACK goes out), else why not. */
  | { type: 'acks'; acks: [id: number, error: RelayedError | null][] }
  | { type: 'listen'; request: number }
  | { type: 'publish'; request: number; topic: string; payload: Uint8Array }
  | { type: 'disconnect-device'; deviceId: string }
  /** A WebSocket connection accepted by the HTTP server; its bytes go through `port` (port-stream.ts). */
  | { type: 'websocket'; port: MessagePort }
  /** Answered once everything the thread sent before it has been handled here (a barrier). */
  | { type: 'ping'; request: number }
  | { type: 'stop-accepting'; request: number }
  | { type: 'close'; request: number };

/** What a `listen` reply carries. */
export interface ListeningPorts {
  tcpPort: number;
  tlsPort: number | null;
}

export function relayError(error: Error | null | undefined): RelayedError | null {
  if (error === null || error === undefined) return null;
  const code = (error as { code?: unknown }).code;
  return { message: error.message, code: typeof code === 'string' ? code : null };
}

export function errorFromRelay(relayed: RelayedError | null): Error | null {
  if (relayed === null) return null;
  return Object.assign(new Error(relayed.message), relayed.code === null ? {} : { code: relayed.code });
}
