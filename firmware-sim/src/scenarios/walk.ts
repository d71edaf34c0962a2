/** `walk`: standing calibration, then walking bouts with turns and short standing pauses. */
import { between } from '../model/rng.js';
import { calibrationRoutine } from './calibration-routine.js';
import { settle, walkBout } from './moves.js';
import type { ScenarioDefinition } from './scenario-definition.js';

export const walkScenario: ScenarioDefinition = {
  name: 'walk',
  description: 'walking bouts of 1-2 min (1.8-2 steps/s, 1.1-1.4 m/s) with turns, separated by short standing pauses',
  defaultDurationS: 300,
  defaultMounting: 'back-clip',
  reactsToHaptic: false,
  startsStanding: true,
  *script(b) {
    yield* calibrationRoutine(b, true);
    yield* settle(b, between(b.rng, 4, 8), 8, -3);
    while (b.remainingS() > 0.5) {
      yield* walkBout(b, Math.min(b.remainingS(), between(b.rng, 60, 120)));
      yield* settle(b, between(b.rng, 8, 20), 8, -3);
    }
  },
};
