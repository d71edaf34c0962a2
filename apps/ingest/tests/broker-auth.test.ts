/** CONNECT: id + token; wrong token, unknown device, missing credentials and the connection limit refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, connectError, startService, type RunningService } from './helpers.js';

describe('broker authentication', () => {
  let running: RunningService;
  let token: string;
  beforeAll(async () => {
    running = await startService({ maxConnections: 3 });
    token = running.service.registry.create('auth-1').token;
  });
  afterAll(async () => {
    await running.stop();
  });

  it('accepts the device id with its token', async () => {
    const client = await connectDevice(running.mqttUrl, 'auth-1', token);
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it('refuses a wrong token with CONNACK 4 and counts it', async () => {
    const error = await connectError(running.mqttUrl, { username: 'auth-1', password: `${token.slice(0, -1)}x` });
    expect((error as Error & { code?: number }).code).toBe(4); // CONNACK: bad user name or password
    await running.service.broker.settled(); // the broker thread's counts have arrived
    expect(running.service.metrics.mqttAuthRefusals.value({ reason: 'bad_token' })).toBe(1);
  });

  it('refuses an unknown device and a missing password', async () => {
    expect(await connectError(running.mqttUrl, { username: 'nobody', password: token })).not.toBeNull();
    expect(await connectError(running.mqttUrl, { username: 'auth-1' })).not.toBeNull();
    await running.service.broker.settled(); // the broker thread's counts have arrived
    expect(running.service.metrics.mqttAuthRefusals.value({ reason: 'unknown_device' })).toBe(1);
    expect(running.service.metrics.mqttAuthRefusals.value({ reason: 'missing_credentials' })).toBe(1);
  });

  it('a revoked token stops working at once', async () => {
    const { registry } = running.service;
    const device = registry.create('auth-2');
    const rotated = registry.rotateToken('auth-2');
    expect(await connectError(running.mqttUrl, { username: 'auth-2', password: device.token })).not.toBeNull();
    const client = await connectDevice(running.mqttUrl, 'auth-2', rotated.token);
    await client.endAsync();
  });

  it('refuses connections past the limit with CONNACK 3, and takes them again once below', async () => {
    const clients = await Promise.all([0, 1, 2].map(() => connectDevice(running.mqttUrl, 'auth-1', token)));
    const error = await connectError(running.mqttUrl, { username: 'auth-1', password: token });
    expect((error as Error & { code?: number }).code).toBe(3); // CONNACK: server unavailable
    await running.service.broker.settled(); // the broker thread's counts have arrived
    expect(running.service.metrics.mqttAuthRefusals.value({ reason: 'connection_limit' })).toBe(1);
    await (clients[0] as (typeof clients)[0]).endAsync();
    const again = await connectDevice(running.mqttUrl, 'auth-1', token);
    await Promise.all([again, ...clients.slice(1)].map((c) => c.endAsync()));
  });
});
