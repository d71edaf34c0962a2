/**
 * `npm run sim -- run` end to end through its exported function, against a real Mosquitto: JSON and text
 * summaries, exit codes, history with t0 in the past, tokens, usage errors.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunArgs, run, type RunCommandIo } from '../src/cli/run-command.js';
import type { FleetSummary } from '../src/fleet/fleet-summary.js';
import { missingSeqs, recordBatches, startTestBroker, waitFor, type BatchRecorder, type TestBroker } from './device-test-broker.js';

let broker: TestBroker;
let recorder: BatchRecorder;
let dir: string;

beforeAll(async () => {
  broker = await startTestBroker();
  recorder = await recordBatches(broker.url);
  dir = await mkdtemp(join(tmpdir(), 'stance-run-'));
});
afterAll(async () => {
  await recorder?.close();
  await broker?.close();
  await rm(dir, { recursive: true, force: true });
});

function capture(tty = false): RunCommandIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t), isTTY: tty, columns: 100 },
    handleSignals: false,
    out: () => out,
    err: () => err,
  };
}

describe('run command', () => {
  it('drives a fleet and prints a JSON summary; exit 0 when every batch was acknowledged', async () => {
    const io = capture();
    const code = await run(
      ['--devices', '3', '--broker', broker.url, '--scenario', 'desk-day,walk', '--speed', '40', '--duration', '20',
        '--batch-s', '0.5', '--format', 'binary', '--id-prefix', 'json-', '--stagger-ms', '5', '--json'],
      io,
    );
    expect(io.err()).not.toContain('error');
    expect(code).toBe(0);
    const summary = JSON.parse(io.out()) as FleetSummary;
    expect(summary.ok).toBe(true);
    expect(summary.totals).toMatchObject({ generated: 120, acknowledged: 120, buffered: 0, dropped: 0, reconnects: 0 });
    expect(summary.devices.map((d) => [d.deviceId, d.scenario])).toEqual([
      ['json-001', 'desk-day'],
      ['json-002', 'walk'],
      ['json-003', 'desk-day'],
    ]);
    await waitFor(() => recorder.unique() >= 120, 5000, 'subscriber saw all');
    for (const d of summary.devices) expect(missingSeqs(recorder.seqs.get(d.deviceId), 40)).toEqual([]);
    // Progress went to stderr as plain lines (not a terminal): no carriage returns.
    expect(io.err()).toMatch(/gen \d+ ack \d+/);
    expect(io.err()).not.toContain('\r');
  });

  it('produces history ending now, t0 in the past, then goes live; text summary', async () => {
    const io = capture(true);
    const before = Date.now();
    const code = await run(
      ['--devices', '2', '--broker', broker.url, '--history-days', '0.01', '--duration', '2', '--speed', '4',
        '--id-prefix', 'hist-', '--tokens', await tokensFile({ 'hist-001': 'a', 'hist-002': 'b' })],
      io,
    );
    expect(code).toBe(0);
    expect(io.out()).toContain('result: OK');
    expect(io.out()).toMatch(/generated\s+1,732/); // 2 x (864 s of history + 2 s live)
    expect(io.err()).toContain('\r'); // a terminal gets one redrawn line
    await waitFor(() => (recorder.seqs.get('hist-002')?.size ?? 0) >= 866, 5000, 'history received');
    const info = recorder.batches.get('hist-001')!;
    expect(Math.abs(info.get(0)!.t0Ms - (before - 864_000))).toBeLessThan(2000);
    // The last batch holds data from about now (live part at speed 4 runs a little ahead of the wall clock).
    expect(Math.abs(info.get(865)!.t0Ms - Date.now())).toBeLessThan(5000);
  });

  it('exits 1 when batches could not be delivered', async () => {
    const io = capture();
    const code = await run(
      ['--devices', '1', '--broker', 'mqtt://127.0.0.1:1', '--speed', '50', '--duration', '5', '--drain-timeout', '0.5',
        '--id-prefix', 'nobroker-', '--quiet'],
      io,
    );
    expect(code).toBe(1);
    expect(io.out()).toMatch(/generated\s+5/);
    expect(io.out()).toContain('result: FAILED, 5 batch(es) not acknowledged');
    expect(io.err()).toContain('connection error');
  });

  it('explains every flag with --help and refuses bad flags with exit 2', async () => {
    const help = capture();
    expect(await run(['--help'], help)).toBe(0);
    for (const flag of ['--devices', '--broker', '--scenario', '--speed', '--duration', '--rate', '--format', '--id-prefix',
      '--token', '--tokens', '--seed', '--batch-s', '--history-days', '--json']) {
      expect(help.out()).toContain(flag);
    }
    for (const bad of [['--format', 'xml'], ['--devices', '0'], ['--speed', 'fast'], ['--scenario', 'nope'],
      ['--bogus'], ['--token', 'a', '--tokens', 'f'], ['--tokens', '/nonexistent/tokens.json']]) {
      const io = capture();
      expect(await run(bad, io), bad.join(' ')).toBe(2);
      expect(io.err()).toContain('sim run:');
    }
    const io = capture();
    expect(await run(['--devices', '2', '--tokens', await tokensFile({ 'sim-001': 'x' })], io)).toBe(2);
    expect(io.err()).toContain('no token for sim-002');
  });

  it('parses the flags into fleet settings', () => {
    const o = parseRunArgs(['--speed', 'max', '--token', 't', '--rate', '100', '--seed', '7'], () => 'desk-day');
    expect(o.settings).toMatchObject({ speed: Infinity, tokens: { kind: 'same', token: 't' }, rateHz: 100, seed: 7, scenarios: ['desk-day'] });
    expect(o.settings.durationS).toBeUndefined();
  });
});

async function tokensFile(map: Record<string, string>): Promise<string> {
  const path = join(dir, `tokens-${Object.keys(map).join('-')}.json`);
  await writeFile(path, JSON.stringify(map));
  return path;
}
