/**
 * Every signed-in route about wearers and their devices, as one plugin (app.ts registers it in the API scope):
 * profiles, settings, goals, devices and pairing codes, data and summaries, alerts, calibrations, insights,
 * exercises and recommendations, the exercise log, coach notes and pins, plans and before/after, and the
 * coach's list. The public `POST /api/devices/pair` is device-pairing.ts, registered outside that scope.
 */
import type { FastifyInstance } from 'fastify';
import { calibrationRoutes } from './calibration.js';
import { coachNoteRoutes } from './coach-notes.js';
import { coachWearerRoutes } from './coach-wearers.js';
import { deviceRoutes } from './devices.js';
import { exerciseLogRoutes } from './exercise-log.js';
import { exercisePlanRoutes } from './exercise-plan.js';
import { exerciseRoutes } from './exercises.js';
import { pinnedExerciseRoutes } from './pinned-exercises.js';
import type { ResourceContext } from './resource-context.js';
import { wearerDataRoutes } from './wearer-data.js';
import { wearerDeviceRoutes } from './wearer-devices.js';
import { wearerGoalRoutes } from './wearer-goals.js';
import { wearerInsightRoutes } from './wearer-insights.js';
import { wearerSettingsRoutes } from './wearer-settings.js';
import { wearerRoutes } from './wearers.js';

export function wearerResourceRoutes(ctx: ResourceContext) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    for (const routes of [
      wearerRoutes, wearerSettingsRoutes, wearerGoalRoutes, deviceRoutes, wearerDeviceRoutes, wearerDataRoutes,
      calibrationRoutes, wearerInsightRoutes, exerciseRoutes, exerciseLogRoutes, coachNoteRoutes,
      pinnedExerciseRoutes, exercisePlanRoutes, coachWearerRoutes,
    ]) {
      await app.register(routes(ctx));
    }
  };
}
