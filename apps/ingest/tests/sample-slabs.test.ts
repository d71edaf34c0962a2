/**
 * Decoded samples carved from shared stores (intake/sample-slabs.ts): views that never overlap, decoded values
 * exactly those of a store each, and a batch the reorder window keeps gets a store of its own, so that it does
 * not keep the batches decoded around it alive.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBinaryBatch, type ImuBatch } from '@stance/protocol';
import { createAnalysisConsumer } from '../src/analysis/analysis-consumer.js';
import { DEFAULT_ANALYSIS_SETTINGS } from '../src/analysis/analysis-settings.js';
import { openDatabase } from '../src/db/open-database.js';
import { createDeviceRegistry } from '../src/devices/device-registry.js';
import { createJournal } from '../src/intake/journal.js';
import { createSampleSlabs, ownSamples } from '../src/intake/sample-slabs.js';
import { SILENT_LOGGER } from '../src/log.js';
import { createIngestMetrics } from '../src/metrics/ingest-metrics.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import { scenarioBatches } from './analysis-helpers.js';
import { tempDir } from './helpers.js';

describe('sample slabs', () => {
  it('hands out views that never overlap, new slabs as they fill, and large batches a store of their own', () => {
    const allocate = createSampleSlabs(1000);
    const views = Array.from({ length: 30 }, () => allocate(100));
    views.forEach((v, i) => v.fill(i));
    views.forEach((v, i) => expect(v.every((x) => x === i)).toBe(true));
    expect(new Set(views.map((v) => v.buffer)).size).toBe(3); // 10 to a slab
    expect(views[0]?.buffer.byteLength).toBe(8000);
    const large = allocate(126);
    expect(large.buffer.byteLength).toBe(126 * 8);
  });

  it('decodes into slab views exactly what a store of its own gets', () => {
    const allocate = createSampleSlabs();
    for (const b of scenarioBatches('desk-day', 120)) {
      const bytes = encodeBinaryBatch(b);
      const own = decodeBatch(bytes);
      const carved = decodeBatch(bytes, allocate);
      if (!own.ok || !carved.ok) throw new Error('decode failed');
      expect(Array.from(carved.batch.acc)).toEqual(Array.from(own.batch.acc));
      expect(Array.from(carved.batch.gyr)).toEqual(Array.from(own.batch.gyr));
      expect(carved.batch.acc.buffer.byteLength).toBeGreaterThan(carved.batch.acc.byteLength * 2);
    }
  });

  it('copies a batch into a store of its own', () => {
    const shared = new Float64Array(12).map((_, i) => i);
    const batch = { acc: shared.subarray(0, 6), gyr: shared.subarray(6) };
    ownSamples(batch);
    shared.fill(-1);
    expect(Array.from(batch.acc)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(batch.gyr)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(batch.acc.buffer).toBe(batch.gyr.buffer);
    expect(batch.acc.buffer.byteLength).toBe(12 * 8);
  });

  it('gives a batch the reorder window holds a store of its own; one analysed at once keeps the shared one', () => {
    const dataDir = tempDir('stance-slabs-');
    const db = openDatabase({ dataDir, sync: 'normal' });
    try {
      const journal = createJournal(db, { recentEntries: 100 }); // the consumer gets the intake's decoded batches
      const store = createSqliteStore(db);
      const registry = createDeviceRegistry(db);
      const analysis = createAnalysisConsumer({
        db, journal, store, registry, metrics: createIngestMetrics(), log: SILENT_LOGGER, publish: () => {}, settings: DEFAULT_ANALYSIS_SETTINGS,
      });
      registry.create('dev-1', store.createWearer('Ada').id);
      const allocate = createSampleSlabs();
      const carved = (b: ImuBatch): ImuBatch => {
        const decoded = decodeBatch(encodeBinaryBatch(b), allocate);
        if (!decoded.ok) throw new Error(decoded.detail);
        return decoded.batch;
      };
      const batches = scenarioBatches('desk-day', 12).map(carved);
      // 0-4 in order, then 6 before 5: 6 waits for 5.
      const order = [0, 1, 2, 3, 4, 6];
      db.transaction(() => {
        for (const i of order) journal.append({ deviceId: 'dev-1', boot: 0, batch: batches[i] as ImuBatch, format: 'binary', receivedMs: Date.now() });
      })();
      journal.committed();
      const entries = journal.readAfter(0, 100);
      expect(entries.map((e) => e.batch)).toEqual(order.map((i) => batches[i])); // the very objects, from memory
      db.transaction(() => analysis.apply(entries))();
      const held = analysis.device('dev-1')?.reorder.held ?? [];
      const six = held.find((h) => h.seq === 6);
      expect(six).toBeDefined();
      expect(six?.acc.buffer).not.toBe(batches[6]?.acc.buffer);
      expect(six?.acc.buffer.byteLength).toBe(2 * (six?.acc.byteLength ?? 0));
      expect(Array.from(six?.acc ?? [])).toEqual(Array.from(batches[6]?.acc ?? []));
      // The batches in order before it were analysed from the shared store and not kept.
      expect(held.every((h) => h.seq >= 5)).toBe(true);
    } finally {
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
