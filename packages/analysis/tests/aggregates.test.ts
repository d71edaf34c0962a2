import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Activity, Posture } from '@stance/protocol';
import type { PosturePoint, SlouchEpisode } from '../src/posture-point.js';
import { addEpisode, addPoint, createAggregate, mergeAggregates, type PostureAggregate } from '../src/aggregates.js';
import { aggregateIntoBuckets, bucketStartMs } from '../src/aggregate-buckets.js';
import { summariseAggregate } from '../src/aggregate-summary.js';
import { aggregateFromJson, aggregateToJson } from '../src/aggregate-json.js';
import { histogramQuantile, createFlexionHistogram, addToHistogram } from '../src/flexion-histogram.js';
import { appendSecond, emptySittingRuns, longestSittingS, mergeSittingRuns, secondRuns, type SecondClass } from '../src/sitting-runs.js';

const DAY0 = Date.UTC(2026, 10, 16); // Monday 2026-11-16 00:00 UTC

/** Small deterministic PRNG (mulberry32) so the synthetic day is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic wearing day: runs of activities and postures, with a data gap, from 08:00 to 18:00 UTC. */
function syntheticDay(seed: number): { points: PosturePoint[]; episodes: SlouchEpisode[] } {
  const r = rng(seed);
  const points: PosturePoint[] = [];
  const episodes: SlouchEpisode[] = [];
  let t = DAY0 + 8 * 3_600_000;
  const end = DAY0 + 18 * 3_600_000;
  while (t < end) {
    const u = r();
    const activity: Activity = u < 0.7 ? 'still' : u < 0.8 ? 'moving' : u < 0.9 ? 'walking' : u < 0.95 ? 'lying' : 'not_worn';
    const lengthS = 5 + Math.floor(r() * (activity === 'still' ? 1500 : 200));
    const slouched = activity !== 'walking' && activity !== 'lying' && r() < 0.4;
    const base = slouched ? 25 : 5;
    const startMs = t;
    for (let i = 0; i < lengthS && t < end; i++, t += 1000) {
      const worn = activity !== 'not_worn';
      const posture: Posture = !worn || activity === 'walking' || activity === 'lying' ? 'unknown' : slouched ? 'slouched' : 'upright';
      points.push({ tMs: t + Math.round((r() - 0.5) * 200), flexionDeg: base + (r() - 0.5) * 12, lateralDeg: 2 + (r() - 0.5) * 4, activity, posture, worn });
    }
    if (slouched && lengthS >= 30) {
      episodes.push({ startMs, endMs: t, durationS: (t - startMs) / 1000, peakFlexionDeg: base + 6, meanFlexionDeg: base, doseDegS: (t - startMs) / 1000 * 5 });
    }
    if (r() < 0.05) t += Math.floor(r() * 900) * 1000; // a stretch of lost data
  }
  return { points, episodes };
}

/** Deep comparison allowing floating-point rounding in sums. */
function expectAggregatesClose(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((v, i) => expectAggregatesClose((actual as unknown[])[i], v, `${path}[${i}]`));
  } else if (typeof expected === 'object' && expected !== null) {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectAggregatesClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

function aggregateAll(points: PosturePoint[], episodes: SlouchEpisode[], startMs = DAY0, endMs = DAY0 + 86_400_000): PostureAggregate {
  const a = createAggregate(startMs, endMs);
  for (const p of points) addPoint(a, p);
  for (const e of episodes) addEpisode(a, e);
  return a;
}

const pt = (tS: number, activity: Activity, posture: Posture = 'upright', flexionDeg = 5, lateralDeg = 0): PosturePoint => ({
  tMs: DAY0 + tS * 1000, flexionDeg, lateralDeg, activity, posture, worn: activity !== 'not_worn',
});

/** Builds points from runs of [seconds, activity, posture?]; 'gap' skips time. */
function fromRuns(runs: [number, Activity | 'gap', Posture?][]): PosturePoint[] {
  const out: PosturePoint[] = [];
  let t = 0;
  for (const [n, activity, posture] of runs) {
    if (activity !== 'gap') for (let i = 0; i < n; i++) out.push(pt(t + i, activity, posture ?? (activity === 'still' ? 'upright' : 'unknown')));
    t += n;
  }
  return out;
}

describe('aggregates: definitions', () => {
  it('counts worn, assessed, upright and slouch time and derives upright %', () => {
    const points = [
      ...Array.from({ length: 60 }, (_, i) => pt(i, 'still', 'upright', 4, 1)),
      ...Array.from({ length: 30 }, (_, i) => pt(60 + i, 'still', 'slouched', 28, 3)),
      ...Array.from({ length: 20 }, (_, i) => pt(90 + i, 'walking', 'unknown', 10)),
      ...Array.from({ length: 10 }, (_, i) => pt(110 + i, 'not_worn', 'unknown', 50)),
    ];
    const s = summariseAggregate(aggregateAll(points, []));
    expect(s).toMatchObject({ wornS: 110, assessedS: 90, uprightS: 60, slouchS: 30, episodeCount: 0 });
    expect(s.uprightPct).toBeCloseTo((60 / 90) * 100, 12);
    expect(s.meanFlexionDeg).toBeCloseTo((60 * 4 + 30 * 28) / 90, 12);
    expect(s.meanLateralDeg).toBeCloseTo((60 * 1 + 30 * 3) / 90, 12);
    expect(s.sdFlexionDeg).toBeCloseTo(Math.sqrt((60 * 16 + 30 * 784) / 90 - ((60 * 4 + 30 * 28) / 90) ** 2), 9);
    expect(s.slouchSByLocalHour[0]).toBe(30);
  });

  it('leaves seconds without a lateral angle (neutral-only calibration) out of the lateral mean only', () => {
    const a = createAggregate(DAY0, DAY0 + 3_600_000);
    const at = (i: number, lateralDeg: number): PosturePoint => ({ tMs: DAY0 + i * 1000, flexionDeg: 10, lateralDeg, activity: 'still', posture: 'upright', worn: true });
    for (let i = 0; i < 10; i++) addPoint(a, at(i, 2));
    for (let i = 10; i < 30; i++) addPoint(a, at(i, Number.NaN));
    const s = summariseAggregate(a);
    expect(s.assessedS).toBe(30);
    expect(s.meanLateralDeg).toBe(2);
    expect(summariseAggregate(aggregateFromJson(JSON.parse(JSON.stringify(aggregateToJson(a))))).meanLateralDeg).toBe(2);
  });

  it('gives null means for a bucket without assessed time', () => {
    const s = summariseAggregate(createAggregate(DAY0, DAY0 + 3_600_000));
    expect(s).toMatchObject({ uprightPct: null, meanFlexionDeg: null, p90FlexionDeg: null, sdFlexionDeg: null, meanLateralDeg: null, longestSittingS: 0 });
  });

  it('counts episodes whole in the bucket of their start, with the longest and the dose', () => {
    const a = createAggregate(DAY0, DAY0 + 3_600_000);
    addEpisode(a, { startMs: DAY0, endMs: DAY0 + 120_000, durationS: 120, peakFlexionDeg: 30, meanFlexionDeg: 25, doseDegS: 600 });
    addEpisode(a, { startMs: DAY0 + 200_000, endMs: DAY0 + 500_000, durationS: 300, peakFlexionDeg: 35, meanFlexionDeg: 27, doseDegS: 2100 });
    expect(a).toMatchObject({ episodeCount: 2, episodeS: 420, longestEpisodeS: 300, peakFlexionDeg: 35, doseDegS: 2700 });
  });

  it('p90 from the 0.5° histogram is within 0.25° of the exact 90th percentile', () => {
    const r = rng(7);
    const values = Array.from({ length: 20_000 }, () => 10 + 8 * Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r()));
    const h = createFlexionHistogram();
    values.forEach((v) => addToHistogram(h, v));
    const sorted = values.slice().sort((x, y) => x - y);
    const exact = sorted[Math.ceil(0.9 * sorted.length) - 1]!;
    expect(Math.abs(histogramQuantile(h, 0.9) - exact)).toBeLessThan(0.25);
    expect(Math.abs(histogramQuantile(h, 0.5) - sorted[sorted.length / 2]!)).toBeLessThan(0.25);
  });

  it('clamps flexion outside −90..120° into the edge bins', () => {
    const h = createFlexionHistogram();
    addToHistogram(h, -200);
    addToHistogram(h, 500);
    expect(h[0]).toBe(1);
    expect(h[h.length - 1]).toBe(1);
  });
});

describe('aggregates: sitting stretches and movement breaks', () => {
  it('bridges short interruptions, breaks on long ones, and counts movement breaks between sits', () => {
    const points = fromRuns([
      [1800, 'still'], [20, 'walking'], [1800, 'still'], // 20 s walk bridged: one stretch of 3620 s
      [300, 'walking'], [600, 'still'],                   // a 5 min walk: a movement break
      [120, 'lying'], [100, 'still'],                     // 2 min lying: ends the stretch, not a movement break
      [90, 'walking'],                                    // trailing walk: no sitting after it, not a break
    ]);
    const s = summariseAggregate(aggregateAll(points, []));
    expect(s.longestSittingS).toBe(3620);
    expect(s.movementBreaks).toBe(1);
  });

  it('treats missing data as an interruption that is not a movement break', () => {
    const s = summariseAggregate(aggregateAll(fromRuns([[1800, 'still'], [600, 'gap'], [1200, 'still']]), []));
    expect(s.longestSittingS).toBe(1800);
    expect(s.movementBreaks).toBe(0);
  });

  it('joins a walk split across two buckets into one break', () => {
    const points = fromRuns([[3570, 'still'], [60, 'walking'], [1200, 'still']]); // walk 59:30..60:30
    const hours = aggregateIntoBuckets(points, [], 'hour');
    expect(hours).toHaveLength(2);
    const merged = mergeAggregates(hours[0]!, hours[1]!);
    expect(summariseAggregate(merged)).toMatchObject({ movementBreaks: 1, longestSittingS: 3570 });
  });

  it('merging sitting runs of any split equals running over the whole sequence (property)', () => {
    const cls = fc.constantFrom<SecondClass>('sit', 'active', 'other');
    fc.assert(
      fc.property(fc.array(fc.tuple(cls, fc.integer({ min: 1, max: 40 })), { maxLength: 12 }), fc.nat(), fc.nat(), (runs, s1, s2) => {
        const seq = runs.flatMap(([c, n]) => new Array<SecondClass>(n).fill(c));
        const fold = (xs: SecondClass[]) => xs.reduce((acc, c) => mergeSittingRuns(acc, secondRuns(c), 0, 10), emptySittingRuns());
        const whole = fold(seq);
        const i = seq.length === 0 ? 0 : s1 % (seq.length + 1);
        const j = i + (seq.length - i === 0 ? 0 : s2 % (seq.length - i + 1));
        const [a, b, c] = [fold(seq.slice(0, i)), fold(seq.slice(i, j)), fold(seq.slice(j))];
        const left = mergeSittingRuns(mergeSittingRuns(a, b, 0, 10), c, 0, 10);
        const right = mergeSittingRuns(a, mergeSittingRuns(b, c, 0, 10), 0, 10);
        expect(longestSittingS(left)).toBe(longestSittingS(whole));
        expect(left.breaks).toBe(whole.breaks);
        expect(right).toEqual(left);
        // The in-place per-point path agrees with the merge, gaps of missing data included.
        const inPlace = emptySittingRuns();
        const merged = seq.reduce((acc, c, k) => mergeSittingRuns(acc, secondRuns(c), k % 7 === 3 ? 4 : 0, 10), emptySittingRuns());
        seq.forEach((c, k) => appendSecond(inPlace, c, k % 7 === 3 ? 4 : 0, 10));
        expect(inPlace).toEqual(merged);
      }),
      { numRuns: 300 },
    );
  });
});

describe('aggregates: merging', () => {
  const { points, episodes } = syntheticDay(42);

  it('merging the hour buckets equals aggregating the whole day directly', () => {
    const direct = aggregateAll(points, episodes);
    const hours = aggregateIntoBuckets(points, episodes, 'hour');
    expect(hours.length).toBeGreaterThanOrEqual(9);
    const merged = hours.reduce((acc, h) => mergeAggregates(acc, h), createAggregate(DAY0, DAY0 + 86_400_000));
    expectAggregatesClose(merged, direct);
    const s = summariseAggregate(direct);
    expect(s.movementBreaks).toBeGreaterThan(0);
    expect(s.longestSittingS).toBeGreaterThan(1500);
  });

  it('is associative and order-independent', () => {
    const hours = aggregateIntoBuckets(points, episodes, 'hour');
    const a = hours.slice(0, 3).reduce((x, y) => mergeAggregates(x, y));
    const b = hours.slice(3, 6).reduce((x, y) => mergeAggregates(x, y));
    const c = hours.slice(6).reduce((x, y) => mergeAggregates(x, y));
    expectAggregatesClose(mergeAggregates(a, mergeAggregates(b, c)), mergeAggregates(mergeAggregates(a, b), c));
    expectAggregatesClose(mergeAggregates(c, mergeAggregates(a, b)), mergeAggregates(mergeAggregates(a, b), c));
  });

  it('days merge into weeks the same way', () => {
    const days = [0, 1, 2].map((d) => {
      const { points: p, episodes: e } = syntheticDay(100 + d);
      const shift = (t: number) => t + d * 86_400_000;
      return {
        points: p.map((x) => ({ ...x, tMs: shift(x.tMs) })),
        episodes: e.map((x) => ({ ...x, startMs: shift(x.startMs), endMs: shift(x.endMs) })),
      };
    });
    const allPoints = days.flatMap((d) => d.points);
    const allEpisodes = days.flatMap((d) => d.episodes);
    const dayAggs = aggregateIntoBuckets(allPoints, allEpisodes, 'day');
    expect(dayAggs).toHaveLength(3);
    const [week] = aggregateIntoBuckets(allPoints, allEpisodes, 'week');
    expectAggregatesClose(dayAggs.reduce((x, y) => mergeAggregates(x, y)).wornS, week!.wornS);
    const merged = dayAggs.reduce((x, y) => mergeAggregates(x, y));
    const { startMs: _s, endMs: _e, ...rest } = merged;
    const { startMs: _ws, endMs: _we, ...weekRest } = week!;
    expectAggregatesClose(rest, weekRest);
  });

  it('an episode added early and then grown counts once, as its final self (split at any point)', () => {
    const direct = aggregateIntoBuckets(points, episodes, 'hour');
    const longest = episodes.reduce((x, y) => (y.durationS > x.durationS ? y : x));
    for (const cutS of [1, Math.floor(longest.durationS / 2), longest.durationS]) {
      // Stored when its sensor went quiet (shorter, a smaller dose and peak), then grown when the data went on.
      const early = { ...longest, endMs: longest.startMs + cutS * 1000, durationS: cutS, doseDegS: longest.doseDegS * (cutS / longest.durationS), peakFlexionDeg: longest.peakFlexionDeg - 1 };
      const first = aggregateIntoBuckets(points, episodes.map((e) => (e === longest ? early : e)), 'hour');
      const later = aggregateIntoBuckets([], [], 'hour', {}, [{ added: early, grown: longest }]);
      const merged = first.map((h) => {
        const delta = later.find((l) => l.startMs === h.startMs);
        return delta === undefined ? h : mergeAggregates(h, delta);
      });
      merged.forEach((h, i) => expectAggregatesClose(h, direct[i]!));
    }
    expect(() => aggregateIntoBuckets([], [], 'hour', {}, [{ added: longest, grown: { ...longest, startMs: longest.startMs + 1 } }])).toThrow(/starts at/);
  });

  it('refuses to merge aggregates built with different break lengths', () => {
    expect(() => mergeAggregates(createAggregate(0, 1), createAggregate(0, 1, { movementBreakMinS: 30 }))).toThrow(RangeError);
  });
});

describe('aggregates: JSON and buckets', () => {
  it('round-trips through JSON compactly', () => {
    const { points, episodes } = syntheticDay(3);
    const a = aggregateAll(points, episodes);
    const text = JSON.stringify(aggregateToJson(a));
    expect(text.length).toBeLessThan(3000);
    expect(aggregateFromJson(JSON.parse(text))).toEqual(a);
  });

  it('rejects malformed JSON with a reason', () => {
    const good = aggregateToJson(createAggregate(0, 1));
    expect(() => aggregateFromJson({ ...good, v: 2 })).toThrow(/version/);
    expect(() => aggregateFromJson({ ...good, wornS: 'x' })).toThrow(/wornS/);
    expect(() => aggregateFromJson({ ...good, slouchSByLocalHour: [1] })).toThrow(/slouchSByLocalHour/);
    expect(() => aggregateFromJson({ ...good, flexionHistogram: { firstBin: 419, counts: [1, 2] } })).toThrow(RangeError);
    expect(() => aggregateFromJson(null)).toThrow(RangeError);
  });

  it('puts days at local midnight and weeks on Monday', () => {
    const t = Date.UTC(2026, 10, 18, 23, 30); // Wednesday 23:30 UTC = Thursday 01:30 at UTC+2
    expect(bucketStartMs(t, 'hour', 120)).toBe(Date.UTC(2026, 10, 18, 23));
    expect(bucketStartMs(t, 'day', 0)).toBe(Date.UTC(2026, 10, 18));
    expect(bucketStartMs(t, 'day', 120)).toBe(Date.UTC(2026, 10, 18, 22));
    expect(bucketStartMs(t, 'week', 0)).toBe(DAY0);
    expect(bucketStartMs(t, 'week', -300)).toBe(DAY0 + 300 * 60_000);
  });

  it('distributes slouch time by local hour', () => {
    const a = createAggregate(DAY0, DAY0 + 86_400_000, { utcOffsetMin: 60 });
    addPoint(a, pt(14 * 3600, 'still', 'slouched', 25)); // 14:00 UTC = 15:00 local
    expect(a.slouchSByLocalHour[15]).toBe(1);
    expect(a.assessedSByLocalHour[15]).toBe(1);
  });
});
