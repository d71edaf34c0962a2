/**
 * The exercise catalogue and what it recommends: `GET /api/exercises` (any signed-in account) and
 * `GET /api/wearers/:id/recommendations` (ranked, coach-pinned exercises first, each with a reason that quotes
 * the wearer's numbers; insights/wearer-recommendations.ts).
 */
import type { FastifyInstance } from 'fastify';
import { DISCLAIMER_TEXT, EXERCISES } from '@stance/analysis';
import { wearerRecommendations } from '../insights/wearer-recommendations.js';
import { authErrors, wearerIdParams } from './api-parts.js';
import type { ResourceContext } from './resource-context.js';

const categorySchema = { type: 'string', enum: ['stretch', 'strengthen', 'mobility', 'habit', 'breathing', 'referral'] } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;

const exerciseSchema = {
  type: 'object',
  required: ['id', 'name', 'category', 'dose', 'howTo', 'targets', 'findings', 'cautions', 'unilateral'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    category: categorySchema,
    dose: { type: 'string' },
    /** Steps, in order. */
    howTo: stringList,
    /** Muscles it stretches or strengthens (or the habit it builds). */
    targets: stringList,
    /** The findings of the data it answers (recommendation rules). */
    findings: stringList,
    cautions: stringList,
    unilateral: { type: 'boolean' },
  },
} as const;

const recommendationSchema = {
  type: 'object',
  required: ['exerciseId', 'name', 'category', 'reason', 'dose', 'pinned', 'howTo'],
  properties: {
    exerciseId: { type: 'string' },
    name: { type: 'string' },
    category: categorySchema,
    reason: { type: 'string' },
    dose: { type: 'string' },
    pinned: { type: 'boolean' },
    howTo: stringList,
  },
} as const;

/** The catalogue as answered: the same for everyone, built once. */
const CATALOGUE_ANSWER = Object.freeze({
  exercises: EXERCISES.map((e) => ({
    id: e.id, name: e.name, category: e.category, dose: e.dose, howTo: e.instructions, targets: e.muscles,
    findings: e.findings, cautions: e.cautions, unilateral: e.unilateral,
  })),
  disclaimer: DISCLAIMER_TEXT,
});

export function exerciseRoutes(ctx: ResourceContext) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/api/exercises', {
      config: { access: 'signed-in' },
      schema: {
        response: {
          200: { type: 'object', required: ['exercises', 'disclaimer'], properties: { exercises: { type: 'array', items: exerciseSchema }, disclaimer: { type: 'string' } } },
          ...authErrors,
        },
      },
    }, async () => CATALOGUE_ANSWER);

    app.get<{ Params: { id: string } }>('/api/wearers/:id/recommendations', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        response: {
          200: {
            type: 'object',
            required: ['recommendations', 'status', 'message', 'disclaimer'],
            properties: {
              recommendations: { type: 'array', items: recommendationSchema },
              // 'not-enough-data' (too little wear this week), 'nothing-found' or 'ok'; message says why for people.
              status: { type: 'string', enum: ['ok', 'not-enough-data', 'nothing-found'] },
              message: { type: ['string', 'null'] },
              disclaimer: { type: 'string' },
            },
          },
          ...authErrors,
        },
      },
    }, async (request) => {
      const wearer = ctx.wearerOf(request.params.id);
      return wearerRecommendations(ctx.api.store, wearer, ctx.pins.list(wearer.id), ctx.now());
    });
  };
}
