/**
 * The analysis consumer: batches out of order give exactly the points of on-time arrival; a restart resumes
 * from the checkpoint with nothing lost or repeated; rollups add up to the points.
 */
import { describe, expect, it } from 'vitest';
import { summariseAggregate } from '@stance/analysis';
import type { ImuBatch } from '@stance/protocol';
import { createWearerDevices } from '../src/devices/wearer-devices.js';
import { analysisRig, scenarioBatches, type AnalysisRig } from './analysis-helpers.js';

const ALL = { fromMs: 0, toMs: 4e12 };

function setUp(rig: AnalysisRig): string {
  const wearer = rig.store.createWearer('Ada');
  rig.registry.create('dev-1', wearer.id);
  return wearer.id;
}

/**
 * Ada wears dev-1 for the first `seconds` of `batches` (analysed); `pairAgain` unpairs it and pairs it to Ben,
 * as the devices API does, and tells the analysis.
 */
function adaThenBen(rig: AnalysisRig, batches: readonly ImuBatch[], seconds: number) {
  const ada = rig.store.createWearer('Ada');
  const ben = rig.store.createWearer('Ben');
  rig.registry.create('dev-1', ada.id);
  for (const b of batches.slice(0, seconds)) rig.append('dev-1', b);
  rig.runner.drain();
  const pairAgain = (): void => {
    const devices = createWearerDevices(rig.db, rig.registry);
    devices.unpair('dev-1');
    expect(devices.pair(ben.id, { id: 'dev-1' }, Date.now()).repaired).toBe(true);
    rig.analysis.devicePaired('dev-1');
  };
  return { ada, ben, pairAgain };
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

  it('paired again: the old wearer keeps their data and last second, the new one starts afresh, also after a crash', async () => {
    const first = analysisRig();
    try {
      const { ada, ben, pairAgain } = adaThenBen(first, batches, 120);
      first.analysis.calibrate('dev-1', null, 'api');
      const adaPoints = (await first.store.readPoints(ada.id, ALL)).length;
      pairAgain();
      expect((await first.store.readPoints(ada.id, ALL)).length).toBe(adaPoints + 1); // her open second
      // A crash now, and the journal read again from its start: Ada's entries are not analysed for Ben.
      first.runner.stop();
      first.db.prepare('UPDATE journal_cursor SET pos = 0').run();
      first.close(false);
      const second = analysisRig(first.dataDir);
      try {
        for (const b of batches.slice(120, 240)) second.append('dev-1', b);
        second.runner.drain();
        expect(second.analysis.device('dev-1')).toMatchObject({ wearerId: ben.id, calibrationGiven: false });
        const benPoints = await second.store.readPoints(ben.id, ALL);
        expect(benPoints.length).toBeGreaterThan(110);
        expect(benPoints[0]!.tMs).toBe(Math.floor(batches[120]!.t0Ms / 1000) * 1000); // his data only
        expect((await second.store.readPoints(ada.id, ALL)).length).toBe(adaPoints + 1);
      } finally {
        second.close();
      }
    } finally {
      first.close();
    }
  });

  it('paired again while its batches still wait in the journal (a backlog): they go to the previous wearer', async () => {
    const rig = analysisRig();
    try {
      const { ada, ben, pairAgain } = adaThenBen(rig, batches, 60);
      // 40 more seconds of Ada's journaled (acknowledged to the sensor) but not analysed yet: the store was slow.
      for (const b of batches.slice(60, 100)) rig.append('dev-1', b);
      pairAgain();
      const adaPoints = await rig.store.readPoints(ada.id, ALL);
      expect(adaPoints.length).toBeGreaterThanOrEqual(99);
      expect(adaPoints.at(-1)!.tMs).toBe(Math.floor((batches[99]!.t0Ms + 49 * 20) / 1000) * 1000); // her last second
      // The consumer reaches those entries after the pairing: they are not analysed again, nor for Ben.
      for (const b of batches.slice(100, 160)) rig.append('dev-1', b);
      rig.runner.drain();
      expect((await rig.store.readPoints(ada.id, ALL)).length).toBe(adaPoints.length);
      const benPoints = await rig.store.readPoints(ben.id, ALL);
      expect(benPoints[0]!.tMs).toBe(Math.floor(batches[100]!.t0Ms / 1000) * 1000);
      expect(benPoints.length).toBeGreaterThan(55);
      const hours = await rig.store.readRollups(ada.id, 'hour', ALL);
      expect(hours.reduce((n, h) => n + h.aggregate.pointS, 0)).toBe(adaPoints.length);
    } finally {
      rig.close();
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
