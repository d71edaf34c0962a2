/**
 * `sensor-slip`: desk sitting like desk-day, but part way through the clip turns on the clothing (or is
 * re-clipped) by 25–45° about a random axis: the calibration goes stale and must be detected.
 */
import { between, normal } from '../model/rng.js';
import { calibrationRoutine } from './calibration-routine.js';
import { deskWork } from './desk-day.js';
import type { ScenarioDefinition } from './scenario-definition.js';

export const sensorSlipScenario: ScenarioDefinition = {
  name: 'sensor-slip',
  description: 'desk sitting; at 35-55 % of the run the clip turns 25-45 deg about a random axis (stale calibration)',
  defaultDurationS: 1200,
  defaultMounting: 'back-clip',
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    const slipAtS = Number.isFinite(b.durationS) ? b.durationS * between(b.rng, 0.35, 0.55) : between(b.rng, 600, 1800);
    const work = deskWork(b, [1e9, 1e9]);
    let slipped = false;
    for (;;) {
      if (!slipped && b.timeS >= slipAtS) {
        slipped = true;
        const axis: [number, number, number] = [normal(b.rng), normal(b.rng), normal(b.rng)];
        yield b.slip(axis, between(b.rng, 25, 45) * (normal(b.rng) < 0 ? -1 : 1), between(b.rng, 0.4, 1));
      }
      const r = work.next();
      if (r.done === true) break;
      yield r.value;
    }
  },
};
