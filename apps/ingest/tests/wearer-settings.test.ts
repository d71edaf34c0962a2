/**
 * Per-wearer feedback settings: `GET`/`PUT /api/wearers/:id/settings` (defaults from the analysis package,
 * validation with catalogue errors), and the analysis applying them to that wearer's devices from then on:
 * the same slouch buzzes a default wearer, not one with a higher threshold nor one in quiet hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FEEDBACK_SETTINGS, DEFAULT_POSTURE_PIPELINE_SETTINGS } from '@stance/analysis';
import { scenarioBatches } from './analysis-helpers.js';
import { adminApi, ALL, analysed, testDevice, type Api } from './device-helpers.js';
import { startService, type RunningService } from './helpers.js';

describe('wearer settings', () => {
  let running: RunningService;
  let api: Api;
  beforeAll(async () => {
    running = await startService({ adminEmail: 'admin@clinic.test', adminPassword: 'correct horse', deviceRatePerS: 1e5, deviceBurst: 1e5 });
    api = await adminApi(running.service);
  });
  afterAll(async () => {
    await running.stop();
  });

  const put = (wearerId: string, payload: unknown) =>
    running.service.app.inject({ method: 'PUT', url: `/api/wearers/${wearerId}/settings`, headers: api.headers, payload: payload as object });

  it('answers the defaults, stores what the wearer sets, and refuses bad values with catalogue errors', async () => {
    const { app } = running.service;
    const { wearerId } = await api.addDevice('settings-api', { utcOffsetMin: 60 });
    const defaults = {
      slouchDeg: DEFAULT_POSTURE_PIPELINE_SETTINGS.slouchDeg,
      alertDelayS: DEFAULT_FEEDBACK_SETTINGS.firstBuzzDelayS,
      repeatIntervalS: DEFAULT_FEEDBACK_SETTINGS.repeatIntervalS,
      maxRepeats: DEFAULT_FEEDBACK_SETTINGS.maxRepeats,
      snoozeMin: DEFAULT_FEEDBACK_SETTINGS.snoozeMin,
      quietHours: [],
    };
    const got = await app.inject({ url: `/api/wearers/${wearerId}/settings`, headers: api.headers });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual({ settings: { ...defaults, utcOffsetMin: 60 }, defaults });

    const set = await put(wearerId, { slouchDeg: 30, snoozeMin: 10, quietHours: ['22:00-07:00'], utcOffsetMin: -300 });
    expect(set.statusCode).toBe(200);
    expect(set.json().settings).toEqual({ ...defaults, slouchDeg: 30, snoozeMin: 10, quietHours: ['22:00-07:00'], utcOffsetMin: -300 });
    expect((await app.inject({ url: `/api/wearers/${wearerId}`, headers: api.headers })).json().utcOffsetMin).toBe(-300);
    // PUT replaces: what is left out goes back to its default (the UTC offset stays the wearer's).
    expect((await put(wearerId, { alertDelayS: 90 })).json().settings).toEqual({ ...defaults, alertDelayS: 90, utcOffsetMin: -300 });

    for (const bad of [{ slouchDeg: 100 }, { quietHours: ['25:00-07:00'] }, { quietHours: ['late'] }, { colour: 'red' }, { maxRepeats: 1.5 }]) {
      const reply = await put(wearerId, bad);
      expect(reply.statusCode, JSON.stringify(bad)).toBe(400);
      expect(reply.json().error.code).toBe('REQUEST_INVALID');
    }
    expect((await put(wearerId, { quietHours: ['25:00-07:00'] })).json().error.message).toMatch(/25:00-07:00/);
    const missing = await put('nobody', {});
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('WEARER_NOT_FOUND');
    expect((await app.inject({ url: `/api/wearers/${wearerId}/settings` })).statusCode).toBe(401);
  });

  it('applies a wearer\'s threshold and quiet hours to their device: no buzz where a default wearer gets one', async () => {
    const { service } = running;
    // desk-day from 08:00 UTC: one slouch from about 217 s to 502 s (peak about 35°), buzzed at 278 s and 399 s.
    const batches = scenarioBatches('desk-day', 560);
    const wearers: Record<string, string> = {};
    const devices = [];
    for (const name of ['plain', 'lenient', 'quiet']) {
      const { wearerId, token } = await api.addDevice(name);
      wearers[name] = wearerId;
      devices.push({ name, device: await testDevice(running.mqttUrl, name, token) });
    }
    // The first 100 s with the defaults; then the settings change, and apply from the data analysed next.
    for (const { device } of devices) await device.publish(batches.slice(0, 100));
    await analysed(service);
    expect((await put(wearers.lenient!, { slouchDeg: 45 })).statusCode).toBe(200);
    expect((await put(wearers.quiet!, { quietHours: ['08:30-10:00'], utcOffsetMin: 60 })).statusCode).toBe(200);
    for (const { device } of devices) await device.publish(batches.slice(100));
    await analysed(service);
    for (const { device } of devices) await device.end();

    const alerts = async (name: string) => service.store.readAlerts(wearers[name]!, ALL);
    const episodes = async (name: string) => service.store.readEpisodes(wearers[name]!, ALL);
    expect((await alerts('plain')).length).toBeGreaterThanOrEqual(2);
    expect(await episodes('plain')).toHaveLength(1);
    // A 45° threshold: this slouch is no slouch at all.
    expect(await alerts('lenient')).toEqual([]);
    expect(await episodes('lenient')).toEqual([]);
    // Quiet hours (09:00 local = 08:00 UTC at +60 min): the slouch is recorded, the buzz is not sent.
    expect(await alerts('quiet')).toEqual([]);
    expect(await episodes('quiet')).toHaveLength(1);
    expect(service.metrics.hapticSent.value()).toBe((await alerts('plain')).length);
  });
});
