/**
 * The `series` of the analyze command: one point every `--every` seconds on the grid k · every of the file's
 * time base. From one second on, each point summarises the pipeline's per-second points in its interval (mean
 * angles over the seconds that have them, the most frequent activity and posture), so a long spacing reads as
 * the interval, not as whatever one moment happened to be. Finer than a second, it samples the pipeline's
 * current values at each grid time instead.
 */
import type { Activity, Posture } from '@stance/protocol';
import type { PosturePoint } from '../posture-point.js';

export interface SeriesPoint {
  t: number;
  flexionDeg: number | null;
  lateralDeg: number | null;
  activity: string;
  posture: string;
}

interface Bin {
  index: number;
  flexSum: number;
  flexN: number;
  latSum: number;
  latN: number;
  activities: Map<Activity, number>;
  postures: Map<Posture, number>;
}

/** Bins per-second points into intervals of `everyS` (≥ 1 s). */
export class SeriesBinner {
  readonly points: SeriesPoint[] = [];
  #bin: Bin | null = null;

  constructor(readonly everyS: number) {}

  add(p: PosturePoint): void {
    const index = Math.floor(p.tMs / 1000 / this.everyS);
    if (this.#bin !== null && this.#bin.index !== index) this.finish();
    const b = (this.#bin ??= { index, flexSum: 0, flexN: 0, latSum: 0, latN: 0, activities: new Map(), postures: new Map() });
    if (Number.isFinite(p.flexionDeg)) {
      b.flexSum += p.flexionDeg;
      b.flexN++;
    }
    if (Number.isFinite(p.lateralDeg)) {
      b.latSum += p.lateralDeg;
      b.latN++;
    }
    b.activities.set(p.activity, (b.activities.get(p.activity) ?? 0) + 1);
    b.postures.set(p.posture, (b.postures.get(p.posture) ?? 0) + 1);
  }

  /** Emits the open interval, if any. */
  finish(): void {
    const b = this.#bin;
    if (b === null) return;
    this.#bin = null;
    this.points.push(
      seriesPoint(
        b.index * this.everyS,
        b.flexN > 0 ? b.flexSum / b.flexN : Number.NaN,
        b.latN > 0 ? b.latSum / b.latN : Number.NaN,
        mostFrequent(b.activities),
        mostFrequent(b.postures),
      ),
    );
  }
}

/** Samples the pipeline's current values at each grid time k · everyS (< 1 s spacing). */
export class SeriesSampler {
  readonly points: SeriesPoint[] = [];
  #nextS = Number.NaN;

  constructor(readonly everyS: number) {}

  sample(tS: number, flexionDeg: number, lateralDeg: number, activity: string, posture: string): void {
    if (this.#nextS !== this.#nextS) this.#nextS = Math.ceil(tS / this.everyS) * this.everyS;
    if (tS < this.#nextS) return;
    this.points.push(seriesPoint(this.#nextS, flexionDeg, lateralDeg, activity, posture));
    // A gap in the recording skips the grid times it covers rather than repeating a stale value.
    this.#nextS = (Math.floor(tS / this.everyS) + 1) * this.everyS;
  }
}

function seriesPoint(t: number, flexionDeg: number, lateralDeg: number, activity: string, posture: string): SeriesPoint {
  return { t: round(t, 6), flexionDeg: finiteOrNull(flexionDeg, 2), lateralDeg: finiteOrNull(lateralDeg, 2), activity, posture };
}

function mostFrequent<K>(counts: Map<K, number>): K {
  let best: K | undefined;
  let bestN = -1;
  for (const [k, n] of counts) if (n > bestN) [best, bestN] = [k, n];
  return best as K;
}

export function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

export function finiteOrNull(x: number, digits: number): number | null {
  return Number.isFinite(x) ? round(x, digits) : null;
}
