/**
 * A batch's samples as the journal keeps them (intake/stored-samples.ts): entries carry the bytes, consumers decode
 * them into a scratch store they reuse, and a batch the reorder window keeps is copied out of it first.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBinaryBatch, type ImuBatch } from '@stance/protocol';
import { createAnalysisConsumer } from '../src/analysis/analysis-consumer.js';
import { DEFAULT_ANALYSIS_SETTINGS } from '../src/analysis/analysis-settings.js';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { createDeviceRegistry } from '../src/devices/device-registry.js';
import { toByteString } from '../src/intake/device-payload.js';
import { createJournal, entrySamples, type JournalEntry } from '../src/intake/journal.js';
import {
  createSampleScratch, decodeStoredSamples, encodeFloat64Samples, ownSamples,
} from '../src/intake/stored-samples.js';
import { SILENT_LOGGER } from '../src/log.js';
import { createIngestMetrics } from '../src/metrics/ingest-metrics.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import { scenarioBatches } from './analysis-helpers.js';
import { tempDir } from './helpers.js';

/** Runs `work` on a fresh database, closed and deleted after. */
function withDatabase(work: (db: SqliteDatabase) => void): void {
  const dataDir = tempDir('stance-stored-');
  const db = openDatabase({ dataDir, sync: 'normal' });
  try {
    work(db);
  } finally {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('stored samples', () => {
  it('a scratch hands out one store again, grown when asked for more', () => {
    const allocate = createSampleScratch();
    const a = allocate(300);
    const b = allocate(200);
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(200);
    const c = allocate(900);
    expect(c.length).toBe(900);
    expect(c.buffer).not.toBe(a.buffer);
    expect(allocate(300).buffer).toBe(c.buffer);
  });

  it('decodes into a scratch exactly what a store of its own gets, both encodings', () => {
    const scratch = createSampleScratch();
    for (const b of scenarioBatches('desk-day', 60)) {
      const own = decodeBatch(encodeBinaryBatch(b));
      if (!own.ok) throw new Error(own.detail);
      const wire = decodeStoredSamples({ bytes: encodeBinaryBatch(b), encoding: 'wire' }, b.count, scratch);
      expect(Array.from(wire.acc)).toEqual(Array.from(own.batch.acc));
      expect(Array.from(wire.gyr)).toEqual(Array.from(own.batch.gyr));
      const f64 = decodeStoredSamples({ bytes: encodeFloat64Samples(b), encoding: 'f64' }, b.count, scratch);
      expect(Array.from(f64.acc)).toEqual(Array.from(b.acc));
      expect(Array.from(f64.gyr)).toEqual(Array.from(b.gyr));
    }
  });

  it('names what is wrong when the bytes do not hold the samples', () => {
    const b = scenarioBatches('desk-day', 1)[0] as ImuBatch;
    expect(() => decodeStoredSamples({ bytes: encodeBinaryBatch(b), encoding: 'wire' }, b.count + 1)).toThrow(
      `journal payload does not decode to ${b.count + 1} samples: ${b.count}`,
    );
    expect(() => decodeStoredSamples({ bytes: new Uint8Array(10), encoding: 'f64' }, 1)).toThrow(
      'journal samples blob has 10 bytes, expected 48',
    );
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

  it('keeps in memory a copy of a payload that is a view of a larger buffer, or came as a ByteString', () => {
    withDatabase((db) => {
      const journal = createJournal(db, { recentEntries: 100 });
      const batches = scenarioBatches('desk-day', 3);
      const encoded = batches.map((b) => encodeBinaryBatch(b));
      const socketRead = new Uint8Array(65_536);
      socketRead.set(encoded[0] as Uint8Array, 1000);
      const payloads = [socketRead.subarray(1000, 1000 + (encoded[0] as Uint8Array).byteLength), toByteString(encoded[1] as Uint8Array), encoded[2] as Uint8Array];
      db.transaction(() => {
        batches.forEach((b, i) => journal.append({ deviceId: 'd', boot: 0, batch: b, format: 'binary', payload: payloads[i], receivedMs: 0 }));
      })();
      journal.committed();
      socketRead.fill(0); // the socket's buffer is used again
      const fromMemory = journal.readAfter(0, 10);
      const fromTable = createJournal(db).readAfter(0, 10);
      expect(fromTable.map((e) => Buffer.isBuffer(e.samples.bytes))).toEqual([true, true, true]);
      const scratch = createSampleScratch();
      for (let i = 0; i < batches.length; i++) {
        const memory = fromMemory[i]?.samples.bytes as Uint8Array;
        expect(memory.buffer).not.toBe(socketRead.buffer);
        expect(Array.from(memory)).toEqual(Array.from(encoded[i] as Uint8Array));
        expect(Array.from(fromTable[i]?.samples.bytes as Uint8Array)).toEqual(Array.from(encoded[i] as Uint8Array));
        const a = Array.from(entrySamples(fromMemory[i] as JournalEntry, scratch).acc);
        expect(Array.from(entrySamples(fromTable[i] as JournalEntry, scratch).acc)).toEqual(a);
      }
    });
  });

  it('gives the batches the reorder window holds stores of their own; the next entries do not overwrite them', () => {
    withDatabase((db) => {
      const journal = createJournal(db, { recentEntries: 100 }); // the consumer gets the entries from memory
      const store = createSqliteStore(db);
      const registry = createDeviceRegistry(db);
      const analysis = createAnalysisConsumer({
        db, journal, store, registry, metrics: createIngestMetrics(), log: SILENT_LOGGER, publish: () => {}, settings: DEFAULT_ANALYSIS_SETTINGS,
      });
      registry.create('dev-1', store.createWearer('Ada').id);
      // As the binary encoding gives them back (it quantises), so that they compare exactly.
      const batches = scenarioBatches('desk-day', 12).map((b) => {
        const decoded = decodeBatch(encodeBinaryBatch(b));
        if (!decoded.ok) throw new Error(decoded.detail);
        return decoded.batch;
      });
      // 0-4 in order, then 6 and 7 before 5: both wait for it, and each was decoded into the scratch the next used.
      const order = [0, 1, 2, 3, 4, 6, 7];
      db.transaction(() => {
        for (const i of order) {
          const batch = batches[i] as ImuBatch;
          journal.append({ deviceId: 'dev-1', boot: 0, batch, format: 'binary', payload: toByteString(encodeBinaryBatch(batch)), receivedMs: Date.now() });
        }
      })();
      journal.committed();
      const entries = journal.readAfter(0, 100);
      expect(entries.map((e) => e.samples.encoding)).toEqual(order.map(() => 'wire'));
      db.transaction(() => analysis.apply(entries))();
      const held = analysis.device('dev-1')?.reorder.held ?? [];
      expect(held.map((h) => h.seq)).toEqual([6, 7]);
      for (const h of held) {
        const original = batches[h.seq] as ImuBatch;
        expect(Array.from(h.acc)).toEqual(Array.from(original.acc));
        expect(Array.from(h.gyr)).toEqual(Array.from(original.gyr));
      }
      expect(held[0]?.acc.buffer).not.toBe(held[1]?.acc.buffer);
      // Read back from the table rather than memory: the same samples.
      const fromTable = createJournal(db).readAfter(0, 100);
      expect(fromTable.map((e) => Array.from(entrySamples(e).acc))).toEqual(order.map((i) => Array.from((batches[i] as ImuBatch).acc)));
    });
  });
});
