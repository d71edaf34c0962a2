/**
 * The fleet runner against a real Mosquitto: a connection dropped mid-run is survived, an abort stops
 * production and still delivers what was produced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScenario } from '../src/scenarios/open-scenario.js';
import { runFleet } from '../src/fleet/fleet-runner.js';
import { DEFAULT_FLEET_SETTINGS, type FleetSettings } from '../src/fleet/fleet-settings.js';
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

function settings(over: Partial<FleetSettings>): FleetSettings {
  return { ...DEFAULT_FLEET_SETTINGS, scenarios: ['standing-desk'], brokerUrl: broker.url, staggerMs: 2, reconnectPeriodMs: 200, ...over };
}

describe('fleet runner', () => {
  it('survives a connection dropped mid-run: every batch delivered, the reconnect counted', async () => {
    const summary = await runFleet(settings({ devices: 6, speed: 30, durationS: 45, idPrefix: 'drop-' }), {
      openStream: openScenario,
      onDevice: (d, i) => {
        if (i % 2 === 0) setTimeout(() => d.dropConnection(), 500);
      },
    });
    expect(summary.ok).toBe(true);
    expect(summary.totals).toMatchObject({ generated: 270, acknowledged: 270, dropped: 0, buffered: 0, reconnects: 3 });
    await waitFor(() => summary.devices.every((d) => (recorder.seqs.get(d.deviceId)?.size ?? 0) >= 45), 5000, 'received');
    for (const d of summary.devices) expect(missingSeqs(recorder.seqs.get(d.deviceId), 45)).toEqual([]);
  });

  it('stops producing on abort and still delivers what it produced', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 600);
    const summary = await runFleet(settings({ devices: 3, speed: 20, durationS: 3600, idPrefix: 'abort-' }), {
      openStream: openScenario,
      signal: controller.signal,
    });
    expect(summary.interrupted).toBe(true);
    expect(summary.totals.generated).toBeGreaterThan(0);
    expect(summary.totals.generated).toBeLessThan(100);
    expect(summary.totals.acknowledged).toBe(summary.totals.generated);
    expect(summary.ok).toBe(true);
  });
});
