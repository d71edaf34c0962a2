/**
 * InfluxDB goes away while sensors publish, and comes back: everything published ends up in InfluxDB exactly
 * once (one point per sensor second per wearer), the outbox holds it meanwhile, and when the outbox and then
 * the journal are full the service holds PUBACKs instead of dropping anything. Real parts throughout: the
 * service in-process with the embedded broker, MQTT.js devices, Debian's influxd stopped and started again
 * on the same port and data.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBinaryBatch } from '@stance/protocol';
import type { IngestService } from '../src/service.js';
import { connectDevice, makeBatch, startService, waitFor, type RunningService } from './helpers.js';
import { startInfluxd, type InfluxServer } from './helpers/influxd.js';

/**
 * How long InfluxDB is down, s: the minute the issue asks for. `STANCE_INFLUX_OUTAGE_S=20` shortens it while
 * working on this file (the mechanism does not depend on the length: the outbox is on disk).
 */
const OUTAGE_S = Number(process.env.STANCE_INFLUX_OUTAGE_S ?? 60);
/** Sensors publishing through the outage. */
const DEVICES = 3;
/** Batches (one sensor second of 50 Hz samples each) per device per wall second: under DEVICE_RATE_PER_S (10). */
const BATCHES_PER_S = 8;
/** Publishing before and after the outage, s. */
const AROUND_S = 4;
const T0 = 1_763_712_000_000;

let influx: InfluxServer;

beforeAll(async () => {
  influx = await startInfluxd();
});
afterAll(async () => {
  await influx?.cleanup();
});

interface Sensor {
  client: MqttClient;
  wearerId: string;
  sent: number;
  acked: number;
}

async function addSensors(service: IngestService, mqttUrl: string, prefix: string, n: number): Promise<Sensor[]> {
  const sensors: Sensor[] = [];
  for (let i = 0; i < n; i++) {
    const wearer = service.store.createWearer(`${prefix} ${i}`);
    const { token } = service.registry.create(`${prefix}-${i}`, wearer.id);
    sensors.push({ client: await connectDevice(mqttUrl, `${prefix}-${i}`, token), wearerId: wearer.id, sent: 0, acked: 0 });
  }
  return sensors;
}

function publishNext(sensor: Sensor, deviceId: string): void {
  const seq = sensor.sent++;
  sensor.client.publish(`posture/${deviceId}/imu`, Buffer.from(encodeBinaryBatch(makeBatch(seq, 50, T0 + seq * 1000))), { qos: 1 }, (error) => {
    if (!error) sensor.acked++;
  });
}

async function countPoints(service: IngestService, wearerId: string): Promise<{ count: number; distinct: number; first: number; last: number }> {
  const points = await service.store.readPoints(wearerId, { fromMs: T0 - 3_600_000, toMs: T0 + 86_400_000 });
  const times = points.map((p) => p.tMs);
  return { count: times.length, distinct: new Set(times).size, first: times[0] ?? NaN, last: times[times.length - 1] ?? NaN };
}

describe('InfluxDB outage', () => {
  let running: RunningService;

  afterAll(async () => {
    await running?.stop();
  });

  it(`loses nothing and counts nothing twice when InfluxDB is down for ${OUTAGE_S} s`, async () => {
    running = await startService({ store: 'influx', influx: { url: influx.url, db: 'outage', org: null, bucket: null, token: null } });
    const { service } = running;
    const sensors = await addSensors(service, running.mqttUrl, 'out', DEVICES);
    let outboxMaxBytes = 0;
    let outboxMaxRows = 0;
    const tick = setInterval(() => {
      sensors.forEach((s, i) => publishNext(s, `out-${i}`));
      const status = service.store.queueStatus();
      outboxMaxBytes = Math.max(outboxMaxBytes, status.bytes);
      outboxMaxRows = Math.max(outboxMaxRows, status.rows);
    }, 1000 / BATCHES_PER_S);
    try {
      await new Promise((resolve) => setTimeout(resolve, AROUND_S * 1000));
      await influx.stop();
      const downMs = Date.now();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_S * 1000));
      expect(service.store.queueStatus().failing).toBe(true);
      expect(service.store.queueStatus().rows).toBeGreaterThan(0);
      await influx.start();
      const upMs = Date.now();
      await new Promise((resolve) => setTimeout(resolve, AROUND_S * 1000));
      clearInterval(tick);
      const sent = sensors.reduce((n, s) => n + s.sent, 0);
      await waitFor(() => sensors.every((s) => s.acked === s.sent), 20_000, 'every batch acknowledged');
      // Held batches are analysed once the devices are quiet (idleReleaseMs), then the outbox drains.
      await waitFor(() => service.journal.lastPos() === service.consumers[1]?.cursor(), 20_000, 'analysis caught up');
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect(await service.store.flush(30_000)).toBe(true);
      const stored = service.metrics.pointsStored.value();
      const counts = await Promise.all(sensors.map((s) => countPoints(service, s.wearerId)));
      const inInflux = counts.reduce((n, c) => n + c.count, 0);
      console.log(
        `influx outage: down ${((upMs - downMs) / 1000).toFixed(1)} s; ${sent} batches (sensor seconds) sent by ${DEVICES} devices, ` +
          `all acknowledged; points per wearer in InfluxDB ${counts.map((c) => c.count).join(', ')} ` +
          `(seconds sent per device ${sensors.map((s) => s.sent).join(', ')}); points stored by the analysis ${stored}; ` +
          `outbox peak ${outboxMaxRows} rows, ${(outboxMaxBytes / 1024).toFixed(0)} KiB`,
      );
      expect(inInflux).toBe(stored); // every point the analysis stored reached InfluxDB
      for (const [i, c] of counts.entries()) {
        const s = sensors[i] as Sensor;
        expect(c.distinct).toBe(c.count);
        expect(c.first).toBe(T0);
        // One point per sensor second; the device's last second waits for its next sample (not built yet: see README).
        expect(c.count).toBe(s.sent - 1);
        expect(c.last).toBe(T0 + (s.sent - 2) * 1000);
      }
      expect(service.store.queueStatus()).toMatchObject({ rows: 0, bytes: 0, full: false, failing: false });
    } finally {
      clearInterval(tick);
      await Promise.all(sensors.map((s) => s.client.endAsync()));
    }
  }, (OUTAGE_S + 2 * AROUND_S + 90) * 1000);
});

describe('back-pressure when the outbox and the journal are full', () => {
  let running: RunningService;

  afterAll(async () => {
    await running?.stop();
    if (!influx.running) await influx.start();
  });

  it('holds PUBACKs instead of dropping, and delivers everything once InfluxDB is back', async () => {
    running = await startService({
      store: 'influx',
      influx: { url: influx.url, db: 'pressure', org: null, bucket: null, token: null },
      outboxMaxMb: 4 / 1024, // 4 KiB: a few seconds of one wearer's points
      journalMaxBacklog: 20,
      deviceBurst: 1000,
      deviceRatePerS: 1000,
    });
    const { service } = running;
    const [sensor] = await addSensors(service, running.mqttUrl, 'bp', 1);
    if (sensor === undefined) throw new Error('no sensor');
    // Warm up with InfluxDB there, so the database exists.
    for (let i = 0; i < 5; i++) publishNext(sensor, 'bp-0');
    await waitFor(() => sensor.acked === 5, 10_000, 'warm-up acknowledged');
    await influx.stop();
    const total = 200;
    while (sensor.sent < total) publishNext(sensor, 'bp-0');
    await waitFor(() => service.store.queueStatus().full, 20_000, 'outbox full');
    const metricsText = (): string => service.metrics.registry.render();
    await waitFor(() => /posture_intake_backpressure 1/.test(metricsText()), 20_000, 'intake holding');
    const backlog = (): number => service.journal.lastPos() - (service.consumers[1]?.applied() ?? 0);
    // The analysis stopped at the full outbox; the journal fills to its limit behind it.
    await waitFor(() => backlog() >= 20, 20_000, 'journal backlog at its limit');
    // PUBACKs of batches committed just before the limit are still on their way: let the count settle first.
    let settled = -1;
    await waitFor(
      () => {
        const same = sensor.acked === settled;
        settled = sensor.acked;
        return same;
      },
      20_000,
      'acknowledgements settled',
      1000,
    );
    const ackedWhileFull = sensor.acked;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sensor.acked).toBe(ackedWhileFull); // nothing more acknowledged while full
    expect(ackedWhileFull).toBeLessThan(total);
    expect(metricsText()).toMatch(/posture_store_backpressure 1/);
    const depth = backlog();
    expect(depth).toBe(20);
    console.log(
      `back-pressure: outbox ${service.store.queueStatus().bytes} bytes (limit 4096) full; journal backlog ${depth} (limit 20); ` +
        `${ackedWhileFull} of ${total} batches acknowledged, the rest held`,
    );
    await influx.start();
    await waitFor(() => sensor.acked === total, 60_000, 'every batch acknowledged after InfluxDB came back');
    await waitFor(() => service.journal.lastPos() === service.consumers[1]?.cursor(), 20_000, 'analysis caught up');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await service.store.flush(30_000)).toBe(true);
    const c = await countPoints(service, sensor.wearerId);
    expect(c.count).toBe(total - 1);
    expect(c.distinct).toBe(c.count);
    expect(metricsText()).toMatch(/posture_store_backpressure 0/);
    expect(metricsText()).toMatch(/posture_intake_backpressure 0/);
    await sensor.client.endAsync();
  });
});
