/**
 * Helpers for tests that drive devices through the real service: an admin session, wearers and devices made
 * through the API, MQTT.js devices publishing generated batches in a chosen order, and waiting until the
 * analysis has consumed everything journaled.
 */
import type { MqttClient } from 'mqtt';
import { encodeBinaryBatch, encodeStatus, type ImuBatch } from '@stance/protocol';
import type { IngestService } from '../src/service.js';
import { connectDevice, waitFor, type RunningService } from './helpers.js';

export const ADMIN = { email: 'admin@clinic.test', password: 'correct horse' };
export const ALL = { fromMs: 0, toMs: 4e12 };

export interface Api {
  headers: { authorization: string };
  /** A wearer and a device of theirs; the device's token. */
  addDevice(deviceId: string, wearer?: { name?: string; utcOffsetMin?: number }): Promise<{ wearerId: string; token: string }>;
}

export async function adminApi(service: IngestService): Promise<Api> {
  const { app } = service;
  const token = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN })).json().token as string;
  const headers = { authorization: `Bearer ${token}` };
  return {
    headers,
    async addDevice(deviceId, wearer = {}) {
      const w = (await app.inject({ method: 'POST', url: '/api/wearers', headers, payload: { name: deviceId, ...wearer } })).json();
      const d = (await app.inject({ method: 'POST', url: '/api/devices', headers, payload: { id: deviceId, wearerId: w.id } })).json();
      return { wearerId: w.id as string, token: d.token as string };
    },
  };
}

/** A connected MQTT.js device that publishes batches (binary, QoS 1) and statuses. */
export interface TestDevice {
  client: MqttClient;
  publish(batches: readonly ImuBatch[]): Promise<void>;
  status(online: boolean): Promise<void>;
  end(): Promise<void>;
}

export async function testDevice(url: string, deviceId: string, token: string): Promise<TestDevice> {
  const client = await connectDevice(url, deviceId, token);
  return {
    client,
    async publish(batches) {
      for (let i = 0; i < batches.length; i += 64) {
        await Promise.all(batches.slice(i, i + 64).map((b) => client.publishAsync(`posture/${deviceId}/imu`, Buffer.from(encodeBinaryBatch(b)), { qos: 1 })));
      }
    },
    async status(online) {
      await client.publishAsync(`posture/${deviceId}/status`, encodeStatus({ online, battery: 80, fw: '1.0.0' }), { qos: 1 });
    },
    end: () => client.endAsync(),
  };
}

/** A wearer and a device of theirs made through the admin API, and the device connected; its token for more connections. */
export async function addTestDevice(running: RunningService, deviceId: string): Promise<{ device: TestDevice; token: string }> {
  const { token } = await (await adminApi(running.service)).addDevice(deviceId);
  return { device: await testDevice(running.mqttUrl, deviceId, token), token };
}

/** Resolves once every journal consumer has processed everything committed so far. */
export async function analysed(service: IngestService): Promise<void> {
  await waitFor(
    () => service.committer.pending === 0 && service.consumers.every((c) => c.cursor() === service.journal.lastPos()),
    20_000,
    'the analysis to catch up',
  );
}
