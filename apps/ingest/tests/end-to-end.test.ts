/**
 * End to end with real parts: the service (embedded broker, SQLite in a temporary folder), a wearer and a
 * device created through the API, and a simulated sensor from @stance/firmware-sim on MQTT. Then the API's
 * answers are checked against the simulator's ground truth.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateScenario, openScenario, SimDevice, truthEpisodes, DEFAULT_START_MS } from '@stance/firmware-sim';
import { startService, waitFor, type RunningService } from './helpers.js';

const ADMIN = { email: 'admin@clinic.test', password: 'correct horse' };

async function setUp(running: RunningService, deviceId: string) {
  const { app } = running.service;
  const token = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN })).json().token as string;
  const headers = { authorization: `Bearer ${token}` };
  const wearer = (await app.inject({ method: 'POST', url: '/api/wearers', headers, payload: { name: 'Sim' } })).json();
  const device = (await app.inject({ method: 'POST', url: '/api/devices', headers, payload: { id: deviceId, wearerId: wearer.id } })).json();
  const get = async (path: string) => {
    const reply = await app.inject({ url: `/api/wearers/${wearer.id}${path}`, headers });
    expect(reply.statusCode, reply.body).toBe(200);
    return reply.json();
  };
  return { wearerId: wearer.id as string, deviceToken: device.token as string, get, headers };
}

/** The analysis has processed everything journaled. */
async function caughtUp(running: RunningService): Promise<void> {
  const { service } = running;
  await waitFor(() => service.consumers.every((c) => c.cursor() === service.journal.lastPos()), 20_000, 'analysis to catch up');
}

describe('end to end', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('desk-day: points cover the run, episodes match the truth, the summary adds up', async () => {
    const running = await startService({ adminEmail: ADMIN.email, adminPassword: ADMIN.password, deviceRatePerS: 1e5, deviceBurst: 1e5 });
    cleanups.push(() => running.stop());
    const { deviceToken, get } = await setUp(running, 'desk-e2e');
    const durationS = 1800;
    const options = { seed: 1, rateHz: 50, durationS };
    const device = new SimDevice({
      deviceId: 'desk-e2e', brokerUrl: running.mqttUrl, token: deviceToken, format: 'binary', speed: Infinity, maxInflight: 32,
      stream: openScenario('desk-day', options),
    });
    cleanups.push(() => device.stop(2000));
    device.start();
    expect(await device.whenDrained(25_000)).toBe(true);
    await caughtUp(running);

    const from = DEFAULT_START_MS;
    const to = DEFAULT_START_MS + durationS * 1000 + 60_000;
    const { points } = await get(`/posture?from=${from}&to=${to}`);
    // One point a second over the whole run (the last, unfinished second is still open).
    expect(points.length).toBeGreaterThanOrEqual(durationS - 2);
    expect(points.length).toBeLessThanOrEqual(durationS + 1);
    expect(points[0].t - from).toBeLessThan(2000);
    expect(new Set(points.map((p: { t: number }) => p.t)).size).toBe(points.length);

    const truth = truthEpisodes(generateScenario('desk-day', options), 20, 30)
      .map((e) => ({ start: from + e.startS * 1000, end: from + e.endS * 1000 }))
      .filter((e) => e.end < to - 120_000); // still open at the end of the run: not ended yet in the service either
    const { episodes } = await get(`/episodes?from=${from}&to=${to}`);
    expect(truth.length).toBeGreaterThanOrEqual(2);
    const startErrorsS: number[] = [];
    for (const t of truth) {
      const match = episodes.find((e: { start: number; end: number }) => e.start < t.end && e.end > t.start);
      expect(match, `truth episode at ${(t.start - from) / 1000} s`).toBeDefined();
      startErrorsS.push(Math.abs(match.start - t.start) / 1000, Math.abs(match.end - t.end) / 1000);
    }
    expect(Math.max(...startErrorsS)).toBeLessThan(3);
    expect(episodes.length).toBeLessThanOrEqual(truth.length + 1);

    const hours = (await get(`/summary?from=${from}&to=${to}&bucket=hour`)).buckets;
    const days = (await get(`/summary?from=${from}&to=${to}&bucket=day`)).buckets;
    const wornS = points.filter((p: { activity: string }) => p.activity !== 'not_worn').length;
    const sum = (list: Record<string, number>[], k: string) => list.reduce((n, b) => n + (b[k] as number), 0);
    expect(sum(hours, 'wornS')).toBe(wornS);
    expect(sum(days, 'wornS')).toBe(wornS);
    expect(sum(hours, 'slouchS')).toBe(points.filter((p: { posture: string; activity: string }) => p.posture === 'slouched' && !['walking', 'lying', 'not_worn'].includes(p.activity)).length);
    expect(sum(hours, 'episodeCount')).toBe(episodes.length);
    expect(sum(days, 'episodeCount')).toBe(episodes.length);

    const status = running.service.store.getStatus('desk-e2e');
    expect(status).toMatchObject({ online: true, fw: '1.2.0' });
    expect(running.service.metrics.pipelineLatency.observations()).toBe(points.length);
  }, 40_000);

  it('buzz-responder: the haptic command reaches the device and the alert is recorded as corrected', async () => {
    const running = await startService({ adminEmail: ADMIN.email, adminPassword: ADMIN.password, deviceRatePerS: 1e5, deviceBurst: 1e5 });
    cleanups.push(() => running.stop());
    const { wearerId, deviceToken } = await setUp(running, 'buzz-e2e');
    const device = new SimDevice({
      deviceId: 'buzz-e2e', brokerUrl: running.mqttUrl, token: deviceToken, format: 'binary', speed: 40,
      stream: openScenario('buzz-responder', { seed: 2, rateHz: 50, durationS: 720 }),
    });
    cleanups.push(() => device.stop(2000));
    device.start();
    expect(await device.whenDrained(30_000)).toBe(true);
    await caughtUp(running);
    expect(device.counters.hapticReceived).toBeGreaterThanOrEqual(1);
    const alerts = await running.service.store.readAlerts(wearerId, { fromMs: 0, toMs: 4e12 });
    expect(alerts.length).toBe(device.counters.hapticReceived);
    const corrected = alerts.filter((a) => a.outcome === 'corrected');
    expect(corrected.length).toBeGreaterThanOrEqual(1);
    // Sensor seconds from buzz to correction: the wearer's reaction plus the command's wall-clock trip times the
    // 40x speed-up (0.5 s on a loaded machine is 20 sensor seconds), so the bound is loose on purpose.
    for (const a of corrected) expect(a.responseS).toBeLessThan(40);
    expect(running.service.metrics.hapticSent.value()).toBe(device.counters.hapticReceived);
  }, 40_000);
});
