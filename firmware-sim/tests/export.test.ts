import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run as runExport } from '../src/cli/export-command.js';
import { run as runScenarios } from '../src/cli/scenarios-command.js';
import { ANALYSIS_CSV_HEADER, TRUTH_CSV_HEADER, writeRecordingFiles } from '../src/export/recording-csv.js';
import { generateScenario, scenarioNames } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'stance-sim-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NUMBER = /^-?\d+(\.\d+)?$/;

function checkAnalysisCsv(text: string, rateHz: number, samples: number): void {
  const lines = text.split('\n');
  expect(lines[0]).toBe(ANALYSIS_CSV_HEADER);
  expect(lines[lines.length - 1]).toBe('');
  const rows = lines.slice(1, -1);
  expect(rows.length).toBe(samples);
  let prev = -Infinity;
  rows.forEach((row, i) => {
    const cells = row.split(',');
    expect(cells.length).toBe(7);
    for (const c of cells) expect(c).toMatch(NUMBER);
    const t = Number(cells[0]);
    if (i === 0) expect(t).toBe(0);
    expect(t).toBeGreaterThan(prev);
    // Nominal spacing with clock error and jitter: within half a period of i / rate.
    expect(Math.abs(t - i / rateHz)).toBeLessThan(0.5 / rateHz + 1e-3);
    prev = t;
    const [ax, ay, az] = cells.slice(1, 4).map(Number);
    expect(Math.hypot(ax!, ay!, az!)).toBeLessThan(4 * Math.sqrt(3));
  });
}

describe('export', () => {
  it.each(scenarioNames())('%s exports at 25, 50 and 100 Hz as contract CSV plus truth', (name) => {
    for (const rateHz of [25, 50, 100]) {
      const rec = generateScenario(name, { seed: 3, rateHz, durationS: 20 });
      const out = join(dir, `${name}-${rateHz}.csv`);
      const paths = writeRecordingFiles(rec, out);
      checkAnalysisCsv(readFileSync(paths.csv, 'utf8'), rateHz, 20 * rateHz);
      const truth = readFileSync(paths.truthCsv, 'utf8').split('\n');
      expect(truth[0]).toBe(TRUTH_CSV_HEADER);
      expect(truth.length).toBe(20 * rateHz + 2);
      const first = truth[1]!.split(',');
      expect(first.length).toBe(7);
      expect(['still', 'moving', 'walking', 'lying', 'not_worn']).toContain(first[3]);
      const json = JSON.parse(readFileSync(paths.truthJson, 'utf8')) as Record<string, unknown>;
      expect(json['scenario']).toBe(name);
      expect(json['rateHz']).toBe(rateHz);
      expect(json['seed']).toBe(3);
      expect(json['windows']).toEqual(rec.windows);
      expect(json).toHaveProperty('episodes.slouchDeg', 20);
      expect(json).toHaveProperty('episodes.minSlouchS', 30);
      expect(json).toHaveProperty('errors.settings.accRangeG', 4);
      expect(json).toHaveProperty('mounting.name', 'back-clip');
    }
  });
});

describe('sim export / scenarios commands', () => {
  function capture(): { err: string[]; out: string[]; restore: () => void } {
    const err: string[] = [], out: string[] = [];
    const e = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    const o = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    return { err, out, restore: () => (e.mockRestore(), o.mockRestore()) };
  }

  it('writes the three files', async () => {
    const c = capture();
    const out = join(dir, 'cli.csv');
    const code = await runExport(['--scenario', 'walk', '--seed', '4', '--rate=100', '--out', out, '--duration', '12', '--mounting', 'tilted', '--errors', 'none']);
    c.restore();
    expect(code).toBe(0);
    checkAnalysisCsv(readFileSync(out, 'utf8'), 100, 1200);
    const json = JSON.parse(readFileSync(join(dir, 'cli.truth.json'), 'utf8')) as { mounting: { name: string }; errors: { settings: { adcBits: number } } };
    expect(json.mounting.name).toBe('tilted');
    expect(json.errors.settings.adcBits).toBe(0);
  });

  it.each([
    [['--scenario', 'walk'], /missing --out/],
    [['--scenario', 'nope', '--out', 'x.csv'], /unknown scenario "nope"/],
    [['--scenario', 'walk', '--out', 'x.csv', '--rate', '5'], /--rate must be 25..300/],
    [['--scenario', 'walk', '--out', 'x.csv', '--rate', 'fast'], /--rate must be a number/],
    [['--scenario', 'walk', '--out', 'x.csv', '--errors', 'some'], /--errors must be none, typical or uncalibrated/],
    [['--scenario', 'walk', '--out', 'x.csv', '--mounting', 'hat'], /unknown mounting "hat"/],
    [['--scenario', 'walk', '--out', 'x.csv', '--duration', '-3'], /--duration must be > 0/],
    [['--scenario', 'walk', '--out', 'x.csv', '--colour', 'red'], /unknown flag --colour/],
    [['--scenario', 'walk', '--out'], /--out needs a value/],
  ])('export %j fails with a one-line error and exit 2', async (argv, message) => {
    const c = capture();
    const code = await runExport(argv);
    c.restore();
    expect(code).toBe(2);
    expect(c.err.length).toBe(1);
    expect(c.err[0]).toMatch(message);
    expect(c.err[0]).not.toContain('\n');
  });

  it('--help explains every flag; scenarios lists them all', async () => {
    const c = capture();
    expect(await runExport(['--help'])).toBe(0);
    expect(await runScenarios([])).toBe(0);
    expect(await runScenarios(['--bogus'])).toBe(2);
    c.restore();
    const help = c.out[0]!;
    for (const flag of ['--scenario', '--seed', '--rate', '--out', '--duration', '--mounting', '--errors', '--help']) expect(help).toContain(flag);
    const listing = c.out.slice(1).join('\n');
    for (const name of scenarioNames()) expect(listing).toMatch(new RegExp(`^${name} `, 'm'));
  });
});
