/**
 * A fleet that connected together has its deferred writes spread evenly over the interval from the first one on (a
 * slot per device, `writeDueWallMs`), and they stay spread, even after a quiet journal wrote them all at once. Devices due together all the same are written a
 * share per transaction (`deferredWritesPerStep`), not all in one, which at 7,000 devices would hold the event loop
 * for over a second. A quiet journal or a drain still writes everything at once.
 */
import fs from 'node:fs';
import { expect, it } from 'vitest';
import type { ImuBatch } from '@stance/protocol';
import { createAnalysisConsumer } from '../src/analysis/analysis-consumer.js';
import { DEFAULT_ANALYSIS_SETTINGS } from '../src/analysis/analysis-settings.js';
import { deferredWritesPerStep, writeDueWallMs } from '../src/analysis/deferred-writes.js';
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

/** A consumer over 150 devices, each with a wearer, and a step that journals batches and applies them as the consumer group does. */
function spreadRig(flushIntervalS: number) {
  const dataDir = tempDir('stance-spread-');
  const db = openDatabase({ dataDir, sync: 'normal' });
  const journal = createJournal(db);
  const store = createSqliteStore(db);
  const registry = createDeviceRegistry(db);
  const clock = { wallMs: 1_000_000 };
  const metrics = createIngestMetrics();
  const analysis = createAnalysisConsumer({
    db, journal, store, registry, metrics, log: SILENT_LOGGER, publish: () => {},
    settings: { ...DEFAULT_ANALYSIS_SETTINGS, flushIntervalS }, now: () => clock.wallMs,
  });
  const ids = Array.from({ length: 150 }, (_, i) => `spread-${i}`);
  for (const id of ids) registry.create(id, store.createWearer(id).id);
  let pos = 0;
  /** Journals `seconds` of batches for `devices` and applies what is new in one transaction. */
  const step = (devices: readonly string[], seconds: readonly ImuBatch[]): void => {
    db.transaction(() => {
      for (const id of devices) for (const batch of seconds) journal.append({ deviceId: id, boot: 0, batch, format: 'binary', receivedMs: clock.wallMs });
    })();
    const entries = journal.readAfter(pos, 10_000);
    pos = entries.at(-1)?.pos ?? pos;
    db.transaction(() => analysis.apply(entries))();
    analysis.afterCommit?.();
  };
  /** Each device's stored checkpoint position (-1: none yet): it moves when the device is written. */
  const writtenPos = (): number[] => ids.map((id) => (store.getCheckpoint(id) as { pos?: number } | null)?.pos ?? -1);
  const close = (): void => {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { db, store, metrics, analysis, ids, clock, step, writtenPos, close };
}

it('gives each device a slot in the interval, the first at least half an interval after its writes became pending', () => {
  const intervalMs = 15_000;
  const dues = Array.from({ length: 1000 }, (_, i) => writeDueWallMs(`device-${i}`, 1_000_000, intervalMs));
  for (const due of dues) {
    expect(due).toBeGreaterThanOrEqual(1_000_000 + intervalMs / 2);
    expect(due).toBeLessThan(1_000_000 + intervalMs * 1.5);
  }
  // The slot stays where it is, whenever the writes became pending.
  for (const since of [1_000_003, 1_004_000, 1_013_999, 2_000_000]) {
    const due = writeDueWallMs('device-7', since, intervalMs);
    expect((((due - (dues[7] as number)) % intervalMs) + intervalMs) % intervalMs).toBe(0);
    expect(due).toBeGreaterThanOrEqual(since + intervalMs / 2);
  }
  const perSecond = Array.from({ length: 15 }, (_, s) => dues.filter((d) => Math.floor((d % intervalMs) / 1000) === s).length);
  expect(Math.min(...perSecond)).toBeGreaterThan(40); // 1000 / 15 = 67 a second
  expect(Math.max(...perSecond)).toBeLessThan(100);
  expect(writeDueWallMs('device-7', 5_000, 0)).toBe(5_000); // interval 0: every transaction
});

it('writes a fleet that connected together evenly over the interval, from the first write on and after a drain', () => {
  const rig = spreadRig(15);
  try {
    const batches = scenarioBatches('desk-day', 61);
    const writesPerSecond: number[] = [];
    let before = rig.writtenPos();
    for (let s = 0; s < 61; s++) {
      rig.step(rig.ids, batches.slice(s, s + 1));
      if (s === 30) rig.db.transaction(() => rig.analysis.deferred?.flush('all'))(); // every device written at once
      const after = rig.writtenPos();
      writesPerSecond.push(after.filter((p, i) => p !== before[i]).length);
      before = after;
      rig.clock.wallMs += 1000;
    }
    // 150 devices every 15 s: 10 a second. Without the slots all 150 would come due in the same second (then 64 a
    // transaction), at 15 and again at 30 s; and after the drain at 30 s, at 45 s.
    const sum = (from: number, to: number) => writesPerSecond.slice(from, to).reduce((a, b) => a + b, 0);
    expect(sum(0, 7)).toBe(0); // the first slot at least half an interval after the first batch
    expect(Math.max(...writesPerSecond.slice(0, 30))).toBeLessThanOrEqual(25);
    expect(sum(8, 23)).toBeGreaterThanOrEqual(140); // each device about once an interval
    expect(sum(8, 23)).toBeLessThanOrEqual(160);
    expect(writesPerSecond[30]).toBe(150); // the drain
    expect(Math.max(...writesPerSecond.slice(31))).toBeLessThanOrEqual(25); // and the slots hold after it
    expect(sum(46, 61)).toBeGreaterThanOrEqual(140);
    expect(sum(46, 61)).toBeLessThanOrEqual(160);
  } finally {
    rig.close();
  }
});

it('keeps in the points log the points of every device not written yet, and only from the oldest of them on', async () => {
  const rig = spreadRig(15);
  try {
    const batches = scenarioBatches('desk-day', 40);
    const wearerOf = new Map(rig.store.listWearers().map((w) => [w.name, w.id]));
    const lowestLogged = rig.db.prepare('SELECT min(pos) FROM posture_point_log').pluck();
    const logRows = rig.db.prepare('SELECT count(*) FROM posture_point_log').pluck();
    const firstAfter = rig.db.prepare('SELECT min(pos) FROM journal WHERE device_id = ? AND pos > ?').pluck();
    for (let s = 0; s < 40; s++) {
      rig.step(rig.ids, batches.slice(s, s + 1));
      if (s === 25) rig.db.transaction(() => rig.analysis.deferred?.flush('share'))(); // some written ahead of their slot
      rig.clock.wallMs += 1000;
      // Every device has the same data: each has a 150th of the points stored so far, all readable (filed or logged).
      const perDevice = rig.metrics.pointsStored.value() / rig.ids.length;
      for (const id of [rig.ids[0], rig.ids[77], rig.ids[149]] as string[]) {
        expect((await rig.store.readPoints(wearerOf.get(id) as string, { fromMs: 0, toMs: 4e12 })).length).toBe(perDevice);
      }
      // Pruned up to the first entry not written yet of any device: nothing it still needs, nothing before it.
      const written = rig.writtenPos();
      const firstUnwritten = Math.min(
        ...rig.ids.map((id, i) => (firstAfter.get(id, written[i] as number) as number | null) ?? Number.POSITIVE_INFINITY),
      );
      expect((lowestLogged.get() as number | null) ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(firstUnwritten);
      // A device is written within 1.5 intervals, so the log holds at most about that many seconds per device.
      expect(logRows.get() as number).toBeLessThanOrEqual(rig.ids.length * 24);
    }
  } finally {
    rig.close();
  }
});

it('spreads the writes of devices that came due together over several transactions; a drain writes the rest', () => {
  const rig = spreadRig(1);
  try {
    const batches = scenarioBatches('desk-day', 8);
    const written = (): number => rig.writtenPos().filter((p) => p >= 0).length;
    rig.step(rig.ids, batches.slice(0, 6)); // every device has points: its writes are pending from now
    expect(written()).toBe(0);
    rig.clock.wallMs += 1500; // all due at once
    rig.step([rig.ids[0] as string], batches.slice(6, 7));
    expect(written()).toBe(64);
    rig.step([rig.ids[0] as string], batches.slice(7, 8)); // the next transaction takes the next share
    expect(written()).toBe(128);
    rig.db.transaction(() => rig.analysis.deferred?.flush('all'))(); // a drain
    expect(written()).toBe(150);
  } finally {
    rig.close();
  }
});
