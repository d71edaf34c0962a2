/**
 * PUBLISH, before Aedes acknowledges or forwards it. Aedes sends the QoS 1 PUBACK only when this handler
 * calls back, which is what makes the acknowledgement mean "durably in the intake journal":
 *
 * 1. ACL: a device publishes only on its own `posture/ID/imu|status|event` (the protocol's `mayPublish`).
 *    Anything else is refused with an error, which makes Aedes close the connection (MQTT 3.1.1 has no
 *    negative PUBACK); that is a misconfigured or hostile client, not a sensor with a bad reading.
 * 2. Rate limit: over its budget, the device's message waits (see token-bucket.ts).
 * 3. By topic, through the device message router shared with the external broker
 *    (`intake/device-message-router.ts`): `imu` through the intake (validate, de-duplicate, journal, then
 *    call back); `status` and `event` validated and counted, then acknowledged in order behind the journal
 *    writes.
 */
import type { Client, PublishPacket } from 'aedes';
import { mayPublish, parseDeviceTopic } from '@stance/protocol';
import { stanceError } from '../errors.js';
import type { DeviceMessageRouter } from '../intake/device-message-router.js';
import type { Logger } from '../log.js';
import type { IngestMetrics } from '../metrics/ingest-metrics.js';
import type { DeviceSessions } from './device-sessions.js';

export interface AuthorizePublishParts {
  sessions: DeviceSessions;
  /** The device message router (or, in the broker thread, its relay to the event loop). */
  route: DeviceMessageRouter;
  metrics: IngestMetrics;
  log: Logger;
}

type Done = (error?: Error | null) => void;
type AuthorizePublishHandler = (client: Client | null, packet: PublishPacket, done: Done) => void;

export function createAuthorizePublish(parts: AuthorizePublishParts): AuthorizePublishHandler {
  const { sessions, metrics, log } = parts;
  const router = parts.route;

  const route = (deviceId: string, packet: PublishPacket, done: Done): void => {
    const kind = parseDeviceTopic(packet.topic)?.kind;
    if (kind !== 'imu' && kind !== 'status' && kind !== 'event') {
      done(null); // unreachable: mayPublish allows only the three kinds
      return;
    }
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const outcome = router(deviceId, kind, payload, done);
    // A retained batch would sit in the broker's memory for nothing (batches are consumed from the journal),
    // and a bad status must not become the retained one.
    if (kind === 'imu' || outcome === 'refused') packet.retain = false;
  };

  return (client, packet, done) => {
    // client is null only for a stale last will Aedes publishes on behalf of a gone broker instance.
    const deviceId = client === null ? staleWillDevice(packet.topic) : sessions.deviceOf(client);
    if (deviceId === null || !mayPublish(deviceId, packet.topic)) {
      metrics.mqttAclRefusals.inc({ action: 'publish' });
      const clientId = client?.id ?? '(none)';
      const refusal = stanceError('MQTT_PUBLISH_DENIED', { clientId, deviceId: deviceId ?? 'not a device', topic: packet.topic });
      log.warn({ code: refusal.code, clientId, deviceId, topic: packet.topic }, refusal.message);
      done(refusal);
      return;
    }
    const waitMs = sessions.rateDelayMs(deviceId);
    if (waitMs <= 0) {
      route(deviceId, packet, done);
      return;
    }
    metrics.mqttRateLimited.inc();
    setTimeout(route, waitMs, deviceId, packet, done);
  };
}

/** A will without a client is accepted only as what a sensor's will is: its own status. */
function staleWillDevice(topic: string): string | null {
  const parsed = parseDeviceTopic(topic);
  return parsed?.kind === 'status' ? parsed.deviceId : null;
}
