/**
 * `buzz-responder`: slouches that last until the device buzzes; the wearer then sits up 1–4 s later.
 * Without a buzz (generateScenario, or no feedback) a slouch ends by itself after 3–6 minutes.
 */
import { between } from '../model/rng.js';
import { calibrationRoutine } from './calibration-routine.js';
import { settle, slouch } from './moves.js';
import type { ScenarioDefinition } from './scenario-definition.js';

export const buzzResponderScenario: ScenarioDefinition = {
  name: 'buzz-responder',
  description: 'creeping slouches (25-33 deg) that end 1-4 s after a haptic buzz (notifyHaptic), else after 3-6 min',
  defaultDurationS: 1800,
  defaultMounting: 'back-clip',
  reactsToHaptic: true,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    while (b.remainingS() > 0.5) {
      yield* settle(b, between(b.rng, 30, 120));
      if (b.remainingS() < 0.5) break;
      yield* slouch(b, between(b.rng, 25, 33), between(b.rng, 180, 360), between(b.rng, 10, 30), between(b.rng, 1, 4));
    }
  },
};
