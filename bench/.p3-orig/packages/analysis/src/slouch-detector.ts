/**
 * Slouch detector: a pure state machine over (time, flexion, activity) that reports the posture of each
 * sample and slouch episodes (contracts section 3: a continuous stretch of flexion above the threshold lasting
 * at least the minimum, while the wearer is not walking or lying; its start is the threshold crossing).
 *
 * Decision rules, in order, per sample:
 * 1. Flexion is not assessable (no calibration, sensor `not_worn`) or the wearer is walking or lying: a
 *    candidate is dropped, a confirmed episode ends at its last moment above the threshold. Walking still
 *    reports upright/slouched (the angle is meaningful), the others report `unknown`. Activity `unknown` (the
 *    classifier warming up after a gap) pauses: posture `unknown`, the slouch state kept as it was. A gap in
 *    the data longer than `maxGapS` ends the slouch state as in rule 4.
 * 2. Hysteresis: the posture becomes `slouched` above `slouchDeg` and returns to `upright` only below
 *    `slouchDeg - hysteresisDeg`, so noise around the threshold does not flicker.
 * 3. A candidate starts at the (interpolated) upward threshold crossing. It becomes an episode once it has been
 *    above the threshold for `minSlouchS` since that crossing (reported with `episodeConfirmed`, start backdated).
 * 4. A dip below the exit level ends the stretch only after it lasted `graceS`; the episode's end is then the
 *    last (interpolated) moment above the threshold, so a short reach back to upright is not part of it and a
 *    dip shorter than `graceS` does not split it. Deep bends of a few seconds never reach `minSlouchS`.
 *
 * Times are seconds in the caller's time base. No allocation per sample.
 */
import type { Activity, Posture } from '@stance/protocol';

export interface SlouchDetectorSettings {
  /** Flexion above which the posture counts as slouched, degrees. Default 20. */
  slouchDeg: number;
  /** Shortest slouch that counts as an episode, seconds. Default 30. */
  minSlouchS: number;
  /** Slouched posture is left only below `slouchDeg - hysteresisDeg`, degrees. Default 2. */
  hysteresisDeg: number;
  /** A dip below the exit level shorter than this does not end a slouch, seconds. Default 2. */
  graceS: number;
  /** A gap in the data (or an `unknown` stretch) longer than this ends a slouch, seconds. Default 10. */
  maxGapS: number;
}

export const DEFAULT_SLOUCH_DETECTOR_SETTINGS: Readonly<SlouchDetectorSettings> = Object.freeze({
  slouchDeg: 20,
  minSlouchS: 30,
  hysteresisDeg: 2,
  graceS: 2,
  maxGapS: 10,
});

/** One finished (or, while `inEpisode`, growing) slouch episode, seconds in the caller's time base. */
export interface SlouchEpisodeS {
  startS: number;
  endS: number;
  durationS: number;
  peakFlexionDeg: number;
  meanFlexionDeg: number;
  /** Exposure: integral of (flexion - slouchDeg) over the episode, degree-seconds. */
  doseDegS: number;
}

const IDLE = 0;
const CANDIDATE = 1;
const CONFIRMED = 2;

export interface SlouchDetector {
  readonly settings: Readonly<SlouchDetectorSettings>;
  /** Posture of the last sample. */
  posture: Posture;
  /** The last sample confirmed an episode; `episode.startS` holds its (backdated) start. */
  episodeConfirmed: boolean;
  /** The last sample ended an episode; `episode` holds it. */
  episodeEnded: boolean;
  /** `cancelSlouchDetector` withdrew a confirmed episode (it was never ended); `episode` holds what it had. */
  episodeCancelled: boolean;
  /** A confirmed episode is open (its fields in `episode` grow). */
  inEpisode: boolean;
  /** The current or last episode. Overwritten in place: copy what you keep. */
  readonly episode: SlouchEpisodeS;
  // Internal state below: read-only for callers.
  phase: number;
  above: boolean;
  prevTS: number;
  prevFlexionDeg: number;
  startS: number;
  lastAboveS: number;
  belowSinceS: number;
  peakDeg: number;
  /** Sums up to `lastAboveS` (committed) and since then (pending, kept if the slouch resumes). */
  sumFlexDegS: number;
  sumDtS: number;
  doseDegS: number;
  pendingFlexDegS: number;
  pendingDtS: number;
  /** The arguments of the current update (see updateSlouchDetector). */
  inTS: number;
  inDtS: number;
  inFlexionDeg: number;
}

export function createSlouchDetector(settings: Partial<SlouchDetectorSettings> = {}): SlouchDetector {
  const s = Object.freeze({ ...DEFAULT_SLOUCH_DETECTOR_SETTINGS, ...settings });
  if (!(s.minSlouchS >= 0) || !(s.hysteresisDeg >= 0) || !(s.graceS >= 0) || !(s.maxGapS >= 0) || !Number.isFinite(s.slouchDeg)) {
    throw new RangeError('slouch detector: slouchDeg must be finite, minSlouchS, hysteresisDeg, graceS and maxGapS >= 0');
  }
  const d: SlouchDetector = {
    settings: s,
    posture: 'unknown',
    episodeConfirmed: false,
    episodeEnded: false,
    episodeCancelled: false,
    inEpisode: false,
    episode: { startS: 0, endS: 0, durationS: 0, peakFlexionDeg: 0, meanFlexionDeg: 0, doseDegS: 0 },
    phase: IDLE,
    above: false,
    prevTS: Number.NaN,
    prevFlexionDeg: Number.NaN,
    startS: 0,
    lastAboveS: 0,
    belowSinceS: Number.NaN,
    peakDeg: 0,
    sumFlexDegS: 0,
    sumDtS: 0,
    doseDegS: 0,
    pendingFlexDegS: 0,
    pendingDtS: 0,
    inTS: Number.NaN,
    inDtS: Number.NaN,
    inFlexionDeg: Number.NaN,
  };
  return d;
}

/** Forget everything (a new wearer, a new calibration). */
export function resetSlouchDetector(d: SlouchDetector): void {
  d.posture = 'unknown';
  d.episodeConfirmed = false;
  d.episodeEnded = false;
  d.episodeCancelled = false;
  d.inEpisode = false;
  d.phase = IDLE;
  d.above = false;
  d.prevTS = Number.NaN;
  d.prevFlexionDeg = Number.NaN;
  d.belowSinceS = Number.NaN;
}

/**
 * One sample. `dtS` is the time this sample stands for (the pipeline passes the gap-clamped step);
 * `assessable` is false while flexion means nothing (no calibration yet).
 */
export function updateSlouchDetector(
  d: SlouchDetector,
  tS: number,
  dtS: number,
  flexionDeg: number,
  activity: Activity,
  assessable: boolean,
): void {
  // The numbers go through the state: this small function is inlined into the caller, the large one below is
  // not, and a double passed as an argument to a call that is not inlined is boxed (a heap allocation).
  d.inTS = tS;
  d.inDtS = dtS;
  d.inFlexionDeg = flexionDeg;
  stepSlouchDetector(d, activity, assessable);
}

function stepSlouchDetector(d: SlouchDetector, activity: Activity, assessable: boolean): void {
  const tS = d.inTS;
  const dtS = d.inDtS;
  const flexionDeg = d.inFlexionDeg;
  d.episodeConfirmed = false;
  d.episodeEnded = false;
  d.episodeCancelled = false;
  const s = d.settings;
  const thr = s.slouchDeg;
  const prevT = d.prevTS;
  const prevF = d.prevFlexionDeg;
  if (d.phase !== IDLE && tS - d.lastAboveS > s.maxGapS && !(tS - prevT <= s.maxGapS && prevF === prevF)) {
    // Data missing (or unassessable) for too long since the slouch was last seen.
    if (d.phase === CONFIRMED) closeEpisode(d);
    d.phase = IDLE;
  }
  const blocked = !assessable || activity === 'walking' || activity === 'lying' || activity === 'not_worn';

  if (!assessable || Number.isNaN(flexionDeg)) {
    d.above = false;
    d.posture = 'unknown';
  } else if (flexionDeg > thr) {
    d.above = true;
  } else if (flexionDeg < thr - s.hysteresisDeg) {
    d.above = false;
  }
  const continuous = !Number.isNaN(prevF) && tS > prevT && tS - prevT <= s.maxGapS;
  d.prevTS = tS;
  d.prevFlexionDeg = blocked || activity === 'unknown' ? Number.NaN : flexionDeg;

  if (blocked) {
    if (d.phase === CONFIRMED) closeEpisode(d);
    d.phase = IDLE;
    d.posture = assessable && activity === 'walking' ? (d.above ? 'slouched' : 'upright') : 'unknown';
    return;
  }
  if (activity === 'unknown') {
    d.posture = 'unknown';
    return;
  }
  d.posture = d.above ? 'slouched' : 'upright';

  if (d.phase === IDLE) {
    if (flexionDeg <= thr) return;
    // Backdate to the interpolated crossing when the previous sample was below it.
    const start = continuous && prevF <= thr ? prevT + ((tS - prevT) * (thr - prevF)) / (flexionDeg - prevF) : tS;
    const lead = tS - start;
    d.phase = CANDIDATE;
    d.startS = start;
    d.lastAboveS = tS;
    d.belowSinceS = Number.NaN;
    d.peakDeg = flexionDeg;
    d.sumFlexDegS = flexionDeg * lead;
    d.sumDtS = lead;
    d.doseDegS = (flexionDeg - thr) * lead * 0.5;
    d.pendingFlexDegS = 0;
    d.pendingDtS = 0;
    return;
  }

  if (flexionDeg > thr) {
    d.sumFlexDegS += d.pendingFlexDegS + flexionDeg * dtS;
    d.sumDtS += d.pendingDtS + dtS;
    d.pendingFlexDegS = 0;
    d.pendingDtS = 0;
    d.doseDegS += (flexionDeg - thr) * dtS;
    if (flexionDeg > d.peakDeg) d.peakDeg = flexionDeg;
    d.lastAboveS = tS;
    d.belowSinceS = Number.NaN;
    if (d.phase === CANDIDATE && tS - d.startS >= s.minSlouchS) {
      d.phase = CONFIRMED;
      d.inEpisode = true;
      d.episodeConfirmed = true;
      fillEpisode(d, tS);
    } else if (d.phase === CONFIRMED) {
      fillEpisode(d, tS);
    }
    return;
  }
  // At or below the threshold: remember where it crossed, then wait out the grace time.
  if (continuous && prevF > thr) {
    const cross = prevT + ((tS - prevT) * (prevF - thr)) / (prevF - flexionDeg);
    const part = cross - prevT;
    d.sumFlexDegS += 0.5 * (prevF + thr) * part;
    d.sumDtS += part;
    d.doseDegS += 0.5 * (prevF - thr) * part;
    d.lastAboveS = cross;
    d.pendingFlexDegS = flexionDeg * (tS - cross);
    d.pendingDtS = tS - cross;
  } else {
    d.pendingFlexDegS += flexionDeg * dtS;
    d.pendingDtS += dtS;
  }
  if (flexionDeg < thr - s.hysteresisDeg) {
    if (Number.isNaN(d.belowSinceS)) d.belowSinceS = tS;
    if (tS - d.belowSinceS >= s.graceS) {
      if (d.phase === CONFIRMED) closeEpisode(d);
      d.phase = IDLE;
    }
  }
}

/** End of the data: close an open episode at its last moment above the threshold. */
export function finishSlouchDetector(d: SlouchDetector): void {
  d.episodeConfirmed = false;
  d.episodeEnded = false;
  d.episodeCancelled = false;
  if (d.phase === CONFIRMED) closeEpisode(d);
  d.phase = IDLE;
}

/**
 * The angles of the current slouch cannot be trusted after all (the calibration was found stale): drop a
 * candidate, withdraw a confirmed episode without ending it (`episodeCancelled`). Call before the next update.
 */
export function cancelSlouchDetector(d: SlouchDetector): void {
  d.episodeConfirmed = false;
  d.episodeEnded = false;
  d.episodeCancelled = d.phase === CONFIRMED;
  if (d.episodeCancelled) fillEpisode(d, d.lastAboveS);
  d.inEpisode = false;
  d.phase = IDLE;
}

function closeEpisode(d: SlouchDetector): void {
  fillEpisode(d, d.lastAboveS);
  d.inEpisode = false;
  d.episodeEnded = true;
}

function fillEpisode(d: SlouchDetector, endS: number): void {
  const e = d.episode;
  e.startS = d.startS;
  e.endS = endS;
  e.durationS = endS - d.startS;
  e.peakFlexionDeg = d.peakDeg;
  e.meanFlexionDeg = d.sumDtS > 0 ? d.sumFlexDegS / d.sumDtS : d.peakDeg;
  e.doseDegS = d.doseDegS;
}
