/**
 * A sensor's offline buffer through the real service (embedded broker, MQTT.js devices, SQLite): ten minutes of
 * sensor time offline, then the buffer sent (a) oldest first, (b) after newer live data, interleaved with it.
 * Both store exactly the points and episodes of the same data sent without interruption: the analysis holds
 * the device's data while seqs of its boot are missing, and feeds it in time order once they arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImuBatch } from '@stance/protocol';
import { scenarioBatches } from './analysis-helpers.js';
import { adminApi, ALL, analysed, testDevice, type Api } from './device-helpers.js';
import { startService, type RunningService } from './helpers.js';

// desk-day, 25 min: one slouch episode from about 217 s to 502 s. Offline from 300 s to 900 s cuts through it.
const batches = scenarioBatches('desk-day', 1500);
const OFFLINE_FROM = 300;
const BACK_AT = 900;

describe('offline buffer', () => {
  let running: RunningService;
  let api: Api;
  beforeAll(async () => {
    running = await startService(
      { adminEmail: 'admin@clinic.test', adminPassword: 'correct horse', deviceRatePerS: 1e5, deviceBurst: 1e5 },
    );
    api = await adminApi(running.service);
  });
  afterAll(async () => {
    await running.stop();
  });

  /** Sends `before`, goes offline (its last will's status), comes back and sends `after`. */
  async function outage(deviceId: string, after: ImuBatch[]): Promise<string> {
    const { wearerId, token } = await api.addDevice(deviceId);
    const first = await testDevice(running.mqttUrl, deviceId, token);
    await first.publish(batches.slice(0, OFFLINE_FROM));
    await first.status(false);
    await first.end();
    await analysed(running.service);
    const again = await testDevice(running.mqttUrl, deviceId, token);
    await again.status(true);
    await again.publish(after);
    await again.end();
    await analysed(running.service);
    return wearerId;
  }

  it('stores the same points and episodes as an uninterrupted run, whichever order the buffer comes in', async () => {
    const { store, analysis, metrics } = running.service;
    const ref = await api.addDevice('ref');
    const refDevice = await testDevice(running.mqttUrl, 'ref', ref.token);
    await refDevice.publish(batches);
    await refDevice.end();
    await analysed(running.service);

    // (a) The buffer oldest first, then live data.
    const oldestFirst = await outage('oldest-first', batches.slice(OFFLINE_FROM));
    // (b) Ten seconds of live data first, then the buffer with live data interleaved, then the rest.
    const buffer = batches.slice(OFFLINE_FROM, BACK_AT);
    const live = batches.slice(BACK_AT);
    const interleaved: ImuBatch[] = [...live.slice(0, 10)];
    let next = 10;
    buffer.forEach((b, i) => {
      interleaved.push(b);
      if (i % 30 === 29) interleaved.push(live[next++]!);
    });
    interleaved.push(...live.slice(next));
    expect(interleaved).toHaveLength(batches.length - OFFLINE_FROM);
    const liveFirst = await outage('live-first', interleaved);

    const want = await store.readPoints(ref.wearerId, ALL);
    const wantEpisodes = await store.readEpisodes(ref.wearerId, ALL);
    expect(want.length).toBeGreaterThanOrEqual(batches.length - 2);
    expect(wantEpisodes.length).toBeGreaterThanOrEqual(1);
    expect(wantEpisodes.some((e) => e.startMs < batches[OFFLINE_FROM]!.t0Ms && e.endMs > batches[OFFLINE_FROM]!.t0Ms)).toBe(true);
    for (const wearerId of [oldestFirst, liveFirst]) {
      const got = await store.readPoints(wearerId, ALL);
      expect(got.length).toBe(want.length);
      expect(got.map((p) => [p.tMs, p.posture, p.activity])).toEqual(want.map((p) => [p.tMs, p.posture, p.activity]));
      got.forEach((p, i) => {
        // null (not calibrated yet) as -1000, so it compares too.
        expect(p.flexionDeg ?? -1000).toBeCloseTo(want[i]!.flexionDeg ?? -1000, 9);
        expect(p.lateralDeg ?? -1000).toBeCloseTo(want[i]!.lateralDeg ?? -1000, 9);
      });
      const episodes = await store.readEpisodes(wearerId, ALL);
      expect(episodes).toHaveLength(wantEpisodes.length);
      episodes.forEach((e, i) => {
        const w = wantEpisodes[i]!;
        expect([e.startMs, e.endMs]).toEqual([w.startMs, w.endMs]);
        expect(e.meanFlexionDeg).toBeCloseTo(w.meanFlexionDeg, 9);
        expect(e.peakFlexionDeg).toBeCloseTo(w.peakFlexionDeg, 9);
        expect(e.doseDegS).toBeCloseTo(w.doseDegS, 6);
      });
      const hours = await store.readRollups(wearerId, 'hour', ALL);
      expect(hours.reduce((n, h) => n + h.aggregate.pointS, 0)).toBe(want.length);
    }
    expect(analysis.device('live-first')?.reorder.held).toHaveLength(0);
    expect(metrics.pipelineLateBatches.value()).toBe(0);
    expect(metrics.dataGaps.value()).toBe(0);
    expect(store.getDataGaps('live-first').count).toBe(0);
    // Offline for less than offlineCloseS: nothing was closed early.
    expect(metrics.offlineCloses.value()).toBe(0);
  });
});
