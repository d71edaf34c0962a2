/**
 * Worker mode's API routing: two workers (in this process, so their analyses can be inspected) on one DATA_DIR
 * behind a real Mosquitto, 2 partitions, one each. A sensor of the partition held by worker 2 streams through
 * Mosquitto; the API calls go to worker 1, which does not hold it:
 * - a wearer-settings change reaches worker 2's analysis through a pending action (the device is rebuilt with
 *   the new threshold), and the action is gone once applied;
 * - a calibration is computed by worker 1 from the shared raw samples, answered and recorded at once, and then
 *   applied by worker 2 to the device's live pipeline;
 * - the device paired again to another wearer: worker 2 starts its analysis afresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScenario } from '@stance/firmware-sim';
import { scenarioBatches } from './analysis-helpers.js';
import { adminApi, ADMIN, testDevice, type Api, type TestDevice } from './device-helpers.js';
import { startService, tempDir, waitFor, type RunningService } from './helpers.js';
import { SERVICE_USER, startMosquitto, type TestMosquitto } from './mosquitto-broker.js';
import { partitioner } from '../src/workers/partition-of.js';

const PARTITIONS = 2;
const partitionOf = partitioner(PARTITIONS);
/** A device id in partition 1 (held by worker 2 once the two have split the partitions). */
const DEVICE = Array.from({ length: 50 }, (_, i) => `act-${i}`).find((id) => partitionOf(id) === 1) as string;
const SECONDS = 60;

describe('worker mode: actions reach the worker that holds the device', () => {
  const dataDir = tempDir('stance-workers-actions-');
  let mosquitto: TestMosquitto;
  let w1: RunningService;
  let w2: RunningService;
  let api: Api;
  let device: TestDevice;
  let wearerId: string;

  const start = (workerId: string) => startService({
    dataDir, mqttUrl: mosquitto.url, mqttUsername: SERVICE_USER.username, mqttPassword: SERVICE_USER.password,
    mqttClientId: 'stance-actions-test', workerId, ingestPartitions: PARTITIONS, partitionLeaseS: 1,
    adminEmail: ADMIN.email, adminPassword: ADMIN.password,
  }, { keepData: true });
  const held = (r: RunningService) => [...(r.service.worker?.held().keys() ?? [])];
  const pending = () => (w1.service.db.prepare('SELECT count(*) AS n FROM pending_action').get() as { n: number }).n;
  const liveDevice = () => w2.service.worker?.local(1)?.analysis.device(DEVICE) ?? null;

  beforeAll(async () => {
    mosquitto = await startMosquitto(dataDir);
    w1 = await start('w1');
    w2 = await start('w2');
    await waitFor(() => held(w1).join() === '0' && held(w2).join() === '1', 20_000, 'one partition each', 50);
    api = await adminApi(w1.service);
    const added = await api.addDevice(DEVICE);
    wearerId = added.wearerId;
    mosquitto.reloadCredentials();
    await new Promise((resolve) => setTimeout(resolve, 200)); // SIGHUP is handled asynchronously
    device = await testDevice(mosquitto.url, DEVICE, added.token);
    await device.publish(scenarioBatches('calibration', SECONDS));
    await waitFor(() => (liveDevice()?.lastFedMs ?? 0) > 0 && w2.service.store.getCheckpoint(DEVICE) !== null, 20_000, 'worker 2 analysing', 50);
  }, 60_000);
  afterAll(async () => {
    await device?.end();
    await w1?.stop();
    await w2?.stop();
    await mosquitto?.close();
  });

  it('routes a settings change to the holder, which rebuilds the device with it', async () => {
    expect(w1.service.analysis.device(DEVICE)).toBeNull(); // not held by worker 1
    const before = liveDevice();
    expect(before?.pipeline.settings.slouchDeg).toBe(20);
    const put = await w1.service.app.inject({
      method: 'PUT', url: `/api/wearers/${wearerId}/settings`, headers: api.headers, payload: { slouchDeg: 45 },
    });
    expect(put.statusCode).toBe(200);
    await waitFor(() => pending() === 0 && liveDevice() !== before, 10_000, 'the holder to apply it', 50);
    expect(liveDevice()?.pipeline.settings.slouchDeg).toBe(45);
  });

  it('computes a calibration where asked, records it at once, and the holder applies it', async () => {
    const rec = generateScenario('calibration', { seed: 3, rateHz: 50, durationS: SECONDS });
    const startMs = scenarioBatches('calibration', 1)[0]?.t0Ms as number;
    const window = (w: readonly number[] | undefined) => ({ from: Math.round(startMs + (w?.[0] ?? 0) * 1000), to: Math.round(startMs + (w?.[1] ?? 0) * 1000) });
    const answer = await w1.service.app.inject({
      method: 'POST', url: `/api/wearers/${wearerId}/calibration`, headers: api.headers,
      payload: { neutral: window(rec.windows.neutral), bend: window(rec.windows.bend) },
    });
    expect(answer.statusCode).toBe(200);
    const calibration = answer.json();
    expect(calibration).toMatchObject({ deviceId: DEVICE, method: 'windows' });
    const listed = await w1.service.app.inject({ url: `/api/wearers/${wearerId}/calibrations`, headers: api.headers });
    expect(listed.json().calibrations[0]).toMatchObject({ deviceId: DEVICE, source: 'api', method: 'windows', quality: calibration.quality });
    await waitFor(() => pending() === 0 && liveDevice()?.calibrationGiven === true, 10_000, 'the holder to apply it', 50);
    const applied = liveDevice()?.pipeline.calibration;
    expect(applied?.method).toBe('windows');
    expect(applied?.quality).toBe(calibration.quality);
  });

  it('routes a pairing to another wearer to the holder, which starts the device afresh (no calibration carried over)', async () => {
    expect(liveDevice()?.calibrationGiven).toBe(true);
    const unpaired = await w1.service.app.inject({ method: 'DELETE', url: `/api/devices/${DEVICE}`, headers: api.headers });
    expect(unpaired.statusCode).toBe(204);
    const ben = await w1.service.app.inject({ method: 'POST', url: '/api/wearers', headers: api.headers, payload: { name: 'Ben' } });
    const paired = await w1.service.app.inject({
      method: 'POST', url: `/api/wearers/${ben.json().id}/devices`, headers: api.headers, payload: { id: DEVICE },
    });
    expect(paired.statusCode).toBe(201);
    // The holder wrote what it owed the first wearer, dropped its copy and keeps only the position in the checkpoint.
    await waitFor(() => pending() === 0 && liveDevice() === null, 10_000, 'the holder to apply it', 50);
    const checkpoint = w1.service.store.getCheckpoint(DEVICE) as { pos: number; calibration: unknown; lastFedMs: unknown };
    expect(checkpoint).toMatchObject({ calibration: null, lastFedMs: null });
    expect(checkpoint.pos).toBeGreaterThan(0);
  });
});
