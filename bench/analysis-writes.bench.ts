/**
 * What the analysis consumer costs per one-second batch on a real SQLite database, and what a device's deferred
 * writes (two hour/day rollups read, merged and rewritten as JSON, its JSON checkpoint, its last-seen time) add
 * each time they are written. The consumer runs in process on the analysis rig (apps/ingest/tests/analysis-
 * helpers.ts): 1,000 devices with a wearer each, 30 s of the `desk-day` scenario, journaled as the intake would,
 * then applied in transactions of 250 entries. Once with the device writes in every transaction
 * (`ANALYSIS_FLUSH_S=0`), once never (the end of the run aside); runs interleaved, wall time of the apply
 * transactions only, median of 3. Their difference is the cost of one device write; divided by the shipped
 * interval it is what the writes add per batch.
 */
import { DEFAULT_ANALYSIS_SETTINGS } from '../apps/ingest/src/analysis/analysis-settings.js';
import { analysisRig, scenarioBatches } from '../apps/ingest/tests/analysis-helpers.js';
import type { BenchResult } from './bench-result.js';

const RUNS = 3;
const DEVICES = 1000;
const SECONDS = 30;
const CHUNK = 250;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? (s[s.length >> 1] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

/** µs of apply transactions per batch, with the device writes every `flushIntervalS`. */
function consumerUsPerBatch(flushIntervalS: number): number {
  const batches = scenarioBatches('desk-day', SECONDS);
  const rig = analysisRig(undefined, { flushIntervalS });
  rig.runner.stop();
  try {
    for (let d = 0; d < DEVICES; d++) rig.registry.create(`dev-${d}`, rig.store.createWearer(`w${d}`).id);
    let pos = 0;
    const applyChunk = rig.db.transaction(() => {
      const entries = rig.journal.readAfter(pos, CHUNK);
      rig.analysis.apply(entries);
      pos = (entries[entries.length - 1] as { pos: number }).pos;
    });
    let busyNs = 0n;
    for (const batch of batches) {
      rig.db.transaction(() => {
        for (let d = 0; d < DEVICES; d++) {
          rig.journal.append({ deviceId: `dev-${d}`, boot: 0, batch: { ...batch, t0Ms: batch.t0Ms + d }, format: 'binary', receivedMs: Date.now() });
        }
      })();
      const start = process.hrtime.bigint();
      for (let k = 0; k < DEVICES; k += CHUNK) {
        applyChunk();
        rig.analysis.afterCommit?.();
      }
      busyNs += process.hrtime.bigint() - start;
    }
    return Number(busyNs) / 1000 / (batches.length * DEVICES);
  } finally {
    rig.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const every: number[] = [];
  const never: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    every.push(consumerUsPerBatch(0));
    never.push(consumerUsPerBatch(3600));
  }
  const writeUs = median(every.map((e, i) => e - (never[i] as number)));
  const shippedS = DEFAULT_ANALYSIS_SETTINGS.flushIntervalS;
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
  return [
    {
      name: 'analysis consumer per batch, device writes deferred (SQLite, 1,000 devices)',
      value: median(never),
      unit: 'µs/batch',
      note: `runs ${spread(never)}; points, episodes and alerts written, rollups and checkpoints not; median of ${RUNS}`,
    },
    {
      name: 'analysis consumer per batch, device writes with every batch',
      value: median(every),
      unit: 'µs/batch',
      note: `runs ${spread(every)}; ANALYSIS_FLUSH_S=0`,
    },
    {
      name: "one device's deferred write (two rollups, checkpoint, last seen)",
      value: writeUs,
      unit: 'µs',
      note: `adds ${(writeUs / shippedS).toFixed(1)} µs per batch at the shipped ANALYSIS_FLUSH_S=${shippedS}`,
    },
  ];
}
