/**
 * The device obeys `posture/ID/cmd` (haptic: counted and felt by the stream; config: recorded; nonsense:
 * refused and counted), also when the command was published while it was offline (persistent session), and
 * from an outside client (`mosquitto_pub`). Button presses go out on `posture/ID/event`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScenario } from '../src/scenarios/open-scenario.js';
import { SimDevice } from '../src/device/sim-device.js';
import type { DeviceStream } from '../src/device/device-stream.js';
import { recordBatches, startTestBroker, waitFor, type BatchRecorder, type TestBroker } from './device-test-broker.js';

const MOSQUITTO_PUB = process.env.MOSQUITTO_PUB_BIN ?? '/usr/bin/mosquitto_pub';

let broker: TestBroker;
let recorder: BatchRecorder;
let service: MqttClient;
const devices: SimDevice[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
  recorder = await recordBatches(broker.url);
  service = await mqtt.connectAsync(broker.url, { clientId: 'fake-service', protocolVersion: 4 });
});
afterAll(async () => {
  await Promise.all(devices.map((d) => d.kill()));
  await service?.endAsync(true);
  await recorder?.close();
  await broker?.close();
});

/** A real scenario stream that also notes when the wearer felt a buzz. */
function feelingStream(seed: number): DeviceStream & { felt: number } {
  const inner = openScenario('buzz-responder', { seed, rateHz: 50, durationS: 3600 });
  const s = {
    felt: 0,
    rateHz: inner.rateHz,
    durationS: inner.durationS,
    next: (n: number) => inner.next(n),
    notifyHaptic: () => {
      s.felt++;
      inner.notifyHaptic();
    },
  };
  return s;
}

async function startDevice(id: string, stream: DeviceStream): Promise<SimDevice> {
  const d = new SimDevice({ deviceId: id, brokerUrl: broker.url, stream, speed: 5, reconnectPeriodMs: 200 });
  devices.push(d);
  d.start();
  await waitFor(() => d.online && d.listening, 5000, `${id} online and subscribed`);
  return d;
}

const haptic = JSON.stringify({ type: 'haptic', pattern: 'short', reason: 'slouch' });

describe('device commands', () => {
  it('counts a haptic command and passes it to the stream, records config, refuses nonsense', async () => {
    const stream = feelingStream(1);
    const d = await startDevice('cmd-1', stream);
    const seen: string[] = [];
    d.on('haptic', (c) => seen.push(c.pattern));
    await service.publishAsync('posture/cmd-1/cmd', haptic, { qos: 1 });
    await waitFor(() => d.counters.hapticReceived === 1, 5000, 'haptic counted');
    expect(stream.felt).toBe(1);
    expect(seen).toEqual(['short']);

    await service.publishAsync('posture/cmd-1/cmd', JSON.stringify({ type: 'config', slouchDeg: 25 }), { qos: 1 });
    await waitFor(() => d.counters.configReceived === 1, 5000, 'config recorded');
    expect(d.lastConfig).toEqual({ type: 'config', slouchDeg: 25 });

    await service.publishAsync('posture/cmd-1/cmd', '{"type":"haptic","pattern":"forever"}', { qos: 1 });
    await service.publishAsync('posture/cmd-1/cmd', 'not json', { qos: 1 });
    await waitFor(() => d.counters.commandsRejected === 2, 5000, 'nonsense refused');
    // Another device's cmd topic is not this device's business.
    await service.publishAsync('posture/cmd-other/cmd', haptic, { qos: 1 });
    await new Promise((r) => setTimeout(r, 100));
    expect(d.counters.hapticReceived).toBe(1);
    expect(stream.felt).toBe(1);
  });

  it('gets a haptic command published while it was offline, once it is back (persistent session)', async () => {
    const d = await startDevice('cmd-2', feelingStream(2));
    d.dropConnection();
    await waitFor(() => !d.online, 5000, 'offline');
    await service.publishAsync('posture/cmd-2/cmd', haptic, { qos: 1 });
    // MQTT.js may hand over the queued message before it emits 'connect': wait for both, in either order.
    await waitFor(() => d.counters.hapticReceived === 1 && d.counters.reconnects === 1, 5000, 'haptic after reconnect');
    expect(d.counters.hapticReceived).toBe(1);
    expect(d.counters.reconnects).toBe(1);
  });

  it('obeys a haptic command from mosquitto_pub, an outside client', async () => {
    if (!existsSync(MOSQUITTO_PUB)) throw new Error(`mosquitto_pub not found at ${MOSQUITTO_PUB} (apt-get install mosquitto-clients)`);
    const d = await startDevice('cmd-3', feelingStream(3));
    const patterns: string[] = [];
    d.on('haptic', (c) => patterns.push(c.pattern));
    const cmd = JSON.stringify({ type: 'haptic', pattern: 'double', reason: 'slouch' });
    await promisify(execFile)(MOSQUITTO_PUB, ['-h', '127.0.0.1', '-p', String(broker.port), '-q', '1', '-t', 'posture/cmd-3/cmd', '-m', cmd]);
    await waitFor(() => d.counters.hapticReceived === 1, 5000, 'haptic from mosquitto_pub');
    expect(patterns).toEqual(['double']);
  });

  it('publishes button presses on posture/ID/event', async () => {
    const d = await startDevice('cmd-4', feelingStream(4));
    await d.pressButton('calibrate');
    await d.pressButton('snooze');
    await waitFor(() => (recorder.events.get('cmd-4')?.length ?? 0) === 2, 5000, 'events');
    expect(recorder.events.get('cmd-4')).toEqual([
      { type: 'button', action: 'calibrate' },
      { type: 'button', action: 'snooze' },
    ]);
  });
});
