/**
 * Hostile clients against the embedded broker, beyond what broker-auth, broker-acl and broker-limits cover:
 * a thousand-odd logins with wrong passwords and unknown ids, idle sockets that never send CONNECT, PUBLISH
 * topics with wildcards or malformed levels, a QoS 0 flood, and a slow reader that stops reading while the
 * service publishes to it. Each is refused or limited and counted; a well-behaved device publishing the whole
 * time has every batch acknowledged and journaled once. How much its latency moved is measured by
 * `npm run bench -- --only hostile` (bench/hostile-clients.bench.ts), not asserted here.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, jsonBatch, startService, waitFor, type RunningService } from './helpers.js';
import { publishPacket, rawClient, rawConnect } from './helpers/raw-mqtt.js';

/** Concurrent attempts while storming. */
const CONCURRENCY = 100;
/** QoS 0 messages a flooding device writes at once. */
const FLOOD = 120;

describe('hostile clients', () => {
  let running: RunningService;
  const tokens: Record<string, string> = {};
  let good: MqttClient;
  let goodSeq = 0;
  let goodAcked = 0;
  const port = (): number => running.service.broker.tcpPort;

  beforeAll(async () => {
    running = await startService({ deviceRatePerS: 20, deviceBurst: 20, maxConnections: 5000 });
    for (const id of ['good-1', 'victim-1', 'flood-1', 'slow-1', 'tricky-1']) tokens[id] = running.service.registry.create(id).token;
    good = await connectDevice(running.mqttUrl, 'good-1', tokens['good-1'] as string);
  });
  afterAll(async () => {
    await good.endAsync();
    // Let the broker see every socket gone before the database closes (its close handlers write device status).
    // The flooder's messages already read are still handled at its rate after it left: a few seconds.
    await waitFor(() => running.service.broker.connectedClients === 0, 20_000, 'every client gone');
    await running.stop();
  });

  /** The well-behaved device publishes one batch and waits for its PUBACK. */
  async function goodBatch(): Promise<void> {
    await good.publishAsync('posture/good-1/imu', jsonBatch(goodSeq++, 10), { qos: 1 });
    goodAcked += 1;
  }

  /** Runs `attack` while the good device keeps publishing; returns how many batches it got in meanwhile. */
  async function whileGoodPublishes(attack: () => Promise<void>): Promise<number> {
    const before = goodAcked;
    let attacking = true;
    const steady = (async () => {
      while (attacking) {
        await goodBatch();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    try {
      await attack();
    } finally {
      attacking = false;
      await steady;
    }
    return goodAcked - before;
  }

  it('refuses 1,200 logins with wrong passwords or unknown ids, counts each, and lets the right token in', async () => {
    const { metrics } = running.service;
    const codes = new Map<number, number>();
    const during = await whileGoodPublishes(async () => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < 1200) {
          const i = next++;
          const [user, password] = i % 3 === 2 ? [`nobody-${i}`, 'x'.repeat(43)] : ['victim-1', `wrong-${i}-${'y'.repeat(36)}`];
          const { code, client } = await rawConnect(port(), `guess-${i}`, user, password);
          codes.set(code, (codes.get(code) ?? 0) + 1);
          client.socket.destroy();
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    });
    expect(codes).toEqual(new Map([[4, 1200]]));
    await running.service.broker.settled(); // the broker thread's counts have arrived
    expect(metrics.mqttAuthRefusals.value({ reason: 'bad_token' })).toBe(800);
    expect(metrics.mqttAuthRefusals.value({ reason: 'unknown_device' })).toBe(400);
    // The device they were guessing for is not locked out.
    const victim = await connectDevice(running.mqttUrl, 'victim-1', tokens['victim-1'] as string);
    await victim.publishAsync('posture/victim-1/imu', jsonBatch(0, 10), { qos: 1 });
    await victim.endAsync();
    expect(during).toBeGreaterThan(0);
    console.log(`wrong logins: 1,200 refused with CONNACK 4 (800 bad_token, 400 unknown_device); the good device got ${during} batches acknowledged meanwhile`);
  });

  it('keeps serving while 500 sockets sit idle without sending CONNECT', async () => {
    const idle = await Promise.all(Array.from({ length: 500 }, () => rawClient(port())));
    const during = await whileGoodPublishes(async () => {
      const late = await connectDevice(running.mqttUrl, 'victim-1', tokens['victim-1'] as string);
      await late.publishAsync('posture/victim-1/imu', jsonBatch(1, 10), { qos: 1 });
      await late.endAsync();
    });
    expect(during).toBeGreaterThan(0);
    // Aedes drops a socket that has not sent CONNECT within connectTimeout (10 s); the test does not wait for it.
    for (const c of idle) c.socket.destroy();
  });

  it('closes a connection that publishes to wildcards, empty or over-deep topics, and journals nothing of it', async () => {
    const { service } = running;
    const journaled = (): number => service.journal.readAfter(0, 100_000).filter((e) => e.deviceId === 'tricky-1').length;
    const topics: (string | Buffer)[] = [
      'posture/+/imu', 'posture/#', 'posture/tricky-1/#', '#', '', 'posture/tricky-1/imu/a/b/c/d/e/f/g',
      'posture//imu', Buffer.from('posture/tricky-1/imu\u0000'), '$SYS/broker/clients',
    ];
    for (const topic of topics) {
      const { code, client } = await rawConnect(port(), 'tricky-1', 'tricky-1', tokens['tricky-1'] as string);
      expect(code).toBe(0);
      client.socket.write(publishPacket(topic, Buffer.from(jsonBatch(0, 10)), 1, 7));
      await client.closed;
      // A PUBACK (0x40) never came.
      expect([...client.received()].slice(4).includes(0x40)).toBe(false);
    }
    expect(journaled()).toBe(0);
    await goodBatch();
  });

  it('holds a QoS 0 flood from one device back without starving another', async () => {
    const { service } = running;
    const { code, client } = await rawConnect(port(), 'flood-1', 'flood-1', tokens['flood-1'] as string);
    expect(code).toBe(0);
    await service.broker.settled();
    const limitedBefore = service.metrics.mqttRateLimited.value();
    const flood = Buffer.concat(Array.from({ length: FLOOD }, (_, seq) => publishPacket('posture/flood-1/imu', Buffer.from(jsonBatch(seq, 5)), 0)));
    client.socket.write(flood);
    // FLOOD messages at 20/s after a burst of 20: about 5 s of tokens. The good device is served meanwhile.
    for (let i = 0; i < 5; i++) await goodBatch();
    const floodIn = service.journal.readAfter(0, 100_000).filter((e) => e.deviceId === 'flood-1').length;
    expect(floodIn).toBeLessThan(FLOOD);
    await service.broker.settled();
    expect(service.metrics.mqttRateLimited.value()).toBeGreaterThan(limitedBefore);
    client.socket.destroy();
    console.log(`QoS 0 flood: ${FLOOD} messages written at once; ${floodIn} journaled while the good device had 5 batches acknowledged`);
  });

  it('keeps acknowledging others while a slow reader stops reading what is published to it', async () => {
    const { service } = running;
    const slow = await connectDevice(running.mqttUrl, 'slow-1', tokens['slow-1'] as string);
    await slow.subscribeAsync('posture/slow-1/cmd', { qos: 1 });
    slow.stream.pause();
    // Far more than the feedback ever sends (a buzz a minute at most): 3,000 commands of 2 KiB.
    const payload = Buffer.alloc(2048, 0x20);
    let delivered = 0;
    for (let i = 0; i < 3000; i++) {
      service.broker.publish('posture/slow-1/cmd', payload, () => (delivered += 1));
    }
    const rssBefore = process.memoryUsage().rss;
    for (let i = 0; i < 10; i++) await goodBatch();
    await waitFor(() => delivered > 0, 10_000, 'deliveries under way');
    console.log(
      `slow reader: 3,000 commands of 2 KiB published to a client that reads nothing; ${delivered} handed over, the rest wait for its ` +
        `socket to drain (Aedes cuts it after drainTimeout, 30 s); the good device had 10 batches acknowledged meanwhile; ` +
        `RSS ${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(1)} MB more`,
    );
    slow.stream.destroy();
    await slow.endAsync(true);
  });

  it('journaled every batch of the well-behaved device once', () => {
    const seqs = running.service.journal.readAfter(0, 100_000).filter((e) => e.deviceId === 'good-1').map((e) => e.batch.seq);
    expect(seqs.length).toBe(goodAcked);
    expect(new Set(seqs).size).toBe(goodAcked);
    expect(running.service.metrics.batchesDuplicate.value()).toBe(0);
  });
});
