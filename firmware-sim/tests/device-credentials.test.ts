/**
 * Credentials (contracts section 2): username = device id, password = token. A broker that refuses a device
 * makes it give up at once, and a fleet of refused devices ends (exit 1) instead of running its whole length.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScenario } from '../src/scenarios/open-scenario.js';
import { SimDevice } from '../src/device/sim-device.js';
import { run } from '../src/cli/run-command.js';
import { missingSeqs, recordBatches, startTestBroker, waitFor, type TestBroker } from './device-test-broker.js';

let broker: TestBroker;
let dir: string;

beforeAll(async () => {
  broker = await startTestBroker({ passwords: { 'auth-001': 'right', 'auth-002': 'right', recorder: 'r' } });
  dir = await mkdtemp(join(tmpdir(), 'stance-auth-'));
});
afterAll(async () => {
  await broker?.close();
  await rm(dir, { recursive: true, force: true });
});

function device(id: string, token: string | undefined): SimDevice {
  return new SimDevice({
    deviceId: id,
    brokerUrl: broker.url,
    stream: openScenario('walk', { seed: 5, rateHz: 50, durationS: 10 }),
    speed: 20,
    ...(token !== undefined ? { token } : {}),
  });
}

describe('device credentials', () => {
  it('connects with its id and token and delivers', async () => {
    const recorder = await recordBatches(broker.url.replace('mqtt://', 'mqtt://recorder:r@'));
    const d = device('auth-001', 'right');
    d.start();
    expect(await d.whenDrained(10_000)).toBe(true);
    await waitFor(() => (recorder.seqs.get('auth-001')?.size ?? 0) >= 10, 5000, 'batches');
    expect(missingSeqs(recorder.seqs.get('auth-001'), 10)).toEqual([]);
    await d.stop(1000);
    await recorder.close();
  });

  it('gives up when the broker refuses its token, with the reason', async () => {
    for (const d of [device('auth-002', 'wrong'), device('auth-002', undefined)]) {
      const errors: string[] = [];
      d.on('connectionError', (e) => errors.push(e.message));
      d.start();
      expect(await d.whenDrained(10_000)).toBe(false);
      expect(d.refusal?.message).toMatch(/Not authorized|Bad username or password/);
      expect(d.producing).toBe(false);
      expect(d.counters.acknowledged).toBe(0);
      await d.kill();
    }
  });

  it('a fleet with wrong tokens ends at once with exit 1 and says why', async () => {
    const tokens = join(dir, 'tokens.json');
    await writeFile(tokens, JSON.stringify({ 'auth-001': 'nope', 'auth-002': 'nope' }));
    let out = '';
    let err = '';
    const code = await run(
      ['--devices', '2', '--broker', broker.url, '--id-prefix', 'auth-', '--tokens', tokens, '--duration', '3600', '--quiet'],
      { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, handleSignals: false },
    );
    expect(code).toBe(1);
    expect(err).toMatch(/auth-00\d: connection error: Connection refused: (Not authorized|Bad username or password)/);
    expect(out).toContain('result: FAILED');
  });
});
