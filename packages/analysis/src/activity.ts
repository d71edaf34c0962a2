/**
 * Activity classifier: still, moving, walking, lying, not_worn or unknown, streaming and allocation-free.
 *
 * Samples are averaged into short fixed-duration blocks (16 per second by default) so every rule below works
 * the same at 25 and at 300 Hz and costs a few additions per sample. Decision rules, first match wins:
 * 1. `unknown`: less than `warmUpS` of data since the start or a gap (the pipeline adds: orientation unknown).
 * 2. `not_worn`: no micro-movement (breathing sway, heartbeat) for `notWornAfterS`: see wear-detector.ts.
 * 3. `lying`: the trunk's up axis (the calibration's `u`) is more than `lyingTiltDeg` from vertical for
 *    `lyingAfterS`; it ends below `uprightTiltDeg`. Needs a reference up axis; without one, never lying.
 * 4. `walking`: the vertical acceleration (each block's mean accelerometer along the filter's up at the block's
 *    end, minus 1 g) over the last `walkWindowS` oscillates with a standard deviation of at least `minStepAccG`
 *    and its normalised autocorrelation peaks at a step period between 1/`maxStepHz` and 1/`minStepHz` above
 *    `minStepCorrelation` (step-periodicity.ts). Judged every `evaluateEveryS`; two agreeing judgements switch
 *    it on or off.
 * 5. `moving`: the gyroscope RMS (bias removed) over about `motionWindowS` exceeds `movingGyroDps`, or the
 *    standard deviation of |acc| (each block's RMS) exceeds `movingAccG`.
 * 6. `still` otherwise.
 */
import type { Activity } from '@stance/protocol';
import { addWearBlock, createWearDetector, resetWearDetector, type WearDetector, type WearDetectorSettings } from './wear-detector.js';
import { judgeSteps } from './step-periodicity.js';

/** The not-worn settings (`WearDetectorSettings`: quietWindowS, quietAccDeg, ...) are part of these. */
export interface ActivitySettings extends WearDetectorSettings {
  /**
   * Duration of the averaging blocks, s, and the posture pipeline's tick. 0.1 s (10 Hz) resolves step cadences
   * up to 2.6 Hz (4 blocks a step; the two-period test of step-periodicity.ts keeps single movements from
   * passing for steps at this resolution), divides a second exactly (the per-second means of wear-detector.ts)
   * and costs the pipeline about 15 % less than 0.0625 s (16 Hz), which classifies the simulator's scenarios the
   * same (93.3 % of samples agree with the truth either way).
   */
  blockS: number;
  /** No decision before this much data after the start or a gap, s. */
  warmUpS: number;
  /** A step in time longer than this is a gap: the windows start again, s. */
  gapS: number;
  /** Window over which step periodicity is judged, s. */
  walkWindowS: number;
  /** Walking is judged this often, s. */
  evaluateEveryS: number;
  /** Slowest step cadence counted as walking, steps/s (Hz). */
  minStepHz: number;
  /** Fastest step cadence counted as walking, steps/s (Hz). */
  maxStepHz: number;
  /** Smallest standard deviation of the vertical acceleration for steps, g. */
  minStepAccG: number;
  /** Smallest normalised autocorrelation at the step period, 0..1. */
  minStepCorrelation: number;
  /** Time constant of the movement measures, s. */
  motionWindowS: number;
  /** Gyroscope RMS (bias removed) above which the wearer is moving, °/s. */
  movingGyroDps: number;
  /** Standard deviation of |acc| above which the wearer is moving, g. */
  movingAccG: number;
  /** Tilt of the trunk's up axis from vertical beyond which the wearer may be lying, degrees. */
  lyingTiltDeg: number;
  /** The tilt must last this long to count as lying (a reach to the floor does not), s. */
  lyingAfterS: number;
  /** Lying ends when the tilt falls below this, degrees. */
  uprightTiltDeg: number;
}

export const DEFAULT_ACTIVITY_SETTINGS: Readonly<ActivitySettings> = Object.freeze({
  blockS: 0.1,
  warmUpS: 1,
  gapS: 1,
  walkWindowS: 3,
  evaluateEveryS: 0.5,
  minStepHz: 1.3,
  maxStepHz: 2.6,
  minStepAccG: 0.03,
  minStepCorrelation: 0.4,
  motionWindowS: 1,
  movingGyroDps: 10,
  movingAccG: 0.05,
  lyingTiltDeg: 60,
  lyingAfterS: 5,
  uprightTiltDeg: 45,
  quietWindowS: 10,
  quietAccDeg: 0.05,
  quietGyroDps: 0.05,
  quietNoiseFactor: 3,
  notWornAfterS: 60,
});

export interface ActivityClassifier {
  readonly settings: Readonly<ActivitySettings>;
  /** The current activity (changes at block boundaries). */
  activity: Activity;
  /** Step cadence of the last walking judgement, Hz (NaN when no step period was found). */
  stepHz: number;
  /** The not-worn detector (its spreads and quiet time are there). */
  readonly wear: WearDetector;
  // Internal state below: read-only for callers.
  blockLeftS: number;
  sinceStartS: number;
  /** Time in the open block (steps up to `gapS`), s; up vector and tilt cosine handed to the block's close. */
  bDtS: number;
  upX: number; upY: number; upZ: number;
  cosTilt: number;
  bN: number; bGyr2: number;
  bAx: number; bAy: number; bAz: number; bGx: number; bGy: number; bGz: number;
  vert: Float64Array; vertHead: number; vertCount: number; vertLinear: Float64Array;
  /** Running Σ and Σ² of the ring (step-periodicity.ts's quick variance test), re-summed exactly at each wrap. */
  vertSum: number; vertSum2: number;
  blocksToEvaluate: number;
  walkVotes: number; walking: boolean;
  gyr2Ema: number; accMagEma: number; accVarEma: number; emaReady: boolean;
  bAcc2: number;
  tiltHighS: number; lying: boolean;
  // Converted settings.
  walkBlocks: number; evalBlocks: number; minLag: number; maxLag: number; alpha: number;
  warmUpBlocks: number; cosLying: number; cosUpright: number;
}

export function createActivityClassifier(settings: Partial<ActivitySettings> = {}): ActivityClassifier {
  const s = Object.freeze({ ...DEFAULT_ACTIVITY_SETTINGS, ...settings });
  if (!(s.blockS > 0) || !(s.walkWindowS > 4 / s.minStepHz * 0.5) || !(s.maxStepHz > s.minStepHz)) {
    throw new RangeError('activity: blockS must be > 0, walkWindowS at least two step periods, maxStepHz > minStepHz');
  }
  const walkBlocks = Math.max(8, Math.round(s.walkWindowS / s.blockS));
  const c: ActivityClassifier = {
    settings: s,
    activity: 'unknown',
    stepHz: Number.NaN,
    wear: createWearDetector(s, 1 / s.blockS),
    blockLeftS: s.blockS,
    sinceStartS: 0,
    bDtS: 0,
    upX: Number.NaN, upY: Number.NaN, upZ: Number.NaN,
    cosTilt: Number.NaN,
    bN: 0, bGyr2: 0,
    bAx: 0, bAy: 0, bAz: 0, bGx: 0, bGy: 0, bGz: 0,
    vert: new Float64Array(walkBlocks), vertHead: 0, vertCount: 0, vertLinear: new Float64Array(walkBlocks),
    vertSum: 0.5, vertSum2: 0.5, // doubles from the start (reset below), so the fields never change representation
    blocksToEvaluate: 0,
    walkVotes: 0, walking: false,
    gyr2Ema: 0, accMagEma: 1, accVarEma: 0, emaReady: false,
    bAcc2: 0,
    tiltHighS: 0, lying: false,
    walkBlocks,
    evalBlocks: Math.max(1, Math.round(s.evaluateEveryS / s.blockS)),
    minLag: Math.max(1, Math.floor(1 / s.maxStepHz / s.blockS)),
    maxLag: Math.min(walkBlocks - 4, Math.ceil(1 / s.minStepHz / s.blockS)),
    alpha: Math.min(1, s.blockS / s.motionWindowS),
    warmUpBlocks: Math.ceil(s.warmUpS / s.blockS),
    cosLying: Math.cos((s.lyingTiltDeg * Math.PI) / 180),
    cosUpright: Math.cos((s.uprightTiltDeg * Math.PI) / 180),
  };
  return c;
}

/** Start again (after a gap, or on another wearer): every window empties, the activity becomes unknown. */
export function resetActivityClassifier(c: ActivityClassifier): void {
  c.activity = 'unknown';
  c.stepHz = Number.NaN;
  c.blockLeftS = c.settings.blockS;
  c.sinceStartS = 0;
  c.bDtS = 0;
  c.bN = c.bGyr2 = 0;
  c.bAx = c.bAy = c.bAz = c.bGx = c.bGy = c.bGz = 0;
  c.vertHead = c.vertCount = 0;
  c.vertSum = c.vertSum2 = 0;
  c.blocksToEvaluate = 0;
  c.walkVotes = 0;
  c.walking = false;
  c.emaReady = false;
  c.bAcc2 = 0;
  resetWearDetector(c.wear);
  c.tiltHighS = 0;
  c.lying = false;
}

/**
 * One sample. Accelerometer in g; gyroscope in °/s with the filter's bias estimate already removed; `up*` the
 * filter's unit up vector (sensor frame); `cosTilt` the cosine of the angle between it and the calibrated up
 * axis, i.e. their dot product (NaN when there is no calibration). `dtS` is the time since the previous sample.
 * Closes a block every `blockS` of data. (The posture pipeline instead calls {@link addActivitySample} per
 * sample and {@link closeActivityBlock} at its own tick, which is one block.)
 */
export function updateActivityClassifier(
  c: ActivityClassifier,
  dtS: number,
  ax: number, ay: number, az: number,
  gx: number, gy: number, gz: number,
  upX: number, upY: number, upZ: number,
  cosTilt: number,
): void {
  addActivitySample(c, dtS, ax, ay, az, gx, gy, gz);
  c.blockLeftS -= dtS > 0 && dtS <= c.settings.gapS ? dtS : 0;
  if (c.blockLeftS > 1e-9) return;
  c.blockLeftS += c.settings.blockS;
  if (c.blockLeftS <= 0) c.blockLeftS = c.settings.blockS; // a long step spans several blocks: do not catch up
  closeActivityBlock(c, upX, upY, upZ, cosTilt);
}

/**
 * Adds one sample to the open block (arguments as for {@link updateActivityClassifier}): sums only, so it is
 * inlined into a caller's per-sample loop. A step longer than `gapS` starts everything again first.
 */
export function addActivitySample(
  c: ActivityClassifier,
  dtS: number,
  ax: number, ay: number, az: number,
  gx: number, gy: number, gz: number,
): void {
  if (dtS > c.settings.gapS) resetActivityClassifier(c);
  else if (dtS > 0) c.bDtS += dtS;
  c.bN++;
  c.bGyr2 += gx * gx + gy * gy + gz * gz;
  c.bAcc2 += ax * ax + ay * ay + az * az;
  c.bAx += ax; c.bAy += ay; c.bAz += az;
  c.bGx += gx; c.bGy += gy; c.bGz += gz;
}

/**
 * Ends the open block (if it has samples) and decides the activity. `up*` and `cosTilt` as for
 * {@link updateActivityClassifier}, at the block's end; the tilt must stay high for `lyingAfterS` of block time.
 */
export function closeActivityBlock(c: ActivityClassifier, upX: number, upY: number, upZ: number, cosTilt: number): void {
  // Through the state: this is inlined, closeBlock is not, and doubles passed to a call not inlined are boxed.
  c.upX = upX;
  c.upY = upY;
  c.upZ = upZ;
  c.cosTilt = cosTilt;
  if (c.bN > 0) closeBlock(c);
}

function closeBlock(c: ActivityClassifier): void {
  // Lying needs its tilt sustained over time, so it does not depend on the block size.
  // (Compared as cosines: tilt > lyingTiltDeg ⟺ cos < cosLying.)
  const cosTilt = c.cosTilt;
  if (cosTilt < c.cosLying) c.tiltHighS += c.bDtS;
  else c.tiltHighS = 0;
  if (!c.lying && c.tiltHighS >= c.settings.lyingAfterS) c.lying = true;
  else if (c.lying && !(cosTilt <= c.cosUpright)) c.lying = false;
  c.bDtS = 0;
  const s = c.settings;
  const inv = 1 / c.bN;
  // Walking: vertical acceleration per block into the ring, and its running sums.
  addVertical(c);
  // Movement: exponential averages per block (fixed block length, so a fixed weight).
  const gyr2 = c.bGyr2 * inv;
  const mag = Math.sqrt(c.bAcc2 * inv);
  if (!c.emaReady) {
    c.gyr2Ema = gyr2;
    c.accMagEma = mag;
    c.accVarEma = 0;
    c.emaReady = true;
  } else {
    const a = c.alpha;
    c.gyr2Ema += a * (gyr2 - c.gyr2Ema);
    const d = mag - c.accMagEma;
    c.accMagEma += a * d;
    c.accVarEma += a * (d * d - c.accVarEma);
  }
  // Micro-movement (not worn).
  addWearBlock(c.wear, c.bN, c.bAx, c.bAy, c.bAz, c.bGx, c.bGy, c.bGz, c.bAcc2, c.bGyr2);
  c.bN = c.bGyr2 = c.bAcc2 = 0;
  c.bAx = c.bAy = c.bAz = c.bGx = c.bGy = c.bGz = 0;

  c.sinceStartS += s.blockS;
  if (++c.blocksToEvaluate >= c.evalBlocks && c.vertCount === c.walkBlocks) {
    c.blocksToEvaluate = 0;
    const vote = judgeSteps(c);
    if (vote !== c.walking) {
      if (++c.walkVotes >= 2) {
        c.walking = vote;
        c.walkVotes = 0;
      }
    } else {
      c.walkVotes = 0;
    }
  }
  c.activity = decide(c);
}

/**
 * The open block's vertical acceleration into the ring, keeping Σ and Σ² of the ring for step-periodicity.ts's
 * variance test (which then needs no pass over the ring while nobody walks). The running sums are summed
 * afresh from the ring at each wrap, so rounding cannot build up over a long recording. (Reads the block from
 * the state rather than taking a number: doubles passed to a call that is not inlined are boxed.)
 */
function addVertical(c: ActivityClassifier): void {
  const v = (c.bAx * c.upX + c.bAy * c.upY + c.bAz * c.upZ) * (1 / c.bN) - 1;
  const vert = c.vert;
  const h = c.vertHead;
  if (c.vertCount === c.walkBlocks) {
    const old = vert[h]!;
    c.vertSum -= old;
    c.vertSum2 -= old * old;
  } else {
    c.vertCount++;
  }
  vert[h] = v;
  c.vertSum += v;
  c.vertSum2 += v * v;
  if (h + 1 < c.walkBlocks) {
    c.vertHead = h + 1;
    return;
  }
  c.vertHead = 0;
  let sum = 0;
  let sum2 = 0;
  for (let k = 0; k < c.vertCount; k++) {
    const x = vert[k]!;
    sum += x;
    sum2 += x * x;
  }
  c.vertSum = sum;
  c.vertSum2 = sum2;
}

function decide(c: ActivityClassifier): Activity {
  const s = c.settings;
  if (c.sinceStartS < s.warmUpS) return 'unknown';
  if (c.wear.notWorn) return 'not_worn';
  if (c.lying) return 'lying';
  if (c.walking) return 'walking';
  if (c.gyr2Ema > s.movingGyroDps * s.movingGyroDps || c.accVarEma > s.movingAccG * s.movingAccG) return 'moving';
  return 'still';
}
