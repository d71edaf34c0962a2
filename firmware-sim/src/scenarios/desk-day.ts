/**
 * `desk-day`: hours at a desk. Upright stretches with small shifts; slouches that creep in and get
 * corrected (some short, some long, some mild); reaches and fidgets; a walking break every 25–50 minutes.
 */
import { between, uniform } from '../model/rng.js';
import { calibrationRoutine } from './calibration-routine.js';
import { fidget, randomSlouch, reach, settle, sitDown, standUp, walkBout } from './moves.js';
import type { ScenarioDefinition } from './scenario-definition.js';
import type { ScriptBuilder } from './script-builder.js';

export function* deskWork(b: ScriptBuilder, breakEveryS: [number, number]): ReturnType<ScenarioDefinition['script']> {
  let nextBreakS = b.timeS + between(b.rng, breakEveryS[0], breakEveryS[1]);
  while (b.remainingS() > 0.5) {
    if (b.timeS > nextBreakS && b.remainingS() > 240) {
      yield* settle(b, between(b.rng, 5, 15));
      yield* standUp(b);
      yield* walkBout(b, between(b.rng, 40, 180));
      yield* settle(b, between(b.rng, 10, 60));
      yield* walkBout(b, between(b.rng, 30, 120));
      yield* sitDown(b);
      nextBreakS = b.timeS + between(b.rng, breakEveryS[0], breakEveryS[1]);
      continue;
    }
    yield* settle(b, between(b.rng, 40, 480));
    if (b.remainingS() < 0.5) break;
    const u = uniform(b.rng);
    if (u < 0.6) yield* randomSlouch(b);
    else if (u < 0.85) yield* reach(b);
    else yield* fidget(b);
  }
}

export const deskDayScenario: ScenarioDefinition = {
  name: 'desk-day',
  description: 'hours of desk sitting: creeping slouches of varied length and depth, reaches, fidgets, walking breaks',
  defaultDurationS: 2 * 3600,
  defaultMounting: 'back-clip',
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    yield* deskWork(b, [1500, 3000]);
  },
};
