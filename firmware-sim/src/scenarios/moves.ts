/**
 * Building blocks the scenarios share: sitting still with small shifts, slouches that creep in and get
 * corrected, reaches, standing up and sitting down, walking bouts, lying down.
 *
 * Design targets (README): upright sitting stays below ~12° flexion with ~1° sway; a slouch settles either
 * clearly below a 20° threshold (13–16.5°) or clearly above it (23–35°); above-threshold stretches last either
 * clearly less than 30 s (under ~22 s) or clearly more (over ~45 s). So with a 20° / 30 s rule the true
 * episodes are unambiguous and an analysis's F1 measures the analysis, not coin flips.
 */
import type { MotionSegment } from '../model/motion-segment.js';
import { FLEXION, HEADING, LATERAL } from '../model/motion-segment.js';
import { between, sign, uniform } from '../model/rng.js';
import type { ScriptBuilder } from './script-builder.js';

type Moves = Generator<MotionSegment, void, void>;

/** Hip pivot rise from sitting to standing, m. */
export const STANDING_HIP_UP_M = 0.45;

/** A fresh upright baseline for sitting, deg. */
export function uprightFlexionDeg(b: ScriptBuilder): number {
  return between(b.rng, -1, 8);
}

/** Hold the current posture for `durationS`, shifting it by a degree or two every 20–90 s. */
export function* settle(b: ScriptBuilder, durationS: number, maxFlexionDeg = 11, minFlexionDeg = -3): Moves {
  const end = Math.min(b.timeS + durationS, b.durationS);
  while (end - b.timeS > 0.5) {
    const left = end - b.timeS;
    const holdS = Math.min(left, between(b.rng, 20, 90));
    yield b.hold(holdS, 'still');
    if (end - b.timeS < 4) continue;
    const f = b.pose[FLEXION]! + between(b.rng, -2, 2);
    yield b.move(
      { flexionDeg: Math.min(maxFlexionDeg, Math.max(minFlexionDeg, f)), lateralDeg: b.pose[LATERAL]! * 0.5 + between(b.rng, -1.5, 1.5) },
      between(b.rng, 1.5, 3),
      'still',
    );
  }
}

/** Bend down to pick something up (60–85°) and come back to the same pose. */
export function* reach(b: ScriptBuilder): Moves {
  const back = { flexionDeg: b.pose[FLEXION]!, lateralDeg: b.pose[LATERAL]!, headingDeg: b.pose[HEADING]! };
  yield b.move(
    { flexionDeg: between(b.rng, 60, 85), lateralDeg: between(b.rng, -15, 15), headingDeg: back.headingDeg + between(b.rng, -20, 20) },
    between(b.rng, 1.2, 2),
    'moving',
  );
  yield b.hold(between(b.rng, 1, 3), 'moving');
  yield b.move(back, between(b.rng, 1.2, 2), 'moving');
}

/** A short fidget: lean, twist or shift by 5–15° for a few seconds, then back. Stays under ~18° flexion. */
export function* fidget(b: ScriptBuilder): Moves {
  const back = { flexionDeg: b.pose[FLEXION]!, lateralDeg: b.pose[LATERAL]!, headingDeg: b.pose[HEADING]! };
  yield b.move(
    {
      flexionDeg: Math.min(18, back.flexionDeg + between(b.rng, -5, 10)),
      lateralDeg: back.lateralDeg + between(b.rng, -12, 12),
      headingDeg: back.headingDeg + between(b.rng, -25, 25),
    },
    between(b.rng, 0.8, 1.6),
    'moving',
  );
  yield b.hold(between(b.rng, 1, 6), 'moving');
  yield b.move(back, between(b.rng, 0.8, 1.6), 'moving');
}

/**
 * A slouch: creep from the current pose to `levelDeg` over `creepS` (slowly: 'still'), stay there `holdS`
 * with small fluctuations, then sit up to a new upright baseline. With `hapticReactionS` the wearer answers a
 * buzz: a slouched hold ends that long after it (the engine cuts it short and sets `b.buzzed`), and a buzz
 * felt during the creep or a fluctuation is answered as soon as that move ends.
 */
export function* slouch(b: ScriptBuilder, levelDeg: number, holdS: number, creepS: number, hapticReactionS?: number): Moves {
  const lo = levelDeg >= 20 ? 23 : levelDeg - 2.5;
  const hi = levelDeg >= 20 ? 35 : 16.5;
  const buzzedDuring = (seg: MotionSegment): boolean => hapticReactionS !== undefined && b.lastHapticS >= seg.t0S;
  // A creep slower than ~6°/s at its peak is posture drift ('still'); faster is a movement.
  const creepActivity = (1.875 * Math.abs(levelDeg - b.pose[FLEXION]!)) / creepS > 6 ? 'moving' : 'still';
  let seg = b.move({ flexionDeg: levelDeg, lateralDeg: b.pose[LATERAL]! + between(b.rng, -3, 3) }, creepS, creepActivity);
  yield seg;
  let pending = buzzedDuring(seg);
  const end = b.timeS + holdS;
  b.buzzed = false;
  while (!pending && end - b.timeS > 0.5 && b.remainingS() > 0.5) {
    yield b.hold(Math.min(end - b.timeS, between(b.rng, 8, 40)), 'still', hapticReactionS);
    if (b.buzzed || end - b.timeS < 6) break;
    const f = Math.min(hi, Math.max(lo, b.pose[FLEXION]! + between(b.rng, -2, 2)));
    seg = b.move({ flexionDeg: f }, between(b.rng, 2, 4), 'still');
    yield seg;
    pending = buzzedDuring(seg);
  }
  if (pending && hapticReactionS !== undefined) yield b.hold(Math.max(0, b.lastHapticS + hapticReactionS - b.timeS), 'still');
  b.buzzed = false;
  yield b.move({ flexionDeg: uprightFlexionDeg(b), lateralDeg: between(b.rng, -2, 2) }, between(b.rng, 1, 2.5), 'moving');
}

/**
 * A slouch whose above-threshold time (at 20°/30 s) is clearly short (< ~22 s) or clearly long (> ~45 s),
 * or a mild one that stays below 20°. Returns nothing; yields the moves.
 */
export function* randomSlouch(b: ScriptBuilder, hapticReactionS?: number): Moves {
  const u = uniform(b.rng);
  if (u < 0.2) {
    yield* slouch(b, between(b.rng, 13, 16), between(b.rng, 20, 240), between(b.rng, 10, 30), hapticReactionS);
  } else if (u < 0.45) {
    // Short: quick creep (3–6 s), 4–12 s hold: above 20° for at most ~20 s.
    yield* slouch(b, between(b.rng, 24, 32), between(b.rng, 4, 12), between(b.rng, 3, 6), hapticReactionS);
  } else {
    yield* slouch(b, between(b.rng, 24, 34), between(b.rng, 45, 600), between(b.rng, 8, 40), hapticReactionS);
  }
}

export function* standUp(b: ScriptBuilder): Moves {
  yield b.move({ flexionDeg: between(b.rng, 30, 40), hipUpM: 0.15, swayGain: 0.5 }, between(b.rng, 0.8, 1.1), 'moving');
  yield b.move({ flexionDeg: between(b.rng, 0, 5), lateralDeg: 0, hipUpM: STANDING_HIP_UP_M, swayGain: 1.4 }, between(b.rng, 0.9, 1.3), 'moving');
}

export function* sitDown(b: ScriptBuilder): Moves {
  yield b.move({ flexionDeg: between(b.rng, 25, 35), hipUpM: 0.15, swayGain: 0.5 }, between(b.rng, 0.9, 1.3), 'moving');
  yield b.move({ flexionDeg: uprightFlexionDeg(b), lateralDeg: between(b.rng, -2, 2), hipUpM: 0, swayGain: 1 }, between(b.rng, 0.8, 1.2), 'moving');
}

/** Walk for about `durationS` (standing start and end), turning now and then. */
export function* walkBout(b: ScriptBuilder, durationS: number): Moves {
  const end = b.timeS + durationS;
  yield b.move({ walkGain: 1, flexionDeg: between(b.rng, 2, 7), lateralDeg: 0, swayGain: 0.5 }, between(b.rng, 1.2, 2), 'walking');
  while (end - b.timeS > 3) {
    yield b.hold(Math.min(end - b.timeS, between(b.rng, 5, 30)), 'walking');
    if (end - b.timeS < 5) break;
    const turnDeg = sign(b.rng) * between(b.rng, 30, 180);
    yield b.move({ headingDeg: b.pose[HEADING]! + turnDeg }, Math.abs(turnDeg) / between(b.rng, 45, 90) + 0.5, 'walking');
  }
  yield b.move({ walkGain: 0, flexionDeg: between(b.rng, 0, 4), swayGain: 1.4 }, between(b.rng, 1.2, 2), 'walking');
}

/** From sitting: lie down on the back (flexion ≈ −85°). */
export function* lieDown(b: ScriptBuilder): Moves {
  yield b.move({ flexionDeg: -40, hipUpM: -0.05, swayGain: 0.3 }, between(b.rng, 1.2, 1.8), 'moving');
  yield b.move({ flexionDeg: between(b.rng, -87, -82), lateralDeg: between(b.rng, -3, 3), hipUpM: -0.1 }, between(b.rng, 1.2, 1.8), 'moving');
}

/** While lying: roll to the given posture ('supine', 'left', 'right', 'prone'). */
export function* roll(b: ScriptBuilder, to: 'supine' | 'left' | 'right' | 'prone'): Moves {
  const target =
    to === 'supine' ? { flexionDeg: between(b.rng, -87, -82), lateralDeg: between(b.rng, -3, 3) }
    : to === 'prone' ? { flexionDeg: between(b.rng, 80, 86), lateralDeg: between(b.rng, -3, 3) }
    : { flexionDeg: between(b.rng, -10, 10), lateralDeg: (to === 'right' ? 1 : -1) * between(b.rng, 78, 86) };
  yield b.move(target, between(b.rng, 1.5, 2.5), 'moving');
}

/** From lying: sit back up. */
export function* getUp(b: ScriptBuilder): Moves {
  yield b.move({ flexionDeg: -40, lateralDeg: 0, hipUpM: -0.05 }, between(b.rng, 1.5, 2.2), 'moving');
  yield b.move({ flexionDeg: uprightFlexionDeg(b), hipUpM: 0, swayGain: 1 }, between(b.rng, 1.2, 1.8), 'moving');
}
