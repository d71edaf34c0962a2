/**
 * Duplicates (QoS 1 redelivery, a resent offline buffer) are counted once, also after a restart; gaps,
 * late batches and sensor reboots are told apart.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDevice, jsonBatch, startService, tempDir, waitFor, type RunningService } from './helpers.js';

describe('duplicates and sequence', () => {
  const cleanups: RunningService[] = [];
  afterEach(async () => {
    for (const r of cleanups.splice(0)) await r.stop();
  });

  it('counts a resent batch once', async () => {
    const running = await startService();
    cleanups.push(running);
    const { service, mqttUrl } = running;
    const client = await connectDevice(mqttUrl, 'dup-1', service.registry.create('dup-1').token);
    for (const seq of [0, 1, 2, 3, 4, 2, 3, 4, 4]) {
      await client.publishAsync('posture/dup-1/imu', jsonBatch(seq, 25), { qos: 1 });
    }
    // The same seqs in one burst, without waiting for acks: duplicates of batches still awaiting their commit.
    await Promise.all([5, 5, 6, 5].map((seq) => client.publishAsync('posture/dup-1/imu', jsonBatch(seq, 25), { qos: 1 })));
    await waitFor(() => service.sampleCounts.countOf('dup-1').batches === 7, 5000, 'consumer');
    expect(service.sampleCounts.countOf('dup-1')).toEqual({ deviceId: 'dup-1', batches: 7, samples: 7 * 25 });
    expect(service.metrics.batchesDuplicate.value()).toBe(6);
    expect(service.metrics.samples.value()).toBe(7 * 25);
    await client.endAsync();
  });

  it('notes gaps, keeps late batches, and starts a new boot epoch when seq restarts with a later clock', async () => {
    const running = await startService();
    cleanups.push(running);
    const { service, mqttUrl } = running;
    const client = await connectDevice(mqttUrl, 'seq-1', service.registry.create('seq-1').token);
    const t = (s: number) => 1_763_712_000_000 + s * 1000;
    // 0, 1, (gap of 2) 4, late 2, late 3, then a reboot: seq 0 again, timed after everything so far.
    for (const [seq, t0] of [[0, t(0)], [1, t(1)], [4, t(4)], [2, t(2)], [3, t(3)], [0, t(100)], [1, t(101)]] as const) {
      await client.publishAsync('posture/seq-1/imu', jsonBatch(seq, 10, t0), { qos: 1 });
    }
    expect(service.metrics.batchGaps.value()).toBe(1);
    expect(service.metrics.batchesLate.value()).toBe(2);
    expect(service.metrics.deviceReboots.value()).toBe(1);
    const entries = service.journal.readAfter(0, 100).map((e) => [e.boot, e.batch.seq]);
    expect(entries).toEqual([[0, 0], [0, 1], [0, 4], [0, 2], [0, 3], [1, 0], [1, 1]]);
    await client.endAsync();
  });

  it('remembers what it has seen across a restart on the same DATA_DIR', async () => {
    const dataDir = tempDir();
    try {
      const first = await startService({ dataDir }, { keepData: true });
      const token = first.service.registry.create('dup-2').token;
      let client = await connectDevice(first.mqttUrl, 'dup-2', token);
      for (let seq = 0; seq < 5; seq++) await client.publishAsync('posture/dup-2/imu', jsonBatch(seq, 20), { qos: 1 });
      await client.endAsync();
      await first.stop();

      const second = await startService({ dataDir }, { keepData: true });
      cleanups.push(second);
      client = await connectDevice(second.mqttUrl, 'dup-2', token);
      for (const seq of [3, 4, 5]) await client.publishAsync('posture/dup-2/imu', jsonBatch(seq, 20), { qos: 1 });
      await client.endAsync();
      expect(second.service.metrics.batchesDuplicate.value()).toBe(2);
      await waitFor(() => second.service.sampleCounts.countOf('dup-2').batches === 6, 5000, 'consumer');
      expect(second.service.sampleCounts.countOf('dup-2').samples).toBe(6 * 20);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps an offline buffer far longer than the sequence window, resent after newer live data, once', async () => {
    const running = await startService({ deviceBurst: 2000, deviceRatePerS: 1000 });
    cleanups.push(running);
    const { service, mqttUrl } = running;
    const client = await connectDevice(mqttUrl, 'buf-1', service.registry.create('buf-1').token);
    const publish = (seqs: number[]) =>
      Promise.all(seqs.map((seq) => client.publishAsync('posture/buf-1/imu', jsonBatch(seq, 5), { qos: 1 })));
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    // Live data 600..609 arrives first; then the 600-batch buffer (0..599), then all of it again.
    await publish(range(600, 610));
    for (let from = 0; from < 600; from += 100) await publish(range(from, from + 100));
    for (let from = 0; from < 610; from += 100) await publish(range(from, Math.min(from + 100, 610)));
    await waitFor(() => service.sampleCounts.countOf('buf-1').batches >= 610, 10_000, 'consumer');
    service.consumers.forEach((c) => c.drain());
    expect(service.sampleCounts.countOf('buf-1')).toEqual({ deviceId: 'buf-1', batches: 610, samples: 610 * 5 });
    expect(service.metrics.batchesStale.value()).toBeGreaterThan(300);
    expect(service.metrics.batchesDuplicate.value()).toBe(610);
    expect(service.journal.identityCount()).toBe(610);
    await client.endAsync();
  });
});
