/**
 * `npm run bench [-- --json FILE] [-- --only NAME]`: runs every `bench/*.bench.ts`, prints one table,
 * and optionally writes the figures as JSON. Each bench reports medians of several runs; ratios are
 * computed inside one bench so both sides share the machine's momentary load.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './bench-result.js';

/** Benches that run only when named with `--only`. */
const OPT_IN = ['soak.ts'];

interface BenchArgs {
  jsonFile: string | undefined;
  only: string | undefined;
}

function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { jsonFile: undefined, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--json' && value !== undefined) {
      args.jsonFile = value;
      i++;
    } else if (flag === '--only' && value !== undefined) {
      args.only = value;
      i++;
    } else if (flag === '--help' || flag === '-h') {
      console.log('usage: npm run bench [-- --json FILE] [--only NAME-SUBSTRING]   (--only soak: the 30-minute soak, not in the default run)');
      process.exit(0);
    } else {
      throw new Error(`bench: unknown argument "${flag}" (try --help)`);
    }
  }
  return args;
}

function formatValue(value: number): string {
  if (Math.abs(value) >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (Math.abs(value) >= 1e4) return `${(value / 1e3).toFixed(1)} k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

function printTable(rows: Array<BenchResult & { file: string }>): void {
  const header = ['bench', 'figure', 'median', 'unit', 'note'];
  const cells = rows.map((r) => [r.file, r.name, formatValue(r.value), r.unit, r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((s, i) => s.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const here = dirname(fileURLToPath(import.meta.url));
  // Long runs (the 30-minute soak) are not in the default run; `--only soak` picks them.
  const files = (await readdir(here))
    .filter((f) => f.endsWith('.bench.ts') || (args.only !== undefined && OPT_IN.includes(f)))
    .filter((f) => args.only === undefined || f.includes(args.only))
    .sort();
  const rows: Array<BenchResult & { file: string }> = [];
  for (const file of files) {
    const name = file.replace(/(\.bench)?\.ts$/, '');
    process.stderr.write(`bench: running ${name}...\n`);
    const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
    for (const result of await mod.run()) rows.push({ file: name, ...result });
  }
  printTable(rows);
  if (args.jsonFile !== undefined) {
    const doc = { date: new Date().toISOString(), node: process.version, results: rows };
    await writeFile(args.jsonFile, JSON.stringify(doc, null, 2) + '\n');
    process.stderr.write(`bench: wrote ${args.jsonFile}\n`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
