/** A scenario as an endless or long stream of sample blocks, for simulated devices. */
import { createEngine, engineHaptic, produce } from './scenario-engine.js';
import { scenarioDefinition } from './registry.js';
import type { ScenarioBlock, ScenarioOptions, ScenarioStream } from './scenario-types.js';

export function openScenario(name: string, options: ScenarioOptions): ScenarioStream {
  const e = createEngine(scenarioDefinition(name), options);
  let timeS = new Float64Array(0);
  return {
    rateHz: e.rateHz,
    durationS: e.durationS,
    next(n: number): ScenarioBlock {
      const count = Math.max(0, Math.min(Math.floor(n), e.totalSamples - e.index));
      const acc = new Float64Array(3 * count);
      const gyr = new Float64Array(3 * count);
      if (count === 0) return { t0Ms: e.startMs + Math.round((e.index / e.rateHz) * e.clockScale * 1000), count, acc, gyr };
      if (timeS.length < count) timeS = new Float64Array(count);
      produce(e, count, { timeS, acc, gyr, flexionDeg: null, lateralDeg: null, headingDeg: null, activity: null, upSensor: null }, 0);
      return { t0Ms: e.startMs + Math.round(timeS[0]! * 1000), count, acc, gyr };
    },
    notifyHaptic(): void {
      engineHaptic(e);
    },
  };
}

