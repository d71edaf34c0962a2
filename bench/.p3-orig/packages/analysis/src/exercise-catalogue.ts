/**
 * The exercise catalogue: the domain knowledge of shared/exercises.md as data the rules can reason over.
 * Each exercise says what it is for (muscles, and the sensor findings it answers), how to do it, how much,
 * and what to watch out for. The wording is ours. General fitness guidance, not diagnosis (see DISCLAIMER_TEXT).
 */
import { UPPER_BODY_EXERCISES } from './exercises-upper-body.js';
import { MOBILITY_AND_CORE_EXERCISES } from './exercises-mobility-core.js';

/** Bump when an exercise is added, removed or its advice changes; stored with every recommendation. */
export const CATALOGUE_VERSION = 'catalogue@1.0.0';

export type ExerciseCategory = 'stretch' | 'strengthen' | 'mobility' | 'habit' | 'breathing' | 'referral';

/** What the sensor data can show (exercises.md, "Findings a trunk sensor can make"). */
export type FindingId =
  | 'slouch-load'        // many slouch minutes a day, high mean flexion
  | 'grows-through-day'  // slouching grows through the day
  | 'long-sits'          // long unbroken sitting stretches
  | 'stiff'              // little variation in flexion
  | 'lateral-lean'       // a steady lean to one side
  | 'fades-when-tired'   // posture fades late in the wearing day
  | 'stress-tension'     // tension with stress (not detected from motion data yet; coaches can pin)
  | 'no-progress';       // no improvement over weeks

export const FINDING_IDS: readonly FindingId[] = Object.freeze([
  'slouch-load', 'grows-through-day', 'long-sits', 'stiff', 'lateral-lean', 'fades-when-tired', 'stress-tension', 'no-progress',
]);

export interface Exercise {
  /** Stable kebab-case id; coaches' pins and stored plans refer to it. */
  id: string;
  name: string;
  category: ExerciseCategory;
  /** Muscles it stretches or strengthens (or the habit it builds), in plain words. */
  muscles: readonly string[];
  /** Findings it answers. */
  findings: readonly FindingId[];
  /** Steps, in order. */
  instructions: readonly string[];
  /** How much and how often, e.g. "hold 20-30 s, 2-3 times, daily". */
  dose: string;
  cautions: readonly string[];
  /** Trained one side at a time, the weaker side first, so the stronger side cannot take over. */
  unilateral: boolean;
}

/** Shown with every recommendation list. */
export const DISCLAIMER_TEXT =
  'This is general fitness guidance, not a diagnosis or treatment. Move within a comfortable range and stop ' +
  'any exercise that causes pain. If pain persists, or nothing improves after a few weeks, see a ' +
  'physiotherapist or doctor and share your report with them.';

/** Leads the cautions of every physical exercise (not of habits or referrals). */
export const GENERAL_CAUTION = 'Never push into pain: a stretch should feel like gentle tension, not a sharp or burning pain.';

const PHYSICAL: ReadonlySet<ExerciseCategory> = new Set(['stretch', 'strengthen', 'mobility', 'breathing']);

export const EXERCISES: readonly Exercise[] = deepFreeze(
  [...UPPER_BODY_EXERCISES, ...MOBILITY_AND_CORE_EXERCISES].map((e) =>
    PHYSICAL.has(e.category) ? { ...e, cautions: [GENERAL_CAUTION, ...e.cautions] } : e,
  ),
);

const BY_ID: ReadonlyMap<string, Exercise> = new Map(EXERCISES.map((e) => [e.id, e]));

export function getExercise(id: string): Exercise | undefined {
  return BY_ID.get(id);
}

/** Exercises answering a finding, in catalogue order. */
export function exercisesForFinding(finding: FindingId): Exercise[] {
  return EXERCISES.filter((e) => e.findings.includes(finding));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
