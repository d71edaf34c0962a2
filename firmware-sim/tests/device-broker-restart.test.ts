/**
 * The broker goes away in the middle of a run and comes back on the same port: every batch is eventually
 * delivered (duplicates allowed, none missing), the counters add up, and the backlog goes out oldest first.
 * With a buffer too small for the outage, exactly the oldest waiting batches are dropped, and counted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openScenario } from '../src/scenarios/open-scenario.js';
import { SimDevice } from '../src/device/sim-device.js';
import { missingSeqs, recordBatches, startTestBroker, waitFor, type BatchRecorder, type TestBroker } from './device-test-broker.js';

let broker: TestBroker | undefined;
let recorder: BatchRecorder | undefined;
let devices: SimDevice[] = [];

afterEach(async () => {
  await Promise.all(devices.map((d) => d.kill()));
  devices = [];
  await recorder?.close();
  await broker?.close();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function makeDevices(url: string, n: number, durationS: number, extra: { bufferBatches?: number; maxInflight?: number } = {}): SimDevice[] {
  return Array.from(
    { length: n },
    (_, i) =>
      new SimDevice({
        deviceId: `restart-${i}`,
        brokerUrl: url,
        stream: openScenario('fidgety-sitter', { seed: 10 + i, rateHz: 25, durationS }),
        format: i % 2 === 0 ? 'json' : 'binary',
        speed: 25,
        reconnectPeriodMs: 200,
        ...extra,
      }),
  );
}

describe('broker restart mid-run', () => {
  it('delivers every batch once the broker is back, backlog oldest first, counters adding up', async () => {
    broker = await startTestBroker();
    recorder = await recordBatches(broker.url);
    devices = makeDevices(broker.url, 4, 100);
    const ackOrder = new Map<string, number[]>();
    for (const d of devices) {
      ackOrder.set(d.deviceId, []);
      d.on('ack', (seq) => ackOrder.get(d.deviceId)?.push(seq));
      d.start();
    }
    await sleep(1000);
    await broker.stop('SIGTERM');
    await waitFor(() => devices.every((d) => !d.online), 5000, 'devices offline');
    await sleep(1500);
    // While the broker is away the batches pile up in the buffer, in seq order, nothing dropped.
    for (const d of devices) {
      const held = d.bufferedSeqs();
      expect(held.length).toBeGreaterThan(d.options.maxInflight);
      expect(held).toEqual(Array.from({ length: held.length }, (_, k) => (held[0] ?? 0) + k));
      expect(held.at(-1)).toBe(d.counters.generated - 1);
    }
    await broker.start();

    expect((await Promise.all(devices.map((d) => d.whenDrained(15_000)))).every(Boolean)).toBe(true);
    await waitFor(() => devices.every((d) => (recorder?.seqs.get(d.deviceId)?.size ?? 0) >= 100), 5000, 'all received');
    for (const d of devices) {
      const c = d.counters;
      expect(c.generated).toBe(100);
      expect(c.acknowledged + c.buffered + c.dropped).toBe(c.generated);
      expect(c).toMatchObject({ acknowledged: 100, buffered: 0, dropped: 0 });
      expect(c.reconnects).toBeGreaterThanOrEqual(1);
      expect(c.sent).toBeGreaterThanOrEqual(c.acknowledged);
      expect(missingSeqs(recorder.seqs.get(d.deviceId), 100)).toEqual([]);
      // Oldest first: each batch's first arrival at the subscriber, and each PUBACK, comes in seq order.
      const arrival = recorder.firstArrival.get(d.deviceId) ?? [];
      expect(arrival).toEqual([...arrival].sort((a, b) => a - b));
      const acks = ackOrder.get(d.deviceId) ?? [];
      expect(acks).toEqual([...acks].sort((a, b) => a - b));
    }
    expect(recorder.rejected).toEqual([]);
  });

  it('with a buffer smaller than the outage drops the oldest waiting batches, counts them and delivers the rest', async () => {
    broker = await startTestBroker();
    recorder = await recordBatches(broker.url);
    devices = makeDevices(broker.url, 2, 80, { bufferBatches: 12, maxInflight: 4 });
    const droppedSeqs = new Map<string, number[]>();
    for (const d of devices) {
      droppedSeqs.set(d.deviceId, []);
      d.on('dropped', (seq) => droppedSeqs.get(d.deviceId)?.push(seq));
      d.start();
    }
    await sleep(600);
    await broker.stop('SIGTERM');
    await sleep(2000); // 50 batches of outage against a buffer of 12
    await broker.start();
    expect((await Promise.all(devices.map((d) => d.whenDrained(15_000)))).every(Boolean)).toBe(true);
    await sleep(300);
    for (const d of devices) {
      const c = d.counters;
      const dropped = droppedSeqs.get(d.deviceId) ?? [];
      expect(c.dropped).toBeGreaterThan(20);
      expect(dropped.length).toBe(c.dropped);
      expect(c.acknowledged + c.dropped).toBe(c.generated);
      expect(c.buffered).toBe(0);
      // What is missing at the subscriber is exactly what the device said it dropped: one contiguous run of the
      // oldest waiting batches (in-flight ones are never dropped, the newest are kept).
      const missing = missingSeqs(recorder.seqs.get(d.deviceId), c.generated);
      expect(missing).toEqual(dropped);
      expect(dropped).toEqual(Array.from({ length: dropped.length }, (_, k) => (dropped[0] ?? 0) + k));
      expect(Math.max(...(recorder.seqs.get(d.deviceId)?.keys() ?? []))).toBe(c.generated - 1);
    }
  });
});
