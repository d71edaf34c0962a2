/**
 * The points log (store/point-log.ts): points are readable the moment they are logged, the same whether they
 * are still in the log, filed, or both, and the log keeps only what is not filed.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVITIES, POSTURES } from '@stance/protocol';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import { emptyStoreBatch, type PointSummary, type PostureStore, type StoredPoint } from '../src/store/store-port.js';
import { analysisRig, scenarioBatches } from './analysis-helpers.js';
import { tempDir, waitFor } from './helpers.js';

const T0 = 1_763_712_000_000; // a whole hour
const ALL = { fromMs: 0, toMs: 4e12 };
const WEARERS = ['w1', 'w2'];

const count = (db: SqliteDatabase, table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

/** Everything a reader can ask of a wearer's points: per second, as JSON, at steps, over a few ranges. */
async function reads(store: PostureStore, wearerId: string): Promise<{ exact: unknown[]; minutes: PointSummary[][] }> {
  const exact: unknown[] = [];
  const minutes: PointSummary[][] = [];
  for (const range of [ALL, { fromMs: T0 + 30_000, toMs: T0 + 250_000 }, { fromMs: T0 + 61_500, toMs: T0 + 62_500 }]) {
    exact.push(await store.readPoints(wearerId, range));
    exact.push(JSON.parse(store.readPointsJson!(wearerId, range)));
    exact.push(await store.readPoints(wearerId, range, 5_000));
    for (const stepMs of [60_000, 120_000]) minutes.push(await store.readPoints(wearerId, range, stepMs));
  }
  return { exact, minutes };
}

/** The same answers; sums of a minute read from its row or from its seconds may differ in the last bits. */
async function expectSameReads(store: PostureStore, reference: PostureStore, wearerId: string): Promise<void> {
  const got = await reads(store, wearerId);
  const want = await reads(reference, wearerId);
  expect(got.exact).toEqual(want.exact);
  got.minutes.forEach((points, k) => expectSameSteps(points, want.minutes[k]!));
}

/** Points at whole-minute steps: the same steps, categories, and angles to rounding. */
function expectSameSteps(points: readonly PointSummary[], wanted: readonly PointSummary[]): void {
  expect(points.map((p) => [p.tMs, p.activity, p.posture])).toEqual(wanted.map((p) => [p.tMs, p.activity, p.posture]));
  points.forEach((p, i) => {
    expect(p.flexionDeg ?? -1000).toBeCloseTo(wanted[i]!.flexionDeg ?? -1000, 9);
    expect(p.lateralDeg ?? -1000).toBeCloseTo(wanted[i]!.lateralDeg ?? -1000, 9);
  });
}

function sqliteStore(): { db: SqliteDatabase; store: PostureStore; cleanup(): void } {
  const dataDir = tempDir('stance-point-log-');
  const db = openDatabase({ dataDir, sync: 'normal' });
  return {
    db, store: createSqliteStore(db),
    cleanup() {
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const stepArb = fc.record({
  wearer: fc.constantFrom(...WEARERS),
  /** Seconds of the chunk, from where the wearer's unfiled data starts (so a second filed is never logged again). */
  seconds: fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 1, maxLength: 30 }),
  flexion: fc.option(fc.double({ min: -20, max: 80, noNaN: true }), { nil: null }),
  activity: fc.constantFrom(...ACTIVITIES.slice(0, 3)),
  posture: fc.constantFrom(...POSTURES),
  /** Wearers whose logged points are filed after the chunk. */
  file: fc.subarray(WEARERS),
});

describe('the points log', () => {
  it('reads exactly as points written straight to the table, whatever is filed and pruned when', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        const logged = sqliteStore();
        const direct = sqliteStore();
        try {
          /** Per wearer: the first second not filed, the points logged since, the position of the first. */
          const unfiled = new Map(WEARERS.map((w) => [w, { fromS: 0, points: [] as StoredPoint[], pos: Infinity }]));
          let pos = 0;
          for (const step of steps) {
            pos += 1;
            const mine = unfiled.get(step.wearer)!;
            const points: StoredPoint[] = step.seconds.map((s, i) => ({
              wearerId: step.wearer, deviceId: `d-${step.wearer}`, tMs: T0 + (mine.fromS + s) * 1000,
              flexionDeg: step.flexion === null ? Number.NaN : step.flexion + i, lateralDeg: pos, activity: step.activity,
              posture: step.posture, worn: true,
            }));
            mine.points.push(...points);
            mine.pos = Math.min(mine.pos, pos);
            const filedPoints: StoredPoint[] = [];
            for (const w of step.file) {
              const u = unfiled.get(w)!;
              filedPoints.push(...u.points);
              u.fromS += 100; // filed: later chunks of the wearer are past it
              u.points = [];
              u.pos = Infinity;
            }
            const filedBelowPos = Math.min(pos + 1, ...[...unfiled.values()].map((u) => u.pos));
            logged.store.write({ ...emptyStoreBatch(), points, filedPoints, pointLog: { consumer: 'analysis', pos, filedBelowPos } });
            direct.store.write({ ...emptyStoreBatch(), points });
            for (const w of WEARERS) await expectSameReads(logged.store, direct.store, w);
            // The log holds the unfiled points (each second once or more), and no position below the lowest unfiled.
            const lowest = logged.db.prepare('SELECT min(pos) FROM posture_point_log').pluck().get() as number | null;
            if (lowest !== null) expect(lowest).toBeGreaterThanOrEqual(filedBelowPos);
            const unfiledSeconds = [...unfiled.values()].reduce((n, u) => n + new Set(u.points.map((p) => p.tMs)).size, 0);
            const loggedSeconds = logged.db.prepare('SELECT count(*) FROM (SELECT DISTINCT wearer_id, t_ms FROM posture_point_log)').pluck().get();
            expect(loggedSeconds).toBeGreaterThanOrEqual(unfiledSeconds);
          }
          // Everything filed: the log is empty and the table holds what the direct writes did.
          const rest = [...unfiled.values()].flatMap((u) => u.points);
          logged.store.write({ ...emptyStoreBatch(), filedPoints: rest, pointLog: { consumer: 'analysis', pos, filedBelowPos: pos + 1 } });
          expect(count(logged.db, 'posture_point_log')).toBe(0);
          expect(count(logged.db, 'posture_point')).toBe(count(direct.db, 'posture_point'));
          for (const w of WEARERS) await expectSameReads(logged.store, direct.store, w);
        } finally {
          logged.cleanup();
          direct.cleanup();
        }
      }),
      { numRuns: 30 },
    );
  });

  it('prunes by consumer: one consumer\'s filing leaves another\'s points', async () => {
    const { db, store, cleanup } = sqliteStore();
    try {
      const point = (wearerId: string, s: number): StoredPoint => ({
        wearerId, deviceId: 'd', tMs: T0 + s * 1000, flexionDeg: 1, lateralDeg: 2, activity: 'still', posture: 'upright', worn: true,
      });
      store.write({ ...emptyStoreBatch(), points: [point('w1', 0)], pointLog: { consumer: 'analysis@p0', pos: 5, filedBelowPos: 5 } });
      store.write({ ...emptyStoreBatch(), points: [point('w2', 0)], pointLog: { consumer: 'analysis@p1', pos: 3, filedBelowPos: 3 } });
      store.write({ ...emptyStoreBatch(), filedPoints: [point('w1', 0)], pointLog: { consumer: 'analysis@p0', pos: 9, filedBelowPos: 10 } });
      expect(db.prepare('SELECT consumer, pos, wearer_id FROM posture_point_log').all()).toEqual([{ consumer: 'analysis@p1', pos: 3, wearer_id: 'w2' }]);
      expect((await store.readPoints('w2', ALL)).map((p) => p.tMs)).toEqual([T0]);
    } finally {
      cleanup();
    }
  });
});

describe('the analysis with the points log', () => {
  it('has every point readable at once, and files each device\'s in groups: the same points as filing at once', async () => {
    const batches = scenarioBatches('desk-day', 150);
    // Deferred for an hour and never settled by a quiet journal: everything stays in the log until the drain.
    const rig = analysisRig(undefined, { flushIntervalS: 3600 }, {}, { settleMs: 3_600_000 });
    const atOnce = analysisRig(undefined, { flushIntervalS: 0 });
    try {
      for (const r of [rig, atOnce]) {
        const wearer = r.store.createWearer('Ada');
        r.registry.create('dev-1', wearer.id);
        for (const b of batches) r.append('dev-1', b);
      }
      const wearerId = (r: typeof rig): string => r.store.listWearers()[0]!.id;
      atOnce.runner.drain();
      const lastPos = rig.db.prepare('SELECT max(pos) FROM journal').pluck().get() as number;
      rig.runner.notify(batches.length);
      await waitFor(() => rig.runner.applied() >= lastPos, 10_000, 'the analysis to apply every entry');

      const expected = await atOnce.store.readPoints(wearerId(atOnce), ALL);
      expect(expected.length).toBeGreaterThanOrEqual(148);
      expect(count(atOnce.db, 'posture_point_log')).toBe(0);
      // Analysed, not filed yet: all in the log, all readable.
      expect(count(rig.db, 'posture_point')).toBe(0);
      expect(count(rig.db, 'posture_point_log')).toBe(expected.length);
      expect(await rig.store.readPoints(wearerId(rig), ALL)).toEqual(expected);
      const minutes = await rig.store.readPoints(wearerId(rig), ALL, 60_000);
      expectSameSteps(minutes, await atOnce.store.readPoints(wearerId(atOnce), ALL, 60_000));
      expect(minutes.length).toBeGreaterThanOrEqual(3);

      // The drain writes the device: its points filed, the log emptied, the answers unchanged.
      rig.runner.drain();
      expect(count(rig.db, 'posture_point_log')).toBe(0);
      expect(count(rig.db, 'posture_point')).toBe(expected.length);
      expect(await rig.store.readPoints(wearerId(rig), ALL)).toEqual(expected);
      expectSameSteps(await rig.store.readPoints(wearerId(rig), ALL, 60_000), minutes);
      const hours = await rig.store.readRollups(wearerId(rig), 'hour', ALL);
      expect(hours.reduce((n, h) => n + h.aggregate.pointS, 0)).toBe(expected.length);
    } finally {
      rig.close();
      atOnce.close();
    }
  });
});
