/**
 * The routine every scenario starts with, as a wearer would do it when told "sit (or stand) tall, hold
 * still, then bend forward once": a 6–10 s neutral hold at the identity trunk orientation, then one
 * forward bend of 30–40° and back. Records both windows on the builder.
 */
import type { MotionSegment } from '../model/motion-segment.js';
import { between } from '../model/rng.js';
import type { ScriptBuilder } from './script-builder.js';

/** Sway gain during the neutral hold: keeps the hold's mean within ~0.1° of the identity posture. */
const NEUTRAL_SWAY_GAIN = 0.2;

export function* calibrationRoutine(b: ScriptBuilder, standing: boolean): Generator<MotionSegment, void, void> {
  const r = b.rng;
  const t0 = b.timeS;
  yield b.move({ flexionDeg: 0, lateralDeg: 0, swayGain: NEUTRAL_SWAY_GAIN }, 0, 'still');
  const holdS = between(r, 6, 10);
  yield b.hold(holdS, 'still');
  b.windows.neutral = [t0 + 0.5, t0 + holdS - 0.5];
  const bendStartS = b.timeS;
  yield b.move({ flexionDeg: between(r, 30, 40) }, between(r, 1.5, 2.2), 'moving');
  yield b.hold(between(r, 1, 2), 'moving');
  yield b.move({ flexionDeg: 0, swayGain: standing ? 1.4 : 1 }, between(r, 1.5, 2.2), 'moving');
  b.windows.bend = [bendStartS - 0.5, b.timeS + 0.5];
  yield b.hold(between(r, 1.5, 2.5), 'still');
}
