/**
 * CSV downloads of a wearer's data (`text/csv; charset=utf-8`, offered as an attachment with a file name):
 * `GET /api/wearers/:id/export/points.csv?from&to&step`, `/export/episodes.csv?from&to`,
 * `/export/daily.csv?from&to`. Column names carry their units; times are epoch ms plus the wearer's local
 * time. Points stream chunk by chunk (export/points-csv.ts), so a long range never becomes one string.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { dailyCsv } from '../export/daily-csv.js';
import { attachment, downloadName } from '../export/download-name.js';
import { episodesCsv } from '../export/episodes-csv.js';
import { pointsCsv } from '../export/points-csv.js';
import type { PostureStore, TimeRange, Wearer } from '../store/store-port.js';
import { authErrors, wearerIdParams } from './api-parts.js';
import { rangeOf, rangeQuerySchema, rangeQueryWith, stepProperty, type RangeQuery } from './range-query.js';
import { wearerOf } from './wearer-of.js';

/** Most rows one points export may have: a year (366 days) of per-second points. */
export const EXPORT_MAX_POINT_ROWS = 366 * 86_400;
/** Longest range of an episodes or daily export, ms (ten years). */
export const EXPORT_MAX_RANGE_MS = 3653 * 86_400_000;

const CSV_TYPE = 'text/csv; charset=utf-8';

function csvResponse(description: string) {
  return { 200: { description, content: { 'text/csv': { schema: { type: 'string' } } } }, ...authErrors } as const;
}

export function exportRoutes(store: PostureStore) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    const sendCsv = (reply: FastifyReply, wearer: Wearer, what: string, range: TimeRange, rows: AsyncIterable<string> | Iterable<string>) =>
      reply
        .type(CSV_TYPE)
        .header('content-disposition', attachment(downloadName(wearer.name, what, range, wearer.utcOffsetMin, 'csv')))
        .header('cache-control', 'no-store')
        .send(Readable.from(rows, { objectMode: false }));

    app.get<{ Params: { id: string }; Querystring: RangeQuery & { step?: number } }>('/api/wearers/:id/export/points.csv', {
      config: { access: 'wearer' },
      schema: {
        summary: "The wearer's points as CSV",
        description: 'Columns: time_local (ISO 8601 at the wearer\'s offset), t_ms, flexion_deg, lateral_deg, activity, posture. '
          + '`step` ms ≥ 1000 averages as `GET /posture` does; at most a year of per-second rows.',
        params: wearerIdParams,
        querystring: rangeQueryWith({ step: stepProperty }),
        response: csvResponse('CSV, one row per second (or step)'),
      },
    }, async (request, reply) => {
      const wearer = wearerOf(store, request.params.id);
      const step = request.query.step ?? 1000;
      const range = rangeOf(request.query, EXPORT_MAX_POINT_ROWS * step);
      return sendCsv(reply, wearer, 'points', range, pointsCsv(store, wearer.id, range, step, wearer.utcOffsetMin));
    });

    app.get<{ Params: { id: string }; Querystring: RangeQuery }>('/api/wearers/:id/export/episodes.csv', {
      config: { access: 'wearer' },
      schema: {
        summary: "The wearer's slouch episodes as CSV",
        description: 'Episodes that start within the range. Columns: start_local, start_ms, end_ms, duration_s, peak_flexion_deg, mean_flexion_deg, dose_deg_s.',
        params: wearerIdParams,
        querystring: rangeQuerySchema,
        response: csvResponse('CSV, one row per episode'),
      },
    }, async (request, reply) => {
      const wearer = wearerOf(store, request.params.id);
      const range = rangeOf(request.query, EXPORT_MAX_RANGE_MS);
      const episodes = await store.readEpisodes(wearer.id, range);
      return sendCsv(reply, wearer, 'episodes', range, episodesCsv(episodes, wearer.utcOffsetMin));
    });

    app.get<{ Params: { id: string }; Querystring: RangeQuery }>('/api/wearers/:id/export/daily.csv', {
      config: { access: 'wearer' },
      schema: {
        summary: "The wearer's daily summaries as CSV",
        description: 'One row per local day overlapping the range (the day summaries of `GET /summary?bucket=day`) with the day\'s alerts.',
        params: wearerIdParams,
        querystring: rangeQuerySchema,
        response: csvResponse('CSV, one row per local day'),
      },
    }, async (request, reply) => {
      const wearer = wearerOf(store, request.params.id);
      const range = rangeOf(request.query, EXPORT_MAX_RANGE_MS);
      const days = await store.readRollups(wearer.id, 'day', range);
      const first = days[0]?.startMs ?? range.fromMs;
      const alerts = days.length === 0 ? [] : await store.readAlerts(wearer.id, { fromMs: first, toMs: Math.max(range.toMs, (days.at(-1)?.startMs ?? 0) + 86_400_000) });
      return sendCsv(reply, wearer, 'daily', range, dailyCsv(days, alerts));
    });
  };
}
