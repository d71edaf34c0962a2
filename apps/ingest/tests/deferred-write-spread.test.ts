/**
 * A fleet whose deferred writes come due together (it connected together) is written a share per transaction
 * (`deferredWritesPerStep`), not all in one, which at 7,000 devices would hold the event loop for about 0.9 s.
 * A quiet journal or a drain still writes everything at once.
 */
import fs from 'node:fs';
import { expect, it } from 'vitest';
import type { ImuBatch } from '@stance/protocol';
import { createAnalysisConsumer } from '../src/analysis/analysis-consumer.js';
import { DEFAULT_ANALYSIS_SETTINGS } from '../src/analysis/analysis-settings.js';
import { deferredWritesPerStep } from '../src/analysis/deferred-writes.js';
import { openDatabase } from '../src/db/open-database.js';
import { createDeviceRegistry } from '../src/devices/device-registry.js';
import { createJournal } from '../src/intake/journal.js';
import { SILENT_LOGGER } from '../src/log.js';
import { createIngestMetrics } from '../src/metrics/ingest-metrics.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import { scenarioBatches } from './analysis-helpers.js';
import { tempDir } from './helpers.js';

it('writes at least 64 due devices a transaction, and a fiftieth of those pending at larger fleets', () => {
  expect(deferredWritesPerStep(0)).toBe(64);
  expect(deferredWritesPerStep(3200)).toBe(64);
  expect(deferredWritesPerStep(7000)).toBe(140);
  expect(deferredWritesPerStep(100_000)).toBe(2000);
});

it('spreads the writes of devices that came due together over several transactions; a drain writes the rest', () => {
  const dataDir = tempDir('stance-spread-');
  const db = openDatabase({ dataDir, sync: 'normal' });
  try {
    const journal = createJournal(db);
    const store = createSqliteStore(db);
    const registry = createDeviceRegistry(db);
    let wallMs = 1_000_000;
    const analysis = createAnalysisConsumer({
      db, journal, store, registry, metrics: createIngestMetrics(), log: SILENT_LOGGER, publish: () => {},
      settings: { ...DEFAULT_ANALYSIS_SETTINGS, flushIntervalS: 1 }, now: () => wallMs,
    });
    const ids = Array.from({ length: 150 }, (_, i) => `spread-${i}`);
    for (const id of ids) registry.create(id, store.createWearer(id).id);
    const batches = scenarioBatches('desk-day', 8);
    let pos = 0;
    /** Journals `seconds` of batches for `devices` and applies what is new in one transaction, as the consumer group does. */
    const step = (devices: readonly string[], seconds: readonly ImuBatch[]): void => {
      db.transaction(() => {
        for (const id of devices) for (const batch of seconds) journal.append({ deviceId: id, boot: 0, batch, format: 'binary', receivedMs: wallMs });
      })();
      const entries = journal.readAfter(pos, 10_000);
      pos = entries.at(-1)?.pos ?? pos;
      db.transaction(() => analysis.apply(entries))();
      analysis.afterCommit?.();
    };
    const written = (): number => ids.filter((id) => store.getCheckpoint(id) !== null).length;

    step(ids, batches.slice(0, 6)); // every device has points: its writes are pending from now
    expect(written()).toBe(0);
    wallMs += 1500; // all due at once
    step([ids[0] as string], batches.slice(6, 7));
    expect(written()).toBe(64);
    step([ids[0] as string], batches.slice(7, 8)); // the next transaction takes the next share
    expect(written()).toBe(128);
    db.transaction(() => analysis.deferred?.flush(true))(); // a drain
    expect(written()).toBe(150);
  } finally {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
