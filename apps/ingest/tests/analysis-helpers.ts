/**
 * An analysis consumer on a real database without the broker: batches go straight into the journal (as the
 * intake would put them) and the consumer runner processes them.
 */
import fs from 'node:fs';
import { openScenario } from '@stance/firmware-sim';
import type { ImuBatch } from '@stance/protocol';
import { createAnalysisConsumer, type AnalysisConsumer } from '../src/analysis/analysis-consumer.js';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from '../src/analysis/analysis-settings.js';
import type { HapticCommand } from '../src/analysis/device-analysis.js';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { createDeviceRegistry, type DeviceRegistry } from '../src/devices/device-registry.js';
import type { ConsumerGroupHooks } from '../src/intake/consumer-group.js';
import { createJournal, type Journal } from '../src/intake/journal.js';
import { createConsumerRunner, type ConsumerRunner, type ConsumerRunnerSettings } from '../src/intake/journal-consumer.js';
import { SILENT_LOGGER } from '../src/log.js';
import { createIngestMetrics, type IngestMetrics } from '../src/metrics/ingest-metrics.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import type { PostureStore } from '../src/store/store-port.js';
import { tempDir } from './helpers.js';

export interface AnalysisRig {
  dataDir: string;
  db: SqliteDatabase;
  journal: Journal;
  store: PostureStore;
  registry: DeviceRegistry;
  metrics: IngestMetrics;
  analysis: AnalysisConsumer;
  runner: ConsumerRunner;
  haptics: HapticCommand[];
  append(deviceId: string, batch: ImuBatch): void;
  close(removeData?: boolean): void;
}

export function analysisRig(
  dataDir = tempDir('stance-analysis-'),
  settings: Partial<AnalysisSettings> = {},
  hooks: ConsumerGroupHooks = {},
  runnerSettings: Partial<ConsumerRunnerSettings> = {},
): AnalysisRig {
  const db = openDatabase({ dataDir, sync: 'normal' });
  const journal = createJournal(db);
  const store = createSqliteStore(db);
  const registry = createDeviceRegistry(db);
  const metrics = createIngestMetrics();
  const haptics: HapticCommand[] = [];
  const analysis = createAnalysisConsumer({
    db, journal, store, registry, metrics, log: SILENT_LOGGER, publish: (c) => haptics.push(c),
    settings: { ...DEFAULT_ANALYSIS_SETTINGS, ...settings },
  });
  const runner = createConsumerRunner(db, journal, analysis, SILENT_LOGGER, runnerSettings, hooks);
  return {
    dataDir, db, journal, store, registry, metrics, analysis, runner, haptics,
    append(deviceId, batch) {
      db.transaction(() => journal.append({ deviceId, boot: 0, batch, format: 'binary', receivedMs: Date.now() }))();
    },
    close(removeData = true) {
      runner.stop();
      db.close();
      if (removeData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `seconds` of a scenario as 1-second batches with seqs from 0. */
export function scenarioBatches(name: string, seconds: number, seed = 3, rateHz = 50): ImuBatch[] {
  const stream = openScenario(name, { seed, rateHz });
  const batches: ImuBatch[] = [];
  for (let seq = 0; seq < seconds; seq++) {
    const block = stream.next(rateHz);
    if (block.count === 0) break;
    batches.push({ seq, t0Ms: block.t0Ms, hz: rateHz, count: block.count, acc: Float64Array.from(block.acc), gyr: Float64Array.from(block.gyr) });
  }
  return batches;
}
