/**
 * `GET, PUT /api/wearers/:id/goals` → {goals, defaults}: what the wearer aims for (coaching/wearer-goals.ts).
 * PUT replaces what was set: a goal left out goes back to its default.
 */
import type { FastifyInstance } from 'fastify';
import { DEFAULT_WEARER_GOALS, effectiveGoals, WEARER_GOAL_NAMES, type WearerGoals } from '../coaching/wearer-goals.js';
import { authErrors, wearerIdParams } from './api-parts.js';
import type { ResourceContext } from './resource-context.js';

const goalProperties = {
  uprightPctTarget: { type: 'number', minimum: 0, maximum: 100 },
  maxSlouchMinPerDay: { type: 'number', minimum: 0, maximum: 1440 },
  exerciseSessionsPerWeek: { type: 'integer', minimum: 0, maximum: 50 },
  wornHoursPerDay: { type: 'number', minimum: 0, maximum: 24 },
} as const;

const goalsSchema = { type: 'object', required: WEARER_GOAL_NAMES, properties: goalProperties } as const;
const answerSchema = { type: 'object', required: ['goals', 'defaults'], properties: { goals: goalsSchema, defaults: goalsSchema } } as const;

export function wearerGoalRoutes(ctx: ResourceContext) {
  const answer = (wearerId: string) => ({ goals: effectiveGoals(ctx.goals.get(wearerId)), defaults: DEFAULT_WEARER_GOALS });
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { id: string } }>('/api/wearers/:id/goals', {
      config: { access: 'wearer' },
      schema: { params: wearerIdParams, response: { 200: answerSchema, ...authErrors } },
    }, async (request) => answer(ctx.wearerOf(request.params.id).id));

    app.put<{ Params: { id: string }; Body: Partial<WearerGoals> }>('/api/wearers/:id/goals', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        // An unknown goal is refused rather than dropped (a misspelt one would silently fall back to its default).
        body: { type: 'object', propertyNames: { enum: WEARER_GOAL_NAMES }, properties: goalProperties },
        response: { 200: answerSchema, ...authErrors },
      },
    }, async (request) => {
      const wearer = ctx.wearerOf(request.params.id);
      ctx.goals.put(wearer.id, request.body);
      return answer(wearer.id);
    });
  };
}
