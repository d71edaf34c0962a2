/**
 * `GET /api/wearers/:id/report?from&to`: the printable report of a period as one self-contained HTML page
 * (report/report-html.ts). The dashboard fetches it with the token and opens it from a blob URL; the page
 * runs no script and loads nothing, and its Content-Security-Policy says so.
 */
import type { FastifyInstance } from 'fastify';
import type { SqliteDatabase } from '../db/open-database.js';
import { createCoachNotes } from '../coaching/coach-notes.js';
import { createExerciseLog } from '../coaching/exercise-log.js';
import { createExercisePlans } from '../coaching/exercise-plans.js';
import { createPinnedExercises } from '../coaching/pinned-exercises.js';
import { createWearerGoalsStore } from '../coaching/wearer-goals.js';
import { attachment, downloadName } from '../export/download-name.js';
import { renderReport } from '../report/report-html.js';
import { gatherReport, type ReportSources } from '../report/report-source.js';
import type { PostureStore } from '../store/store-port.js';
import { authErrors, wearerIdParams } from './api-parts.js';
import { rangeOf, rangeQuerySchema, type RangeQuery } from './range-query.js';
import { wearerOf } from './wearer-of.js';

/** Longest report period, ms (a year and a day, so a calendar year fits at any offset). */
export const REPORT_MAX_RANGE_MS = 367 * 86_400_000;

/** Nothing but the inline styles and inline SVG the page is made of. */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function reportRoutes(store: PostureStore, db: SqliteDatabase, now: () => number = Date.now) {
  const sources: ReportSources = {
    store,
    exerciseLog: createExerciseLog(db),
    notes: createCoachNotes(db),
    pins: createPinnedExercises(db),
    plans: createExercisePlans(db),
    goals: createWearerGoalsStore(db),
  };
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { id: string }; Querystring: RangeQuery }>('/api/wearers/:id/report', {
      config: { access: 'wearer' },
      schema: {
        summary: 'A printable report of a period (HTML)',
        description: 'One self-contained HTML page: summary numbers, daily upright % and slouch minutes, the hour-of-day profile, '
          + 'recommendations with reasons, exercise adherence and coach notes. Periods of up to 367 days.',
        params: wearerIdParams,
        querystring: rangeQuerySchema,
        response: {
          200: { description: 'the report, text/html', content: { 'text/html': { schema: { type: 'string' } } } },
          ...authErrors,
        },
      },
    }, async (request, reply) => {
      const wearer = wearerOf(store, request.params.id);
      const range = rangeOf(request.query, REPORT_MAX_RANGE_MS);
      const html = renderReport(await gatherReport(sources, wearer, range, now()));
      const fileName = downloadName(wearer.name, 'report', range, wearer.utcOffsetMin, 'html');
      return reply
        .type('text/html; charset=utf-8')
        .header('content-disposition', attachment(fileName).replace(/^attachment/, 'inline'))
        .header('content-security-policy', REPORT_CSP)
        .header('cache-control', 'no-store')
        .send(html);
    });
  };
}
