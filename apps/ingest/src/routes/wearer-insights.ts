/**
 * What a wearer's numbers say over a period, all in the wearer's local time:
 * - `GET /api/wearers/:id/pattern?from&to` → {cells}: assessed and slouched seconds by local weekday and hour;
 * - `GET /api/wearers/:id/distribution?from&to&binDeg` → the flexion histogram and the mean lateral lean;
 * - `GET /api/wearers/:id/week-comparison?weekStart` → {thisWeek, lastWeek} (default the current local week).
 * Pattern and distribution read hour buckets for ranges up to 14 days and day buckets beyond
 * (insights/range-aggregates.ts): the buckets overlapping the range.
 */
import type { FastifyInstance } from 'fastify';
import { flexionDistribution } from '../insights/flexion-distribution.js';
import { hourWeekdayPattern } from '../insights/hour-weekday-pattern.js';
import { localWeekStartMs, WEEK_MS } from '../insights/local-calendar.js';
import { readRangeAggregates } from '../insights/range-aggregates.js';
import { readWeekNumbers } from '../insights/wearer-weeks.js';
import { authErrors, nullableNumber, wearerIdParams } from './api-parts.js';
import { rangeOf, rangeQuerySchema, rangeQueryWith, type RangeQuery } from './range-query.js';
import type { ResourceContext } from './resource-context.js';
import { weekNumbersSchema } from './resource-schemas.js';

/** Longest range, days, a pattern or distribution answers (day buckets: about 400 to read). */
export const MAX_INSIGHT_RANGE_DAYS = 400;
const MAX_INSIGHT_RANGE_MS = MAX_INSIGHT_RANGE_DAYS * 86_400_000;

const cellSchema = {
  type: 'object',
  required: ['weekday', 'hour', 'assessedS', 'slouchS', 'slouchPct'],
  properties: {
    weekday: { type: 'integer', minimum: 0, maximum: 6, description: '0 = Monday, local' },
    hour: { type: 'integer', minimum: 0, maximum: 23, description: 'local hour of day' },
    assessedS: { type: 'number' },
    slouchS: { type: 'number' },
    slouchPct: nullableNumber,
  },
} as const;

const distributionSchema = {
  type: 'object',
  required: ['flexion', 'lateral'],
  properties: {
    flexion: {
      type: 'object',
      required: ['binStartDeg', 'seconds'],
      properties: { binStartDeg: { type: 'array', items: { type: 'number' } }, seconds: { type: 'array', items: { type: 'number' } } },
    },
    lateral: { type: 'object', required: ['meanDeg'], properties: { meanDeg: nullableNumber } },
  },
} as const;

export function wearerInsightRoutes(ctx: ResourceContext) {
  const { store } = ctx.api;
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { id: string }; Querystring: RangeQuery }>('/api/wearers/:id/pattern', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        querystring: rangeQuerySchema,
        response: { 200: { type: 'object', required: ['cells'], properties: { cells: { type: 'array', items: cellSchema } } }, ...authErrors },
      },
    }, async (request) => {
      const wearer = ctx.wearerOf(request.params.id);
      return { cells: hourWeekdayPattern(await readRangeAggregates(store, wearer.id, rangeOf(request.query, MAX_INSIGHT_RANGE_MS))) };
    });

    app.get<{ Params: { id: string }; Querystring: RangeQuery & { binDeg?: number } }>('/api/wearers/:id/distribution', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        querystring: rangeQueryWith({ binDeg: { type: 'number', minimum: 0.5, maximum: 30, multipleOf: 0.5, default: 5 } }),
        response: { 200: distributionSchema, ...authErrors },
      },
    }, async (request) => {
      const wearer = ctx.wearerOf(request.params.id);
      const aggregates = await readRangeAggregates(store, wearer.id, rangeOf(request.query, MAX_INSIGHT_RANGE_MS));
      return flexionDistribution(aggregates, { binDeg: request.query.binDeg ?? 5 });
    });

    app.get<{ Params: { id: string }; Querystring: { weekStart?: number } }>('/api/wearers/:id/week-comparison', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        querystring: { type: 'object', properties: { weekStart: { type: 'integer', minimum: 0, description: 'any time in the week, epoch ms (its local Monday 00:00 is used); default now' } } },
        response: {
          200: { type: 'object', required: ['thisWeek', 'lastWeek'], properties: { thisWeek: weekNumbersSchema, lastWeek: weekNumbersSchema } },
          ...authErrors,
        },
      },
    }, async (request) => {
      const wearer = ctx.wearerOf(request.params.id);
      // Any time in a week names that week: its local Monday.
      const start = localWeekStartMs(request.query.weekStart ?? ctx.now(), wearer.utcOffsetMin);
      const [lastWeek, thisWeek] = await readWeekNumbers({ store, exerciseLog: ctx.exerciseLog }, wearer.id, [start - WEEK_MS, start]);
      return { thisWeek, lastWeek };
    });
  };
}
