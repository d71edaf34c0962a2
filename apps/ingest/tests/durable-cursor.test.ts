/**
 * The analysis consumer's durable cursor (deferred-writes.ts) stays below every device's first unwritten entry,
 * including a device whose entries the reorder window still holds (a new device's first batch always is). It
 * did not: the devices were queued when something of theirs was fed, so a device held while another was fed
 * was queued behind it, the cursor passed its first entry, and after a crash that entry was never read again:
 * its second was stored (the points go out at once) but never rolled up. Seen in the workers test after a
 * SIGKILL, one second short in one device's rollups.
 */
import { expect, it } from 'vitest';
import type { ImuBatch } from '@stance/protocol';
import { createAnalysisConsumer, type AnalysisConsumer } from '../src/analysis/analysis-consumer.js';
import { DEFAULT_ANALYSIS_SETTINGS } from '../src/analysis/analysis-settings.js';
import { SILENT_LOGGER } from '../src/log.js';
import { createIngestMetrics } from '../src/metrics/ingest-metrics.js';
import { analysisRig, scenarioBatches } from './analysis-helpers.js';

it('keeps the durable cursor below a held first entry, so a crash loses no second from the rollups', () => {
  const rig = analysisRig();
  rig.runner.stop(); // the consumers below are run by hand, one run each
  const { db, journal, store, registry } = rig;
  try {
    const wearers = new Map(['held', 'fed'].map((id) => [id, registry.create(id, store.createWearer(id).id).wearerId as string]));
    const consumer = (): AnalysisConsumer => createAnalysisConsumer({
      db, journal, store, registry, metrics: createIngestMetrics(), log: SILENT_LOGGER, publish: () => {},
      settings: DEFAULT_ANALYSIS_SETTINGS,
    });
    const batches = scenarioBatches('desk-day', 8);
    const append = (deviceId: string, list: readonly ImuBatch[]): void => {
      db.transaction(() => {
        for (const batch of list) journal.append({ deviceId, boot: 0, batch, format: 'binary', receivedMs: Date.now() });
      })();
    };
    // 'held' journals its first second, then 'fed' enough for its own first to leave the reorder window, then 'held' the rest.
    append('held', batches.slice(0, 1));
    append('fed', batches);
    append('held', batches.slice(1));
    const heldFirstPos = 1;

    // One run as the consumer group does it: apply, then store the durable cursor, in one transaction.
    const first = consumer();
    const entries = journal.readAfter(0, 1000);
    const applied = entries.at(-1)?.pos as number;
    let durable = 0;
    db.transaction(() => {
      first.apply(entries);
      durable = Math.min(applied, first.deferred?.durableThrough(applied) ?? applied);
    })();
    first.afterCommit?.();
    expect(durable).toBeLessThan(heldFirstPos);

    // A crash: the in-memory writes are gone; a new consumer reads again from the durable cursor and writes everything.
    const second = consumer();
    db.transaction(() => second.apply(journal.readAfter(durable, 1000)))();
    second.afterCommit?.();
    db.transaction(() => second.deferred?.flush('all'))(); // as the group does once the journal is quiet
    second.afterCommit?.();
    for (const [deviceId, wearerId] of wearers) {
      const points = db.prepare('SELECT count(*) FROM posture_point WHERE wearer_id = ?').pluck().get(wearerId) as number;
      const rolledUp = db.prepare("SELECT sum(json_extract(aggregate, '$.pointS')) FROM rollup WHERE wearer_id = ? AND size = 'hour'")
        .pluck().get(wearerId) as number;
      expect(points, deviceId).toBeGreaterThan(0);
      expect(rolledUp, deviceId).toBe(points);
    }
  } finally {
    rig.close();
  }
});
