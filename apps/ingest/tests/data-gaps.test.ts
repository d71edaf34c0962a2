/**
 * Data gaps: a device that drops batches (they never arrive) has its later data held only until the gap
 * timeout, then analysed; the gap is counted in its status (`GET /api/devices`) and the metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioBatches } from './analysis-helpers.js';
import { adminApi, ALL, analysed, testDevice } from './device-helpers.js';
import { startService, waitFor, type RunningService } from './helpers.js';

describe('data gaps', () => {
  let running: RunningService;
  beforeAll(async () => {
    running = await startService(
      { adminEmail: 'admin@clinic.test', adminPassword: 'correct horse', deviceRatePerS: 1e5, deviceBurst: 1e5 },
      { analysis: { gapTimeoutS: 0.5, idleReleaseMs: 300 } },
    );
  });
  afterAll(async () => {
    await running.stop();
  });

  it('gives up a gap that never fills after the timeout, analyses on, and reports it', async () => {
    const { service } = running;
    const api = await adminApi(service);
    const batches = scenarioBatches('desk-day', 200);
    const { wearerId, token } = await api.addDevice('lossy');
    const device = await testDevice(running.mqttUrl, 'lossy', token);
    // Seqs 100..149 are lost on the sensor: never sent.
    await device.publish([...batches.slice(0, 100), ...batches.slice(150)]);
    await analysed(service);
    await waitFor(() => service.store.getDataGaps('lossy').count === 1, 10_000, 'the gap to be given up');
    await device.end();

    const gaps = service.store.getDataGaps('lossy');
    expect(gaps.lastStartMs).toBe(Math.round(batches[100]!.t0Ms));
    expect(gaps.lastEndMs).toBe(batches[150]!.t0Ms);
    expect(gaps.missingS).toBeCloseTo((batches[150]!.t0Ms - batches[100]!.t0Ms) / 1000, 2);
    expect(gaps.missingS).toBeGreaterThan(49);
    // Everything after the gap was analysed.
    const points = await service.store.readPoints(wearerId, ALL);
    expect(points.filter((p) => p.tMs >= batches[150]!.t0Ms).length).toBeGreaterThanOrEqual(49);
    expect(service.analysis.device('lossy')?.reorder.held).toHaveLength(0);

    const listed = (await service.app.inject({ url: '/api/devices', headers: api.headers })).json().devices;
    expect(listed.find((d: { id: string }) => d.id === 'lossy').dataGaps).toEqual(gaps);
    const metrics = (await service.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^posture_data_gaps_total 1$/m);
    expect(Number(/^posture_data_gap_seconds_total (\S+)$/m.exec(metrics)?.[1])).toBeCloseTo(gaps.missingS, 2);
  });
});
