/**
 * Exercise plans and their effect: `POST /api/wearers/:id/plan` {startMs?} → 201 {startMs, startedBy} (a plan
 * started, now unless a time is given); `GET /api/wearers/:id/before-after?weeks=4` → {planStartMs, before,
 * after}: the numbers of `weeks` 7-day windows before the latest plan's day and of those after it that have
 * begun (insights/before-after.ts). Without a plan both lists are empty.
 */
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../auth/authenticate-request.js';
import { beforeAfterWindows } from '../insights/before-after.js';
import { readWeekNumbers } from '../insights/wearer-weeks.js';
import { authErrors, wearerIdParams } from './api-parts.js';
import type { ResourceContext } from './resource-context.js';
import { weekNumbersSchema } from './resource-schemas.js';

export function exercisePlanRoutes(ctx: ResourceContext) {
  const sources = { store: ctx.api.store, exerciseLog: ctx.exerciseLog };
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Params: { id: string }; Body: { startMs?: number } }>('/api/wearers/:id/plan', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        body: { type: 'object', additionalProperties: false, properties: { startMs: { type: 'integer', minimum: 0 } } },
        response: {
          201: { type: 'object', required: ['startMs', 'startedBy'], properties: { startMs: { type: 'integer' }, startedBy: { type: 'string' } } },
          ...authErrors,
        },
      },
    }, async (request, reply) => {
      const wearer = ctx.wearerOf(request.params.id);
      const principal = principalOf(request);
      const plan = ctx.plans.start(wearer.id, request.body?.startMs ?? ctx.now(), principal.accountId);
      return reply.code(201).send({ startMs: plan.startMs, startedBy: principal.name });
    });

    app.get<{ Params: { id: string }; Querystring: { weeks?: number } }>('/api/wearers/:id/before-after', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        querystring: { type: 'object', properties: { weeks: { type: 'integer', minimum: 1, maximum: 26, default: 4 } } },
        response: {
          200: {
            type: 'object',
            required: ['planStartMs', 'before', 'after'],
            properties: {
              planStartMs: { type: ['integer', 'null'] },
              before: { type: 'array', items: weekNumbersSchema },
              after: { type: 'array', items: weekNumbersSchema },
            },
          },
          ...authErrors,
        },
      },
    }, async (request) => {
      const wearer = ctx.wearerOf(request.params.id);
      const plan = ctx.plans.latest(wearer.id);
      if (plan === null) return { planStartMs: null, before: [], after: [] };
      const windows = beforeAfterWindows(plan.startMs, request.query.weeks ?? 4, wearer.utcOffsetMin, ctx.now());
      const numbers = await readWeekNumbers(sources, wearer.id, [...windows.before, ...windows.after]);
      return { planStartMs: plan.startMs, before: numbers.slice(0, windows.before.length), after: numbers.slice(windows.before.length) };
    });
  };
}
