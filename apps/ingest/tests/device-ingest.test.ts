/** MQTT.js devices publish valid batches with QoS 1; the journal and its consumer count them exactly. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBinaryBatch } from '@stance/protocol';
import { connectDevice, jsonBatch, makeBatch, startService, waitFor, type RunningService } from './helpers.js';
import { entrySamples } from '../src/intake/journal.js';

describe('device ingest', () => {
  let running: RunningService;
  beforeAll(async () => {
    running = await startService();
  });
  afterAll(async () => {
    await running.stop();
  });

  it('counts every sample of every device exactly once, JSON and binary', async () => {
    const { service, mqttUrl } = running;
    const devices = ['desk-1', 'desk-2', 'desk-3'];
    const clients = await Promise.all(
      devices.map((id) => connectDevice(mqttUrl, id, service.registry.create(id).token)),
    );
    const batchesPerDevice = 20;
    await Promise.all(
      clients.map(async (client, d) => {
        const id = devices[d] as string;
        for (let seq = 0; seq < batchesPerDevice; seq++) {
          // Even seqs as JSON, odd ones binary; sizes vary so a count mix-up would show.
          const count = 10 + seq + d;
          const payload = seq % 2 === 0 ? jsonBatch(seq, count) : Buffer.from(encodeBinaryBatch(makeBatch(seq, count)));
          await client.publishAsync(`posture/${id}/imu`, payload, { qos: 1 });
        }
      }),
    );
    // The PUBACK came after the journal commit, so the journal already holds everything acknowledged.
    const expected = devices.map((_, d) => {
      let sum = 0;
      for (let seq = 0; seq < batchesPerDevice; seq++) sum += 10 + seq + d;
      return sum;
    });
    expect(service.journal.size()).toBe(devices.length * batchesPerDevice);
    await waitFor(() => service.sampleCounts.countOf('desk-3').batches === batchesPerDevice, 10_000, 'consumer');
    devices.forEach((id, d) => {
      expect(service.sampleCounts.countOf(id)).toEqual({ deviceId: id, batches: batchesPerDevice, samples: expected[d] });
    });
    expect(service.metrics.samples.value()).toBe(expected.reduce((a, b) => a + b, 0));
    expect(service.metrics.batchesAccepted.value()).toBe(devices.length * batchesPerDevice);
    await Promise.all(clients.map((c) => c.endAsync()));
  });

  it('keeps the samples exactly as sent in the journal', async () => {
    const { service, mqttUrl } = running;
    const id = 'exact-1';
    const client = await connectDevice(mqttUrl, id, service.registry.create(id).token);
    const batch = makeBatch(7, 33);
    await client.publishAsync(`posture/${id}/imu`, jsonBatch(7, 33), { qos: 1 });
    const entry = service.journal.readAfter(0, 10_000).find((e) => e.deviceId === id);
    expect(entry?.batch.seq).toBe(7);
    expect(entry?.batch.t0Ms).toBe(batch.t0Ms);
    expect(entry?.format).toBe('json');
    const samples = entry === undefined ? null : entrySamples(entry);
    expect(Array.from(samples?.acc ?? [])).toEqual(Array.from(batch.acc));
    expect(Array.from(samples?.gyr ?? [])).toEqual(Array.from(batch.gyr));
    await client.endAsync();
  });
});
