/**
 * Test helpers: a real Mosquitto on a free loopback port (stoppable and restartable on the same port) and an
 * MQTT.js subscriber that records every batch by (device, seq). Shared by the device-* and fleet-* tests.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { decodeBatch, parseDeviceTopic } from '@stance/protocol';

export const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';
const MOSQUITTO_PASSWD_BIN = process.env.MOSQUITTO_PASSWD_BIN ?? '/usr/bin/mosquitto_passwd';
const run = promisify(execFile);

export interface TestBroker {
  readonly port: number;
  readonly url: string;
  /** Stops the broker: SIGTERM (persists sessions and queued messages to disk) or SIGKILL (a crash). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port, with whatever it persisted. */
  start(): Promise<void>;
  /** Stops it and removes its files. */
  close(): Promise<void>;
}

/**
 * Starts Mosquitto on 127.0.0.1 with anonymous access (or, given `passwords`, only those users) and persistence in a temp folder, so that a SIGTERM
 * restart keeps the subscriber's persistent session (and what was queued for it) the way a production broker
 * with persistence does. Fails with a clear message when the binary is missing.
 */
export async function startTestBroker(options: { passwords?: Record<string, string> } = {}): Promise<TestBroker> {
  if (!existsSync(MOSQUITTO_BIN)) {
    throw new Error(
      `mosquitto not found at ${MOSQUITTO_BIN}: install it (apt-get install mosquitto) or set MOSQUITTO_BIN`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'stance-mosquitto-'));
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  const passwordFile = join(dir, 'passwords');
  const passwords = Object.entries(options.passwords ?? {});
  for (const [i, [user, password]] of passwords.entries()) {
    await run(MOSQUITTO_PASSWD_BIN, [...(i === 0 ? ['-c'] : []), '-b', passwordFile, user, password]);
  }
  await writeFile(
    config,
    [
      `listener ${port} 127.0.0.1`,
      ...(passwords.length > 0 ? ['allow_anonymous false', `password_file ${passwordFile}`] : ['allow_anonymous true']),
      'persistence true',
      `persistence_location ${dir}/`,
      'max_queued_messages 0',
      'max_inflight_messages 0',
      'log_dest none',
      // Run as root (containers), Mosquitto would switch to user "mosquitto" and fail to write its database here.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  let output = '';
  const start = async (): Promise<void> => {
    output = '';
    const c = spawn(MOSQUITTO_BIN, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    c.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    c.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await waitForPort(port, c, () => output);
  };
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill(signal);
    await exited;
  };
  await start();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    stop,
    start,
    close: async () => {
      await stop('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited (${child.exitCode}): ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port} within 10 s: ${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What an independent subscriber saw of the fleet. */
export interface BatchRecorder {
  readonly client: MqttClient;
  /** device id → seq → times received (> 1 means a duplicate on the wire). */
  readonly seqs: Map<string, Map<number, number>>;
  /** device id → seqs in order of first arrival. */
  readonly firstArrival: Map<string, number[]>;
  /** device id → seq → the first copy's t0, rate and sample count. */
  readonly batches: Map<string, Map<number, { t0Ms: number; hz: number; count: number }>>;
  /** device id → event payloads in arrival order. */
  readonly events: Map<string, unknown[]>;
  /** device id → status payloads in arrival order, retained flag included. */
  readonly statuses: Map<string, { payload: unknown; retain: boolean }[]>;
  /** Payloads that failed to decode. */
  readonly rejected: string[];
  /** Received (device, seq) pairs, duplicates counted once. */
  unique(): number;
  /** Total batch messages, duplicates included. */
  total(): number;
  close(): Promise<void>;
}

/**
 * Subscribes to every device's imu and status topics at QoS 1 with a persistent session and a quick reconnect
 * (100 ms), so that it is back before the devices after a broker restart.
 */
let recorders = 0;

export async function recordBatches(url: string, clientId = `recorder-${process.pid}-${++recorders}`): Promise<BatchRecorder> {
  const client = mqtt.connect(url, { clientId, clean: false, reconnectPeriod: 100, protocolVersion: 4 });
  const seqs = new Map<string, Map<number, number>>();
  const firstArrival = new Map<string, number[]>();
  const statuses = new Map<string, { payload: unknown; retain: boolean }[]>();
  const batches = new Map<string, Map<number, { t0Ms: number; hz: number; count: number }>>();
  const events = new Map<string, unknown[]>();
  const rejected: string[] = [];
  client.on('message', (topic, payload, packet) => {
    const t = parseDeviceTopic(topic);
    if (!t) return;
    if (t.kind === 'status') {
      const list = statuses.get(t.deviceId) ?? [];
      list.push({ payload: JSON.parse(payload.toString()) as unknown, retain: packet.retain });
      statuses.set(t.deviceId, list);
      return;
    }
    if (t.kind === 'event') {
      events.set(t.deviceId, [...(events.get(t.deviceId) ?? []), JSON.parse(payload.toString()) as unknown]);
      return;
    }
    if (t.kind !== 'imu') return;
    const r = decodeBatch(payload);
    if (!r.ok) {
      rejected.push(`${t.deviceId}: ${r.reason} ${r.detail}`);
      return;
    }
    const m = seqs.get(t.deviceId) ?? new Map<number, number>();
    seqs.set(t.deviceId, m);
    const n = m.get(r.batch.seq) ?? 0;
    m.set(r.batch.seq, n + 1);
    if (n === 0) {
      const info = batches.get(t.deviceId) ?? new Map<number, { t0Ms: number; hz: number; count: number }>();
      batches.set(t.deviceId, info);
      info.set(r.batch.seq, { t0Ms: r.batch.t0Ms, hz: r.batch.hz, count: r.batch.count });
      const order = firstArrival.get(t.deviceId) ?? [];
      order.push(r.batch.seq);
      firstArrival.set(t.deviceId, order);
    }
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync({ 'posture/+/imu': { qos: 1 }, 'posture/+/status': { qos: 1 }, 'posture/+/event': { qos: 1 } });
  return {
    client,
    seqs,
    firstArrival,
    batches,
    events,
    statuses,
    rejected,
    unique: () => [...seqs.values()].reduce((a, m) => a + m.size, 0),
    total: () => [...seqs.values()].reduce((a, m) => a + [...m.values()].reduce((x, y) => x + y, 0), 0),
    close: async () => {
      await client.endAsync(true);
    },
  };
}

/** Seqs 0..count-1 that `received` lacks. */
export function missingSeqs(received: Map<number, number> | undefined, count: number): number[] {
  const missing: number[] = [];
  for (let s = 0; s < count; s++) if (!received?.has(s)) missing.push(s);
  return missing;
}

/** Polls `condition` every 20 ms until true or `timeoutMs` (then throws with `what`). */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
