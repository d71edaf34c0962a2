/**
 * The exercise log: `GET /api/wearers/:id/exercise-log?from&to` → {entries} (oldest first; without a range, the
 * last 90 days), `POST` {exerciseId, doneMs?, note?} → 201 the entry (done now when no time is given),
 * `DELETE /api/wearers/:id/exercise-log/:entryId` → 204. The wearer and their coaches log and delete.
 */
import type { FastifyInstance } from 'fastify';
import { getExercise } from '@stance/analysis';
import { principalOf } from '../auth/authenticate-request.js';
import type { ExerciseLogEntry } from '../coaching/exercise-log.js';
import { stanceError } from '../errors.js';
import { authErrors, idSchema, wearerIdParams, wearerItemParams } from './api-parts.js';
import { optionalRangeOf, optionalRangeQuerySchema, type RangeQuery } from './range-query.js';
import type { ResourceContext } from './resource-context.js';

/** The range a bare GET answers, days back from now. */
export const DEFAULT_LOG_DAYS = 90;

const entrySchema = {
  type: 'object',
  required: ['id', 'exerciseId', 'name', 'doneMs', 'loggedBy', 'note'],
  properties: {
    id: { type: 'string' },
    exerciseId: { type: 'string' },
    /** The exercise's name in the catalogue (the id if it has left the catalogue). */
    name: { type: 'string' },
    doneMs: { type: 'integer' },
    /** Name of the account that logged it. */
    loggedBy: { type: ['string', 'null'] },
    note: { type: ['string', 'null'] },
  },
} as const;

function entryView(e: ExerciseLogEntry) {
  return { id: e.id, exerciseId: e.exerciseId, name: getExercise(e.exerciseId)?.name ?? e.exerciseId, doneMs: e.doneMs, loggedBy: e.loggedByName, note: e.note };
}

export function exerciseLogRoutes(ctx: ResourceContext) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { id: string }; Querystring: Partial<RangeQuery> }>('/api/wearers/:id/exercise-log', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        querystring: optionalRangeQuerySchema,
        response: { 200: { type: 'object', required: ['entries'], properties: { entries: { type: 'array', items: entrySchema } } }, ...authErrors },
      },
    }, async (request) => {
      const wearer = ctx.wearerOf(request.params.id);
      const nowMs = ctx.now();
      const range = optionalRangeOf(request.query) ?? { fromMs: nowMs - DEFAULT_LOG_DAYS * 86_400_000, toMs: nowMs + 86_400_000 };
      return { entries: ctx.exerciseLog.list(wearer.id, range).map(entryView) };
    });

    app.post<{ Params: { id: string }; Body: { exerciseId: string; doneMs?: number; note?: string } }>('/api/wearers/:id/exercise-log', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        body: {
          type: 'object',
          required: ['exerciseId'],
          additionalProperties: false,
          properties: {
            exerciseId: idSchema,
            doneMs: { type: 'integer', minimum: 0 },
            note: { type: 'string', maxLength: 2000 },
          },
        },
        response: { 201: entrySchema, ...authErrors },
      },
    }, async (request, reply) => {
      const wearer = ctx.wearerOf(request.params.id);
      const { exerciseId, doneMs, note } = request.body;
      if (getExercise(exerciseId) === undefined) throw stanceError('EXERCISE_NOT_FOUND', { id: exerciseId });
      const entry = ctx.exerciseLog.add(wearer.id, {
        exerciseId, doneMs: doneMs ?? ctx.now(), loggedBy: principalOf(request).accountId, note: note?.trim() || null,
      });
      return reply.code(201).send(entryView(entry));
    });

    app.delete<{ Params: { id: string; entryId: string } }>('/api/wearers/:id/exercise-log/:entryId', {
      config: { access: 'wearer' },
      schema: { params: wearerItemParams('entryId'), response: { 204: { type: 'null' }, ...authErrors } },
    }, async (request, reply) => {
      const wearer = ctx.wearerOf(request.params.id);
      if (!ctx.exerciseLog.remove(wearer.id, request.params.entryId)) {
        throw stanceError('EXERCISE_LOG_ENTRY_NOT_FOUND', { id: request.params.entryId });
      }
      return reply.code(204).send();
    });
  };
}
