/** `calibration`: the calibration routine alone (neutral hold, one forward bend), then quiet sitting. */
import { calibrationRoutine } from './calibration-routine.js';
import { settle } from './moves.js';
import type { ScenarioDefinition } from './scenario-definition.js';

export const calibrationScenario: ScenarioDefinition = {
  name: 'calibration',
  description: 'neutral hold (6-10 s), one forward bend of 30-40 deg, then quiet upright sitting',
  defaultDurationS: 30,
  defaultMounting: 'back-clip',
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    yield* settle(b, b.remainingS());
  },
};
