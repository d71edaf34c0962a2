/**
 * A device that goes offline (its last will: status `online: false`) and stays away has its last partial
 * second and its open episode stored after `offlineCloseS`; one with a known gap in its data (its buffer still
 * to come) is not closed early. Data that comes later after all is analysed on, nothing stored twice: the
 * episode the close ended early goes on as the same episode (counted once in the rollups), and one whose data
 * comes back only after a real pause stays as the close stored it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioBatches } from './analysis-helpers.js';
import { adminApi, ALL, analysed, testDevice, type Api } from './device-helpers.js';
import { startService, waitFor, type RunningService } from './helpers.js';

// desk-day: a slouch episode from about 217 s to 502 s; the device goes away at 300 s, in the middle of it.
const batches = scenarioBatches('desk-day', 600);
const CUT = 300;

describe('offline close', () => {
  let running: RunningService;
  let api: Api;
  beforeAll(async () => {
    running = await startService(
      { adminEmail: 'admin@clinic.test', adminPassword: 'correct horse', deviceRatePerS: 1e5, deviceBurst: 1e5 },
      { analysis: { offlineCloseS: 0.3, idleReleaseMs: 300 } },
    );
    api = await adminApi(running.service);
  });
  afterAll(async () => {
    await running.stop();
  });

  it('closes the last second and the open episode of a device that went offline, and resumes without double counting', async () => {
    const { service } = running;
    const { store, metrics } = service;
    const { wearerId, token } = await api.addDevice('leaver');
    const device = await testDevice(running.mqttUrl, 'leaver', token);
    await device.publish(batches.slice(0, CUT));
    await analysed(service);
    // The last second's point waits for the next sample; the episode is open.
    const lastSecondMs = Math.floor((batches[CUT - 1]!.t0Ms + 49 * 20) / 1000) * 1000;
    expect((await store.readPoints(wearerId, ALL)).at(-1)!.tMs).toBeLessThan(lastSecondMs);
    expect(await store.readEpisodes(wearerId, ALL)).toHaveLength(0);
    await device.status(false);
    await device.end();

    await waitFor(() => metrics.offlineCloses.value() === 1, 10_000, 'the device to be closed');
    const points = await store.readPoints(wearerId, ALL);
    expect(points.at(-1)!.tMs).toBe(lastSecondMs);
    const episodes = await store.readEpisodes(wearerId, ALL);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]!.startMs).toBeLessThan(batches[CUT]!.t0Ms - 60_000);
    expect(episodes[0]!.endMs).toBeLessThanOrEqual(batches[CUT]!.t0Ms);
    expect(episodes[0]!.endMs).toBeGreaterThan(batches[CUT]!.t0Ms - 3000);

    // The buffer comes after all (oldest first): analysed on, the closed second not stored twice.
    const back = await testDevice(running.mqttUrl, 'leaver', token);
    await back.status(true);
    await back.publish(batches.slice(CUT));
    await back.end();
    await analysed(service);
    const after = await store.readPoints(wearerId, ALL);
    expect(after.length).toBeGreaterThanOrEqual(batches.length - 2);
    expect(new Set(after.map((p) => p.tMs)).size).toBe(after.length);
    const hours = await store.readRollups(wearerId, 'hour', ALL);
    expect(hours.reduce((n, h) => n + h.aggregate.pointS, 0)).toBe(after.length);
    // The slouch went on to about 502 s: one episode, from the same start, grown; the rollups count it once.
    const resumed = await store.readEpisodes(wearerId, ALL);
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.startMs).toBe(episodes[0]!.startMs);
    expect(resumed[0]!.endMs).toBeGreaterThan(batches[CUT]!.t0Ms + 150_000);
    expect(resumed[0]!.doseDegS).toBeGreaterThan(episodes[0]!.doseDegS);
    expect(hours.reduce((n, h) => n + h.aggregate.episodeCount, 0)).toBe(1);
    expect(hours.reduce((n, h) => n + h.aggregate.episodeS, 0)).toBeCloseTo(resumed[0]!.durationS, 6);
    expect(hours.reduce((n, h) => n + h.aggregate.doseDegS, 0)).toBeCloseTo(resumed[0]!.doseDegS, 6);
    expect(Math.max(...hours.map((h) => h.aggregate.longestEpisodeS))).toBeCloseTo(resumed[0]!.durationS, 6);
    // It left again without a status message: the broker saw its connection close, so it is closed once more.
    await waitFor(() => metrics.offlineCloses.value() === 2, 10_000, 'the device to be closed after its connection ended');
    expect(service.store.getStatus('leaver')?.online).toBe(false);
    expect((await store.readPoints(wearerId, ALL)).length).toBeLessThanOrEqual(after.length + 1);
  });

  it('keeps the episode a close ended when the data comes back only after a pause (the sensor stopped sampling)', async () => {
    const { service } = running;
    const { store, metrics } = service;
    const closesBefore = metrics.offlineCloses.value();
    const { wearerId, token } = await api.addDevice('pauser');
    const device = await testDevice(running.mqttUrl, 'pauser', token);
    await device.publish(batches.slice(0, CUT));
    await device.status(false);
    await device.end();
    await waitFor(() => metrics.offlineCloses.value() === closesBefore + 1, 10_000, 'the device to be closed');
    const [early] = await store.readEpisodes(wearerId, ALL);
    expect(early).toBeDefined();

    // Back a minute of sensor time later (no seq missing: it did not sample meanwhile), still slouched: the
    // pause is longer than the slouch detector's maxGapS, so the episode ends where the close ended it (to
    // within the last 40 ms tick, which the close's flush analysed and the detector's gap rule does not), and
    // the slouch after the pause is an episode of its own.
    const back = await testDevice(running.mqttUrl, 'pauser', token);
    await back.status(true);
    await back.publish(batches.slice(CUT + 60).map((b, i) => ({ ...b, seq: CUT + i })));
    await back.end();
    await analysed(service);
    const episodes = await store.readEpisodes(wearerId, ALL);
    expect(episodes).toHaveLength(2);
    expect(episodes[0]!.startMs).toBe(early!.startMs);
    expect(Math.abs(episodes[0]!.endMs - early!.endMs)).toBeLessThanOrEqual(40);
    expect(episodes[1]!.startMs).toBeGreaterThanOrEqual(batches[CUT + 60]!.t0Ms);
    const hours = await store.readRollups(wearerId, 'hour', ALL);
    expect(hours.reduce((n, h) => n + h.aggregate.episodeCount, 0)).toBe(2);
    expect(hours.reduce((n, h) => n + h.aggregate.episodeS, 0)).toBeCloseTo(episodes[0]!.durationS + episodes[1]!.durationS, 6);
    await waitFor(() => metrics.offlineCloses.value() === closesBefore + 2, 10_000, 'the device to be closed after its connection ended');
  });

  it('does not close a device whose buffer is still awaited (a known seq gap) until the gap fills', async () => {
    const { service } = running;
    const { metrics } = service;
    const closesBefore = metrics.offlineCloses.value();
    const { token } = await api.addDevice('gappy');
    const device = await testDevice(running.mqttUrl, 'gappy', token);
    // Live data first after an outage: seqs 100..119 are still in the sensor's buffer.
    await device.publish([...batches.slice(0, 100), ...batches.slice(120, 130)]);
    await device.status(false);
    await device.end();
    await analysed(service);
    const d = service.analysis.device('gappy')!;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // several offlineCloseS and idle checks
    expect(metrics.offlineCloses.value()).toBe(closesBefore);
    expect(d.reorder.held).toHaveLength(10);
    expect(d.closed).toBe(false);

    const back = await testDevice(running.mqttUrl, 'gappy', token);
    await back.status(true);
    await back.publish(batches.slice(100, 120));
    await analysed(service);
    expect(d.reorder.held).toHaveLength(0);
    expect(d.lastFedMs).toBeGreaterThan(batches[129]!.t0Ms);
    await back.status(false);
    await back.end();
    await waitFor(() => metrics.offlineCloses.value() === closesBefore + 1, 10_000, 'the device to be closed once its gap filled');
    expect(service.store.getDataGaps('gappy').count).toBe(0);
  });
});
