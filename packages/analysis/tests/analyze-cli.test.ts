/**
 * The analyze command as a subprocess (contracts section 3) on small generated files, including every error.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesise, toCsv } from './synthetic-imu.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'packages/analysis/src/cli/analyze.ts');
let dir = '';

interface Run { code: number; stdout: string; stderr: string }

function analyze(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// 10 s neutral, a 40° bend, then 60 s slouched at 30°, upright, a short walk.
const SESSION = synthesise([
  { durationS: 10, flexionDeg: 0 },
  { durationS: 4, flexionDeg: 40, rampS: 1.5 },
  { durationS: 26, flexionDeg: 5 },
  { durationS: 60, flexionDeg: 30 },
  { durationS: 30, flexionDeg: 4 },
  { durationS: 20, flexionDeg: 5, walkG: 0.15 },
], 50, 3);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stance-analyze-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.concurrent('analyze command', () => {
  it('analyses a calibrated session: series, episodes with the file time base, summary, up', async () => {
    // Columns in another order plus an extra one, CRLF line ends: found by name.
    const csv = toCsv(SESSION).split('\n').map((line, i) => {
      if (line === '') return line;
      const f = line.split(',');
      return [f[6], f[0], 'x', f[3], f[1], f[2], f[4], f[5]].map((v, k) => (i === 0 && k === 2 ? 'temp_c' : v)).join(',');
    }).join('\r\n');
    const path = file('session.csv', csv);
    const r = await analyze(path, '--neutral', '2:9', '--bend', '10:14', '--every', '5', '--emit-up');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out.algorithm).toMatch(/^stance-posture@\d+\.\d+\.\d+$/);
    expect(out.calibration).toMatchObject({ method: 'windows', found: true, neutral: [2, 9], bend: [10, 14] });
    expect(out.series.length).toBeGreaterThanOrEqual(30);
    expect(out.series[1]).toEqual({ t: 0, flexionDeg: expect.any(Number), lateralDeg: expect.any(Number), activity: 'still', posture: 'upright' });
    expect(out.series.find((p: any) => p.t === 60)).toMatchObject({ activity: 'still', posture: 'slouched' });
    expect(out.series.find((p: any) => p.t === 60).flexionDeg).toBeCloseTo(30, 0);
    expect(out.series.find((p: any) => p.t === 140).activity).toBe('walking');
    expect(out.episodes).toHaveLength(1);
    const e = out.episodes[0];
    expect(e.start).toBeCloseTo(40.6, 0);
    expect(e.end).toBeCloseTo(100.4, 0);
    expect(e.durationS).toBeCloseTo(e.end - e.start, 2);
    expect(e.peakFlexionDeg).toBeGreaterThan(29);
    expect(e.meanFlexionDeg).toBeCloseTo(30, 0);
    const s = out.summary;
    for (const key of ['durationS', 'wornS', 'uprightS', 'slouchS', 'uprightPct', 'episodeCount', 'meanFlexionDeg', 'p90FlexionDeg', 'meanLateralDeg']) {
      expect(typeof s[key], key).toBe('number');
    }
    expect(s.durationS).toBeCloseTo(150, 0);
    expect(s.episodeCount).toBe(1);
    expect(s.p90FlexionDeg).toBeCloseTo(30, 0);
    expect(out.up).toHaveLength(SESSION.count);
    const [t, x, y, z] = out.up[100];
    expect(t).toBeCloseTo(SESSION.timeS[100]!, 3);
    expect(Math.hypot(x, y, z)).toBeCloseTo(1, 5);
  });

  it('calibrates itself without --neutral and says how', async () => {
    const r = await analyze(file('auto.csv', toCsv(SESSION)));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out.calibration.source).toMatch(/automatic/);
    expect(typeof out.calibration.method).toBe('string');
    expect(out.up).toBeUndefined();
    expect(out.series.length).toBeGreaterThanOrEqual(140);
  });

  it('takes --slouch-deg and --min-slouch-s', async () => {
    const path = file('opts.csv', toCsv(SESSION));
    const high = JSON.parse((await analyze(path, '--neutral', '2:9', '--bend', '10:14', '--slouch-deg', '35')).stdout);
    expect(high.episodes).toHaveLength(0);
    const long = JSON.parse((await analyze(path, '--neutral', '2:9', '--bend', '10:14', '--min-slouch-s=90')).stdout);
    expect(long.episodes).toHaveLength(0);
  });

  const header = 'time_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps';
  const rows = (n: number, rateHz = 50): string[] =>
    Array.from({ length: n }, (_, i) => `${(i / rateHz).toFixed(4)},0.01,0.02,0.99,0.1,0.2,0.3`);

  it.each([
    ['a missing column', `time_s,ax_g,ay_g,az_g,gx_dps,gy_dps\n${rows(100).join('\n')}`, /line 1: missing column gz_dps/],
    ['an unreadable number', `${header}\n${rows(100).map((r, i) => (i === 41 ? r.replace('0.99', '0.9x9') : r)).join('\n')}`, /line 43: unreadable number in column az_g: "0\.9x9"/],
    ['a short row', `${header}\n${rows(100).map((r, i) => (i === 9 ? '0.18,0.1,0.2' : r)).join('\n')}`, /line 11: missing value for column az_g/],
    ['an empty field', `${header}\n${rows(100).map((r, i) => (i === 4 ? r.replace(',0.2,', ',,') : r)).join('\n')}`, /line 6: unreadable number in column gy_dps/],
    ['too few samples', `${header}\n${rows(20).join('\n')}\n`, /line 21: too few samples: 20/],
    ['time going backwards', `${header}\n${rows(100).map((r, i) => (i === 70 ? r.replace(/^[^,]+/, '0.5') : r)).join('\n')}`, /line 72: time does not increase/],
    ['a repeated timestamp', `${header}\n${rows(100).map((r, i) => (i === 30 ? r.replace(/^[^,]+/, (29 / 50).toFixed(4)) : r)).join('\n')}`, /line 32: time does not increase/],
    ['a rate below 25 Hz', `${header}\n${rows(100, 10).join('\n')}`, /sample rate 10\.0 Hz .*lines 2-101.* outside/],
    ['a rate above 300 Hz', `${header}\n${rows(100, 1000).join('\n')}`, /sample rate 1000\.0 Hz/],
    ['an empty file', '', /line 1: empty file/],
  ])('refuses %s with a one-line reason naming the line', async (_name, text, message) => {
    const r = await analyze(file(`bad-${_name.replace(/\W+/g, '-')}.csv`, text));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [['--neutral', '2:9'], /no input file/],
    [['x.csv', '--bogus'], /unknown option --bogus/],
    [['x.csv', '--neutral', '9:2'], /--neutral expects A:B/],
    [['x.csv', '--every', '0'], /--every must be more than 0/],
    [['x.csv', '--slouch-deg', 'abc'], /--slouch-deg expects a number/],
    [['x.csv', '--bend', '1:2'], /--bend needs --neutral/],
  ])('refuses bad arguments %j with usage', async (args, message) => {
    const r = await analyze(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage:/);
  });

  it('refuses a missing file and windows outside the recording', async () => {
    const missing = await analyze(join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.csv \(ENOENT\)/);
    const path = file('window.csv', toCsv(SESSION));
    const outside = await analyze(path, '--neutral', '500:510');
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/--neutral 500:510 lies outside the recording/);
    const moving = await analyze(path, '--neutral', '9:16', '--bend', '10:14');
    expect(moving.code).toBe(1);
    expect(moving.stderr).toMatch(/calibration refused \(window_moving\)/);
  });

  it('prints its usage for --help', async () => {
    const r = await analyze('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: npm run -s analyze/);
  });
});
