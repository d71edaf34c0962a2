/** A device publishes only under its own posture/ID/ and subscribes only to its own cmd. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closed, connectDevice, jsonBatch, startService, waitFor, type RunningService } from './helpers.js';

describe('broker ACL', () => {
  let running: RunningService;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    running = await startService();
    for (const id of ['acl-a', 'acl-b']) tokens[id] = running.service.registry.create(id).token;
  });
  afterAll(async () => {
    await running.stop();
  });

  const connect = (id: string) => connectDevice(running.mqttUrl, id, tokens[id] as string);

  it("refuses a publish on another device's topic, closes that connection and counts it", async () => {
    const intruder = await connect('acl-a');
    const gone = closed(intruder);
    intruder.publish('posture/acl-b/imu', jsonBatch(0), { qos: 1 });
    await gone;
    await running.service.broker.settled();
    expect(running.service.metrics.mqttAclRefusals.value({ action: 'publish' })).toBe(1);
    expect(running.service.sampleCounts.countOf('acl-b').batches).toBe(0);
    expect(running.service.journal.size()).toBe(0);
  });

  it('refuses publishing on cmd, outside posture/ and on $SYS', async () => {
    for (const topic of ['posture/acl-a/cmd', 'other/acl-a/imu', '$SYS/x', 'posture/acl-a/imu/extra']) {
      const client = await connect('acl-a');
      const gone = closed(client);
      client.publish(topic, '{}', { qos: 1 });
      await gone;
    }
    await running.service.broker.settled();
    expect(running.service.metrics.mqttAclRefusals.value({ action: 'publish' })).toBe(5);
  });

  it("negates a subscription to # or another device's cmd but keeps the connection and its own cmd", async () => {
    const client = await connect('acl-a');
    // MQTT.js turns any 0x80 into an error, so read the SUBACK's return codes off the wire.
    const suback = new Promise<number[]>((resolve) => {
      client.on('packetreceive', (packet) => {
        if (packet.cmd === 'suback') resolve(packet.granted as number[]);
      });
    });
    client.subscribe(['#', 'posture/acl-b/cmd', 'posture/acl-a/+', 'posture/acl-a/cmd'], { qos: 1 }, () => {});
    expect(await suback).toEqual([128, 128, 128, 1]);
    await running.service.broker.settled();
    expect(running.service.metrics.mqttAclRefusals.value({ action: 'subscribe' })).toBe(3);
    expect(client.connected).toBe(true);
    // Its own cmd still arrives; another device's does not.
    const received: string[] = [];
    client.on('message', (topic) => received.push(topic));
    const { broker } = running.service;
    for (const topic of ['posture/acl-b/cmd', 'posture/acl-a/cmd']) {
      await new Promise<void>((resolve) => broker.publish(topic, Buffer.from('{"type":"haptic","pattern":"short","reason":"slouch"}'), () => resolve()));
    }
    await waitFor(() => received.length === 1, 5000, 'own cmd');
    expect(received).toEqual(['posture/acl-a/cmd']);
    await client.endAsync();
  });

  it("accepts a device's last will on its own status topic, refuses one aimed at another device", async () => {
    const { store } = running.service;
    await running.service.broker.settled();
    const refusedBefore = running.service.metrics.mqttAclRefusals.value({ action: 'publish' });
    // Stays connected, so only a will can mark acl-a offline (not its last connection closing).
    const own = await connect('acl-a');
    const other = await connectDevice(running.mqttUrl, 'acl-b', tokens['acl-b'] as string, {
      will: { topic: 'posture/acl-a/status', payload: Buffer.from('{"online": false, "battery": 22}'), qos: 1, retain: false },
    });
    // The will set at CONNECT; an unclean end (socket destroyed) makes the broker publish it.
    const ownWill = await connectDevice(running.mqttUrl, 'acl-a', tokens['acl-a'] as string, {
      will: { topic: 'posture/acl-a/status', payload: Buffer.from('{"online": false, "battery": 11}'), qos: 1, retain: true },
    });
    ownWill.stream.destroy();
    other.stream.destroy();
    await waitFor(() => store.getStatus('acl-a')?.online === false, 5000, 'the will');
    await waitFor(() => running.service.metrics.mqttAclRefusals.value({ action: 'publish' }) === refusedBefore + 1, 5000, 'refusal');
    await running.service.whenIdle();
    expect(store.getStatus('acl-a')).toMatchObject({ online: false, battery: 11 }); // its own will, not acl-b's
    await own.endAsync();
  });

  it('lets the others publish while one is refused', async () => {
    const good = await connect('acl-b');
    const bad = await connect('acl-a');
    const gone = closed(bad);
    bad.publish('posture/acl-b/imu', jsonBatch(1), { qos: 1 });
    await good.publishAsync('posture/acl-b/imu', jsonBatch(5), { qos: 1 });
    await gone;
    expect(good.connected).toBe(true);
    expect(running.service.journal.readAfter(0, 100).map((e) => [e.deviceId, e.batch.seq])).toEqual([['acl-b', 5]]);
    await good.endAsync();
  });
});
