/** An outside MQTT client, Debian's `mosquitto_pub`, publishes a batch as a device. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBatch, startService, waitFor, type RunningService } from './helpers.js';

const run = promisify(execFile);
const MOSQUITTO_PUB = '/usr/bin/mosquitto_pub';

describe('mosquitto_pub as a device', () => {
  let running: RunningService;
  let token: string;
  beforeAll(async () => {
    running = await startService();
    token = running.service.registry.create('mosq-1').token;
  });
  afterAll(async () => {
    await running.stop();
  });

  const args = (password: string, topic: string, message: string) => [
    '-h', '127.0.0.1', '-p', String(running.service.broker.tcpPort),
    '-u', 'mosq-1', '-P', password, '-i', 'mosq-1', '-q', '1', '-t', topic, '-m', message,
  ];

  it('is accepted with its id and token, and its samples are counted', async () => {
    await run(MOSQUITTO_PUB, args(token, 'posture/mosq-1/imu', jsonBatch(0, 40)));
    await run(MOSQUITTO_PUB, args(token, 'posture/mosq-1/imu', '{"seq": 1, "t0": 1763712001000, "hz": 50, "acc": [0.01, 0.98, -0.12], "gyr": [0.4, -1.2, 0.1]}'));
    await waitFor(() => running.service.sampleCounts.countOf('mosq-1').batches === 2, 5000, 'consumer');
    expect(running.service.sampleCounts.countOf('mosq-1').samples).toBe(41);
  });

  it('fails with a wrong token', async () => {
    await expect(run(MOSQUITTO_PUB, args('wrong', 'posture/mosq-1/imu', jsonBatch(2, 5)))).rejects.toThrow();
    await running.service.broker.settled(); // the broker thread's counts have arrived
    expect(running.service.metrics.mqttAuthRefusals.value({ reason: 'bad_token' })).toBe(1);
  });
});
