/** `standing-desk`: standing work with side leans (hip shifts), some forward slouches and reaches. */
import { LATERAL } from '../model/motion-segment.js';
import { between, sign, uniform } from '../model/rng.js';
import { calibrationRoutine } from './calibration-routine.js';
import { reach, settle, slouch } from './moves.js';
import type { ScenarioDefinition } from './scenario-definition.js';

export const standingDeskScenario: ScenarioDefinition = {
  name: 'standing-desk',
  description: 'standing at a desk: side leans of 6-15 deg held for seconds to minutes, a few forward slouches, reaches',
  defaultDurationS: 1200,
  defaultMounting: 'back-clip',
  reactsToHaptic: false,
  startsStanding: true,
  *script(b) {
    yield* calibrationRoutine(b, true);
    while (b.remainingS() > 0.5) {
      yield* settle(b, between(b.rng, 20, 150), 9, -3);
      if (b.remainingS() < 0.5) break;
      const u = uniform(b.rng);
      if (u < 0.55) {
        const back = b.pose[LATERAL]!;
        yield b.move({ lateralDeg: sign(b.rng) * between(b.rng, 6, 15) }, between(b.rng, 1.5, 3), 'moving');
        yield b.hold(between(b.rng, 10, 120), 'still');
        yield b.move({ lateralDeg: back }, between(b.rng, 1.5, 3), 'moving');
      } else if (u < 0.8) {
        const long = uniform(b.rng) < 0.6;
        yield* slouch(b, between(b.rng, 23, 30), long ? between(b.rng, 50, 240) : between(b.rng, 4, 10), long ? between(b.rng, 8, 25) : between(b.rng, 3, 5));
      } else yield* reach(b);
    }
  },
};
