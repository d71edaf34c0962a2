/**
 * Kill -9 mid-stream and restart. The service runs as a child process (`src/main.ts` under tsx); an MQTT.js
 * device streams QoS 1 batches to it through a small TCP proxy. At the crash, the proxy first swallows the
 * service's PUBACKs until the service has journaled batches the device was never told about (the hard case:
 * they will be resent), then the child is SIGKILLed, restarted on the same DATA_DIR, and the device
 * reconnects and resends everything unacknowledged. The stored per-device count must equal exactly what
 * was sent: nothing lost (a PUBACK means "durably journaled"), nothing twice (the sequence state is durable
 * with the journal, so a journaled batch that comes again is a duplicate).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open-database.js';
import { createDeviceRegistry } from '../src/devices/device-registry.js';
import { createSampleCountConsumer } from '../src/intake/sample-count-consumer.js';
import { jsonBatch, tempDir, waitFor } from './helpers.js';
import { exited, metric, startServiceProcess, startSwallowingProxy } from './helpers/service-process.js';
import { freePort } from './mosquitto-broker.js';

describe('kill -9 and restart mid-stream', () => {
  const dataDir = tempDir();
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing and counts nothing twice', async () => {
    const deviceId = 'crash-1';
    const setupDb = openDatabase({ dataDir, sync: 'full' });
    const token = createDeviceRegistry(setupDb).create(deviceId).token;
    setupDb.close();

    const env = {
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      MQTT_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      MQTT_WS_PATH: '',
      LOG_LEVEL: 'info',
      DEVICE_RATE_PER_S: '100000',
      DEVICE_BURST: '100000',
    };
    children.push(await startServiceProcess(env));
    const proxy = await startSwallowingProxy(Number(env.MQTT_PORT), 'replies');

    const client = mqtt.connect(`mqtt://127.0.0.1:${proxy.port}`, {
      username: deviceId,
      password: token,
      clientId: deviceId,
      reconnectPeriod: 100,
      connectTimeout: 5000,
    });
    client.on('error', () => {}); // refused while the service is down: keep retrying
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));

    const batches = 400;
    const samplesPerBatch = 50;
    const window = 25; // batches in flight at once, like a sensor's QoS 1 window
    let acked = 0;
    let journaledUnacked = 0;

    const crash = (async () => {
      await waitFor(() => acked >= 150, 30_000, '150 acknowledgements');
      proxy.swallow(true);
      // PUBACKs already past the proxy may still reach the client: compare with `acked` as it is when judged.
      // Wait until the service has journaled batches whose PUBACKs the device will never see.
      let accepted = 0;
      const poll = setInterval(() => {
        metric(env.PORT, 'posture_batches_accepted_total').then((n) => (accepted = n), () => {});
      }, 20);
      await waitFor(() => accepted > acked, 30_000, 'journaled but unacknowledged batches');
      clearInterval(poll);
      journaledUnacked = accepted - acked;
      const first = children[0] as ChildProcess;
      first.kill('SIGKILL');
      await exited(first);
      proxy.cutAll();
      proxy.swallow(false);
      children.push(await startServiceProcess(env));
    })();

    const inFlight = new Set<Promise<void>>();
    for (let seq = 0; seq < batches; seq++) {
      const p: Promise<void> = client
        .publishAsync(`posture/${deviceId}/imu`, jsonBatch(seq, samplesPerBatch), { qos: 1 })
        .then(() => {
          acked += 1;
          inFlight.delete(p);
        });
      inFlight.add(p);
      if (inFlight.size >= window) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await crash;
    expect(acked).toBe(batches);
    expect(journaledUnacked).toBeGreaterThan(0);
    // Every batch journaled before the crash but not acknowledged came again and was dropped as a duplicate
    // (at least those seen journaled; more may have been journaled between that look and the kill).
    expect(await metric(env.PORT, 'posture_batches_duplicate_total')).toBeGreaterThanOrEqual(journaledUnacked);
    await client.endAsync();
    await proxy.close();

    // A graceful stop lets the journal consumer catch up; then read what it stored.
    const second = children[1] as ChildProcess;
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    const db = openDatabase({ dataDir, sync: 'full' });
    try {
      expect(createSampleCountConsumer(db).countOf(deviceId)).toEqual({ deviceId, batches, samples: batches * samplesPerBatch });
      const seqs = db.prepare<[], { seq: number }>('SELECT seq FROM journal ORDER BY pos').all().map((r) => r.seq);
      expect(seqs).toHaveLength(batches);
      expect(new Set(seqs).size).toBe(batches);
    } finally {
      db.close();
    }
  });
});
