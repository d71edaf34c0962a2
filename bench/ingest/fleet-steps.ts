/**
 * Steps a fleet up against one system: at each size the fleet grows (new connections while the others keep
 * publishing), runs `warmUpS`, then is measured for `windowS`. The next step starts only if this one held
 * (p99 of batch end to stored under the limit, and everything offered stored within `graceS` of the window's
 * end, or in the p99's worst percent). After the last step the load stops, every PUBACK is awaited, the
 * system drains, and every window is counted again from what was finally stored: that count decides loss.
 */
import type { BatchSource } from './batch-source.js';
import { HISTOGRAM_LIMIT_MS, quantileMs } from './latency-histogram.js';
import { LoadGenerator, type WindowCounts } from './load-generator.js';
import { cpuTimeS, loadAverage1m, rssBytes } from './proc-stats.js';
import type { SystemUnderTest, TimeWindow, WindowResult } from './system-under-test.js';

export interface StepSettings {
  /** Fleet sizes, ascending. */
  fleets: number[];
  /** Run time at a new size before measuring, s. */
  warmUpS: number;
  /** Measurement window, s. */
  windowS: number;
  /** Wait after a window before judging it, s. */
  graceS: number;
  /** The latency bound a step must hold at p99, ms. */
  p99LimitMs: number;
  /** Longest wait for the drain at the end, s. */
  drainTimeoutS: number;
}

export interface StepResult {
  devices: number;
  offered: number;
  stored: number;
  lost: number;
  offeredPerS: number;
  storedPerS: number;
  samplesPerS: number;
  p50Ms: number;
  p99Ms: number;
  /** PUBACK latency (the batch is durable in the journal), p99. */
  ackP99Ms: number;
  /** The load generator's own send lag, p99 (large: the generator, not the system, was the limit). */
  sendLagP99Ms: number;
  /** CPU of the measured process over the window, % of one core. */
  cpuPct: number;
  /** CPU of the load generator (this process) over the window, % of one core. */
  generatorCpuPct: number;
  rssMb: number;
  /** (RSS − RSS before any device) / devices, KiB. */
  kibPerDevice: number;
  load1m: number;
  held: boolean;
}

const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));

/** Latency percentiles with the batches not stored (yet) counted as later than anything. */
function judge(offered: number, r: WindowResult, limitMs: number): { p50Ms: number; p99Ms: number; held: boolean } {
  const missing = Math.max(0, offered - r.stored);
  const h = { counts: Uint32Array.from(r.latency.counts), n: r.latency.n + missing };
  h.counts[HISTOGRAM_LIMIT_MS] = (h.counts[HISTOGRAM_LIMIT_MS] as number) + missing;
  const p99Ms = quantileMs(h, 0.99);
  return { p50Ms: quantileMs(h, 0.5), p99Ms, held: offered > 0 && p99Ms < limitMs };
}

export async function runSteps(
  sut: SystemUnderTest,
  source: BatchSource,
  settings: StepSettings,
  progress: (line: string) => void,
): Promise<StepResult[]> {
  const generator = new LoadGenerator(sut.target, source);
  const rss0 = rssBytes(sut.pid);
  const windows: TimeWindow[] = [];
  const counts: WindowCounts[] = [];
  const partial: Array<Omit<StepResult, 'stored' | 'lost' | 'storedPerS' | 'p50Ms' | 'p99Ms' | 'held'>> = [];
  const samplesPerBatch = Math.round(source.settings.batchS * source.settings.rateHz);
  try {
    for (const devices of settings.fleets) {
      try {
        await generator.grow(devices);
      } catch (error) {
        // A system too busy to accept the new connections does not hold this fleet: the ladder stops here.
        progress(`${sut.label}: ${devices} devices could not all connect (${error instanceof Error ? error.message : String(error)}): NOT held`);
        break;
      }
      generator.start();
      const window = { fromMs: Date.now() + settings.warmUpS * 1000, toMs: 0 };
      window.toMs = window.fromMs + settings.windowS * 1000;
      await sut.windowOpening(window);
      windows.push(window);
      const c = generator.openWindow(window.fromMs, window.toMs);
      counts.push(c);
      await sleepUntil(window.fromMs);
      const cpu0 = cpuTimeS(sut.pid);
      const gen0 = process.cpuUsage();
      await sleepUntil(window.toMs);
      const cpuS = cpuTimeS(sut.pid) - cpu0;
      const gen = process.cpuUsage(gen0);
      const rss = rssBytes(sut.pid);
      partial.push({
        devices,
        offered: c.offered,
        offeredPerS: c.offered / settings.windowS,
        samplesPerS: (c.offered * samplesPerBatch) / settings.windowS,
        ackP99Ms: Number.NaN,
        sendLagP99Ms: quantileMs(c.sendLag, 0.99),
        cpuPct: (100 * cpuS) / settings.windowS,
        generatorCpuPct: (100 * (gen.user + gen.system)) / 1e6 / settings.windowS,
        rssMb: rss / 2 ** 20,
        kibPerDevice: (rss - rss0) / 1024 / devices,
        load1m: loadAverage1m(),
      });
      await sleepUntil(window.toMs + settings.graceS * 1000);
      const now = (await sut.results(windows)).at(-1) as WindowResult;
      // Read now, not at the window's end: a lagging generator sends the window's last batches after it.
      const verdict = judge(c.offered, now, settings.p99LimitMs);
      const p = partial.at(-1) as (typeof partial)[number];
      progress(
        `${sut.label}: ${devices} devices, ${(c.offered / settings.windowS).toFixed(0)} batches/s offered, p50 ${verdict.p50Ms} ms, ` +
          `p99 ${verdict.p99Ms} ms, cpu ${p.cpuPct.toFixed(0)} %, generator ${p.generatorCpuPct.toFixed(0)} % ` +
          `(send lag p99 ${p.sendLagP99Ms} ms), rss ${p.rssMb.toFixed(0)} MB: ${verdict.held ? 'held' : 'NOT held'}`,
      );
      if (!verdict.held) break;
    }
  } finally {
    generator.stop();
  }
  const acked = await generator.drained(settings.drainTimeoutS * 1000);
  const settled = acked && (await sut.settle(settings.drainTimeoutS * 1000));
  if (!settled) progress(`${sut.label}: did not drain within ${settings.drainTimeoutS} s (${generator.inflight} unacknowledged)`);
  const final = await sut.results(windows);
  await generator.close();
  if (generator.errors.length > 0) progress(`${sut.label}: connection errors: ${generator.errors.join('; ')}`);
  return partial.map((p, i) => {
    const r = final[i] as WindowResult;
    const c = counts[i] as WindowCounts;
    const v = judge(c.offered, r, settings.p99LimitMs);
    const lost = c.offered - r.stored;
    return {
      ...p,
      offered: c.offered,
      offeredPerS: c.offered / settings.windowS,
      samplesPerS: (c.offered * samplesPerBatch) / settings.windowS,
      sendLagP99Ms: quantileMs(c.sendLag, 0.99),
      ackP99Ms: quantileMs(c.ackLatency, 0.99),
      stored: r.stored,
      lost,
      storedPerS: r.stored / settings.windowS,
      p50Ms: v.p50Ms,
      p99Ms: v.p99Ms,
      held: v.held && lost === 0,
    };
  });
}
