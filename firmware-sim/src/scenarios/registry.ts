/** The named scenarios. */
import { buzzResponderScenario } from './buzz-responder.js';
import { calibrationScenario } from './calibration.js';
import { deskDayScenario } from './desk-day.js';
import { fidgetySitterScenario } from './fidgety-sitter.js';
import { lieDownScenario } from './lie-down.js';
import { notWornScenario } from './not-worn.js';
import type { ScenarioDefinition } from './scenario-definition.js';
import { sensorSlipScenario } from './sensor-slip.js';
import { standingDeskScenario } from './standing-desk.js';
import { walkScenario } from './walk.js';

const SCENARIOS: readonly ScenarioDefinition[] = Object.freeze([
  calibrationScenario,
  deskDayScenario,
  standingDeskScenario,
  walkScenario,
  lieDownScenario,
  fidgetySitterScenario,
  buzzResponderScenario,
  notWornScenario,
  sensorSlipScenario,
]);

export function scenarioNames(): string[] {
  return SCENARIOS.map((s) => s.name);
}

export function scenarioDefinitions(): readonly ScenarioDefinition[] {
  return SCENARIOS;
}

/** The named scenario; throws a RangeError listing the known names. */
export function scenarioDefinition(name: string): ScenarioDefinition {
  const def = SCENARIOS.find((s) => s.name === name);
  if (!def) throw new RangeError(`unknown scenario "${name}" (known: ${scenarioNames().join(', ')})`);
  return def;
}
