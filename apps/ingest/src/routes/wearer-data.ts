/**
 * A wearer's data: `GET /api/wearers/:id/posture?from&to&step`, `/episodes?from&to`,
 * `/summary?from&to&bucket=hour|day`, `/alerts?from&to`. Times are epoch ms; `from` inclusive, `to` exclusive.
 */
import type { FastifyInstance } from 'fastify';
import { summariseAggregate } from '@stance/analysis';
import { stanceError } from '../errors.js';
import type { AlertRecord } from '../store/store-port.js';
import { authErrors, nullableNumber, wearerIdParams } from './api-parts.js';
import { rangeOf, rangeQuerySchema, rangeQueryWith, stepProperty, type RangeQuery } from './range-query.js';
import type { ResourceContext } from './resource-context.js';

/** Most points one answer may hold (ask with a larger `step` for longer ranges). */
export const MAX_POINTS_PER_ANSWER = 100_000;

const summaryNumbers = [
  'wornS', 'assessedS', 'uprightS', 'slouchS', 'longestEpisodeS', 'doseDegS', 'longestSittingS',
  'stillS', 'movingS', 'walkingS', 'lyingS',
] as const;

const summaryBucketSchema = {
  type: 'object',
  required: ['start', ...summaryNumbers, 'uprightPct', 'episodeCount', 'meanFlexionDeg', 'meanLateralDeg', 'movementBreaks', 'alertCount', 'correctedCount'],
  properties: {
    start: { type: 'number' },
    ...Object.fromEntries(summaryNumbers.map((name) => [name, { type: 'number' }])),
    uprightPct: nullableNumber,
    episodeCount: { type: 'integer' },
    meanFlexionDeg: nullableNumber,
    meanLateralDeg: nullableNumber,
    movementBreaks: { type: 'integer' },
    // Buzzes in the bucket, and those after which the wearer sat up.
    alertCount: { type: 'integer' },
    correctedCount: { type: 'integer' },
  },
} as const;

const alertSchema = {
  type: 'object',
  required: ['deviceId', 'buzzMs', 'slouchStartMs', 'repeat', 'outcome', 'responseS', 'resolvedMs'],
  properties: {
    deviceId: { type: 'string' },
    buzzMs: { type: 'integer' },
    slouchStartMs: { type: 'integer' },
    repeat: { type: 'integer' },
    outcome: { type: 'string', enum: ['pending', 'corrected', 'ignored', 'snoozed'] },
    responseS: nullableNumber,
    resolvedMs: { type: ['integer', 'null'] },
  },
} as const;

export function wearerDataRoutes(ctx: ResourceContext) {
  const { store } = ctx.api;
  return async function plugin(app: FastifyInstance): Promise<void> {

    app.get<{ Params: { id: string }; Querystring: RangeQuery & { step?: number } }>('/api/wearers/:id/posture', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        querystring: rangeQueryWith({ step: stepProperty }),
        response: {
          200: {
            type: 'object',
            required: ['points'],
            properties: {
              points: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['t', 'flexionDeg', 'lateralDeg', 'activity', 'posture'],
                  properties: { t: { type: 'number' }, flexionDeg: nullableNumber, lateralDeg: nullableNumber, activity: { type: 'string' }, posture: { type: 'string' } },
                },
              },
            },
          },
          ...authErrors,
        },
      },
    }, async (request, reply) => {
      const { id } = request.params;
      ctx.wearerOf(id);
      const range = rangeOf(request.query);
      const step = request.query.step ?? 1000;
      if ((range.toMs - range.fromMs) / step > MAX_POINTS_PER_ANSWER) {
        throw stanceError('REQUEST_INVALID', { reason: `more than ${MAX_POINTS_PER_ANSWER} points: use a larger step` });
      }
      // Per-second answers come whole from the database when the store can (store-port.ts, readPointsJson).
      if (step <= 1000 && store.readPointsJson !== undefined) {
        return reply.type('application/json; charset=utf-8').send(store.readPointsJson(id, range));
      }
      const points = await store.readPoints(id, range, step);
      return { points: points.map((p) => ({ t: p.tMs, flexionDeg: p.flexionDeg, lateralDeg: p.lateralDeg, activity: p.activity, posture: p.posture })) };
    });

    app.get<{ Params: { id: string }; Querystring: RangeQuery }>('/api/wearers/:id/episodes', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        querystring: rangeQuerySchema,
        response: {
          200: {
            type: 'object',
            required: ['episodes'],
            properties: {
              episodes: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['start', 'end', 'durationS', 'peakFlexionDeg', 'meanFlexionDeg'],
                  properties: {
                    start: { type: 'number' }, end: { type: 'number' }, durationS: { type: 'number' },
                    peakFlexionDeg: { type: 'number' }, meanFlexionDeg: { type: 'number' }, doseDegS: { type: 'number' },
                  },
                },
              },
            },
          },
          ...authErrors,
        },
      },
    }, async (request) => {
      const { id } = request.params;
      ctx.wearerOf(id);
      const episodes = await store.readEpisodes(id, rangeOf(request.query));
      return {
        episodes: episodes.map((e) => ({
          start: e.startMs, end: e.endMs, durationS: e.durationS, peakFlexionDeg: e.peakFlexionDeg, meanFlexionDeg: e.meanFlexionDeg, doseDegS: e.doseDegS,
        })),
      };
    });

    app.get<{ Params: { id: string }; Querystring: RangeQuery & { bucket?: 'hour' | 'day' } }>('/api/wearers/:id/summary', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        querystring: rangeQueryWith({ bucket: { type: 'string', enum: ['hour', 'day'] } }),
        response: {
          200: { type: 'object', required: ['buckets'], properties: { buckets: { type: 'array', items: summaryBucketSchema } } },
          ...authErrors,
        },
      },
    }, async (request) => {
      const { id } = request.params;
      ctx.wearerOf(id);
      const buckets = await store.readRollups(id, request.query.bucket ?? 'day', rangeOf(request.query));
      const first = buckets[0];
      const last = buckets[buckets.length - 1];
      const alerts = first === undefined || last === undefined ? [] : await store.readAlerts(id, { fromMs: first.startMs, toMs: last.aggregate.endMs });
      // Buckets and alerts both in time order: one pass (a year of days against its alerts was 365 filters).
      alerts.sort((x, y) => x.buzzMs - y.buzzMs);
      let next = 0;
      return {
        buckets: buckets.map((b) => {
          const a = b.aggregate;
          const s = summariseAggregate(a);
          while (next < alerts.length && (alerts[next] as AlertRecord).buzzMs < b.startMs) next++;
          const from = next;
          while (next < alerts.length && (alerts[next] as AlertRecord).buzzMs < a.endMs) next++;
          const inBucket = alerts.slice(from, next);
          return {
            start: b.startMs, wornS: s.wornS, assessedS: s.assessedS, uprightS: s.uprightS, slouchS: s.slouchS,
            uprightPct: s.uprightPct, episodeCount: s.episodeCount, longestEpisodeS: s.longestEpisodeS, doseDegS: s.doseDegS,
            meanFlexionDeg: s.meanFlexionDeg, meanLateralDeg: s.meanLateralDeg, movementBreaks: s.movementBreaks,
            longestSittingS: s.longestSittingS, stillS: a.stillS, movingS: a.movingS, walkingS: a.walkingS, lyingS: a.lyingS,
            alertCount: inBucket.length, correctedCount: inBucket.filter((alert) => alert.outcome === 'corrected').length,
          };
        }),
      };
    });

    app.get<{ Params: { id: string }; Querystring: RangeQuery }>('/api/wearers/:id/alerts', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        querystring: rangeQuerySchema,
        response: { 200: { type: 'object', required: ['alerts'], properties: { alerts: { type: 'array', items: alertSchema } } }, ...authErrors },
      },
    }, async (request) => {
      const { id } = request.params;
      ctx.wearerOf(id);
      const alerts = await store.readAlerts(id, rangeOf(request.query));
      return { alerts: alerts.map(alertView) };
    });
  };
}

function alertView(a: AlertRecord) {
  return {
    deviceId: a.deviceId, buzzMs: a.buzzMs, slouchStartMs: a.slouchStartMs, repeat: a.repeat,
    outcome: a.outcome, responseS: a.responseS, resolvedMs: a.resolvedMs,
  };
}
