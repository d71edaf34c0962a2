/**
 * Points at whole-minute steps come from the per-minute rows (store/point-minutes.ts): whatever order the points
 * were written in (live, late, an offline buffer, rewritten), the answers equal the per-second downsampling of
 * the same seconds: means to rounding, the same activity and posture (ties to the one seen first).
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVITIES, POSTURES } from '@stance/protocol';
import { openDatabase } from '../src/db/open-database.js';
import { downsamplePoints, type PointRow } from '../src/store/point-downsampling.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import { emptyStoreBatch, type StoredPoint } from '../src/store/store-port.js';
import { tempDir } from './helpers.js';

const T0 = 1_763_712_000_000; // a whole hour
const SPAN_S = 900;

const pointArb = fc.record({
  s: fc.integer({ min: 0, max: SPAN_S - 1 }),
  flexion: fc.option(fc.double({ min: -20, max: 80, noNaN: true }), { nil: null }),
  lateral: fc.option(fc.double({ min: -30, max: 30, noNaN: true }), { nil: null }),
  // Few categories, so ties happen.
  activity: fc.constantFrom(...ACTIVITIES.slice(0, 3)),
  posture: fc.constantFrom(...POSTURES),
});

describe('points at whole-minute steps', () => {
  it('equal the per-second downsampling, whatever the order of writing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(pointArb, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: SPAN_S * 1000 }), fc.integer({ min: 1, max: SPAN_S * 1000 })), { minLength: 1, maxLength: 4 }),
        async (writes, ranges) => {
          const dataDir = tempDir('stance-minutes-');
          const db = openDatabase({ dataDir, sync: 'normal' });
          try {
            const store = createSqliteStore(db);
            for (const chunk of writes) {
              const points: StoredPoint[] = chunk.map((p) => ({
                wearerId: 'w1', deviceId: 'd1', tMs: T0 + p.s * 1000, flexionDeg: p.flexion ?? Number.NaN,
                lateralDeg: p.lateral ?? Number.NaN, activity: p.activity, posture: p.posture, worn: true,
              }));
              store.write({ ...emptyStoreBatch(), points });
            }
            const seconds = db.prepare<[number, number], PointRow>(
              `SELECT t_ms, flexion_deg, lateral_deg, activity, posture FROM posture_point WHERE wearer_id = 'w1' AND t_ms >= ? AND t_ms < ? ORDER BY t_ms`,
            );
            for (const [a, length] of ranges) {
              const range = { fromMs: T0 + a - 30_000, toMs: T0 + a - 30_000 + length };
              for (const stepMs of [60_000, 120_000, 300_000]) {
                const want = downsamplePoints(seconds.all(range.fromMs, range.toMs), stepMs);
                const got = await store.readPoints('w1', range, stepMs);
                expect(got.map((p) => [p.tMs, p.activity, p.posture])).toEqual(want.map((p) => [p.tMs, p.activity, p.posture]));
                got.forEach((p, i) => {
                  expect(p.flexionDeg ?? -1000).toBeCloseTo(want[i]?.flexionDeg ?? -1000, 9);
                  expect(p.lateralDeg ?? -1000).toBeCloseTo(want[i]?.lateralDeg ?? -1000, 9);
                });
              }
            }
          } finally {
            db.close();
            fs.rmSync(dataDir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
