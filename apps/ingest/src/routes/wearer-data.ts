/**
 * A wearer's data: `GET /api/wearers/:id/posture?from&to&step`, `/episodes?from&to`,
 * `/summary?from&to&bucket=hour|day`. Times are epoch ms; `from` inclusive, `to` exclusive.
 */
import type { FastifyInstance } from 'fastify';
import { summariseAggregate } from '@stance/analysis';
import { assertWearerAccess } from '../auth/access-rules.js';
import { principalOf } from '../auth/authenticate-request.js';
import { stanceError } from '../errors.js';
import type { PostureStore, TimeRange } from '../store/store-port.js';
import { authErrors, nullableNumber, rangeProperties, wearerIdParams } from './api-parts.js';

/** Most points one answer may hold (ask with a larger `step` for longer ranges). */
export const MAX_POINTS_PER_ANSWER = 100_000;

interface RangeQuery {
  from: number;
  to: number;
}

function rangeOf(q: RangeQuery): TimeRange {
  if (!(q.to > q.from)) throw stanceError('REQUEST_INVALID', { reason: 'to must be after from' });
  return { fromMs: q.from, toMs: q.to };
}

export function wearerDataRoutes(store: PostureStore) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    const known = (principalId: Parameters<typeof assertWearerAccess>[0], id: string): void => {
      assertWearerAccess(principalId, id);
      if (store.getWearer(id) === null) throw stanceError('WEARER_NOT_FOUND', { id });
    };

    app.get<{ Params: { id: string }; Querystring: RangeQuery & { step?: number } }>('/api/wearers/:id/posture', {
      schema: {
        params: wearerIdParams,
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          properties: { ...rangeProperties, step: { type: 'integer', minimum: 1000, maximum: 86_400_000 } },
        },
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
    }, async (request) => {
      const { id } = request.params;
      known(principalOf(request), id);
      const range = rangeOf(request.query);
      const step = request.query.step ?? 1000;
      if ((range.toMs - range.fromMs) / step > MAX_POINTS_PER_ANSWER) {
        throw stanceError('REQUEST_INVALID', { reason: `more than ${MAX_POINTS_PER_ANSWER} points: use a larger step` });
      }
      const points = await store.readPoints(id, range, step);
      return { points: points.map((p) => ({ t: p.tMs, flexionDeg: p.flexionDeg, lateralDeg: p.lateralDeg, activity: p.activity, posture: p.posture })) };
    });

    app.get<{ Params: { id: string }; Querystring: RangeQuery }>('/api/wearers/:id/episodes', {
      schema: {
        params: wearerIdParams,
        querystring: { type: 'object', required: ['from', 'to'], properties: rangeProperties },
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
      known(principalOf(request), id);
      const episodes = await store.readEpisodes(id, rangeOf(request.query));
      return {
        episodes: episodes.map((e) => ({
          start: e.startMs, end: e.endMs, durationS: e.durationS, peakFlexionDeg: e.peakFlexionDeg, meanFlexionDeg: e.meanFlexionDeg, doseDegS: e.doseDegS,
        })),
      };
    });

    app.get<{ Params: { id: string }; Querystring: RangeQuery & { bucket?: 'hour' | 'day' } }>('/api/wearers/:id/summary', {
      schema: {
        params: wearerIdParams,
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          properties: { ...rangeProperties, bucket: { type: 'string', enum: ['hour', 'day'] } },
        },
        response: {
          200: {
            type: 'object',
            required: ['buckets'],
            properties: {
              buckets: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['start', 'wornS', 'uprightS', 'slouchS', 'uprightPct', 'episodeCount', 'meanFlexionDeg'],
                  properties: {
                    start: { type: 'number' }, wornS: { type: 'number' }, uprightS: { type: 'number' }, slouchS: { type: 'number' },
                    uprightPct: nullableNumber, episodeCount: { type: 'integer' }, meanFlexionDeg: nullableNumber,
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
      known(principalOf(request), id);
      const buckets = await store.readRollups(id, request.query.bucket ?? 'day', rangeOf(request.query));
      return {
        buckets: buckets.map((b) => {
          const s = summariseAggregate(b.aggregate);
          return {
            start: b.startMs, wornS: s.wornS, uprightS: s.uprightS, slouchS: s.slouchS, uprightPct: s.uprightPct,
            episodeCount: s.episodeCount, meanFlexionDeg: s.meanFlexionDeg,
          };
        }),
      };
    });
  };
}
