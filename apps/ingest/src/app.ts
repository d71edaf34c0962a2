/**
 * Builds the HTTP server (Fastify) without listening: `main` listens, tests use `inject`. Every error leaves
 * as the catalogue's JSON body `{error: {code, message}}` with the catalogue's status.
 */
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { errorBody, StanceError, stanceError } from './errors.js';
import type { MetricsRegistry } from './metrics/registry.js';
import { bearerAuth } from './auth/authenticate-request.js';
import type { ApiParts } from './routes/api-parts.js';
import { authRoutes } from './routes/auth.js';
import { calibrationRoutes } from './routes/calibration.js';
import { deviceRoutes } from './routes/devices.js';
import { healthRoutes, type HealthReport } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { wearerDataRoutes } from './routes/wearer-data.js';
import { wearerRoutes } from './routes/wearers.js';
import { wearerSettingsRoutes } from './routes/wearer-settings.js';

export interface AppParts {
  metrics: MetricsRegistry;
  health: () => HealthReport;
  /** Fastify's logger option; false in tests. */
  logger?: FastifyServerOptions['logger'];
  /** The API (login, wearers, devices, data); without it only health and metrics are served. */
  api?: ApiParts;
  /** The built dashboard (apps/dashboard/dist), served at `/` when it exists. */
  dashboardDir?: string;
}

export async function buildApp(parts: AppParts): Promise<FastifyInstance> {
  const app = Fastify({ logger: parts.logger ?? false });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known =
      error instanceof StanceError
        ? error
        : error.validation
          ? stanceError('REQUEST_INVALID', { reason: error.message })
          : null;
    if (known === null) request.log.error({ err: error }, 'unhandled error');
    const answer = known ?? stanceError('INTERNAL');
    return reply.code(answer.status).send(errorBody(answer));
  });
  app.setNotFoundHandler((request, reply) => {
    const error = stanceError('ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] ?? '' });
    return reply.code(error.status).send(errorBody(error));
  });

  if (parts.dashboardDir !== undefined && existsSync(parts.dashboardDir)) {
    // Only the files built at start get routes (wildcard off), so an unknown path still answers the catalogue's 404.
    await app.register(fastifyStatic, { root: parts.dashboardDir, prefix: '/', wildcard: false, index: 'index.html' });
  }
  await app.register(healthRoutes(parts.health));
  await app.register(metricsRoutes(parts.metrics));
  const api = parts.api;
  if (api) {
    await app.register(authRoutes(api.accounts));
    // Everything else under /api needs a session: one hook in one encapsulated scope.
    app.decorateRequest('principal', null);
    await app.register(async (scope) => {
      scope.addHook('onRequest', bearerAuth(api.accounts));
      await scope.register(wearerRoutes(api.store));
      await scope.register(wearerDataRoutes(api.store));
      await scope.register(calibrationRoutes(api.registry, api.store, api.analysis));
      await scope.register(deviceRoutes(api.registry, api.store));
      await scope.register(wearerSettingsRoutes(api.store, api.analysis));
      // [accounts routes]
      // [wearer resource routes]
      // [live, export and report routes]
    });
  }
  return app;
}
