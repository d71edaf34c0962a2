/**
 * What the wearer-resource routes share: the API parts, the clock, and the coaching and device modules, made
 * once per app (the pairing code rate limit lives in memory, so the public and the signed-in routes must use
 * the same one).
 */
import { createCoachNotes, type CoachNotes } from '../coaching/coach-notes.js';
import { createExerciseLog, type ExerciseLog } from '../coaching/exercise-log.js';
import { createExercisePlans, type ExercisePlans } from '../coaching/exercise-plans.js';
import { createPinnedExercises, type PinnedExercises } from '../coaching/pinned-exercises.js';
import { createWearerGoalsStore, type WearerGoalsStore } from '../coaching/wearer-goals.js';
import { createPairingCodes, type PairingCodes } from '../devices/pairing-codes.js';
import { createWearerDevices, type WearerDevices } from '../devices/wearer-devices.js';
import type { Wearer } from '../store/store-port.js';
import { createWearerNames, type WearerNames } from '../wearers/wearer-names.js';
import type { ApiParts } from './api-parts.js';
import { wearerOf } from './wearer-of.js';

export interface ResourceContext {
  api: ApiParts;
  /** Wall clock, epoch ms. */
  now: () => number;
  wearerDevices: WearerDevices;
  pairingCodes: PairingCodes;
  wearerNames: WearerNames;
  goals: WearerGoalsStore;
  exerciseLog: ExerciseLog;
  notes: CoachNotes;
  pins: PinnedExercises;
  plans: ExercisePlans;
  /** The wearer, or WEARER_NOT_FOUND (access was checked by the route's declared access before this). */
  wearerOf(id: string): Wearer;
}

export function createResourceContext(api: ApiParts): ResourceContext {
  const { db, store } = api;
  return {
    api,
    now: api.now ?? Date.now,
    wearerDevices: createWearerDevices(db, api.registry),
    pairingCodes: createPairingCodes(db),
    wearerNames: createWearerNames(db),
    goals: createWearerGoalsStore(db),
    exerciseLog: createExerciseLog(db),
    notes: createCoachNotes(db),
    pins: createPinnedExercises(db),
    plans: createExercisePlans(db),
    wearerOf: (id) => wearerOf(store, id),
  };
}
