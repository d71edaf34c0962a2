/** The shape of one named scenario in the registry. */
import type { MotionSegment } from '../model/motion-segment.js';
import type { MountingName } from '../model/mounting.js';
import type { ScriptBuilder } from './script-builder.js';

export type ScenarioScript = (b: ScriptBuilder) => Generator<MotionSegment, void, void>;

export interface ScenarioDefinition {
  name: string;
  /** One line for `npm run sim -- scenarios`. */
  description: string;
  /** Length when the caller gives none, seconds. */
  defaultDurationS: number;
  defaultMounting: MountingName;
  /** Whether the wearer reacts to `notifyHaptic` (sits up a few seconds after a buzz). */
  reactsToHaptic: boolean;
  /** Whether the wearer starts standing (the calibration routine is done standing). */
  startsStanding: boolean;
  /** Yields segments until the builder's duration is covered; must begin with the calibration routine. */
  script: ScenarioScript;
}
