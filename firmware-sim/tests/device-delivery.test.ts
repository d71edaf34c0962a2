/**
 * A handful of devices against a real Mosquitto: every batch arrives (by seq) in JSON and in binary, with t0
 * from the stream, and the retained status and last will say the right thing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScenario } from '../src/scenarios/open-scenario.js';
import { SimDevice } from '../src/device/sim-device.js';
import type { BatchFormat } from '../src/device/batch-encoding.js';
import { missingSeqs, recordBatches, startTestBroker, waitFor, type BatchRecorder, type TestBroker } from './device-test-broker.js';

let broker: TestBroker;
let recorder: BatchRecorder;

beforeAll(async () => {
  broker = await startTestBroker();
  recorder = await recordBatches(broker.url);
});
afterAll(async () => {
  await recorder?.close();
  await broker?.close();
});

function device(id: string, format: BatchFormat, batchS: number, durationS: number, startMs = Date.now()): SimDevice {
  return new SimDevice({
    deviceId: id,
    brokerUrl: broker.url,
    stream: openScenario('desk-day', { seed: id.length * 7 + durationS, rateHz: 50, durationS, startMs }),
    format,
    batchS,
    speed: 40,
    reconnectPeriodMs: 200,
    batteryPct: 90,
  });
}

describe('device delivery', () => {
  it.each([
    ['json', 1],
    ['binary', 0.5],
  ] as const)('delivers every %s batch exactly once by seq, t0 from the stream', async (format, batchS) => {
    const startMs = Date.now() - 60_000;
    const devices = [0, 1, 2].map((i) => device(`deliver-${format}-${i}`, format, batchS, 40, startMs));
    for (const d of devices) d.start();
    expect((await Promise.all(devices.map((d) => d.whenDrained(15_000)))).every(Boolean)).toBe(true);
    const expected = Math.round(40 / batchS);
    await waitFor(() => devices.every((d) => (recorder.seqs.get(d.deviceId)?.size ?? 0) >= expected), 5000, 'all batches');
    for (const d of devices) {
      const c = d.counters;
      expect(c).toMatchObject({ generated: expected, acknowledged: expected, buffered: 0, dropped: 0 });
      expect(missingSeqs(recorder.seqs.get(d.deviceId), expected)).toEqual([]);
      expect([...(recorder.seqs.get(d.deviceId)?.keys() ?? [])].every((s) => s >= 0 && s < expected)).toBe(true);
      const info = recorder.batches.get(d.deviceId)!;
      const first = info.get(0)!;
      expect(first).toMatchObject({ hz: 50, count: 50 * batchS });
      // t0 comes from the stream: starts at its start and advances one batch per seq (sensor clock error is ppm).
      expect(Math.abs(first.t0Ms - startMs)).toBeLessThan(50);
      const last = info.get(expected - 1)!;
      expect(Math.abs(last.t0Ms - first.t0Ms - (expected - 1) * batchS * 1000)).toBeLessThan(20);
    }
    expect(recorder.rejected).toEqual([]);
    await Promise.all(devices.map((d) => d.stop(1000)));
  });

  it('reports a retained status on connect, the will on a dropped socket, and offline on a polite stop', async () => {
    const d = device('status-1', 'json', 1, 100_000);
    const statuses = (): unknown[] => (recorder.statuses.get('status-1') ?? []).map((s) => s.payload);
    d.start();
    await waitFor(() => statuses().length >= 1, 5000, 'first status');
    expect(statuses()[0]).toEqual({ online: true, battery: 90, fw: '1.2.0' });

    d.dropConnection(); // the socket dies without DISCONNECT: the broker publishes the will
    await waitFor(() => d.counters.reconnects === 1, 5000, 'reconnect');
    await waitFor(() => statuses().length >= 3, 5000, 'will, then online again');
    // The will, then online again (MQTT.js may first re-send a status whose PUBACK the dead socket never got).
    expect(statuses()[1]).toEqual({ online: false });
    expect(statuses().slice(2).every((s) => (s as { online: boolean }).online)).toBe(true);

    // A late subscriber gets the retained state.
    const late = await recordBatches(broker.url);
    await waitFor(() => (late.statuses.get('status-1')?.length ?? 0) >= 1, 5000, 'retained status');
    expect(late.statuses.get('status-1')?.[0]).toMatchObject({ payload: { online: true }, retain: true });

    const before = statuses().length;
    await d.kill(); // power loss: will, no reconnect
    await waitFor(() => statuses().length > before, 5000, 'will after kill');
    expect(statuses().at(-1)).toEqual({ online: false });
    const later = await recordBatches(broker.url);
    await waitFor(() => (later.statuses.get('status-1')?.length ?? 0) >= 1, 5000, 'retained will');
    expect(later.statuses.get('status-1')?.[0]).toEqual({ payload: { online: false }, retain: true });
    await late.close();
    await later.close();

    const polite = device('status-2', 'json', 1, 2);
    polite.start();
    await polite.whenDrained(5000);
    await polite.stop(1000);
    await waitFor(() => (recorder.statuses.get('status-2')?.length ?? 0) >= 2, 5000, 'offline status');
    expect(recorder.statuses.get('status-2')?.at(-1)?.payload).toEqual({ online: false, battery: 90, fw: '1.2.0' });
  });
});
