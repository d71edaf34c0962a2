/**
 * External-broker mode, kill -9 mid-stream: the service (child process, `MQTT_URL` → a real Mosquitto) reaches
 * Mosquitto through a proxy. At the crash, the proxy first swallows what the service sends (its PUBACKs) until
 * the service has journaled batches Mosquitto was never told about; then the service is SIGKILLed and started
 * again on the same DATA_DIR. Mosquitto redelivers everything unacknowledged to the persistent session: the
 * journal must hold every batch the device published exactly once.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open-database.js';
import { createSampleCountConsumer } from '../src/intake/sample-count-consumer.js';
import { connectDevice, jsonBatch, tempDir, waitFor } from './helpers.js';
import { freePort, registerDevices, SERVICE_USER, startMosquitto } from './mosquitto-broker.js';
import { exited, metric, startServiceProcess, startSwallowingProxy } from './helpers/service-process.js';

describe('external broker: kill -9 and restart mid-stream', () => {
  const dataDir = tempDir();
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const c of cleanups) await c();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing and journals nothing twice: Mosquitto redelivers what was not acknowledged', async () => {
    const deviceId = 'crash-ext';
    const token = registerDevices(dataDir, [deviceId])[deviceId] as string;
    const mosquitto = await startMosquitto(dataDir);
    cleanups.push(() => mosquitto.close());
    const proxy = await startSwallowingProxy(mosquitto.port, 'requests');
    cleanups.push(() => proxy.close());
    const env = {
      HOST: '127.0.0.1', PORT: String(await freePort()), DATA_DIR: dataDir, LOG_LEVEL: 'info',
      MQTT_URL: `mqtt://127.0.0.1:${proxy.port}`, MQTT_USERNAME: SERVICE_USER.username, MQTT_PASSWORD: SERVICE_USER.password,
      MQTT_CLIENT_ID: 'stance-crash-test',
    };
    children.push(await startServiceProcess(env));

    const device = await connectDevice(mosquitto.url, deviceId, token, { clientId: deviceId, clean: false });
    cleanups.push(() => device.endAsync(true));
    const batches = 400;
    let journaledUnacked = 0;
    const crash = (async () => {
      let accepted = 0;
      const poll = setInterval(() => {
        metric(env.PORT, 'posture_batches_accepted_total').then((n) => (accepted = n), () => {});
      }, 20);
      try {
        await waitFor(() => accepted >= 100, 30_000, '100 batches journaled');
        // From here on Mosquitto hears nothing from the service: every batch journaled now is unacknowledged.
        proxy.swallow(true);
        // Read after swallowing: a polled value may predate batches that were acknowledged just before it.
        const atSwallow = await metric(env.PORT, 'posture_batches_accepted_total');
        await waitFor(() => accepted >= atSwallow + 5, 30_000, 'journaled but unacknowledged batches');
        journaledUnacked = accepted - atSwallow;
      } finally {
        clearInterval(poll);
      }
      const first = children[0] as ChildProcess;
      first.kill('SIGKILL');
      await exited(first);
      proxy.cutAll();
      proxy.swallow(false);
      children.push(await startServiceProcess(env));
    })();

    // The device publishes the whole time, the service down or not; Mosquitto queues for the service's session.
    const inFlight = new Set<Promise<void>>();
    for (let seq = 0; seq < batches; seq++) {
      const p: Promise<void> = device.publishAsync(`posture/${deviceId}/imu`, jsonBatch(seq, 25), { qos: 1 }).then(() => {
        inFlight.delete(p);
      });
      inFlight.add(p);
      if (inFlight.size >= 10) await Promise.race(inFlight);
      if (seq % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 10)); // a sensor's pace, not a flood
    }
    await Promise.all(inFlight);
    await crash;
    expect(journaledUnacked).toBeGreaterThan(0);

    const reader = openDatabase({ dataDir, sync: 'normal' });
    const journaled = reader.prepare<[string], { n: number }>('SELECT count(*) AS n FROM journal WHERE device_id = ?');
    try {
      await waitFor(() => (journaled.get(deviceId)?.n ?? 0) >= batches, 30_000, 'every batch journaled after the restart');
    } finally {
      reader.close();
    }
    // Redelivered copies of batches journaled before the kill were recognised as duplicates.
    expect(await metric(env.PORT, 'posture_batches_duplicate_total')).toBeGreaterThanOrEqual(journaledUnacked);

    const second = children[1] as ChildProcess;
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    const db = openDatabase({ dataDir, sync: 'full' });
    try {
      expect(createSampleCountConsumer(db).countOf(deviceId)).toEqual({ deviceId, batches, samples: batches * 25 });
      const seqs = db.prepare<[], { seq: number }>('SELECT seq FROM journal ORDER BY pos').all().map((r) => r.seq);
      expect(seqs).toHaveLength(batches);
      expect(new Set(seqs).size).toBe(batches);
    } finally {
      db.close();
    }
  }, 60_000);
});
