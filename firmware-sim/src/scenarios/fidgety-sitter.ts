/** `fidgety-sitter`: many short reaches, fidgets and brief forward leans; never a slouch of 30 s or more. */
import { between, uniform } from '../model/rng.js';
import { calibrationRoutine } from './calibration-routine.js';
import { fidget, reach, settle, slouch } from './moves.js';
import type { ScenarioDefinition } from './scenario-definition.js';

export const fidgetySitterScenario: ScenarioDefinition = {
  name: 'fidgety-sitter',
  description: 'upright sitting broken every few seconds by reaches, fidgets and short (<15 s) forward leans; no real slouch episode',
  defaultDurationS: 900,
  defaultMounting: 'back-clip',
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    while (b.remainingS() > 0.5) {
      yield* settle(b, between(b.rng, 4, 40));
      if (b.remainingS() < 0.5) break;
      const u = uniform(b.rng);
      if (u < 0.35) yield* reach(b);
      else if (u < 0.8) yield* fidget(b);
      else yield* slouch(b, between(b.rng, 22, 30), between(b.rng, 3, 8), between(b.rng, 2, 4));
    }
  },
};
