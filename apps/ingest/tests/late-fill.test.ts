/**
 * Data that comes after its gap was given up (analysis/late-fill.ts): analysed apart, its points fill the gap
 * (close to those of the same data on time), the rollups count them once, the device's data gap shrinks. A
 * late batch that no given-up gap covers is counted, not analysed.
 */
import { describe, expect, it } from 'vitest';
import type { ImuBatch } from '@stance/protocol';
import { analysisRig, scenarioBatches, type AnalysisRig } from './analysis-helpers.js';

const ALL = { fromMs: 0, toMs: 4e12 };
const batches = scenarioBatches('desk-day', 400);
// Seqs 100..139 (40 s) come late: the gap is given up once 20 s of newer data waits behind it.
const GAP_FROM = 100;
const GAP_TO = 140;

function rigWithWearer(): { rig: AnalysisRig; wearerId: string } {
  const rig = analysisRig(undefined, { gapHoldMaxS: 20 });
  const wearerId = rig.store.createWearer('Ada').id;
  rig.registry.create('dev-1', wearerId);
  return { rig, wearerId };
}

function send(rig: AnalysisRig, list: readonly ImuBatch[]): void {
  for (const b of list) rig.append('dev-1', b);
  rig.runner.drain();
}

describe('late data after its gap was given up', () => {
  it('is analysed apart: its seconds get points, the rollups count them once, the gap shrinks', async () => {
    const reference = rigWithWearer();
    const late = rigWithWearer();
    try {
      send(reference.rig, batches);
      send(late.rig, [...batches.slice(0, GAP_FROM), ...batches.slice(GAP_TO)]);
      const gap = late.rig.store.getDataGaps('dev-1');
      expect(gap.count).toBe(1);
      expect(gap.missingS).toBeCloseTo((GAP_TO - GAP_FROM) * 1, 0);
      const before = await late.rig.store.readPoints(late.wearerId, ALL);

      send(late.rig, batches.slice(GAP_FROM, GAP_TO));
      const want = await reference.rig.store.readPoints(reference.wearerId, ALL);
      const got = await late.rig.store.readPoints(late.wearerId, ALL);
      const added = got.length - before.length;
      // Every second wholly inside the gap, less at most one at each edge.
      expect(added).toBeGreaterThanOrEqual(GAP_TO - GAP_FROM - 2);
      expect(new Set(got.map((p) => p.tMs)).size).toBe(got.length);
      const wantByT = new Map(want.map((p) => [p.tMs, p]));
      const inGap = got.filter((p) => p.tMs >= batches[GAP_FROM]!.t0Ms && p.tMs < batches[GAP_TO]!.t0Ms);
      let worst = 0;
      let differ = 0;
      for (const p of inGap) {
        const q = wantByT.get(p.tMs);
        expect(q).toBeDefined();
        if (p.flexionDeg !== null && q?.flexionDeg != null) worst = Math.max(worst, Math.abs(p.flexionDeg - q.flexionDeg));
        if (p.posture !== q?.posture || p.activity !== q?.activity) differ += 1;
      }
      // Warmed on the minute before, as after a restart: the angles agree closely, the classes nearly always.
      expect(worst).toBeLessThan(1);
      expect(differ).toBeLessThanOrEqual(2);

      const hours = await late.rig.store.readRollups(late.wearerId, 'hour', ALL);
      expect(hours.reduce((n, h) => n + h.aggregate.pointS, 0)).toBe(got.length);
      const filled = late.rig.store.getDataGaps('dev-1');
      expect(filled.count).toBe(1);
      expect(filled.missingS).toBeCloseTo(gap.missingS - added, 6);
      expect(filled.missingS).toBeLessThan(2.5);
      expect(late.rig.metrics.lateSecondsFilled.value()).toBe(added);
      expect(late.rig.metrics.pipelineLateBatches.value()).toBe(0);
    } finally {
      reference.rig.close();
      late.rig.close();
    }
  });

  it('keeps the spans it gave up across a restart', async () => {
    const first = rigWithWearer();
    send(first.rig, [...batches.slice(0, GAP_FROM), ...batches.slice(GAP_TO)]);
    const before = (await first.rig.store.readPoints(first.wearerId, ALL)).length;
    first.rig.close(false);
    const second = analysisRig(first.rig.dataDir, { gapHoldMaxS: 20 });
    try {
      send(second, batches.slice(GAP_FROM, GAP_TO));
      const after = (await second.store.readPoints(first.wearerId, ALL)).length;
      expect(after - before).toBeGreaterThanOrEqual(GAP_TO - GAP_FROM - 2);
      expect(second.store.getDataGaps('dev-1').missingS).toBeLessThan(2.5);
    } finally {
      second.close();
    }
  });

  it('counts a late batch outside any given-up gap, and does not analyse it', async () => {
    const { rig, wearerId } = rigWithWearer();
    try {
      send(rig, batches.slice(0, 200));
      const before = await rig.store.readPoints(wearerId, ALL);
      // A new seq carrying old data (a sensor clock stepped back): nothing was given up there.
      const old = batches[50]!;
      send(rig, [{ ...old, seq: 1000 }]);
      expect(rig.metrics.pipelineLateBatches.value()).toBe(1);
      expect(rig.metrics.lateSecondsFilled.value()).toBe(0);
      expect(await rig.store.readPoints(wearerId, ALL)).toEqual(before);
    } finally {
      rig.close();
    }
  });
});
