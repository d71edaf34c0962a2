/**
 * Exercises a coach pins for a wearer (they lead the recommendations): the wearer and their coaches read
 * (`GET /api/wearers/:id/pins`), coaches pin (`PUT /api/wearers/:id/pins/:exerciseId` {dose?} → the pin;
 * pinning again replaces the dose) and unpin (`DELETE`, 204 whether or not it was pinned).
 */
import type { FastifyInstance } from 'fastify';
import { getExercise } from '@stance/analysis';
import { principalOf } from '../auth/authenticate-request.js';
import type { PinnedExercise } from '../coaching/pinned-exercises.js';
import { stanceError } from '../errors.js';
import { authErrors, wearerIdParams, wearerItemParams } from './api-parts.js';
import type { ResourceContext } from './resource-context.js';

const pinParams = wearerItemParams('exerciseId');

const pinSchema = {
  type: 'object',
  required: ['exerciseId', 'name', 'dose', 'pinnedMs', 'pinnedBy'],
  properties: {
    exerciseId: { type: 'string' },
    name: { type: 'string' },
    /** The coach's dose, or the catalogue's. */
    dose: { type: 'string' },
    pinnedMs: { type: 'integer' },
    /** Name of the coach who pinned it. */
    pinnedBy: { type: ['string', 'null'] },
  },
} as const;

function pinView(p: PinnedExercise) {
  const exercise = getExercise(p.exerciseId);
  return { exerciseId: p.exerciseId, name: exercise?.name ?? p.exerciseId, dose: p.dose ?? exercise?.dose ?? '', pinnedMs: p.pinnedMs, pinnedBy: p.pinnedByName };
}

export function pinnedExerciseRoutes(ctx: ResourceContext) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { id: string } }>('/api/wearers/:id/pins', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        response: { 200: { type: 'object', required: ['pins'], properties: { pins: { type: 'array', items: pinSchema } } }, ...authErrors },
      },
    }, async (request) => {
      const wearer = ctx.wearerOf(request.params.id);
      return { pins: ctx.pins.list(wearer.id).map(pinView) };
    });

    app.put<{ Params: { id: string; exerciseId: string }; Body: { dose?: string } }>('/api/wearers/:id/pins/:exerciseId', {
      config: { access: 'coach' },
      schema: {
        params: pinParams,
        body: { type: 'object', additionalProperties: false, properties: { dose: { type: 'string', minLength: 1, maxLength: 200 } } },
        response: { 200: pinSchema, ...authErrors },
      },
    }, async (request) => {
      const wearer = ctx.wearerOf(request.params.id);
      const { exerciseId } = request.params;
      if (getExercise(exerciseId) === undefined) throw stanceError('EXERCISE_NOT_FOUND', { id: exerciseId });
      const dose = request.body?.dose?.trim() || null;
      return pinView(ctx.pins.pin(wearer.id, exerciseId, principalOf(request).accountId, dose, ctx.now()));
    });

    app.delete<{ Params: { id: string; exerciseId: string } }>('/api/wearers/:id/pins/:exerciseId', {
      config: { access: 'coach' },
      schema: { params: pinParams, response: { 204: { type: 'null' }, ...authErrors } },
    }, async (request, reply) => {
      const wearer = ctx.wearerOf(request.params.id);
      ctx.pins.unpin(wearer.id, request.params.exerciseId);
      return reply.code(204).send();
    });
  };
}
