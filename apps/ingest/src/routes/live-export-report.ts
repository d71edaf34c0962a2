/**
 * The routes of the live stream, the CSV exports and the printable report, registered together in the API
 * scope of app.ts (each is its own plugin: live.ts, exports.ts, report.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ApiParts } from './api-parts.js';
import { exportRoutes } from './exports.js';
import { liveRoutes } from './live.js';
import { reportRoutes } from './report.js';

export function liveExportReportRoutes(api: ApiParts) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    await app.register(liveRoutes({ hub: api.live, store: api.store, accounts: api.accounts }));
    await app.register(exportRoutes(api.store));
    await app.register(reportRoutes(api.store, api.db, api.now));
  };
}
