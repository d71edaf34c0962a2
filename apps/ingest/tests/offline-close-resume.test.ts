/**
 * A provisional offline close, at many points of a day: the sensor goes offline at second `cut` (inside an
 * episode, inside a slouch still too short to count, while upright, while moving), the service closes its
 * pipeline (last second and open episode stored), and then the rest of the data arrives after all (the
 * sensor's buffer). Kept in memory or rebuilt from its checkpoint meanwhile (a restart, or the idle release),
 * the day must end up as the uninterrupted one: the same points, the same episodes, the same rollups.
 */
import { describe, expect, it } from 'vitest';
import { summariseAggregate } from '@stance/analysis';
import { analysisRig, scenarioBatches, type AnalysisRig } from './analysis-helpers.js';

const ALL = { fromMs: 0, toMs: 4e12 };
const SECONDS = 900;
const batches = scenarioBatches('desk-day', SECONDS);
/** Closes at once when offline: the wall-clock timers are driven by hand here. */
const SETTINGS = { offlineCloseS: 0 };

function setUp(rig: AnalysisRig): string {
  const wearer = rig.store.createWearer('Ada');
  rig.registry.create('dev-1', wearer.id);
  return wearer.id;
}

async function day(rig: AnalysisRig, wearerId: string) {
  const points = await rig.store.readPoints(wearerId, ALL);
  const episodes = await rig.store.readEpisodes(wearerId, ALL);
  const hours = await rig.store.readRollups(wearerId, 'hour', ALL);
  return {
    points, episodes,
    hours: hours.map((h) => ({ ...summariseAggregate(h.aggregate), startMs: h.startMs, pointS: h.aggregate.pointS, episodeS: h.aggregate.episodeS })),
  };
}

describe('offline close, then the rest of the data after all', () => {
  const reference = analysisRig(undefined, SETTINGS);
  const refWearer = setUp(reference);
  for (const b of batches) reference.append('dev-1', b);
  reference.runner.drain();
  const want = day(reference, refWearer);

  // desk-day: a slouch episode from about 217 s to 502 s. Cuts before it, in its first 30 s (a candidate), inside
  // it, near its end, and after it.
  for (const cut of [120, 230, 300, 495, 600]) {
    for (const rebuilt of [false, true]) {
      it(`cut at ${cut} s, ${rebuilt ? 'rebuilt from its checkpoint' : 'kept in memory'} meanwhile`, async () => {
        let rig = analysisRig(undefined, SETTINGS);
        const wearerId = setUp(rig);
        try {
          for (const b of batches.slice(0, cut)) rig.append('dev-1', b);
          rig.runner.drain();
          rig.analysis.deviceStatus('dev-1', false);
          rig.analysis.releaseIdle();
          expect(rig.metrics.offlineCloses.value()).toBe(1);
          if (rebuilt) {
            rig.close(false);
            rig = analysisRig(rig.dataDir, SETTINGS);
          }
          rig.analysis.deviceStatus('dev-1', true);
          for (const b of batches.slice(cut)) rig.append('dev-1', b);
          rig.runner.drain();
          const got = await day(rig, wearerId);
          const ref = await want;
          expect(got.points.map((p) => [p.tMs, p.posture, p.activity])).toEqual(ref.points.map((p) => [p.tMs, p.posture, p.activity]));
          // Kept in memory, the pipeline goes on exactly (the close finished a copy). Rebuilt, its orientation
          // filter re-warmed on a minute of raw data (as after any restart): angles within hundredths of a degree,
          // so a threshold crossing may move by a sample or two.
          expect(got.episodes).toHaveLength(ref.episodes.length);
          got.episodes.forEach((e, i) => {
            const w = ref.episodes[i]!;
            if (rebuilt) {
              expect(Math.abs(e.startMs - w.startMs)).toBeLessThanOrEqual(100);
              expect(Math.abs(e.endMs - w.endMs)).toBeLessThanOrEqual(100);
              expect(Math.abs(e.doseDegS - w.doseDegS)).toBeLessThan(0.01 * w.doseDegS);
            } else {
              expect([e.startMs, e.endMs]).toEqual([w.startMs, w.endMs]);
              expect(e.doseDegS).toBeCloseTo(w.doseDegS, 6);
            }
          });
          // One episode in the rollups, whatever the close stored early; its length as stored.
          expect(got.hours.map((h) => [h.startMs, h.episodeCount, h.pointS])).toEqual(ref.hours.map((h) => [h.startMs, h.episodeCount, h.pointS]));
          const stored = got.episodes.reduce((t, e) => t + e.durationS, 0);
          expect(got.hours.reduce((t, h) => t + h.episodeS, 0)).toBeCloseTo(stored, 6);
          if (!rebuilt) got.hours.forEach((h, i) => expect(h.slouchS).toBe(ref.hours[i]!.slouchS));
        } finally {
          rig.close();
        }
      });
    }
  }
});
