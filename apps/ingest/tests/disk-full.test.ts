/**
 * The disk fills up under the service (for real: SQLite answers SQLITE_FULL, made by `PRAGMA max_page_count` on
 * the service's own connection at the size the database has, so no page can be added), while MQTT.js devices
 * keep publishing: the failure is loud (metric, error log), no batch that was not durable gets a PUBACK, the
 * database is not corrupted (integrity_check), and when space returns (the limit raised) every batch goes in
 * exactly once and the analysis catches up. Each device sends one batch at a time, so the counts are exact:
 * nothing is journaled without its PUBACK reaching the device, and nothing comes twice.
 *
 * Then the analysis consumer's own transaction (points, rollups, checkpoints and its cursor) meets the full
 * disk: it fails whole, nothing of it is kept, and once space returns it resumes from its cursor and stores
 * the same seconds as a run that never failed (its pipelines rebuilt from their checkpoints, as after a crash).
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBinaryBatch } from '@stance/protocol';
import { createRecordingLogger } from '../src/log.js';
import { analysisRig, scenarioBatches } from './analysis-helpers.js';
import { adminApi, ALL, analysed } from './device-helpers.js';
import { connectDevice, makeBatch, startService, waitFor, type RunningService } from './helpers.js';

const DEVICES = 3;
/** Batches per device: before the disk fills, while it is full, after space returns. */
const BEFORE = 20;
const WHILE_FULL = 10;
const AFTER = 20;
const TOTAL = BEFORE + WHILE_FULL + AFTER;
const T0 = 1_763_712_000_000;

interface Sensor {
  deviceId: string;
  wearerId: string;
  client: MqttClient;
  acked: number;
}

describe('disk full', () => {
  let running: RunningService;
  const log = createRecordingLogger();
  const sensors: Sensor[] = [];
  /** PUBACKs that arrived for a batch the journal did not hold at that moment. */
  const notDurable: string[] = [];

  beforeAll(async () => {
    running = await startService(
      { adminEmail: 'admin@clinic.test', adminPassword: 'correct horse', deviceRatePerS: 1e5, deviceBurst: 1e5 },
      { log },
    );
    const api = await adminApi(running.service);
    for (let i = 0; i < DEVICES; i++) {
      const deviceId = `full-${i}`;
      const { wearerId, token } = await api.addDevice(deviceId);
      // Reconnects after the broker drops it (a failed commit closes the connection) and resends what has no PUBACK.
      const client = await connectDevice(running.mqttUrl, deviceId, token, { clientId: deviceId, reconnectPeriod: 100 });
      client.on('error', () => {});
      sensors.push({ deviceId, wearerId, client, acked: 0 });
    }
  });
  afterAll(async () => {
    await Promise.all(sensors.map((s) => s.client.endAsync(true)));
    await running.stop();
  });

  /** Publishes seqs [from, to) one at a time, checking at each PUBACK that the journal holds the batch. */
  async function publish(s: Sensor, from: number, to: number): Promise<void> {
    const held = running.service.db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM journal WHERE device_id = ? AND seq = ?');
    for (let seq = from; seq < to; seq++) {
      const payload = Buffer.from(encodeBinaryBatch(makeBatch(seq, 50, T0 + seq * 1000)));
      await s.client.publishAsync(`posture/${s.deviceId}/imu`, payload, { qos: 1 });
      if (held.get(s.deviceId, seq)?.n !== 1) notDurable.push(`${s.deviceId}:${seq}`);
      s.acked += 1;
    }
  }

  it('fails loudly, acknowledges nothing it did not keep, stays intact and recovers when space returns', async () => {
    const { service } = running;
    const { db, metrics } = service;
    await Promise.all(sensors.map((s) => publish(s, 0, BEFORE)));
    await analysed(service);
    const pointsBefore = metrics.pointsStored.value();

    // The disk is full: not one more page.
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const failing = Promise.all(sensors.map((s) => publish(s, BEFORE, BEFORE + WHILE_FULL)));
    await waitFor(() => metrics.journalWriteFailures.value() >= 3, 20_000, 'failed journal commits');
    const ackedWhileFull = sensors.map((s) => s.acked);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Whatever still fitted in the last pages was acknowledged; since the first failure, nothing more.
    expect(sensors.map((s) => s.acked)).toEqual(ackedWhileFull);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const failures = metrics.journalWriteFailures.value();
    const failLogs = log.records.filter((r) => r.level === 'error' && r.message.startsWith('intake journal commit failed'));
    expect(failLogs.length).toBe(failures);
    expect(String(failLogs[0]?.fields.err)).toMatch(/JOURNAL_WRITE_FAILED|full/i);
    expect((await service.app.inject({ url: '/metrics' })).body).toMatch(/^posture_journal_write_failures_total [1-9]/m);

    // Space returns.
    db.pragma('max_page_count = 1073741823');
    await failing;
    await Promise.all(sensors.map((s) => publish(s, BEFORE + WHILE_FULL, TOTAL)));
    await analysed(service);

    expect(notDurable).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const journaled = db.prepare<[], { device_id: string; n: number; distinct_seqs: number }>(
      'SELECT device_id, count(*) AS n, count(DISTINCT seq) AS distinct_seqs FROM journal GROUP BY device_id ORDER BY device_id',
    ).all();
    expect(journaled).toEqual(sensors.map((s) => ({ device_id: s.deviceId, n: TOTAL, distinct_seqs: TOTAL })));
    expect(metrics.batchesAccepted.value()).toBe(DEVICES * TOTAL);
    expect(metrics.batchesDuplicate.value()).toBe(0);
    const points = await Promise.all(sensors.map((s) => service.store.readPoints(s.wearerId, ALL)));
    // One point per second sent, but the last, which waits for the device's next sample.
    for (const p of points) expect(new Set(p.map((x) => x.tMs)).size).toBe(TOTAL - 1);
    expect(metrics.pointsStored.value()).toBe(DEVICES * (TOTAL - 1));
    const consumerFailures = log.records.filter((r) => r.message.startsWith('journal consumer failed')).length;
    console.log(
      `disk full: ${DEVICES} devices sent ${DEVICES * TOTAL} batches one at a time (${DEVICES * WHILE_FULL} while the disk was full); ` +
        `journaled ${journaled.reduce((n, r) => n + r.n, 0)}, duplicates ${metrics.batchesDuplicate.value()}, ` +
        `failed journal commits ${failures} (each logged), failed consumer runs ${consumerFailures}, ` +
        `PUBACKs for batches not durable ${notDurable.length}; points stored ${pointsBefore} before, ${metrics.pointsStored.value()} at the end; integrity_check ok`,
    );
  });
});

describe('disk full under the analysis consumer', () => {
  it('rolls its transaction back whole, and resumes exactly where it was when space returns', async () => {
    const batches = scenarioBatches('desk-day', 600);
    const reference = analysisRig();
    const rig = analysisRig();
    try {
      for (const r of [reference, rig]) r.registry.create('dev-1', r.store.createWearer('Ada').id);
      const wearerOf = (r: typeof rig) => r.registry.get('dev-1')?.wearerId as string;
      for (const b of batches) reference.append('dev-1', b);
      reference.runner.drain();

      for (const b of batches.slice(0, 200)) rig.append('dev-1', b);
      rig.runner.drain();
      for (const b of batches.slice(200)) rig.append('dev-1', b);
      const cursor = rig.runner.cursor();
      const before = (await rig.store.readPoints(wearerOf(rig), ALL)).length;
      rig.db.pragma(`max_page_count = ${rig.db.pragma('page_count', { simple: true }) as number}`);
      expect(() => rig.runner.drain()).toThrow(/full/i);
      expect(() => rig.runner.drain()).toThrow(/full/i);
      expect(rig.runner.cursor()).toBe(cursor);
      expect((await rig.store.readPoints(wearerOf(rig), ALL)).length).toBe(before);
      expect(rig.db.pragma('integrity_check', { simple: true })).toBe('ok');

      rig.db.pragma('max_page_count = 1073741823');
      rig.runner.drain();
      expect(rig.runner.cursor()).toBe(rig.journal.lastPos());
      const want = await reference.store.readPoints(wearerOf(reference), ALL);
      const got = await rig.store.readPoints(wearerOf(rig), ALL);
      expect(got.map((p) => p.tMs)).toEqual(want.map((p) => p.tMs));
      // Rebuilt from the checkpoint (the filter re-warmed on the last warmUpS of raw data): as after a crash.
      const postureDiffs = got.filter((p, i) => p.posture !== want[i]?.posture).length;
      expect(postureDiffs).toBeLessThanOrEqual(2);
      got.forEach((p, i) => expect(Math.abs((p.flexionDeg ?? 0) - (want[i]?.flexionDeg ?? 0))).toBeLessThan(1));
      const hours = await rig.store.readRollups(wearerOf(rig), 'hour', ALL);
      expect(hours.reduce((n, h) => n + h.aggregate.pointS, 0)).toBe(want.length);
      console.log(
        `disk full under the consumer: ${batches.length} batches, the last ${batches.length - 200} met the full disk twice (rolled back), ` +
          `then ${got.length} points stored = the uninterrupted run's ${want.length}; ${postureDiffs} seconds of another posture; integrity_check ok`,
      );
    } finally {
      reference.close();
      rig.close();
    }
  });
});
