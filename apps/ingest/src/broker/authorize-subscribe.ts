/**
 * SUBSCRIBE: a device may subscribe to exactly its own `posture/ID/cmd` (the protocol's `maySubscribe`).
 * Anything else is negated, not fatal: the SUBACK carries 0x80 for that filter (MQTT 3.1.1 §3.9.3) and the
 * connection stays up, so a sensor with one wrong filter still gets its commands.
 */
import type { Client, Subscription } from 'aedes';
import { maySubscribe } from '@stance/protocol';
import { stanceError } from '../errors.js';
import type { Logger } from '../log.js';
import type { IngestMetrics } from '../metrics/ingest-metrics.js';
import type { DeviceSessions } from './device-sessions.js';

type AuthorizeSubscribeHandler = (
  client: Client,
  subscription: Subscription,
  done: (error: Error | null, subscription?: Subscription | null) => void,
) => void;

export function createAuthorizeSubscribe(sessions: DeviceSessions, metrics: IngestMetrics, log: Logger): AuthorizeSubscribeHandler {
  return (client, subscription, done) => {
    const deviceId = sessions.deviceOf(client);
    if (deviceId !== null && maySubscribe(deviceId, subscription.topic)) {
      done(null, subscription);
      return;
    }
    metrics.mqttAclRefusals.inc({ action: 'subscribe' });
    const refusal = stanceError('MQTT_SUBSCRIBE_DENIED', {
      clientId: client.id,
      deviceId: deviceId ?? 'not a device',
      topic: subscription.topic,
    });
    log.warn({ code: refusal.code, clientId: client.id, deviceId, topic: subscription.topic }, refusal.message);
    done(null, null);
  };
}
