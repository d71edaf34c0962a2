/**
 * The minimum API through `inject`: login with the bootstrap admin, wearers, devices with a token shown once,
 * the data routes, and catalogue errors for every refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from './helpers.js';

describe('API', () => {
  let running: RunningService;
  let token = '';
  const auth = () => ({ authorization: `Bearer ${token}` });
  beforeAll(async () => {
    running = await startService({ adminEmail: 'admin@clinic.test', adminPassword: 'correct horse' });
    const reply = await running.service.app.inject({
      method: 'POST', url: '/api/auth/login', payload: { email: 'admin@clinic.test', password: 'correct horse' },
    });
    expect(reply.statusCode).toBe(200);
    token = reply.json().token;
  });
  afterAll(async () => {
    await running.stop();
  });

  it('logs in the bootstrap admin and refuses a wrong password or a missing token', async () => {
    const { app } = running.service;
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'admin@clinic.test', password: 'correct horse' } });
    expect(login.json().user).toMatchObject({ email: 'admin@clinic.test', roles: ['admin', 'coach'] });
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'admin@clinic.test', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('AUTH_FAILED');
    const none = await app.inject({ url: '/api/wearers' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('AUTH_REQUIRED');
    const bad = await app.inject({ url: '/api/wearers', headers: { authorization: 'Bearer forged' } });
    expect(bad.statusCode).toBe(401);
  });

  it('creates and lists wearers and devices; the token is shown once and works for MQTT login', async () => {
    const { app, registry } = running.service;
    const created = await app.inject({ method: 'POST', url: '/api/wearers', headers: auth(), payload: { name: 'Ada', utcOffsetMin: 60 } });
    expect(created.statusCode).toBe(201);
    const wearer = created.json();
    expect(wearer).toMatchObject({ name: 'Ada', utcOffsetMin: 60 });
    expect((await app.inject({ url: `/api/wearers/${wearer.id}`, headers: auth() })).json()).toEqual(wearer);
    expect((await app.inject({ url: '/api/wearers', headers: auth() })).json().wearers).toContainEqual(wearer);
    const missing = await app.inject({ url: '/api/wearers/nobody', headers: auth() });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('WEARER_NOT_FOUND');

    const device = await app.inject({ method: 'POST', url: '/api/devices', headers: auth(), payload: { id: 'api-1', wearerId: wearer.id } });
    expect(device.statusCode).toBe(201);
    const { token: deviceToken } = device.json();
    expect(registry.verify('api-1', deviceToken)).toBe('ok');
    const again = await app.inject({ method: 'POST', url: '/api/devices', headers: auth(), payload: { id: 'api-1', wearerId: wearer.id } });
    expect(again.json().error.code).toBe('DEVICE_EXISTS');
    const noWearer = await app.inject({ method: 'POST', url: '/api/devices', headers: auth(), payload: { id: 'api-2', wearerId: 'nobody' } });
    expect(noWearer.statusCode).toBe(404);
    const list = (await app.inject({ url: '/api/devices', headers: auth() })).json().devices;
    expect(list).toContainEqual(expect.objectContaining({ id: 'api-1', wearerId: wearer.id, online: false, lastSeenMs: null }));
    expect(JSON.stringify(list)).not.toContain(deviceToken);
  });

  it('validates queries and answers empty data for a new wearer', async () => {
    const { app } = running.service;
    const wearer = (await app.inject({ method: 'POST', url: '/api/wearers', headers: auth(), payload: { name: 'Ben' } })).json();
    const base = `/api/wearers/${wearer.id}`;
    expect((await app.inject({ url: `${base}/posture?from=0&to=60000`, headers: auth() })).json()).toEqual({ points: [] });
    expect((await app.inject({ url: `${base}/episodes?from=0&to=60000`, headers: auth() })).json()).toEqual({ episodes: [] });
    expect((await app.inject({ url: `${base}/summary?from=0&to=60000&bucket=hour`, headers: auth() })).json()).toEqual({ buckets: [] });
    const reversed = await app.inject({ url: `${base}/posture?from=5&to=1`, headers: auth() });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.code).toBe('REQUEST_INVALID');
    const badBucket = await app.inject({ url: `${base}/summary?from=0&to=1&bucket=week`, headers: auth() });
    expect(badBucket.statusCode).toBe(400);
    const calibrate = await app.inject({ method: 'POST', url: `${base}/calibration`, headers: auth(), payload: {} });
    expect(calibrate.statusCode).toBe(409);
    expect(calibrate.json().error.code).toBe('WEARER_HAS_NO_DEVICE');
  });
});
