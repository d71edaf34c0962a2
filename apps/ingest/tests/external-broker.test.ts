/**
 * External-broker mode against a real Mosquitto (started by the test, configured from the registry's export):
 * devices publish through Mosquitto with their tokens (MQTT.js and mosquitto_pub), the service, subscribed as a
 * client, counts and stores exactly; Mosquitto's ACL keeps a device off another device's topics; a Mosquitto
 * restart mid-stream loses nothing; haptic commands reach a device through Mosquitto.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScenario, SimDevice } from '@stance/firmware-sim';
import { connectDevice, connectError, jsonBatch, startService, tempDir, waitFor, type RunningService } from './helpers.js';
import { MOSQUITTO_PUB, registerDevices, SERVICE_USER, startMosquitto, type TestMosquitto } from './mosquitto-broker.js';

const run = promisify(execFile);
const ADMIN = { email: 'admin@clinic.test', password: 'correct horse' };
const DEVICES = ['ext-a', 'ext-b', 'ext-c', 'ext-pub', 'ext-off', 'ext-r1', 'ext-r2'];

/** Publishes seqs from..to-1 at QoS 1 with `window` in flight; resolves when all are acknowledged by the broker. */
async function stream(client: MqttClient, deviceId: string, from: number, to: number, window = 10, onAck = () => {}): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (let seq = from; seq < to; seq++) {
    const p: Promise<void> = client.publishAsync(`posture/${deviceId}/imu`, jsonBatch(seq, 20), { qos: 1 }).then(() => {
      inFlight.delete(p);
      onAck();
    });
    inFlight.add(p);
    if (inFlight.size >= window) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

describe('external broker (Mosquitto)', () => {
  const dataDir = tempDir();
  const tokens = registerDevices(dataDir, DEVICES);
  let mosquitto: TestMosquitto;
  let running: RunningService;
  const clients: MqttClient[] = [];
  const count = (id: string) => running.service.sampleCounts.countOf(id);

  beforeAll(async () => {
    mosquitto = await startMosquitto(dataDir);
    running = await startService({
      dataDir, mqttUrl: mosquitto.url, mqttUsername: SERVICE_USER.username, mqttPassword: SERVICE_USER.password,
      mqttClientId: `stance-test-${process.pid}`, adminEmail: ADMIN.email, adminPassword: ADMIN.password,
    });
  });
  afterAll(async () => {
    for (const c of clients) await c.endAsync(true);
    await running?.stop();
    await mosquitto?.close();
  });

  const device = async (id: string, options = {}) => {
    const client = await connectDevice(mosquitto.url, id, tokens[id] as string, options);
    clients.push(client);
    return client;
  };

  it('does not start Aedes: the service is one client of Mosquitto', () => {
    expect(() => running.service.broker).toThrow(/MQTT_URL/);
    expect(running.service.externalBroker?.connected).toBe(true);
  });

  it('counts every batch of MQTT.js and mosquitto_pub devices exactly once, and stores status', async () => {
    const ids = ['ext-a', 'ext-b', 'ext-c'];
    const devices = await Promise.all(ids.map((id) => device(id)));
    await Promise.all(devices.map((client, i) => stream(client, ids[i] as string, 0, 40)));
    // A resend of what was already delivered (a sensor's offline buffer after a reconnect) is not counted again.
    await stream(devices[0] as MqttClient, 'ext-a', 30, 40);
    await devices[0]?.publishAsync('posture/ext-a/status', '{"online": true, "battery": 81, "fw": "1.2.0"}', { qos: 1, retain: true });
    const pub = (seq: number) => run(MOSQUITTO_PUB, [
      '-h', '127.0.0.1', '-p', String(mosquitto.port), '-u', 'ext-pub', '-P', tokens['ext-pub'] as string, '-i', 'ext-pub',
      '-q', '1', '-t', 'posture/ext-pub/imu', '-m', jsonBatch(seq, 7),
    ]);
    await pub(0);
    await pub(1);
    await waitFor(() => ids.every((id) => count(id).batches === 40) && count('ext-pub').batches === 2, 10_000, 'all batches counted');
    await waitFor(() => running.service.store.getStatus('ext-a')?.battery === 81, 5000, 'status stored');
    for (const id of ids) expect(count(id)).toEqual({ deviceId: id, batches: 40, samples: 800 });
    expect(count('ext-pub').samples).toBe(14);
    expect(running.service.metrics.batchesDuplicate.value()).toBe(10);
    expect(running.service.metrics.samples.value()).toBe(3 * 800 + 14);
  });

  it('refuses a wrong token at Mosquitto', async () => {
    const error = await connectError(mosquitto.url, { username: 'ext-a', password: 'not the token', clientId: 'ext-a-wrong' });
    expect(error?.message).toMatch(/Not authorized|Bad username or password/i);
  });

  it('a device cannot publish on another device topic: Mosquitto drops it, nothing is stored', async () => {
    const a = await device('ext-a');
    const before = count('ext-b').batches;
    // MQTT 3.1.1: Mosquitto acknowledges a denied QoS 1 publish and discards it.
    await a.publishAsync('posture/ext-b/imu', jsonBatch(500, 20), { qos: 1 });
    await a.publishAsync('posture/ext-b/status', '{"online": false}', { qos: 1 });
    await run(MOSQUITTO_PUB, [
      '-h', '127.0.0.1', '-p', String(mosquitto.port), '-u', 'ext-pub', '-P', tokens['ext-pub'] as string,
      '-q', '1', '-t', 'posture/ext-b/imu', '-m', jsonBatch(501, 20),
    ]);
    // Then a marker on its own topic: once it is counted, anything published before it has been through.
    await a.publishAsync('posture/ext-a/imu', jsonBatch(600, 20), { qos: 1 });
    await waitFor(() => count('ext-a').batches === 41, 5000, 'marker');
    expect(count('ext-b').batches).toBe(before);
    expect(running.service.journal.lastPos()).toBe(3 * 40 + 2 + 1);
  });

  it('drops, and counts, messages of a device the registry has disabled', async () => {
    running.service.registry.setDisabled('ext-off', true); // Mosquitto still lets it in until the files are rewritten
    const off = await device('ext-off');
    const refusals = running.service.metrics.mqttAclRefusals.value({ action: 'publish' });
    await off.publishAsync('posture/ext-off/imu', jsonBatch(0, 20), { qos: 1 });
    await waitFor(() => running.service.metrics.mqttAclRefusals.value({ action: 'publish' }) === refusals + 1, 5000, 'refusal');
    expect(count('ext-off').batches).toBe(0);
  });

  it('loses nothing when Mosquitto restarts mid-stream; the service reconnects to its session', async () => {
    const ids = ['ext-r1', 'ext-r2'];
    // Persistent device sessions with a quick reconnect: what Mosquitto did not acknowledge is resent.
    const devices = await Promise.all(ids.map((id) => device(id, { clientId: id, clean: false, reconnectPeriod: 100 })));
    for (const d of devices) d.on('error', () => {});
    const reconnects = running.service.metrics.mqttExternalReconnects.value();
    let acked = 0;
    const restart = (async () => {
      await waitFor(() => acked >= 80, 10_000, '80 acknowledgements');
      await mosquitto.stop('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await mosquitto.start();
    })();
    await Promise.all(devices.map((client, i) => stream(client, ids[i] as string, 0, 200, 10, () => (acked += 1))));
    await restart;
    await waitFor(() => ids.every((id) => count(id).batches === 200), 15_000, 'all batches after the restart');
    for (const id of ids) expect(count(id)).toEqual({ deviceId: id, batches: 200, samples: 4000 });
    expect(running.service.metrics.mqttExternalReconnects.value()).toBeGreaterThan(reconnects);
    expect(running.service.externalBroker?.connected).toBe(true);
  }, 30_000);

  it('sends haptic commands to the device through Mosquitto (device created through the API, files re-exported)', async () => {
    const { app } = running.service;
    const token = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN })).json().token as string;
    const headers = { authorization: `Bearer ${token}` };
    const wearer = (await app.inject({ method: 'POST', url: '/api/wearers', headers, payload: { name: 'Ext' } })).json();
    const created = (await app.inject({ method: 'POST', url: '/api/devices', headers, payload: { id: 'ext-buzz', wearerId: wearer.id } })).json();
    mosquitto.reloadCredentials();
    await new Promise((resolve) => setTimeout(resolve, 200)); // SIGHUP is handled asynchronously

    // buzz-responder slouches from 90 s: the first buzz comes about a minute later.
    const sim = new SimDevice({
      deviceId: 'ext-buzz', brokerUrl: mosquitto.url, token: created.token as string, format: 'binary', speed: 40,
      stream: openScenario('buzz-responder', { seed: 2, rateHz: 50, durationS: 240 }),
    });
    try {
      sim.start();
      expect(await sim.whenDrained(20_000)).toBe(true);
      await waitFor(() => sim.counters.hapticReceived >= 1, 10_000, 'a haptic command at the device');
      expect(running.service.metrics.hapticSent.value()).toBeGreaterThanOrEqual(sim.counters.hapticReceived);
      // The PUBACK means durable in the journal; the counts follow once the consumers have run.
      await running.service.whenIdle();
      expect(count('ext-buzz').batches).toBe(240);
    } finally {
      await sim.stop(2000);
    }
  }, 40_000);
});
