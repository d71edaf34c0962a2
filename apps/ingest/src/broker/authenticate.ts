/**
 * CONNECT: username = device id, password = the device's token (contracts section 2). Refusals answer with
 * the MQTT 3.1.1 CONNACK code that fits (4 bad username or password, 3 server unavailable at the connection
 * limit), are counted by reason and logged, never with the password.
 */
import type { AuthenticateError, Client } from 'aedes';
import type { DeviceRegistry } from '../devices/device-registry.js';
import { stanceError } from '../errors.js';
import type { Logger } from '../log.js';
import type { IngestMetrics, MqttAuthRefusal } from '../metrics/ingest-metrics.js';
import type { DeviceSessions } from './device-sessions.js';

/** CONNACK return codes of MQTT 3.1.1 used here (aedes's `AuthErrorCode` is a const enum, not importable). */
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;

export interface AuthenticateParts {
  registry: DeviceRegistry;
  sessions: DeviceSessions;
  metrics: IngestMetrics;
  log: Logger;
  maxConnections: number;
  deviceMaxConnections: number;
  /** Clients connected now. */
  connectedClients: () => number;
}

type AuthenticateHandler = (
  client: Client,
  username: Readonly<string | undefined>,
  password: Readonly<Buffer | undefined>,
  done: (error: AuthenticateError | null, success: boolean | null) => void,
) => void;

export function createAuthenticate(parts: AuthenticateParts): AuthenticateHandler {
  const { registry, sessions, metrics, log } = parts;
  const refuse = (
    done: Parameters<AuthenticateHandler>[3],
    reason: MqttAuthRefusal,
    returnCode: number,
    fields: Record<string, unknown>,
  ): void => {
    metrics.mqttAuthRefusals.inc({ reason });
    const refusal =
      returnCode === SERVER_UNAVAILABLE
        ? stanceError('MQTT_SERVER_BUSY', { reason })
        : stanceError('MQTT_BAD_CREDENTIALS', { username: String(fields.username), reason });
    log.warn({ ...fields, code: refusal.code, reason }, refusal.message);
    const error = refusal as unknown as AuthenticateError;
    error.returnCode = returnCode;
    done(error, false);
  };

  return (client, username, password, done) => {
    const fields = { clientId: client.id, username };
    if (parts.connectedClients() >= parts.maxConnections) {
      refuse(done, 'connection_limit', SERVER_UNAVAILABLE, fields);
      return;
    }
    if (username === undefined || password === undefined) {
      refuse(done, 'missing_credentials', BAD_USERNAME_OR_PASSWORD, fields);
      return;
    }
    const verdict = registry.verify(username, password.toString('utf8'));
    if (verdict !== 'ok') {
      refuse(done, verdict, BAD_USERNAME_OR_PASSWORD, fields);
      return;
    }
    // One device cannot take every slot. Refused as "server unavailable": the sensor retries, and by then its
    // half-open old connections have timed out. The same client id replacing its own session (a takeover)
    // is let through, since Aedes closes the old one.
    if (sessions.connectionCount(username) >= parts.deviceMaxConnections && !sessions.hasClientId(username, client.id)) {
      refuse(done, 'device_connection_limit', SERVER_UNAVAILABLE, fields);
      return;
    }
    sessions.open(client, username);
    done(null, true);
  };
}
