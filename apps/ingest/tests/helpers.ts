/**
 * Shared test helpers: a real service on loopback ports in a temporary DATA_DIR, real MQTT.js clients,
 * and batch builders.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { encodeJsonBatch, type ImuBatch } from '@stance/protocol';
import { DEFAULT_INGEST_SETTINGS, type IngestSettings } from '../src/config.js';
import { createIngestService, type IngestService, type ServiceOptions } from '../src/service.js';

export function tempDir(prefix = 'stance-ingest-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testSettings(overrides: Partial<IngestSettings> = {}): IngestSettings {
  return {
    ...DEFAULT_INGEST_SETTINGS,
    host: '127.0.0.1',
    httpPort: 0,
    mqttPort: 0,
    logLevel: 'silent',
    ...overrides,
    dataDir: overrides.dataDir ?? tempDir(),
  };
}

export interface RunningService {
  service: IngestService;
  mqttUrl: string;
  stop(): Promise<void>;
}

/** A started service; `stop` also removes its DATA_DIR unless `keepData`. */
export async function startService(
  overrides: Partial<IngestSettings> = {},
  options: ServiceOptions & { keepData?: boolean } = {},
): Promise<RunningService> {
  const settings = testSettings(overrides);
  const service = await createIngestService(settings, options);
  await service.start();
  return {
    service,
    mqttUrl: settings.mqttUrl ?? `mqtt://127.0.0.1:${service.broker.tcpPort}`,
    async stop() {
      await service.stop();
      if (!options.keepData) fs.rmSync(settings.dataDir, { recursive: true, force: true });
    },
  };
}

/** An MQTT.js device connected with its id and token (no automatic reconnect unless asked). */
export async function connectDevice(
  url: string,
  deviceId: string,
  token: string,
  options: IClientOptions = {},
): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    username: deviceId,
    password: token,
    clientId: `${deviceId}-${Math.random().toString(36).slice(2, 8)}`,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...options,
  });
}

/** Tries to connect; resolves with the CONNACK error (or null if it connected, then ends that client). */
export async function connectError(url: string, options: IClientOptions): Promise<Error | null> {
  try {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...options });
    await client.endAsync();
    return null;
  } catch (error) {
    return error as Error;
  }
}

/** A deterministic batch of `count` samples: still, about 1 g up, small gyro noise. */
export function makeBatch(seq: number, count = 50, t0Ms = 1_763_712_000_000 + seq * 1000, hz = 50): ImuBatch {
  const acc = new Float64Array(3 * count);
  const gyr = new Float64Array(3 * count);
  for (let i = 0; i < count; i++) {
    acc[3 * i] = 0.01 * Math.sin(seq + i);
    acc[3 * i + 1] = 0.98;
    acc[3 * i + 2] = -0.12;
    gyr[3 * i] = 0.4 * Math.cos(i);
    gyr[3 * i + 1] = -1.2;
    gyr[3 * i + 2] = 0.1;
  }
  return { seq, t0Ms, hz, count, acc, gyr };
}

export function jsonBatch(seq: number, count = 50, t0Ms?: number): string {
  return encodeJsonBatch(makeBatch(seq, count, t0Ms));
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
/** Polls `check` every `pollMs` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition', pollMs = 20): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Resolves when `client` closes (the broker dropped it). */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (client.disconnected || !client.connected) resolve();
    client.once('close', () => resolve());
  });
}
