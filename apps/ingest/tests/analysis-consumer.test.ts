/**
 * The analysis consumer: batches out of order give exactly the points of on-time arrival; a restart resumes
 * from the checkpoint with nothing lost or repeated; rollups add up to the points.
 */
import { describe, expect, it } from 'vitest';
import { summariseAggregate } from '@stance/analysis';
import { analysisRig, scenarioBatches, type AnalysisRig } from './analysis-helpers.js';

const ALL = { fromMs: 0, toMs: 4e12 };

function setUp(rig: AnalysisRig): string {
  const wearer = rig.store.createWearer('Ada');
  rig.registry.create('dev-1', wearer.id);
  return wearer.id;
}

describe('analysis consumer', () => {
  const batches = scenarioBatches('desk-day', 400);

  it('analyses batches that arrive a little out of order exactly as on-time ones', async () => {
    const inOrder = analysisRig();
    const shuffled = analysisRig();
    try {
      const w1 = setUp(inOrder);
      const w2 = setUp(shuffled);
      for (const b of batches) inOrder.append('dev-1', b);
      // Swap neighbours and hold some back by one or two batches.
      const order = batches.map((_, i) => i);
      for (let i = 0; i + 2 < order.length; i += 7) [order[i], order[i + 2]] = [order[i + 2]!, order[i]!];
      for (let i = 3; i + 1 < order.length; i += 11) [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
      for (const i of order) shuffled.append('dev-1', batches[i]!);
      inOrder.runner.drain();
      shuffled.runner.drain();
      const a = await inOrder.store.readPoints(w1, ALL);
      const b = await shuffled.store.readPoints(w2, ALL);
      expect(a.length).toBeGreaterThan(380);
      expect(b).toEqual(a);
      expect(await shuffled.store.readEpisodes(w2, ALL)).toEqual(await inOrder.store.readEpisodes(w1, ALL));
      expect(shuffled.metrics.pipelineLateBatches.value()).toBe(0);
    } finally {
      inOrder.close();
      shuffled.close();
    }
  });

  it('resumes after a restart from its checkpoint: the same points as one uninterrupted run, none twice', async () => {
    const reference = analysisRig();
    const first = analysisRig();
    try {
      const wRef = setUp(reference);
      const wearerId = setUp(first);
      for (const b of batches) reference.append('dev-1', b);
      reference.runner.drain();
      for (const b of batches.slice(0, 250)) first.append('dev-1', b);
      first.runner.drain();
      first.close(false);
      const second = analysisRig(first.dataDir);
      try {
        for (const b of batches.slice(250)) second.append('dev-1', b);
        second.runner.drain();
        const want = await reference.store.readPoints(wRef, ALL);
        const got = await second.store.readPoints(wearerId, ALL);
        expect(got.map((p) => p.tMs)).toEqual(want.map((p) => p.tMs));
        // The orientation filter re-warmed on a minute of raw data: the angles agree closely, the classes exactly.
        let worst = 0;
        got.forEach((p, i) => {
          const q = want[i]!;
          if (p.flexionDeg !== null && q.flexionDeg !== null) worst = Math.max(worst, Math.abs(p.flexionDeg - q.flexionDeg));
        });
        expect(worst).toBeLessThan(1);
        const differ = got.filter((p, i) => p.posture !== want[i]!.posture).length;
        expect(differ).toBeLessThanOrEqual(2);
        const hours = await second.store.readRollups(wearerId, 'hour', ALL);
        const pointS = hours.reduce((n, h) => n + h.aggregate.pointS, 0);
        expect(pointS).toBe(got.length);
        const day = await second.store.readRollups(wearerId, 'day', ALL);
        expect(summariseAggregate(day[0]!.aggregate).wornS).toBe(hours.reduce((n, h) => n + h.aggregate.wornS, 0));
      } finally {
        second.close();
      }
    } finally {
      reference.close();
    }
  });
});
