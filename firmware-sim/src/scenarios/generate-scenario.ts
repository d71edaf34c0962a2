/** A whole scenario recording in memory, with its ground truth (export, tests). */
import { createEngine, produce, ACTIVITY_CODES } from './scenario-engine.js';
import { scenarioDefinition } from './registry.js';
import type { Recording, ScenarioOptions } from './scenario-types.js';

export function generateScenario(name: string, options: ScenarioOptions): Recording {
  const def = scenarioDefinition(name);
  const e = createEngine(def, options);
  if (!Number.isFinite(e.totalSamples)) throw new RangeError(`generateScenario(${name}): durationS must be finite`);
  const n = e.totalSamples;
  const out = {
    timeS: new Float64Array(n),
    acc: new Float64Array(3 * n),
    gyr: new Float64Array(3 * n),
    flexionDeg: new Float64Array(n),
    lateralDeg: new Float64Array(n),
    headingDeg: new Float64Array(n),
    activity: new Uint8Array(n),
    upSensor: new Float64Array(3 * n),
  };
  produce(e, n, out, 0);
  const w = e.builder.windows;
  const toFile = (t: number): number => Math.round(t * e.clockScale * 1e6) / 1e6;
  const neutral = w.neutral ?? [0, 0];
  const err = e.errors;
  return {
    name,
    rateHz: e.rateHz,
    seed: e.seed,
    mounting: e.startMounting,
    mountingChanges: e.mountingChanges,
    errors: {
      settings: err.settings,
      gyroBiasDps: Array.from(err.gyroBiasDps),
      gyroScale: Array.from(err.gyroScale),
      accBiasG: Array.from(err.accBiasG),
      accScale: Array.from(err.accScale),
      clockErrorPpm: err.clockErrorPpm,
    },
    timeS: out.timeS,
    acc: out.acc,
    gyr: out.gyr,
    truth: {
      flexionDeg: out.flexionDeg,
      lateralDeg: out.lateralDeg,
      headingDeg: out.headingDeg,
      activity: Array.from(out.activity, (c) => ACTIVITY_CODES[c] ?? 'unknown'),
      upSensor: out.upSensor,
    },
    windows: w.bend
      ? { neutral: [toFile(neutral[0]), toFile(neutral[1])], bend: [toFile(w.bend[0]), toFile(w.bend[1])] }
      : { neutral: [toFile(neutral[0]), toFile(neutral[1])] },
  };
}
