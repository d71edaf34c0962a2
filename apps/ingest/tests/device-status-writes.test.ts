/**
 * A device's status (its message, or its connection dropping) is written in the intake's group commit, not in
 * a commit of its own: in queue order with the batches, and a status that cannot be written costs nothing else.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeStatus } from '@stance/protocol';
import { createRecordingLogger } from '../src/log.js';
import { ADMIN, addTestDevice } from './device-helpers.js';
import { makeBatch, startService, waitFor, type RunningService } from './helpers.js';

let running: RunningService;
const log = createRecordingLogger();

beforeAll(async () => {
  running = await startService({ adminEmail: ADMIN.email, adminPassword: ADMIN.password }, { log });
});
afterAll(() => running.stop());

it('ends offline when a status and the connection drop arrive together', async () => {
  const { service } = running;
  const { device } = await addTestDevice(running, 'status-drop');
  device.client.publish('posture/status-drop/status', encodeStatus({ online: true, battery: 55, fw: '2.0.0' }), { qos: 1 });
  device.client.stream.end(); // right behind the status: the close is handled after it, in the same order
  await waitFor(() => service.store.getStatus('status-drop')?.online === false, 5000, 'offline after the drop');
  expect(service.store.getStatus('status-drop')).toMatchObject({ online: false, battery: 55, fw: '2.0.0' });
  device.client.end(true);
});

it('acknowledges and journals the batches committed with a status that could not be written', async () => {
  const { service } = running;
  const { device } = await addTestDevice(running, 'status-broken');
  service.db.exec('ALTER TABLE device_status RENAME TO device_status_away');
  try {
    // Status and batches in one burst: they share a group commit.
    await Promise.all([device.status(true), device.publish([makeBatch(0), makeBatch(1), makeBatch(2)])]);
  } finally {
    service.db.exec('ALTER TABLE device_status_away RENAME TO device_status');
  }
  await waitFor(() => service.sampleCounts.countOf('status-broken').batches === 3, 5000, 'the three batches counted');
  // Only what the analysis records of any device with data (last seen): not the status message's battery.
  expect(service.store.getStatus('status-broken')).toMatchObject({ battery: null, fw: null });
  expect(log.records.filter((r) => r.message === 'device status could not be stored' && r.fields.deviceId === 'status-broken')).toHaveLength(1);

  await device.status(true); // the table is back: the next status is written
  await waitFor(() => service.store.getStatus('status-broken')?.battery === 80, 5000, 'status written again');
  await device.end();
});
