import { describe, expect, it } from 'vitest';
import type { Activity } from '@stance/protocol';
import {
  cancelSlouchDetector,
  createSlouchDetector,
  finishSlouchDetector,
  updateSlouchDetector,
  type SlouchEpisodeS,
} from '../src/slouch-detector.js';

/** Runs a flexion profile (function of time) at `rateHz` and collects confirmations and episodes. */
function run(
  flexAt: (t: number) => number,
  durationS: number,
  activityAt: (t: number) => Activity = () => 'still',
  settings = {},
  rateHz = 50,
): { confirmed: number[]; episodes: SlouchEpisodeS[]; postures: string[] } {
  const d = createSlouchDetector(settings);
  const confirmed: number[] = [];
  const episodes: SlouchEpisodeS[] = [];
  const postures: string[] = [];
  const n = Math.round(durationS * rateHz);
  for (let i = 0; i <= n; i++) {
    const t = i / rateHz;
    updateSlouchDetector(d, t, i === 0 ? 0 : 1 / rateHz, flexAt(t), activityAt(t), true);
    postures.push(d.posture);
    if (d.episodeConfirmed) confirmed.push(d.episode.startS);
    if (d.episodeEnded) episodes.push({ ...d.episode });
  }
  finishSlouchDetector(d);
  if (d.episodeEnded) episodes.push({ ...d.episode });
  return { confirmed, episodes, postures };
}

/** 5° until a, 30° until b (linear 1 s ramps), then 5°. */
const plateau = (a: number, b: number, high = 30) => (t: number): number =>
  t < a ? 5 : t < a + 1 ? 5 + (high - 5) * (t - a) : t < b ? high : t < b + 1 ? high - (high - 5) * (t - b) : 5;

describe('slouch detector', () => {
  it('reports an episode once confirmed, with its start backdated to the threshold crossing', () => {
    const r = run(plateau(10, 70), 100);
    expect(r.confirmed).toHaveLength(1);
    const crossing = 10 + (20 - 5) / 25; // 10.6 s
    expect(r.confirmed[0]).toBeCloseTo(crossing, 2);
    expect(r.episodes).toHaveLength(1);
    const e = r.episodes[0]!;
    expect(e.startS).toBeCloseTo(crossing, 2);
    expect(e.endS).toBeCloseTo(70 + (30 - 20) / 25, 2);
    expect(e.durationS).toBeCloseTo(e.endS - e.startS, 9);
    expect(e.peakFlexionDeg).toBeCloseTo(30, 6);
    expect(e.meanFlexionDeg).toBeGreaterThan(29);
    expect(e.meanFlexionDeg).toBeLessThan(30);
    // Dose: about 10° above the threshold for about 60 s.
    expect(e.doseDegS).toBeGreaterThan(590);
    expect(e.doseDegS).toBeLessThan(605);
  });

  it('confirms only after the minimum duration', () => {
    expect(run(plateau(10, 38.5), 60).episodes).toHaveLength(0);
    expect(run(plateau(10, 41), 60).episodes).toHaveLength(1);
    expect(run(plateau(10, 20), 60, undefined, { minSlouchS: 5 }).episodes).toHaveLength(1);
  });

  it('never makes an episode of short deep reaches', () => {
    const reach = (t: number): number => (t % 20 < 4 ? 80 : 3);
    const r = run(reach, 600);
    expect(r.episodes).toHaveLength(0);
    expect(r.postures).toContain('slouched');
  });

  it('uses hysteresis and a grace time so noise and brief dips do not split an episode', () => {
    // Hovering around the threshold: 21 ± 2.5° noise-like wobble never leaves below 18°.
    const wobble = (t: number): number => (t < 10 ? 5 : 21 + 2.5 * Math.sin(7 * t));
    const w = run(wobble, 100);
    expect(w.episodes).toHaveLength(1);
    expect(w.episodes[0]!.endS).toBeGreaterThan(99);
    // A 1-second dip to 10° inside a long slouch: one episode (grace 2 s); a 5-second dip: two.
    const dip = (len: number) => (t: number): number => (t < 10 ? 5 : t > 50 && t < 50 + len ? 10 : t < 100 ? 30 : 5);
    expect(run(dip(1), 120).episodes).toHaveLength(1);
    expect(run(dip(5), 120).episodes).toHaveLength(2);
  });

  it('never counts walking or lying: a candidate is aborted, an episode ends', () => {
    const walkingAt = (from: number, to: number) => (t: number): Activity => (t >= from && t < to ? 'walking' : 'still');
    // Slouched the whole time but walking from 20 to 40 s: the candidate from 10 s dies, a new one starts at 40.
    const r = run(() => 30, 100, walkingAt(20, 40));
    expect(r.episodes).toHaveLength(1);
    expect(r.episodes[0]!.startS).toBeCloseTo(40, 1);
    // An episode running at 50 s ends when lying starts at 60 s.
    const lying = run(plateau(10, 200), 150, (t) => (t >= 60 && t < 90 ? 'lying' : 'still'));
    expect(lying.episodes.length).toBeGreaterThanOrEqual(1);
    expect(lying.episodes[0]!.endS).toBeLessThanOrEqual(60.01);
    expect(lying.postures[61 * 50]).toBe('unknown');
    // Walking hunched for minutes: never an episode, but the posture still reads slouched.
    const walk = run(() => 30, 300, () => 'walking');
    expect(walk.episodes).toHaveLength(0);
    expect(walk.postures[100]).toBe('slouched');
  });

  it('closes an open episode at the end of the data and reports unknown without calibration', () => {
    const r = run((t) => (t < 5 ? 5 : 25), 60);
    expect(r.episodes).toHaveLength(1);
    expect(r.episodes[0]!.endS).toBeCloseTo(60, 6);
    const d = createSlouchDetector();
    updateSlouchDetector(d, 0, 0, Number.NaN, 'still', false);
    expect(d.posture).toBe('unknown');
  });

  it('pauses through a short unknown stretch or gap, and ends the slouch after maxGapS', () => {
    const unknownAt = (from: number, to: number) => (t: number): Activity => (t >= from && t < to ? 'unknown' : 'still');
    // 3 s of unknown activity inside a 60-second slouch: still one episode from the first crossing.
    const short = run(plateau(10, 70), 100, unknownAt(30, 33));
    expect(short.episodes).toHaveLength(1);
    expect(short.episodes[0]!.startS).toBeCloseTo(10.6, 1);
    expect(short.postures[31 * 50]).toBe('unknown');
    // 15 s of unknown (> maxGapS 10 s) ends the episode where the slouch was last seen.
    const long = run(plateau(10, 100), 120, unknownAt(50, 65));
    expect(long.episodes).toHaveLength(2);
    expect(long.episodes[0]!.endS).toBeCloseTo(50, 1);
    // A 4-second hole in the data: no samples at all, one episode.
    const d = createSlouchDetector();
    let ended = 0;
    for (let i = 0; i <= 5000; i++) {
      const t = i / 50;
      if (t > 40 && t < 44) continue;
      updateSlouchDetector(d, t, 0.02, t < 10 ? 5 : 30, 'still', true);
      if (d.episodeEnded) ended++;
    }
    finishSlouchDetector(d);
    expect(ended + (d.episodeEnded ? 1 : 0)).toBe(1);
    expect(d.episode.startS).toBeCloseTo(10, 1);
  });

  it('gives the same episodes at 25 and 300 Hz', () => {
    const a = run(plateau(10, 70), 100, undefined, {}, 25).episodes[0]!;
    const b = run(plateau(10, 70), 100, undefined, {}, 300).episodes[0]!;
    expect(a.startS).toBeCloseTo(b.startS, 2);
    expect(a.endS).toBeCloseTo(b.endS, 2);
    expect(a.doseDegS).toBeCloseTo(b.doseDegS, -1);
  });

  it('withdraws an open episode on cancel, without ending it', () => {
    const d = createSlouchDetector();
    let confirmed = false;
    for (let i = 0; i <= 50 * 50; i++) {
      updateSlouchDetector(d, i / 50, 0.02, i < 250 ? 5 : 30, 'still', true);
      confirmed ||= d.episodeConfirmed;
    }
    expect(confirmed).toBe(true);
    cancelSlouchDetector(d);
    expect(d.episodeCancelled).toBe(true);
    expect(d.inEpisode).toBe(false);
    expect(d.episode.startS).toBeCloseTo(5, 1);
    finishSlouchDetector(d);
    expect(d.episodeEnded).toBe(false);
  });

  it('rejects nonsense settings', () => {
    expect(() => createSlouchDetector({ minSlouchS: -1 })).toThrow(RangeError);
  });
});
