/**
 * The OpenAPI 3 document, generated from the same route schemas that validate requests and shape responses
 * (@fastify/swagger collects every route through an `onRoute` hook, so it must be registered before any
 * route), and Swagger UI at `/docs` (the JSON at `/docs/json`). Both are public: the UI's routes take no route
 * config, so their scope declares their access (route-access.ts `declareAccessInScope`).
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { declareAccessInScope } from './auth/route-access.js';

/** Where Swagger UI is served; the document is at `${DOCS_PREFIX}/json`. */
export const DOCS_PREFIX = '/docs';

/** The security scheme every non-public operation requires (`Authorization: Bearer TOKEN`). */
const BEARER_SCHEME = 'bearerAuth';

const DESCRIPTION = [
  'The Stance service: accounts, wearers, devices, posture data, coaching, live stream, exports and reports.',
  'Times are epoch milliseconds. Sign in with `POST /api/auth/login` and send `Authorization: Bearer TOKEN`.',
  'Every error is `{error: {code, message}}` with a code from the catalogue (see the service README).',
].join(' ');

/**
 * Registers the document collector and the UI. Call right after Fastify is created, before any route.
 * @param version the service's version, shown in `info`.
 */
export async function registerOpenApi(app: FastifyInstance, version = '0.1.0'): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Stance API', version, description: DESCRIPTION },
      components: { securitySchemes: { [BEARER_SCHEME]: { type: 'http', scheme: 'bearer', description: 'a session token from POST /api/auth/login' } } },
      security: [{ [BEARER_SCHEME]: [] }],
    },
    transform: ({ schema, url, route }) => ({ schema: withAccessAndTag(schema, url, route), url }),
  });
  await app.register(async (docs) => {
    declareAccessInScope(docs, 'public');
    await docs.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { deepLinking: true, persistAuthorization: false } });
  });
}

type RouteSchema = NonNullable<RouteOptions['schema']>;

/** Public routes need no token (`security: []` overrides the document's default); each route gets a tag from its path. */
function withAccessAndTag(schema: RouteSchema | undefined, url: string, route: RouteOptions): RouteSchema {
  const base: Record<string, unknown> = { ...(schema ?? {}) };
  if (route.config?.access === 'public') base['security'] = [];
  if (base['tags'] === undefined) base['tags'] = [tagOf(url)];
  return base as RouteSchema;
}

/** Sub-resources of `/api/wearers/:id/...` grouped by what they are for; any other stays under `wearers`. */
const WEARER_GROUPS: Readonly<Record<string, string>> = Object.freeze({
  posture: 'wearer data', episodes: 'wearer data', summary: 'wearer data', alerts: 'wearer data', pattern: 'wearer data',
  distribution: 'wearer data', 'week-comparison': 'wearer data', 'before-after': 'wearer data', calibrations: 'wearer data',
  recommendations: 'coaching', 'exercise-log': 'coaching', notes: 'coaching', pins: 'coaching', plan: 'coaching', goals: 'coaching',
  live: 'live, exports and report', export: 'live, exports and report', report: 'live, exports and report',
});

/**
 * The group a path belongs to in the UI: `/api/wearers/:id/live` → `live, exports and report`,
 * `/api/wearers/:id/posture` → `wearer data`, `/api/auth/login` → `auth`, `/metrics` → `metrics`.
 */
export function tagOf(url: string): string {
  const parts = url.split('/').filter((p) => p !== '' && p !== 'api');
  const [first, second, third] = parts;
  if (first === 'wearers' && second !== undefined && second.startsWith(':') && third !== undefined) return WEARER_GROUPS[third] ?? 'wearers';
  return first ?? 'root';
}
