/**
 * External-broker mode (`MQTT_URL`): no Aedes; the service is one MQTT 5 client of the deployment's broker
 * (Mosquitto, EMQX, HiveMQ), with a stable client id and a persistent session, subscribed at QoS 1 to every
 * device's imu, status and event topics, and publishing haptic commands on `posture/ID/cmd`.
 *
 * **The PUBACK still means "durably journaled".** MQTT.js acknowledges a QoS 1 message by itself unless it
 * is given `customHandleAcks` (MQTT 5 only), which lets the PUBACK wait for our callback. Each message goes
 * through the same device message router as the embedded broker's (decode, validate, de-duplicate, journal,
 * group commit), and the PUBACK goes out after the commit. A crash before it: the broker still holds the
 * message for our persistent session and redelivers it when we reconnect; the durable (device, seq, t0)
 * identity drops the copy that was journaled but not acknowledged.
 *
 * **Who sent it.** The broker authenticates devices (password file) and enforces the ACL; a message on
 * `posture/ID/…` is taken to come from device ID **only because the broker lets nobody else publish there**.
 * The service still drops messages for ids its registry does not have or has disabled.
 *
 * **Costs.** MQTT.js handles one incoming packet at a time, waiting for its PUBACK, so one client gets one
 * message per journal commit (no grouping across devices as with the embedded broker): see the README.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { parseDeviceTopic } from '@stance/protocol';
import type { DeviceRegistry } from '../devices/device-registry.js';
import type { GroupCommitter } from '../intake/group-commit.js';
import type { ImuIntake } from '../intake/imu-intake.js';
import { createDeviceMessageRouter, type DeviceMessageHandlers } from '../intake/device-message-router.js';
import type { Logger } from '../log.js';
import type { IngestMetrics } from '../metrics/ingest-metrics.js';
import { PACKET_OVERHEAD_BYTES } from './packet-size-guard.js';

export interface ExternalBrokerSettings {
  mqttUrl: string;
  mqttUsername: string | null;
  mqttPassword: string | null;
  mqttClientId: string;
  /** Largest payload the broker may send us (MQTT 5 Maximum Packet Size, with the header overhead). */
  maxPayloadBytes: number;
  /** How long the broker keeps our session (and queues for it) while we are away: as long as identities are kept, hours. */
  dedupRetentionH: number;
}

export interface ExternalBrokerParts {
  registry: DeviceRegistry;
  messages?: DeviceMessageHandlers;
  intake: ImuIntake;
  committer: GroupCommitter;
  metrics: IngestMetrics;
  log: Logger;
}

/** Worker mode: one client per partition (workers/held-partition.ts). */
export interface ExternalBrokerOptions {
  /**
   * Whether this client handles messages of `deviceId`; the others are acknowledged at once and ignored (the
   * worker holding the device's partition gets them on that partition's session). Default: every device.
   */
  accepts?: (deviceId: string) => boolean;
  /** Whether this client is what `posture_mqtt_connections` reports (default true; a worker sums its clients). */
  reportsConnections?: boolean;
  /**
   * MQTT 5 Receive Maximum: messages the broker may send before our PUBACKs (default 100). A partition's session
   * receives every device's messages and acknowledges most at once, so a larger window keeps it fed.
   */
  receiveMaximum?: number;
}

export interface ExternalBroker {
  readonly client: MqttClient;
  readonly connected: boolean;
  /** Connects and subscribes; rejects if the broker refuses the login or a subscription (a configuration error). */
  start(): Promise<void>;
  /** Publishes a command at QoS 1 (queued in memory while disconnected). */
  publish(topic: string, payload: string, done: (error?: Error) => void): void;
  /** Stops taking messages: those not yet journaled stay unacknowledged, so the broker redelivers them. */
  stopAccepting(): Promise<void>;
  /** Disconnects (the session stays on the broker). Call after committing what was queued. */
  close(): Promise<void>;
}

/** The three filters, at QoS 1. */
export const EXTERNAL_SUBSCRIPTIONS: Readonly<Record<string, { qos: 1 }>> = Object.freeze({
  'posture/+/imu': { qos: 1 },
  'posture/+/status': { qos: 1 },
  'posture/+/event': { qos: 1 },
});

/** MQTT 5 PUBACK reason "not authorized": a message from a device we do not know (acknowledged and dropped). */
const NOT_AUTHORIZED = 0x87;
/** Messages the broker may send before our PUBACKs (MQTT 5 Receive Maximum); packets are handled one by one anyway. */
const RECEIVE_MAXIMUM = 100;
/** After a lost connection, ms before reconnecting. */
const RECONNECT_PERIOD_MS = 500;
/** Longest a graceful disconnect waits for our own in-flight publishes, ms. */
const CLOSE_WAIT_MS = 2000;

/** The connection a message came on is gone: no PUBACK (the broker redelivers it on the new one). */
class StaleAckError extends Error {}

type AckCallback = (error: Error | number, code?: number) => void;

export function createExternalBroker(
  settings: ExternalBrokerSettings,
  parts: ExternalBrokerParts,
  options: ExternalBrokerOptions = {},
): ExternalBroker {
  const { registry, metrics, log } = parts;
  const accepts = options.accepts ?? (() => true);
  const route = createDeviceMessageRouter(parts);
  // Bumped when a connection closes: an acknowledgement due on an older connection is not sent, since packet
  // ids are per connection's session state and the broker resends that message on the new one anyway.
  let generation = 0;
  let accepting = true;
  let everConnected = false;

  const handle = (topic: string, payload: Buffer, ack: (code: number, error?: Error) => void): void => {
    const parsed = parseDeviceTopic(topic);
    const kind = parsed?.kind;
    if (parsed === null || (kind !== 'imu' && kind !== 'status' && kind !== 'event')) {
      ack(NOT_AUTHORIZED); // unreachable with our filters, unless an id does not fit the protocol
      return;
    }
    if (!accepts(parsed.deviceId)) {
      ack(0); // another partition's device: its own session delivers it to the worker that holds it
      return;
    }
    const device = registry.get(parsed.deviceId);
    if (device === null || device.disabled) {
      metrics.mqttAclRefusals.inc({ action: 'publish' });
      log.warn({ deviceId: parsed.deviceId, topic, reason: device === null ? 'unknown_device' : 'disabled' }, 'message from the external broker dropped');
      ack(NOT_AUTHORIZED);
      return;
    }
    route(parsed.deviceId, kind, payload, (error) => ack(0, error ?? undefined));
  };

  const customHandleAcks = (topic: string, payload: Buffer, _packet: unknown, cb: AckCallback): void => {
    const born = generation;
    if (!accepting) {
      cb(new StaleAckError('stopping: left for redelivery'));
      return;
    }
    handle(topic, payload, (code, error) => {
      if (born !== generation) {
        cb(new StaleAckError('connection changed before the commit'));
      } else if (error) {
        // Not journaled: no PUBACK, and a new connection so the broker redelivers it (MQTT 5 resends only then).
        log.error({ topic, clientId: settings.mqttClientId, err: error.message }, 'message not journaled; reconnecting for redelivery');
        client.stream?.destroy();
        cb(new StaleAckError(error.message));
      } else {
        cb(code); // a number alone is the reason code: PUBACK now
      }
    });
  };

  const clientOptions: IClientOptions = {
    protocolVersion: 5,
    clientId: settings.mqttClientId,
    clean: false,
    resubscribe: false, // we subscribe ourselves on every connect without a session (below)
    reconnectPeriod: RECONNECT_PERIOD_MS,
    connectTimeout: 10_000,
    customHandleAcks,
    properties: {
      // The session (our subscriptions and what is queued for us) outlives a restart or an outage of the service.
      sessionExpiryInterval: Math.round(settings.dedupRetentionH * 3600),
      receiveMaximum: options.receiveMaximum ?? RECEIVE_MAXIMUM,
      maximumPacketSize: settings.maxPayloadBytes + PACKET_OVERHEAD_BYTES,
    },
    ...(settings.mqttUsername !== null ? { username: settings.mqttUsername } : {}),
    ...(settings.mqttPassword !== null ? { password: settings.mqttPassword } : {}),
    manualConnect: true,
  };
  const client = mqtt.connect(settings.mqttUrl, clientOptions);

  client.on('message', (topic, payload, packet) => {
    // QoS 0 needs no acknowledgement and never reaches customHandleAcks; QoS 1 arrives here after its PUBACK.
    if (packet.qos === 0 && accepting) handle(topic, payload, () => {});
  });
  client.on('close', () => {
    generation += 1;
  });
  client.on('error', (error) => {
    if (error instanceof StaleAckError) return;
    log.warn({ clientId: settings.mqttClientId, err: error.message }, 'external broker connection error');
  });
  client.on('offline', () => log.warn({ url: redactUrl(settings.mqttUrl), clientId: settings.mqttClientId }, 'external broker unreachable; reconnecting'));

  const subscribe = async (): Promise<void> => {
    const granted = await client.subscribeAsync({ ...EXTERNAL_SUBSCRIPTIONS });
    const refused = granted.filter((g) => g.qos !== 1 && g.qos !== 0);
    if (refused.length > 0) {
      throw new Error(`the external broker refused ${refused.map((g) => g.topic).join(', ')} (reason ${refused[0]?.qos}): check its ACL for ${settings.mqttUsername ?? 'the anonymous user'}`);
    }
  };

  return {
    client,
    get connected() {
      return client.connected;
    },
    start() {
      if (options.reportsConnections !== false) metrics.mqttConnections.collectFrom(() => (client.connected ? 1 : 0));
      return new Promise<void>((resolve, reject) => {
        const onFirstError = (error: Error): void => {
          if (everConnected) return;
          client.off('error', onFirstError);
          client.end(true);
          reject(new Error(`cannot use the external broker ${redactUrl(settings.mqttUrl)}: ${error.message}`));
        };
        client.on('error', onFirstError);
        client.on('connect', (connack) => {
          if (everConnected) {
            metrics.mqttExternalReconnects.inc();
            log.info({ sessionPresent: connack.sessionPresent, clientId: settings.mqttClientId }, 'reconnected to the external broker');
          }
          // Without a session (first start, or the broker lost it) the subscriptions are made again.
          const ready = connack.sessionPresent ? Promise.resolve() : subscribe();
          ready.then(
            () => {
              if (!everConnected) {
                everConnected = true;
                client.off('error', onFirstError);
                resolve();
              }
            },
            (error: Error) => (everConnected ? log.error({ err: error.message }, 'resubscribing failed') : onFirstError(error)),
          );
        });
        client.connect();
      });
    },
    publish(topic, payload, done) {
      client.publish(topic, payload, { qos: 1, retain: false }, (error) => done(error ?? undefined));
    },
    async stopAccepting() {
      accepting = false;
    },
    async close() {
      accepting = false;
      if (!client.connected) {
        await client.endAsync(true);
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<void>((resolve) => {
        timer = setTimeout(() => client.end(true, {}, () => resolve()), CLOSE_WAIT_MS);
      });
      await Promise.race([client.endAsync(false), forced]);
      clearTimeout(timer);
    },
  };
}

/** The URL without a password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}
