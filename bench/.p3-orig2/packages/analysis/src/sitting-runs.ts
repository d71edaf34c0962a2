/**
 * Longest unbroken sitting stretch and movement breaks, kept in a form that merges (hours -> days -> weeks).
 *
 * Each second is `sit` (worn and still: the sensor cannot tell sitting from standing still), `active` (walking or
 * moving) or `other` (lying, not worn, unknown, or missing data). Between two sit seconds lies an interruption.
 * An interruption shorter than `breakMinS` is bridged (fidgeting, fetching a coffee): the stretch goes on and
 * its length includes the interruption. A longer one ends the stretch, and counts as a movement break when it
 * holds at least `breakMinS` active seconds. To merge, each bucket keeps its edges: the non-sit time before its
 * first sit second (head gap), its first and last stretches, and the non-sit time after its last sit second.
 */

export type SecondClass = 'sit' | 'active' | 'other';

export interface SittingRuns {
  /** At least one sit second. If false, only the gap fields mean anything (head and tail gap are the same time). */
  hasSit: boolean;
  /** Non-sit seconds before the first sit second, and how many of them were active. */
  headGapS: number;
  headGapActiveS: number;
  /** Length of the first stretch (from the first sit second), seconds. */
  headStretchS: number;
  /** No interruption of `breakMinS` or more between the first and last sit seconds: head and tail are one stretch. */
  oneStretch: boolean;
  /** Longest stretch closed on both sides inside the bucket, seconds (0 if none). */
  innerLongestS: number;
  /** Movement breaks between sit seconds inside the bucket. */
  breaks: number;
  /** Length of the last stretch (up to the last sit second), seconds. */
  tailStretchS: number;
  /** Non-sit seconds after the last sit second, and how many were active. */
  tailGapS: number;
  tailGapActiveS: number;
}

export function emptySittingRuns(): SittingRuns {
  return {
    hasSit: false, headGapS: 0, headGapActiveS: 0, headStretchS: 0, oneStretch: true,
    innerLongestS: 0, breaks: 0, tailStretchS: 0, tailGapS: 0, tailGapActiveS: 0,
  };
}

/** Runs for one second of the given class. */
export function secondRuns(cls: SecondClass): SittingRuns {
  const r = emptySittingRuns();
  if (cls === 'sit') {
    r.hasSit = true;
    r.headStretchS = 1;
    r.tailStretchS = 1;
  } else {
    const active = cls === 'active' ? 1 : 0;
    r.headGapS = r.tailGapS = 1;
    r.headGapActiveS = r.tailGapActiveS = active;
  }
  return r;
}

/**
 * `a` followed by `gapS` seconds of missing data, then `b`. Associative for a fixed `breakMinS`, which is what
 * makes merging hour buckets give the same answer as aggregating the day directly.
 */
export function mergeSittingRuns(a: SittingRuns, b: SittingRuns, gapS: number, breakMinS: number): SittingRuns {
  if (!a.hasSit && !b.hasSit) {
    const total = a.headGapS + gapS + b.headGapS;
    const active = a.headGapActiveS + b.headGapActiveS;
    return { ...emptySittingRuns(), headGapS: total, tailGapS: total, headGapActiveS: active, tailGapActiveS: active };
  }
  if (!a.hasSit) {
    return { ...b, headGapS: a.headGapS + gapS + b.headGapS, headGapActiveS: a.headGapActiveS + b.headGapActiveS };
  }
  if (!b.hasSit) {
    return { ...a, tailGapS: a.tailGapS + gapS + b.tailGapS, tailGapActiveS: a.tailGapActiveS + b.tailGapActiveS };
  }
  const middleS = a.tailGapS + gapS + b.headGapS;
  const middleActiveS = a.tailGapActiveS + b.headGapActiveS;
  const edges = {
    hasSit: true,
    headGapS: a.headGapS, headGapActiveS: a.headGapActiveS,
    tailGapS: b.tailGapS, tailGapActiveS: b.tailGapActiveS,
  };
  if (middleS < breakMinS) {
    const joinedS = a.tailStretchS + middleS + b.headStretchS;
    return {
      ...edges,
      oneStretch: a.oneStretch && b.oneStretch,
      headStretchS: a.oneStretch ? joinedS : a.headStretchS,
      tailStretchS: b.oneStretch ? joinedS : b.tailStretchS,
      innerLongestS: Math.max(a.innerLongestS, b.innerLongestS, !a.oneStretch && !b.oneStretch ? joinedS : 0),
      breaks: a.breaks + b.breaks,
    };
  }
  return {
    ...edges,
    oneStretch: false,
    headStretchS: a.headStretchS,
    tailStretchS: b.tailStretchS,
    innerLongestS: Math.max(
      a.innerLongestS,
      b.innerLongestS,
      a.oneStretch ? 0 : a.tailStretchS,
      b.oneStretch ? 0 : b.headStretchS,
    ),
    breaks: a.breaks + b.breaks + (middleActiveS >= breakMinS ? 1 : 0),
  };
}

/**
 * In place: `r` followed by `gapS` seconds of missing data and one second of class `cls`. Same result as
 * `mergeSittingRuns(r, secondRuns(cls), gapS, breakMinS)` without allocating (it runs once per point).
 */
export function appendSecond(r: SittingRuns, cls: SecondClass, gapS: number, breakMinS: number): void {
  if (cls !== 'sit') {
    const active = cls === 'active' ? 1 : 0;
    r.tailGapS += gapS + 1;
    r.tailGapActiveS += active;
    if (!r.hasSit) {
      r.headGapS = r.tailGapS;
      r.headGapActiveS = r.tailGapActiveS;
    }
    return;
  }
  if (!r.hasSit) {
    r.hasSit = true;
    r.headGapS += gapS;
    r.headStretchS = r.tailStretchS = 1;
    r.oneStretch = true;
  } else {
    const middleS = r.tailGapS + gapS;
    if (middleS < breakMinS) {
      const joinedS = r.tailStretchS + middleS + 1;
      if (r.oneStretch) r.headStretchS = joinedS;
      r.tailStretchS = joinedS;
    } else {
      if (!r.oneStretch) r.innerLongestS = Math.max(r.innerLongestS, r.tailStretchS);
      if (r.tailGapActiveS >= breakMinS) r.breaks += 1;
      r.oneStretch = false;
      r.tailStretchS = 1;
    }
  }
  r.tailGapS = 0;
  r.tailGapActiveS = 0;
}

/** Longest sitting stretch in seconds (0 without sitting). */
export function longestSittingS(r: SittingRuns): number {
  return r.hasSit ? Math.max(r.headStretchS, r.tailStretchS, r.innerLongestS) : 0;
}
