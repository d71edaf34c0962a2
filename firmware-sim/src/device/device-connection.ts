/**
 * How a simulated device meets the broker (contracts section 2): username = device id, password = token,
 * a persistent session under a stable client id, and `{"online":false}` as its retained last will.
 */
import mqtt, { ErrorWithReasonCode, type MqttClient } from 'mqtt';
import { deviceTopic, encodeStatus } from '@stance/protocol';
import type { SimDeviceOptions } from './sim-device-options.js';

export interface DeviceTopics {
  readonly imu: string;
  readonly status: string;
  readonly event: string;
  readonly cmd: string;
}

export function deviceTopics(deviceId: string): DeviceTopics {
  return Object.freeze({
    imu: deviceTopic(deviceId, 'imu'),
    status: deviceTopic(deviceId, 'status'),
    event: deviceTopic(deviceId, 'event'),
    cmd: deviceTopic(deviceId, 'cmd'),
  });
}

/** Starts connecting (MQTT.js retries by itself every `reconnectPeriodMs`). */
export function connectDevice(o: Readonly<SimDeviceOptions>, topics: DeviceTopics): MqttClient {
  return mqtt.connect(o.brokerUrl, {
    protocolVersion: 4,
    clientId: o.clientId ?? o.deviceId,
    // A persistent session: the broker keeps the cmd subscription (and cmds sent meanwhile) across a
    // reconnect, and MQTT.js keeps in-flight QoS 1 publishes and re-sends them first.
    clean: false,
    username: o.deviceId,
    ...(o.token !== undefined ? { password: o.token } : {}),
    keepalive: o.keepaliveS,
    reconnectPeriod: o.reconnectPeriodMs,
    connectTimeout: o.connectTimeoutMs,
    // Nothing may pile up inside MQTT.js while offline: the device's own bounded buffer holds the batches.
    queueQoSZero: false,
    will: { topic: topics.status, payload: Buffer.from(encodeStatus({ online: false })), qos: 1, retain: true },
  });
}

/**
 * CONNACK codes 1..5 (bad protocol, client id refused, server unavailable, bad credentials, not authorised):
 * MQTT.js stops retrying after these.
 */
export function isConnectionRefusal(err: Error): boolean {
  return err instanceof ErrorWithReasonCode && err.code >= 1 && err.code <= 5;
}

/** `p`, or undefined once `ms` passed. */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
