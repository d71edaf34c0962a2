/**
 * Dashboard queries over a year of data for 100 wearers (bench/queries/query-dataset.ts: the service's own
 * SQLite schema, generated once and cached under .tmp/bench-queries/), timed through the real HTTP app: the
 * service is created on that database and each request goes through `app.inject` with a bearer token (routing,
 * the access hook's session lookup, schema validation, the store, serialisation). Each query is asked for a
 * random wearer each time; `ROUNDS` rounds of `PER_ROUND` requests per query, interleaved, after a warm-up;
 * the figures are the medians over the rounds of each round's p50 and p95. Target: p95 < 50 ms.
 *
 * Environment: STANCE_BENCH_QUERIES_ROUNDS, STANCE_BENCH_QUERIES_PER_ROUND (defaults 3 and 60).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIngestService, DEFAULT_INGEST_SETTINGS } from '@stance/ingest';
import type { BenchResult } from './bench-result.js';
import { queryCases, type QueryCase } from './queries/query-cases.js';
import { ensureQueryDataset, type QueryWearer } from './queries/query-dataset.js';

const TARGET_P95_MS = 50;
const ADMIN = { email: 'bench-admin@example.org', password: 'bench-admin-password' };

function envInt(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? '');
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

interface CaseTiming {
  c: QueryCase;
  /** null: the route answered 404 ROUTE_NOT_FOUND (not built yet). */
  roundP50: number[];
  roundP95: number[];
  missing: boolean;
  bytes: number[];
}

export async function run(): Promise<BenchResult[]> {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const rounds = envInt('STANCE_BENCH_QUERIES_ROUNDS', 3);
  const perRound = envInt('STANCE_BENCH_QUERIES_PER_ROUND', 60);
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  const dataset = ensureQueryDataset(repoRoot, undefined, log);
  log(`queries: dataset ${(dataset.bytes / 2 ** 20).toFixed(0)} MB, rows ${Object.entries(dataset.rows).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}`);

  const service = await createIngestService({
    ...DEFAULT_INGEST_SETTINGS,
    host: '127.0.0.1', httpPort: 0, mqttPort: 0, mqttWsPath: '', logLevel: 'silent',
    dataDir: dataset.dataDir, adminEmail: ADMIN.email, adminPassword: ADMIN.password,
  });
  await service.start();
  const results: BenchResult[] = [];
  try {
    const login = await service.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    if (login.statusCode !== 200) throw new Error(`bench: login failed (${login.statusCode} ${login.body})`);
    const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
    let seed = 1;
    const nextWearer = (): QueryWearer => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return dataset.wearers[seed % dataset.wearers.length] as QueryWearer;
    };
    const ask = async (c: QueryCase): Promise<{ ms: number; status: number; bytes: number; body: string }> => {
      const url = c.url(nextWearer());
      const t0 = process.hrtime.bigint();
      const res = await service.app.inject({ method: 'GET', url, headers });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      return { ms, status: res.statusCode, bytes: res.rawPayload.length, body: res.statusCode === 200 ? '' : res.body.slice(0, 200) };
    };

    const timings: CaseTiming[] = queryCases(dataset.settings).map((c) => ({ c, roundP50: [], roundP95: [], missing: false, bytes: [] }));
    for (const t of timings) {
      const first = await ask(t.c);
      if (first.status === 404 && first.body.includes('ROUTE_NOT_FOUND')) {
        t.missing = true;
        log(`queries: ${t.c.name}: route not built (${first.body})`);
        continue;
      }
      if (first.status !== 200) throw new Error(`bench: ${t.c.name} answered ${first.status}: ${first.body}`);
      for (let i = 0; i < 10; i++) await ask(t.c); // warm-up: JIT, statement cache, pages
    }
    for (let r = 0; r < rounds; r++) {
      for (const t of timings) {
        if (t.missing) continue;
        const ms: number[] = [];
        for (let i = 0; i < perRound; i++) {
          const a = await ask(t.c);
          if (a.status !== 200) throw new Error(`bench: ${t.c.name} answered ${a.status}: ${a.body}`);
          ms.push(a.ms);
          t.bytes.push(a.bytes);
        }
        ms.sort((a, b) => a - b);
        t.roundP50.push(quantile(ms, 0.5));
        t.roundP95.push(quantile(ms, 0.95));
      }
    }
    const common = `${rounds} rounds x ${perRound} requests, random wearer of ${dataset.wearers.length}, app.inject`;
    for (const t of timings) {
      if (t.missing) {
        results.push({ name: `query ${t.c.name}: p95`, value: Number.NaN, unit: 'ms', note: 'route not built yet' });
        continue;
      }
      const p95 = median(t.roundP95);
      const kb = median(t.bytes) / 1024;
      results.push({ name: `query ${t.c.name}: p50`, value: median(t.roundP50), unit: 'ms', note: `${t.c.purpose}; answer ${kb.toFixed(0)} KiB` });
      results.push({
        name: `query ${t.c.name}: p95`,
        value: p95,
        unit: 'ms',
        note: `${p95 < TARGET_P95_MS ? 'under' : 'OVER'} the ${TARGET_P95_MS} ms target; rounds ${t.roundP95.map((x) => x.toFixed(1)).join(' / ')}; ${common}`,
      });
    }
  } finally {
    await service.stop();
  }
  return results;
}

// Run directly: `npx tsx bench/queries.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit} (${r.note ?? ''})`);
}
