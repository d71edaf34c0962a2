/**
 * Do hostile clients move the latency of the others? A fleet of 200 well-behaved sensors at 50 Hz (the lean
 * load generator, one-second batches, QoS 1) publishes to the ingest service (its own process, shipped
 * settings) the whole time, while misbehaving clients take turns: wrong passwords, idle sockets, a flooding
 * device, oversized packets, forbidden topics, slow readers, a reconnect storm (bench/hostile/hostile-actors.ts).
 * Every attack phase is measured beside a quiet phase just before it (the machine is shared: neighbours, not only
 * the attack, move the figures). Per phase: p50 and p99 of batch end to stored for the well-behaved devices (as
 * in the ingest bench), PUBACK p99, and whether anything of theirs was lost.
 *
 * Environment: STANCE_BENCH_HOSTILE_WINDOW_S (default 8), STANCE_BENCH_HOSTILE_DEVICES (default 200),
 * STANCE_BENCH_HOSTILE_ONLY (run only the attacks whose name contains it, e.g. `storm`).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';
import {
  flood, idleSockets, oversize, reconnectStorm, slowReaders, topicTricks, wrongPasswords, type Actor, type ActorTarget,
} from './hostile/hostile-actors.js';
import { createBatchSource, type BatchSource } from './ingest/batch-source.js';
import { startIngestService } from './ingest/ingest-service.js';
import { HISTOGRAM_LIMIT_MS, quantileMs } from './ingest/latency-histogram.js';
import { LoadGenerator, type WindowCounts } from './ingest/load-generator.js';
import { loadAverage1m } from './ingest/proc-stats.js';
import type { TimeWindow, WindowResult } from './ingest/system-under-test.js';

const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));

function envInt(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? '');
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

interface Phase {
  name: string;
  /** null: a quiet phase (the fleet alone). */
  start: ((t: ActorTarget, source: BatchSource, first: number) => Promise<Actor> | Actor) | null;
}

/** Devices of the single-device attackers, after the fleet's; the reconnect storm's come after them. */
const ATTACKER_DEVICES = 10;
const STORM_DEVICES = 2000;

const ATTACKS: Phase[] = [
  { name: '1,000s of wrong passwords', start: (t, _s, first) => wrongPasswords(t, first) },
  { name: '2,000 idle sockets (no CONNECT)', start: (t) => idleSockets(t, 2000) },
  { name: 'one device flooding', start: (t, s, first) => flood(t, first, s) },
  { name: 'oversized packets', start: (t, _s, first) => oversize(t, first + 1) },
  { name: 'forbidden topics', start: (t, s, first) => topicTricks(t, first + 2, s) },
  { name: 'slow readers', start: (t, s, first) => slowReaders(t, [first + 3, first + 4, first + 5, first + 6, first + 7], s) },
  { name: `a reconnect storm (${STORM_DEVICES.toLocaleString('en')} devices)`, start: (t, _s, first) => reconnectStorm(t, first + ATTACKER_DEVICES, STORM_DEVICES) },
];

interface PhaseResult {
  name: string;
  window: TimeWindow;
  counts: WindowCounts;
  actor: string;
  load: number;
}

export async function run(): Promise<BenchResult[]> {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const windowS = envInt('STANCE_BENCH_HOSTILE_WINDOW_S', 8);
  const fleet = envInt('STANCE_BENCH_HOSTILE_DEVICES', 200);
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  const source = createBatchSource();
  // Devices 0..fleet-1 behave; the next ten are the attackers' own (valid) devices, then the storm's.
  // LOG_LEVEL error: the service logs every refused login and closed connection as a warning (thousands here).
  const sut = await startIngestService({ devices: fleet + ATTACKER_DEVICES + STORM_DEVICES, repoRoot, pollMs: 10, env: { LOG_LEVEL: 'error' } });
  const phases: PhaseResult[] = [];
  const generator = new LoadGenerator(sut.target, source);
  try {
    await generator.grow(fleet);
    generator.start();
    await new Promise((r) => setTimeout(r, 3000));
    const only = (process.env.STANCE_BENCH_HOSTILE_ONLY ?? '').toLowerCase();
    const schedule: Phase[] = ATTACKS.filter((a) => a.name.toLowerCase().includes(only)).flatMap((a) => [{ name: `quiet before: ${a.name}`, start: null }, a]);
    for (const phase of schedule) {
      const actor = phase.start ? await phase.start(sut.target, source, fleet) : null;
      const window = { fromMs: Date.now() + 2000, toMs: 0 };
      window.toMs = window.fromMs + windowS * 1000;
      await sut.windowOpening(window);
      const counts = generator.openWindow(window.fromMs, window.toMs);
      await sleepUntil(window.toMs);
      const load = loadAverage1m();
      await actor?.stop();
      phases.push({ name: phase.name, window, counts, actor: actor?.summary() ?? 'the fleet alone', load });
      log(`hostile: ${phase.name}: ${actor?.summary() ?? 'the fleet alone'}`);
      await new Promise((r) => setTimeout(r, 1500)); // let the attack's tail pass before the next window
    }
  } finally {
    generator.stop();
  }
  await generator.drained(60_000);
  await sut.settle(60_000);
  const final = await sut.results(phases.map((p) => p.window));
  await generator.close();
  await sut.stop();

  const figures = phases.map((p, i) => {
    const r = final[i] as WindowResult;
    const missing = Math.max(0, p.counts.offered - r.stored);
    const h = { counts: Uint32Array.from(r.latency.counts), n: r.latency.n + missing };
    h.counts[HISTOGRAM_LIMIT_MS] = (h.counts[HISTOGRAM_LIMIT_MS] as number) + missing;
    return { ...p, p50: quantileMs(h, 0.5), p99: quantileMs(h, 0.99), ackP99: quantileMs(p.counts.ackLatency, 0.99), lost: missing };
  });
  log(`hostile: ${fleet} well-behaved devices at 50 Hz; windows of ${windowS} s`);
  log('phase | offered | lost | p50 ms | p99 ms | PUBACK p99 ms | load | attacker');
  for (const f of figures) log(`${f.name} | ${f.counts.offered} | ${f.lost} | ${f.p50} | ${f.p99} | ${f.ackP99} | ${f.load.toFixed(1)} | ${f.actor}`);

  const results: BenchResult[] = [];
  for (let i = 1; i < figures.length; i += 2) {
    const quiet = figures[i - 1] as (typeof figures)[number];
    const attack = figures[i] as (typeof figures)[number];
    results.push({
      name: `hostile: ${attack.name}, others' p99 stored`,
      value: attack.p99,
      unit: 'ms',
      note: `quiet just before ${quiet.p99} ms (ratio ${(attack.p99 / quiet.p99).toFixed(2)}); p50 ${attack.p50} vs ${quiet.p50} ms; ` +
        `PUBACK p99 ${attack.ackP99} vs ${quiet.ackP99} ms; lost ${attack.lost}; ${fleet} devices; load ${attack.load.toFixed(1)}`,
    });
  }
  return results;
}

// Run directly: `npx tsx bench/hostile-clients.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(`${r.name}: ${r.value} ${r.unit} (${r.note ?? ''})`);
}
