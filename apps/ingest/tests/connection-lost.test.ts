/**
 * A sensor whose connection drops without a last will (none set, or the will lost) still shows offline:
 * the embedded broker sees its last connection close. Battery and firmware are kept. An unpaired device's
 * open connections are closed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, addTestDevice, adminApi, testDevice } from './device-helpers.js';
import { connectError, startService, waitFor, type RunningService } from './helpers.js';

let running: RunningService;

beforeAll(async () => {
  running = await startService({ adminEmail: ADMIN.email, adminPassword: ADMIN.password });
});
afterAll(() => running.stop());

it('marks a device offline when its only connection drops, keeping its battery and firmware', async () => {
  const { service } = running;
  const { device } = await addTestDevice(running, 'no-will-1');
  await device.status(true);
  await waitFor(() => service.store.getStatus('no-will-1')?.online === true, 5000, 'online status');

  device.client.stream.destroy(); // the socket dies: no DISCONNECT, and this client set no will
  await waitFor(() => service.store.getStatus('no-will-1')?.online === false, 5000, 'offline after the drop');
  expect(service.store.getStatus('no-will-1')).toMatchObject({ online: false, battery: 80, fw: '1.0.0' });
  device.client.end(true);
});

it('keeps a device online while another of its connections is still open', async () => {
  const { service } = running;
  const { device: first, token } = await addTestDevice(running, 'no-will-2');
  const second = await testDevice(running.mqttUrl, 'no-will-2', token);
  await first.status(true);
  await waitFor(() => service.store.getStatus('no-will-2')?.online === true, 5000, 'online status');
  first.client.stream.destroy();
  await waitFor(() => service.broker.connectedClients <= 1, 5000, 'first connection closed');
  await second.status(true); // a message after the close: handled in order behind any close effect
  await waitFor(() => service.store.getStatus('no-will-2')?.lastSeenMs !== undefined, 5000, 'status');
  expect(service.store.getStatus('no-will-2')?.online).toBe(true);
  first.client.end(true);
  await second.end();
});

it('closes an unpaired device\'s open connection, and its token no longer logs in', async () => {
  const { service } = running;
  const api = await adminApi(service);
  const { token } = await api.addDevice('unpaired-1');
  const device = await testDevice(running.mqttUrl, 'unpaired-1', token);
  const closedByServer = new Promise<void>((resolve) => device.client.once('close', () => resolve()));
  const answer = await service.app.inject({ method: 'DELETE', url: '/api/devices/unpaired-1', headers: api.headers });
  expect(answer.statusCode).toBe(204);
  await closedByServer;
  expect(await connectError(running.mqttUrl, { username: 'unpaired-1', password: token, reconnectPeriod: 0 })).toMatchObject({ code: 4 });
  device.client.end(true);
});
