/** Payload size limit, per-device rate limit: a misbehaving device cannot starve the others. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPacketSizeGuard } from '../src/broker/packet-size-guard.js';
import { createTokenBucket, takeToken } from '../src/broker/token-bucket.js';
import { closed, connectDevice, connectError, jsonBatch, startService, type RunningService } from './helpers.js';

describe('token bucket', () => {
  it('lets a burst through, then spaces messages at the rate, and refills while quiet', () => {
    const settings = { ratePerS: 10, burst: 3 };
    const bucket = createTokenBucket(settings, 0);
    expect([0, 0, 0].map(() => takeToken(bucket, settings, 0))).toEqual([0, 0, 0]);
    expect(takeToken(bucket, settings, 0)).toBeCloseTo(100, 9);
    expect(takeToken(bucket, settings, 0)).toBeCloseTo(200, 9);
    expect(takeToken(bucket, settings, 200)).toBeCloseTo(100, 9); // two refilled, three reserved
    expect(takeToken(bucket, settings, 10_000)).toBe(0); // full again, capped at the burst
    expect(bucket.tokens).toBeCloseTo(2, 9);
  });
});

describe('packet size guard', () => {
  it('finds the first packet over the limit from its fixed header, across chunk boundaries', () => {
    const guard = createPacketSizeGuard(200);
    // PINGREQ (no body), a 100-byte PUBLISH split across chunks, then a PUBLISH announcing 300 bytes (2-byte length).
    expect(guard.push(Uint8Array.from([0xc0, 0x00, 0x30, 100]))).toBeNull();
    expect(guard.push(new Uint8Array(60))).toBeNull();
    expect(guard.push(new Uint8Array(40))).toBeNull();
    expect(guard.push(Uint8Array.from([0x32, 0xac]))).toBeNull();
    expect(guard.push(Uint8Array.from([0x02]))).toBe(300);
  });
});

describe('broker limits', () => {
  let running: RunningService;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    running = await startService({ maxPayloadBytes: 4096, deviceRatePerS: 20, deviceBurst: 2, deviceMaxConnections: 2 });
    for (const id of ['big-1', 'fast-1', 'calm-1', 'many-1']) tokens[id] = running.service.registry.create(id).token;
  });
  afterAll(async () => {
    await running.stop();
  });
  const connect = (id: string) => connectDevice(running.mqttUrl, id, tokens[id] as string);

  it('closes the connection of a device that sends an oversized packet; others carry on', async () => {
    const big = await connect('big-1');
    const calm = await connect('calm-1');
    const gone = closed(big);
    big.publish('posture/big-1/imu', Buffer.alloc(200_000, 0x20), { qos: 1 });
    await gone;
    await running.service.broker.settled(); // the broker thread's counts have arrived
    expect(running.service.metrics.mqttOversizePackets.value()).toBe(1);
    await calm.publishAsync('posture/calm-1/imu', jsonBatch(0, 10), { qos: 1 });
    expect(calm.connected).toBe(true);
    await calm.endAsync();
  });

  it('caps the connections of one device id, but lets a reconnect with the same client id take over', async () => {
    const first = await connectDevice(running.mqttUrl, 'many-1', tokens['many-1'] as string, { clientId: 'many-1-a' });
    const second = await connectDevice(running.mqttUrl, 'many-1', tokens['many-1'] as string, { clientId: 'many-1-b' });
    const refused = await connectError(running.mqttUrl, { username: 'many-1', password: tokens['many-1'] as string, clientId: 'many-1-c' });
    expect((refused as Error & { code?: number }).code).toBe(3);
    await running.service.broker.settled(); // the broker thread's counts have arrived
    expect(running.service.metrics.mqttAuthRefusals.value({ reason: 'device_connection_limit' })).toBe(1);
    // The same client id again (a sensor reconnecting before its old socket timed out): takes the session over.
    const firstGone = closed(first);
    const takeover = await connectDevice(running.mqttUrl, 'many-1', tokens['many-1'] as string, { clientId: 'many-1-a' });
    await firstGone;
    // Another device is not affected by many-1's slots.
    const calm = await connect('calm-1');
    await Promise.all([second, takeover, calm].map((c) => c.endAsync()));
  });

  it('holds back a flooding device without delaying another', async () => {
    const fast = await connect('fast-1');
    const calm = await connect('calm-1');
    let fastAcked = 0;
    // 40 messages at 20/s after a burst of 2: the flood needs about 1.9 s of tokens.
    const flood = Array.from({ length: 40 }, (_, seq) =>
      fast.publishAsync('posture/fast-1/imu', jsonBatch(seq, 5), { qos: 1 }).then(() => {
        fastAcked += 1;
      }),
    );
    await calm.publishAsync('posture/calm-1/imu', jsonBatch(1, 10), { qos: 1 });
    // calm-1 got its PUBACK while fast-1 was still waiting for most of its own.
    expect(fastAcked).toBeLessThan(40);
    await Promise.all(flood);
    await running.service.broker.settled(); // the broker thread's counts have arrived
    expect(running.service.metrics.mqttRateLimited.value()).toBeGreaterThanOrEqual(30);
    // Held back, not dropped: every one of the flood is in.
    expect(running.service.journal.readAfter(0, 1000).filter((e) => e.deviceId === 'fast-1')).toHaveLength(40);
    await Promise.all([fast.endAsync(), calm.endAsync()]);
  });
});
