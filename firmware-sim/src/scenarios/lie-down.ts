/** `lie-down`: sitting, then lying supine, on each side and prone, then sitting up again. */
import { between } from '../model/rng.js';
import { calibrationRoutine } from './calibration-routine.js';
import { getUp, lieDown, roll, settle } from './moves.js';
import type { ScenarioDefinition } from './scenario-definition.js';

export const lieDownScenario: ScenarioDefinition = {
  name: 'lie-down',
  description: 'sit, lie down supine (~-85 deg), roll to the right side, prone, left side, back, then sit up',
  defaultDurationS: 600,
  defaultMounting: 'back-clip',
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    while (b.remainingS() > 0.5) {
      yield* settle(b, between(b.rng, 20, 40));
      if (b.remainingS() < 0.5) break;
      yield* lieDown(b);
      yield b.hold(between(b.rng, 40, 90), 'lying');
      for (const side of ['right', 'prone', 'left', 'supine'] as const) {
        yield* roll(b, side);
        yield b.hold(between(b.rng, 30, 80), 'lying');
      }
      yield* getUp(b);
    }
  },
};
