/**
 * Builds the HTTP server (Fastify) without listening: `main` listens, tests use `inject`. Every error leaves
 * as the catalogue's JSON body `{error: {code, message}}` with the catalogue's status.
 */
import { existsSync } from 'node:fs';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions, type FastifyReply } from 'fastify';
import { errorBody, StanceError, stanceError } from './errors.js';
import type { MetricsRegistry } from './metrics/registry.js';
import { registerOpenApi } from './openapi.js';
import { liveExportReportRoutes } from './routes/live-export-report.js';
import { collectRouteAccess, declareAccessInScope, routeAccessHook, undeclaredMessage } from './auth/route-access.js';
import type { ApiParts } from './routes/api-parts.js';
import { accountRoutes } from './routes/accounts.js';
import { authRoutes } from './routes/auth.js';
import { coachAssignmentRoutes } from './routes/coach-assignments.js';
import { invitationRoutes } from './routes/invitations.js';
import { meRoutes } from './routes/me.js';
import { setupRoutes } from './routes/setup.js';
import { devicePairingRoutes } from './routes/device-pairing.js';
import { healthRoutes, type HealthReport } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { createResourceContext } from './routes/resource-context.js';
import { wearerResourceRoutes } from './routes/wearer-resources.js';

export interface AppParts {
  metrics: MetricsRegistry;
  health: () => HealthReport;
  /** Fastify's logger option; false in tests. */
  logger?: FastifyServerOptions['logger'];
  /** Serve HTTPS with this PEM certificate and key (HTTP_TLS); absent: plain HTTP. */
  https?: { cert: Buffer; key: Buffer };
  /** Proxies whose X-Forwarded-For gives `request.ip` (TRUST_PROXY); none: the socket's address. */
  trustProxy?: readonly string[];
  /** The API (login, wearers, devices, data); without it only health and metrics are served. */
  api?: ApiParts;
  /** The built dashboard (apps/dashboard/dist), served at `/` when it exists. */
  dashboardDir?: string;
  /**
   * A route without `config.access`: 'strict' makes `buildApp` throw, 'warn' logs it (to stderr when the app
   * has no logger). Default `ROUTE_ACCESS_CHECK`.
   */
  routeAccessCheck?: 'strict' | 'warn';
}

/** What `buildApp` does about a route that declares no access (see route-access.ts). */
export const ROUTE_ACCESS_CHECK: 'strict' | 'warn' = 'strict';

export async function buildApp(parts: AppParts): Promise<FastifyInstance> {
  const app = Fastify({
    logger: parts.logger ?? false,
    ...(parts.https !== undefined ? { https: parts.https } : {}),
    // Behind a reverse proxy every client would otherwise share the proxy's address in the per-address limits.
    ...(parts.trustProxy !== undefined && parts.trustProxy.length > 0 ? { trustProxy: [...parts.trustProxy] } : {}),
    // The router's own refusals (a malformed URL, an over-long path parameter) answer from the catalogue too.
    frameworkErrors: (error, _request, reply) => {
      const answer = stanceError('REQUEST_INVALID', { reason: error.message });
      void (reply as FastifyReply).code(answer.status).send(errorBody(answer));
    },
  });
  // Every route declares who may call it (config.access); one hook enforces it, one check at the end finds the routes that forgot.
  const declared = collectRouteAccess(app);
  app.decorateRequest('principal', null);
  const api = parts.api;
  const now = api?.now ?? Date.now;
  if (api) app.addHook('onRequest', routeAccessHook({ accounts: api.accounts, deviceWearer: (id) => api.registry.get(id)?.wearerId ?? null, now }));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known =
      error instanceof StanceError
        ? error
        : error.validation
          ? stanceError('REQUEST_INVALID', { reason: error.message })
          : // Fastify's own 4xx (a body that is not JSON, an unsupported content type, too large): the client's mistake.
            typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
            ? stanceError('REQUEST_INVALID', { reason: error.message })
            : null;
    if (known === null) request.log.error({ err: error }, 'unhandled error');
    const answer = known ?? stanceError('INTERNAL');
    // A refusal that says when to come back (LOGIN_RATE_LIMITED, ...) says it in the standard header too.
    const retryAfterS = answer.params['retryAfterS'];
    if (typeof retryAfterS === 'number') reply.header('retry-after', String(retryAfterS));
    return reply.code(answer.status).send(errorBody(answer));
  });
  app.setNotFoundHandler((request, reply) => {
    const error = stanceError('ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] ?? '' });
    return reply.code(error.status).send(errorBody(error));
  });
  // Answers over 1 KiB are gzipped for clients that accept it (a day of per-second points is megabytes of JSON;
  // the dashboard's scripts a few hundred KB). Level 4: most of level 6's gain at two thirds of its time. The live
  // stream writes to the socket itself and is not compressed (a compressor would hold its events back).
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['gzip', 'deflate'], zlibOptions: { level: 4 } });
  // The OpenAPI document collects routes as they are added: before every route. Swagger UI at /docs (public).
  await registerOpenApi(app);

  if (parts.dashboardDir !== undefined && existsSync(parts.dashboardDir)) {
    // Only the files built at start get routes (wildcard off), so an unknown path still answers the catalogue's 404.
    const dashboardDir = parts.dashboardDir;
    await app.register(async (scope) => {
      declareAccessInScope(scope, 'public');
      await scope.register(fastifyStatic, { root: dashboardDir, prefix: '/', wildcard: false, index: 'index.html' });
    });
  }
  await app.register(healthRoutes(parts.health));
  await app.register(metricsRoutes(parts.metrics));
  if (api) {
    await app.register(authRoutes(api.accounts, now));
    await app.register(setupRoutes(api.accounts, now));
    // Wearer resources share one context (the pairing code rate limit is in memory); pairing by code is public.
    const resources = createResourceContext(api);
    await app.register(devicePairingRoutes(resources));
    // The API's resources (their access is declared on each route and enforced by the hook above).
    await app.register(async (scope) => {
      await scope.register(meRoutes(api.accounts, now));
      await scope.register(accountRoutes(api.accounts, now));
      await scope.register(coachAssignmentRoutes(api.accounts, api.store, now));
      await scope.register(invitationRoutes(api.accounts, now));
      // [accounts routes]
      // [wearer resource routes]
      await scope.register(wearerResourceRoutes(resources));
      // [live, export and report routes]
      await scope.register(liveExportReportRoutes(api));
    });
  }
  const undeclared = declared.undeclared();
  if (undeclared.length > 0) {
    if ((parts.routeAccessCheck ?? ROUTE_ACCESS_CHECK) === 'strict') throw new Error(undeclaredMessage(undeclared));
    if (parts.logger) app.log.warn(undeclaredMessage(undeclared));
    else process.emitWarning(undeclaredMessage(undeclared), 'RouteAccessWarning');
  }
  return app;
}
