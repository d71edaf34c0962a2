import { describe, expect, it } from 'vitest';
import {
  CATALOGUE_VERSION,
  DISCLAIMER_TEXT,
  EXERCISES,
  FINDING_IDS,
  GENERAL_CAUTION,
  exercisesForFinding,
  getExercise,
} from '../src/exercise-catalogue.js';

describe('exercise catalogue', () => {
  it('holds every exercise of exercises.md under a stable kebab-case id', () => {
    const required = [
      'doorway-chest-stretch', 'chest-opener', 'band-row', 'face-pull', 'shoulder-blade-squeeze', 'wall-angel',
      'chin-tuck', 'movement-break', 'workstation-check', 'foam-roll-upper-back', 'cat-cow', 'thoracic-rotation',
      'single-arm-dumbbell-row', 'bird-dog', 'side-plank', 'single-leg-glute-bridge', 'kneeling-hip-flexor-stretch',
      'plank', 'dead-bug', 'glute-bridge', 'stability-ball-work', 'diaphragmatic-breathing', 'see-a-physiotherapist',
    ];
    for (const id of required) expect(getExercise(id), id).toBeDefined();
    const ids = EXERCISES.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('gives every exercise a name, steps, a dose and cautions; physical ones warn against pain', () => {
    for (const e of EXERCISES) {
      expect(e.name.length, e.id).toBeGreaterThan(2);
      expect(e.instructions.length, e.id).toBeGreaterThanOrEqual(2);
      expect(e.dose.length, e.id).toBeGreaterThan(3);
      expect(e.cautions.length, e.id).toBeGreaterThanOrEqual(1);
      if (['stretch', 'strengthen', 'mobility', 'breathing'].includes(e.category)) expect(e.cautions[0]).toBe(GENERAL_CAUTION);
    }
  });

  it('doses follow the guidance: static holds of 20-30 s, strength 3-4 times a week', () => {
    for (const e of EXERCISES.filter((x) => x.category === 'stretch')) expect(e.dose, e.id).toMatch(/20-30 s/);
    for (const id of ['band-row', 'face-pull', 'single-arm-dumbbell-row', 'glute-bridge']) {
      expect(getExercise(id)?.dose, id).toMatch(/3-4 times a week/);
    }
  });

  it('marks the left-right work unilateral and says to start with the weaker side', () => {
    const unilateral = EXERCISES.filter((e) => e.unilateral).map((e) => e.id).sort();
    expect(unilateral).toEqual(['bird-dog', 'kneeling-hip-flexor-stretch', 'side-plank', 'single-arm-dumbbell-row', 'single-leg-glute-bridge']);
    for (const id of ['single-arm-dumbbell-row', 'side-plank', 'bird-dog']) {
      expect(getExercise(id)!.instructions.join(' ')).toMatch(/weaker side/);
    }
  });

  it('answers every finding with at least one exercise, the referral included', () => {
    for (const f of FINDING_IDS) expect(exercisesForFinding(f).length, f).toBeGreaterThan(0);
    expect(exercisesForFinding('no-progress').map((e) => e.category)).toEqual(['referral']);
    expect(exercisesForFinding('lateral-lean').every((e) => e.unilateral)).toBe(true);
  });

  it('is frozen data with a version and a disclaimer', () => {
    expect(Object.isFrozen(EXERCISES)).toBe(true);
    expect(Object.isFrozen(EXERCISES[0]!.instructions)).toBe(true);
    expect(CATALOGUE_VERSION).toMatch(/^catalogue@\d+\.\d+\.\d+$/);
    expect(DISCLAIMER_TEXT).toMatch(/not a diagnosis/);
    expect(DISCLAIMER_TEXT).toMatch(/physiotherapist/);
    expect(getExercise('no-such-thing')).toBeUndefined();
  });
});
