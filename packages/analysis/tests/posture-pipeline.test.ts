import { describe, expect, it } from 'vitest';
import type { PosturePoint, SlouchEpisode } from '../src/posture-point.js';
import { createPosturePipeline, finishPosturePipeline, updatePosturePipeline, type PosturePipelineSettings } from '../src/posture-pipeline.js';
import { calibratedAngles } from '../src/trunk-angles.js';
import { IDENTITY_CALIBRATION, synthesise, type SyntheticRecording, type SyntheticSegment } from './synthetic-imu.js';

function runPipeline(rec: SyntheticRecording, settings: Partial<PosturePipelineSettings> = {}, timeOffsetS = 0) {
  const p = createPosturePipeline({ calibration: IDENTITY_CALIBRATION, ...settings });
  const points: PosturePoint[] = [];
  const episodes: SlouchEpisode[] = [];
  const confirmedAtS: number[] = [];
  let sqErr = 0;
  let nErr = 0;
  for (let i = 0; i < rec.count; i++) {
    updatePosturePipeline(p, rec.timeS[i]! + timeOffsetS, rec.acc[3 * i]!, rec.acc[3 * i + 1]!, rec.acc[3 * i + 2]!, rec.gyr[3 * i]!, rec.gyr[3 * i + 1]!, rec.gyr[3 * i + 2]!);
    if (p.pointReady) points.push({ ...p.point });
    if (p.episodeConfirmed) confirmedAtS.push(p.tS);
    if (p.episodeEnded) episodes.push({ ...p.episode });
    if (rec.timeS[i]! > 5 && p.activity === 'still') {
      sqErr += (p.flexionDeg - rec.flexionDeg[i]!) ** 2;
      nErr++;
    }
  }
  finishPosturePipeline(p);
  if (p.pointReady) points.push({ ...p.point });
  if (p.episodeEnded) episodes.push({ ...p.episode });
  return { p, points, episodes, confirmedAtS, rmseStillDeg: Math.sqrt(sqErr / nErr) };
}

const DAY: SyntheticSegment[] = [
  { durationS: 40, flexionDeg: 5 },
  { durationS: 60, flexionDeg: 30 },
  { durationS: 30, flexionDeg: 4 },
  { durationS: 40, flexionDeg: 25, walkG: 0.15 },
  { durationS: 20, flexionDeg: 5 },
];

describe('posture pipeline', () => {
  it('tracks flexion, emits one point per second and the slouch episode with its start at the crossing', () => {
    const rec = synthesise(DAY, 50, 11);
    const r = runPipeline(rec);
    expect(r.rmseStillDeg).toBeLessThan(0.3);
    // Points: one per second, tMs at the start of each second, mean flexion of that second.
    expect(r.points.length).toBeGreaterThanOrEqual(189);
    expect(r.points.length).toBeLessThanOrEqual(191);
    const p70 = r.points.find((pt) => pt.tMs === 70_000)!;
    expect(p70.flexionDeg).toBeCloseTo(30, 0);
    expect(p70.posture).toBe('slouched');
    expect(p70.activity).toBe('still');
    expect(p70.worn).toBe(true);
    // Exactly the sitting slouch: the hunched walk never counts.
    expect(r.episodes).toHaveLength(1);
    const e = r.episodes[0]!;
    expect(e.startMs / 1000).toBeCloseTo(40 + 15 / 25, 0);
    expect(e.endMs / 1000).toBeCloseTo(100 + 10 / 26, 0);
    expect(e.durationS).toBeCloseTo((e.endMs - e.startMs) / 1000, 6);
    expect(r.confirmedAtS[0]).toBeGreaterThan(70);
    expect(e.doseDegS).toBeGreaterThan(500);
    expect(r.points.find((pt) => pt.tMs === 150_000)!.activity).toBe('walking');
  });

  it('gives the same answer at 25, 100 and 300 Hz and in an epoch time base', () => {
    const ref = runPipeline(synthesise(DAY, 100, 3)).episodes[0]!;
    for (const rate of [25, 300]) {
      const e = runPipeline(synthesise(DAY, rate, 3)).episodes[0]!;
      expect(Math.abs(e.startMs - ref.startMs)).toBeLessThan(150);
      expect(Math.abs(e.endMs - ref.endMs)).toBeLessThan(150);
    }
    const epoch = 1_763_712_000;
    const shifted = runPipeline(synthesise(DAY, 100, 3), {}, epoch);
    expect(shifted.episodes[0]!.startMs - epoch * 1000).toBeCloseTo(ref.startMs, -1);
    expect(shifted.points[10]!.tMs % 1000).toBe(0);
  });

  it('survives gaps and repeated timestamps', () => {
    const rec = synthesise([{ durationS: 60, flexionDeg: 5 }, { durationS: 60, flexionDeg: 30 }], 50, 5);
    const p = createPosturePipeline({ calibration: IDENTITY_CALIBRATION });
    let episodes = 0;
    for (let i = 0; i < rec.count; i++) {
      if (i % 1000 >= 500 && i % 1000 < 600) continue; // 2-second gaps
      const t = rec.timeS[i]!;
      updatePosturePipeline(p, t, rec.acc[3 * i]!, rec.acc[3 * i + 1]!, rec.acc[3 * i + 2]!, rec.gyr[3 * i]!, rec.gyr[3 * i + 1]!, rec.gyr[3 * i + 2]!);
      if (i % 777 === 0) updatePosturePipeline(p, t, 0, 0, 1, 0, 0, 0); // duplicate time: dropped
      if (p.episodeEnded) episodes++;
    }
    finishPosturePipeline(p);
    if (p.episodeEnded) episodes++;
    expect(p.droppedSamples).toBeGreaterThan(0);
    expect(Number.isFinite(p.flexionDeg)).toBe(true);
    expect(p.flexionDeg).toBeCloseTo(30, 0);
    expect(episodes).toBeGreaterThanOrEqual(1);
  });

  it('reports unknown posture and no angles without a calibration', () => {
    const rec = synthesise([{ durationS: 10, flexionDeg: 30 }], 50, 5);
    const p = createPosturePipeline({ calibration: null });
    for (let i = 0; i < rec.count; i++) {
      updatePosturePipeline(p, rec.timeS[i]!, rec.acc[3 * i]!, rec.acc[3 * i + 1]!, rec.acc[3 * i + 2]!, rec.gyr[3 * i]!, rec.gyr[3 * i + 1]!, rec.gyr[3 * i + 2]!);
    }
    expect(p.calibration).toBeNull();
    expect(p.flexionDeg).toBeNaN();
    expect(p.posture).toBe('unknown');
    expect(p.up[2]!).toBeGreaterThan(0.8);
  });

  it('withdraws an open episode when the calibration is found stale, and a seed hands over to automatic', () => {
    // Minutes of a 15° side lean nobody holds: the staleness detector takes the clip for moved.
    const rec = synthesise([{ durationS: 60, flexionDeg: 3 }, { durationS: 420, flexionDeg: 28, lateralDeg: 15 }], 25, 9);
    for (const mode of ['fixed', 'seed'] as const) {
      const p = createPosturePipeline({ calibration: IDENTITY_CALIBRATION, calibrationMode: mode });
      let confirmed = 0, cancelled = 0, ended = 0, staleAt = Number.NaN;
      for (let i = 0; i < rec.count; i++) {
        updatePosturePipeline(p, rec.timeS[i]!, rec.acc[3 * i]!, rec.acc[3 * i + 1]!, rec.acc[3 * i + 2]!, rec.gyr[3 * i]!, rec.gyr[3 * i + 1]!, rec.gyr[3 * i + 2]!);
        confirmed += p.episodeConfirmed ? 1 : 0;
        cancelled += p.episodeCancelled ? 1 : 0;
        ended += p.episodeEnded ? 1 : 0;
        if (p.calibrationStale && staleAt !== staleAt) staleAt = p.tS;
      }
      expect(staleAt, mode).toBeGreaterThan(90);
      expect(confirmed, mode).toBeGreaterThanOrEqual(1);
      expect(cancelled, mode).toBe(1);
      expect(ended, mode).toBe(0);
      if (mode === 'fixed') {
        expect(p.calibration).toBe(IDENTITY_CALIBRATION);
        expect(p.posture).toBe('unknown');
      } else {
        expect(p.calibration).not.toBe(IDENTITY_CALIBRATION);
      }
    }
  });

  it('honours the slouch settings and point interval', () => {
    const rec = synthesise(DAY, 50, 11);
    expect(runPipeline(rec, { slouchDeg: 35 }).episodes).toHaveLength(0);
    expect(runPipeline(rec, { minSlouchS: 90 }).episodes).toHaveLength(0);
    const r = runPipeline(rec, { pointIntervalS: 10 });
    expect(r.points.length).toBeGreaterThanOrEqual(19);
    expect(r.points.length).toBeLessThanOrEqual(20);
    expect(() => createPosturePipeline({ pointIntervalS: 0 })).toThrow(RangeError);
  });

  it('gives every sample its own angles, judges posture at ticks, and closes the last tick at the end', () => {
    // Ends in a slouch: the episode is closed and the last point emitted by finishPosturePipeline.
    const rec = synthesise([{ durationS: 20, flexionDeg: 5 }, { durationS: 50.5, flexionDeg: 30, rampS: 2 }], 100, 4);
    const p = createPosturePipeline({ calibration: IDENTITY_CALIBRATION });
    const out = { flexionDeg: 0, lateralDeg: 0 };
    let ticks = 0;
    let lastSince = p.activityClassifier.sinceStartS;
    const points: number[] = [];
    for (let i = 0; i < rec.count; i++) {
      updatePosturePipeline(p, rec.timeS[i]!, rec.acc[3 * i]!, rec.acc[3 * i + 1]!, rec.acc[3 * i + 2]!, rec.gyr[3 * i]!, rec.gyr[3 * i + 1]!, rec.gyr[3 * i + 2]!);
      if (p.pointReady) points.push(p.point.tMs);
      if (p.activityClassifier.sinceStartS !== lastSince) ticks++;
      lastSince = p.activityClassifier.sinceStartS;
      if (i % 97 === 0 && i > 0) {
        calibratedAngles(IDENTITY_CALIBRATION, p.up, out);
        expect(p.flexionDeg).toBe(out.flexionDeg);
        expect(p.lateralDeg).toBe(out.lateralDeg);
      }
    }
    // One tick per block of the activity classifier: 16 per second by default, 6 samples or so each at 100 Hz.
    const perS = 1 / p.activityClassifier.settings.blockS;
    expect(ticks).toBeGreaterThan(70.5 * perS - 3);
    expect(ticks).toBeLessThan(70.5 * perS + 3);
    expect(Math.abs(p.angles.flexionDeg - p.flexionDeg)).toBeLessThan(0.5);
    expect(p.episodeEnded).toBe(false);
    finishPosturePipeline(p);
    expect(p.episodeEnded).toBe(true);
    expect(p.episode.endMs / 1000).toBeGreaterThan(70.4);
    expect(p.pointReady).toBe(true);
    expect(p.point.tMs).toBe(70_000);
    expect(points.at(-1)).toBe(69_000);
  });
});
