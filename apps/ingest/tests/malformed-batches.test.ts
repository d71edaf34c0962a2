/**
 * Malformed batches are acknowledged and dropped (never resent forever), counted by reason and logged with
 * the device id (a flood of them only a few times); the same connection and the other devices carry on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_REJECT_REASONS } from '@stance/protocol';
import { createRecordingLogger } from '../src/log.js';
import { connectDevice, jsonBatch, startService, type RunningService } from './helpers.js';

const base = { seq: 1, t0: 1763712000000, hz: 50 };
const MALFORMED: [string, string | Buffer][] = [
  ['bad_json', '{"seq": 1, "t0": '],
  ['non_finite', JSON.stringify({ ...base, acc: [0, 1, null], gyr: [0, 0, 0] })],
  ['out_of_range', JSON.stringify({ ...base, acc: [0, 20, 0], gyr: [0, 0, 0] })],
  ['length_mismatch', JSON.stringify({ ...base, acc: [0, 1, 0, 0, 1, 0], gyr: [0, 0, 0] })],
  ['unknown_version', JSON.stringify({ v: 2, ...base, acc: [0, 1, 0], gyr: [0, 0, 0] })],
  ['missing_field', JSON.stringify({ seq: 1, hz: 50, acc: [0, 1, 0], gyr: [0, 0, 0] })],
  ['empty', Buffer.alloc(0)],
  ['truncated', Buffer.from([0x01, 0x00, 0x05, 0x00])],
];

describe('malformed batches', () => {
  let running: RunningService;
  const log = createRecordingLogger();
  beforeAll(async () => {
    running = await startService({}, { log });
  });
  afterAll(async () => {
    await running.stop();
  });

  it('pre-registers every reject reason at 0 on /metrics', async () => {
    const text = (await running.service.app.inject({ url: '/metrics' })).body;
    for (const reason of BATCH_REJECT_REASONS) {
      expect(text).toContain(`posture_batches_rejected_total{reason="${reason}"} 0`);
    }
  });

  it('acknowledges, counts by reason and logs with the device id; the connection and others are unaffected', async () => {
    const { service, mqttUrl } = running;
    const bad = await connectDevice(mqttUrl, 'junk-1', service.registry.create('junk-1').token);
    const good = await connectDevice(mqttUrl, 'fine-1', service.registry.create('fine-1').token);
    await bad.publishAsync('posture/junk-1/imu', jsonBatch(0), { qos: 1 });
    for (const [, payload] of MALFORMED) {
      // Resolves: each malformed batch gets its PUBACK, so the sensor will not resend it.
      await bad.publishAsync('posture/junk-1/imu', payload, { qos: 1 });
      await good.publishAsync('posture/fine-1/imu', jsonBatch(MALFORMED.length), { qos: 0 });
    }
    await bad.publishAsync('posture/junk-1/imu', jsonBatch(1), { qos: 1 });
    await good.publishAsync('posture/fine-1/imu', jsonBatch(99), { qos: 1 });
    expect(bad.connected).toBe(true);

    for (const [reason] of MALFORMED) {
      expect(service.metrics.batchesRejected.value({ reason }), reason).toBe(1);
    }
    const refusals = log.records.filter((r) => r.message === 'imu batch refused');
    expect(refusals).toHaveLength(MALFORMED.length);
    expect(refusals.every((r) => r.fields.deviceId === 'junk-1' && typeof r.fields.detail === 'string')).toBe(true);
    // junk-1's good batches (seq 0 and 1) are in; fine-1's first one and its last, the resends are duplicates.
    const stored = service.journal.readAfter(0, 1000).map((e) => `${e.deviceId}:${e.batch.seq}`);
    expect(stored.sort()).toEqual(['fine-1:8', 'fine-1:99', 'junk-1:0', 'junk-1:1']);
    const metrics = (await service.app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('posture_batches_rejected_total{reason="out_of_range"} 1');
    await Promise.all([bad.endAsync(), good.endAsync()]);
  });

  it('a device flooding bad batches: every one acknowledged and counted, only the first few logged', async () => {
    const { service, mqttUrl } = running;
    const flood = await connectDevice(mqttUrl, 'junk-3', service.registry.create('junk-3').token);
    const before = service.metrics.batchesRejected.value({ reason: 'bad_json' });
    await Promise.all(Array.from({ length: 60 }, () => flood.publishAsync('posture/junk-3/imu', '{"seq": 1, "t0": ', { qos: 1 })));
    expect(service.metrics.batchesRejected.value({ reason: 'bad_json' }) - before).toBe(60);
    // log-flood-guard.ts: five lines per device and kind a minute; the rest summed up when the minute ends.
    expect(log.records.filter((r) => r.message === 'imu batch refused' && r.fields.deviceId === 'junk-3')).toHaveLength(5);
    expect(flood.connected).toBe(true);
    await flood.endAsync();
  });

  it('refuses bad status and event messages by reason but keeps the connection', async () => {
    const { service, mqttUrl } = running;
    const client = await connectDevice(mqttUrl, 'junk-2', service.registry.create('junk-2').token);
    await client.publishAsync('posture/junk-2/status', '{"online": "yes"}', { qos: 1, retain: true });
    await client.publishAsync('posture/junk-2/event', '{"type": "teleport"}', { qos: 1 });
    await client.publishAsync('posture/junk-2/status', '{"online": true, "battery": 80, "fw": "1.2.0"}', { qos: 1, retain: true });
    expect(service.metrics.messagesRejected.value({ kind: 'status', reason: 'bad_type' })).toBe(1);
    expect(service.metrics.messagesRejected.value({ kind: 'event', reason: 'unknown_type' })).toBe(1);
    expect(client.connected).toBe(true);
    await client.endAsync();
  });
});
