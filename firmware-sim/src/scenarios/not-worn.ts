/**
 * `not-worn`: worn for the calibration and a minute or so, then unclipped and laid flat on the desk
 * (face up or down, resting tilted by a few degrees), nudged once, left there. While on the desk the
 * "trunk" angles are the virtual ones that put the sensor flat; their activity is 'not_worn'.
 */
import { FLEXION, HEADING, LATERAL } from '../model/motion-segment.js';
import { between, normal, uniform } from '../model/rng.js';
import { calibrationRoutine } from './calibration-routine.js';
import { settle } from './moves.js';
import type { ScenarioDefinition } from './scenario-definition.js';
import type { ScriptBuilder } from './script-builder.js';

/** Trunk angles (deg) that put the sensor's z axis (or −z) straight up, tilted by a few degrees. */
function flatOnDesk(b: ScriptBuilder): { flexionDeg: number; lateralDeg: number } {
  const m = b.mounting.sensorToTrunk;
  const s = uniform(b.rng) < 0.7 ? 1 : -1;
  const tilt = 0.06;
  let uf = s * m[2]! + tilt * normal(b.rng), ul = s * m[5]! + tilt * normal(b.rng), uu = s * m[8]! + tilt * normal(b.rng);
  const n = Math.hypot(uf, ul, uu);
  uf /= n; ul /= n; uu /= n;
  return { flexionDeg: (Math.asin(-uf) * 180) / Math.PI, lateralDeg: (Math.atan2(ul, uu) * 180) / Math.PI };
}

export const notWornScenario: ScenarioDefinition = {
  name: 'not-worn',
  description: 'worn briefly, then unclipped and left lying flat on a desk (nudged once) for the rest of the run',
  defaultDurationS: 600,
  defaultMounting: 'back-clip',
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    yield* settle(b, Math.min(between(b.rng, 40, 90), Math.max(0, b.remainingS() - 20)));
    const flat = flatOnDesk(b);
    yield b.move({ ...flat, headingDeg: between(b.rng, -180, 180), hipUpM: 0.3, swayGain: 0 }, between(b.rng, 2, 3.5), 'moving');
    const restS = Math.max(1, b.remainingS());
    yield b.hold(restS * between(b.rng, 0.3, 0.6), 'not_worn');
    yield b.move(
      { flexionDeg: b.pose[FLEXION]!, lateralDeg: b.pose[LATERAL]!, headingDeg: b.pose[HEADING]! + between(b.rng, 20, 60) },
      between(b.rng, 0.8, 1.5),
      'not_worn',
    );
    yield b.hold(Math.max(1, b.remainingS()), 'not_worn');
  },
};
