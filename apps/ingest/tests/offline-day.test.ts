/**
 * A sensor out of range for ten minutes, end to end with the real parts: two simulated sensors (SimDevice, the
 * firmware simulator's MQTT.js device with its offline buffer) replay the same seeded desk-day at 100x real
 * time; one reaches the broker through a proxy whose network is cut at 300 s of sensor time and restored at
 * 900 s, through a slouch episode. Its connection drops (the broker publishes its last will), it keeps
 * sampling into its buffer, reconnects, resends what had no PUBACK, then the buffer oldest first. The
 * service's wall-clock timers (offline close, idle release, gap timeouts) are scaled by the same 100, so the
 * outage lasts ten minutes for the service as well. The day's numbers (points, episodes, hour and day
 * rollups) must equal those of the sensor that was never cut, and the counts are exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseAggregate } from '@stance/analysis';
import { openScenario, SimDevice } from '@stance/firmware-sim';
import { DEFAULT_ANALYSIS_SETTINGS } from '../src/analysis/analysis-settings.js';
import { adminApi, ALL, analysed, type Api } from './device-helpers.js';
import { startService, waitFor, type RunningService } from './helpers.js';
import { startCuttableProxy, type CuttableProxy } from './helpers/network-cut.js';

/** Sensor seconds per wall second, for the devices and the service's timers alike. */
const SPEED = 100;
/** desk-day seed 3: a slouch episode from about 217 s to 502 s; the cut goes through it. */
const SECONDS = 1500;
const CUT_AT_SEQ = 300;
const RESTORE_AT_SEQ = 900;

const scaled = {
  offlineCloseS: DEFAULT_ANALYSIS_SETTINGS.offlineCloseS / SPEED,
  idleReleaseMs: DEFAULT_ANALYSIS_SETTINGS.idleReleaseMs / SPEED,
  gapTimeoutS: DEFAULT_ANALYSIS_SETTINGS.gapTimeoutS / SPEED,
  gapOfflineHoldS: DEFAULT_ANALYSIS_SETTINGS.gapOfflineHoldS / SPEED,
};

describe('a sensor offline for ten minutes', () => {
  let running: RunningService;
  let api: Api;
  let proxy: CuttableProxy;
  const devices: SimDevice[] = [];

  beforeAll(async () => {
    running = await startService(
      { adminEmail: 'admin@clinic.test', adminPassword: 'correct horse', deviceRatePerS: 10 * SPEED, deviceBurst: 1000 },
      { analysis: scaled },
    );
    api = await adminApi(running.service);
    proxy = await startCuttableProxy(running.service.broker.tcpPort);
  });
  afterAll(async () => {
    await Promise.all(devices.map((d) => d.kill()));
    await proxy.close();
    await running.stop();
  });

  async function sensor(deviceId: string, brokerUrl: string): Promise<{ device: SimDevice; wearerId: string }> {
    const { wearerId, token } = await api.addDevice(deviceId);
    const device = new SimDevice({
      deviceId, brokerUrl, token, format: 'binary', speed: SPEED, maxBatches: SECONDS,
      stream: openScenario('desk-day', { seed: 3, rateHz: 50 }), reconnectPeriodMs: 20, connectTimeoutMs: 2000,
    });
    devices.push(device);
    return { device, wearerId };
  }

  it("stores the same day as the sensor that was never cut, and counts every batch once", async () => {
    const { service } = running;
    const ref = await sensor('never-cut', running.mqttUrl);
    const cut = await sensor('cut-off', `mqtt://127.0.0.1:${proxy.port}`);
    let cutMs = 0;
    let restoredMs = 0;
    cut.device.on('batch', (seq) => {
      if (seq === CUT_AT_SEQ) {
        proxy.cut();
        cutMs = Date.now();
      } else if (seq === RESTORE_AT_SEQ) {
        proxy.restore();
        restoredMs = Date.now();
      }
    });
    ref.device.start();
    cut.device.start();
    for (const d of [ref.device, cut.device]) expect(await d.whenDrained(120_000)).toBe(true);
    const bufferedPeak = RESTORE_AT_SEQ - CUT_AT_SEQ;
    // Both go offline politely (status, then DISCONNECT); the service closes each pipeline after offlineCloseS.
    const closesBefore = service.metrics.offlineCloses.value();
    await Promise.all([ref.device.stop(), cut.device.stop()]);
    await waitFor(() => service.metrics.offlineCloses.value() >= closesBefore + 2, 20_000, 'both pipelines closed');
    await analysed(service);

    const { store, metrics } = service;
    const want = await store.readPoints(ref.wearerId, ALL);
    const got = await store.readPoints(cut.wearerId, ALL);
    expect(want.length).toBeGreaterThanOrEqual(SECONDS - 1);
    expect(got.map((p) => [p.tMs, p.posture, p.activity])).toEqual(want.map((p) => [p.tMs, p.posture, p.activity]));
    got.forEach((p, i) => {
      expect(p.flexionDeg ?? -1000).toBeCloseTo(want[i]?.flexionDeg ?? -1000, 9);
      expect(p.lateralDeg ?? -1000).toBeCloseTo(want[i]?.lateralDeg ?? -1000, 9);
    });
    const wantEpisodes = await store.readEpisodes(ref.wearerId, ALL);
    expect(wantEpisodes.length).toBeGreaterThanOrEqual(1);
    expect(await store.readEpisodes(cut.wearerId, ALL)).toEqual(wantEpisodes);
    for (const size of ['hour', 'day'] as const) {
      const [a, b] = await Promise.all([store.readRollups(cut.wearerId, size, ALL), store.readRollups(ref.wearerId, size, ALL)]);
      expect(a.map((x) => x.startMs)).toEqual(b.map((x) => x.startMs));
      a.forEach((x, i) => {
        const s = summariseAggregate(x.aggregate) as unknown as Record<string, number | null>;
        const w = summariseAggregate((b[i] as typeof x).aggregate) as unknown as Record<string, number | null>;
        for (const key of Object.keys(w)) {
          const [sv, wv] = [s[key], w[key]];
          if (typeof wv === 'number' && typeof sv === 'number') expect(sv, `${size} ${key}`).toBeCloseTo(wv, 6);
          else expect(sv, `${size} ${key}`).toEqual(wv);
        }
      });
    }

    // The counts: every batch generated was acknowledged and journaled exactly once.
    const journaled = service.db.prepare<[string], { n: number; seqs: number }>(
      'SELECT count(*) AS n, count(DISTINCT seq) AS seqs FROM journal WHERE device_id = ?',
    );
    for (const d of [ref.device, cut.device]) {
      expect(d.counters).toMatchObject({ generated: SECONDS, acknowledged: SECONDS, dropped: 0, buffered: 0 });
      expect(journaled.get(d.deviceId)).toEqual({ n: SECONDS, seqs: SECONDS });
    }
    expect(ref.device.counters.sent).toBe(SECONDS);
    const resent = cut.device.counters.sent - SECONDS;
    const duplicates = metrics.batchesDuplicate.value();
    expect(duplicates).toBeLessThanOrEqual(resent);
    expect(metrics.dataGaps.value()).toBe(0);
    console.log(
      `offline for ten minutes: cut at seq ${CUT_AT_SEQ}, restored at seq ${RESTORE_AT_SEQ} (${((restoredMs - cutMs) / 1000).toFixed(1)} s wall at ${SPEED}x); ` +
        `both sensors generated ${SECONDS} batches, all acknowledged, none dropped; the cut one buffered about ${bufferedPeak}, reconnected ` +
        `${cut.device.counters.reconnects} time(s) and sent ${cut.device.counters.sent} PUBLISH packets (${resent} resends, ${duplicates} of them already journaled: duplicates); ` +
        `journal ${SECONDS} + ${SECONDS} once each; points ${got.length} = ${want.length}; episodes ${wantEpisodes.length} equal; ` +
        `offline closes ${metrics.offlineCloses.value()}`,
    );
  }, 120_000);
});
