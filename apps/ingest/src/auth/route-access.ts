/**
 * Who may call a route, declared on the route itself (`config: { access: 'wearer' }`) and enforced here, in one
 * `onRequest` hook for the whole app, so no handler can forget the check. A refusal for a wearer or device the
 * caller may not see is 403 whether or not it exists (it leaks nothing); only those who could see it get 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { stanceError } from '../errors.js';
import type { Accounts, Principal } from './accounts.js';
import './authenticate-request.js';
import { hasRole, mayCoachWearer, maySeeWearer } from './access-rules.js';

export type RouteAccess =
  | 'public'      // no token (login, setup, health, docs, invitation accept, device pairing by code)
  | 'signed-in'   // any valid session (GET /api/me, GET /api/exercises, GET /api/wearers lists visible ones)
  | 'admin'
  | 'wearer'      // "W" on params.id (a wearer id): admin, that wearer, or an assigned coach
  | 'coach'       // "C" on params.id: admin or an assigned coach (notes, pins write)
  | 'device'      // "W" on the wearer of device params.id
  | 'coach-role'; // any account with the coach role (GET /api/coach/wearers); admins too

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export const ROUTE_ACCESSES: readonly RouteAccess[] = Object.freeze([
  'public', 'signed-in', 'admin', 'wearer', 'coach', 'device', 'coach-role',
]);

/** What the access hook needs besides the sessions: the wearer a device belongs to (null when unknown). */
export interface RouteAccessDeps {
  accounts: Accounts;
  deviceWearer: (deviceId: string) => string | null;
  /** Wall clock, epoch ms (session expiry). Default `Date.now`. */
  now?: () => number;
}

/** The `onRequest` hook: authenticates (unless public), then checks the route's declared access. */
export function routeAccessHook(deps: RouteAccessDeps) {
  return async function onRequest(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const access = request.routeOptions.config.access;
    // No declared access: the not-found handler (or a route the start-up check already reported).
    if (access === undefined || access === 'public') return;
    const principal = deps.accounts.authenticate(bearerToken(request), (deps.now ?? Date.now)());
    request.principal = principal;
    assertRouteAccess(principal, access, idParam(request), deps);
  };
}

/** Throws FORBIDDEN unless `p` may call a route of `access` with `params.id` = `id`. */
export function assertRouteAccess(p: Principal, access: RouteAccess, id: string | null, deps: RouteAccessDeps): void {
  switch (access) {
    case 'public':
    case 'signed-in':
      return;
    case 'admin':
      if (hasRole(p, 'admin')) return;
      throw stanceError('FORBIDDEN', { reason: 'administrators only' });
    case 'coach-role':
      // Admins pass everywhere; a handler of such a route filters by `coachOf` (empty without assignments).
      if (hasRole(p, 'coach') || hasRole(p, 'admin')) return;
      throw stanceError('FORBIDDEN', { reason: 'coaches only' });
    case 'wearer':
      if (id !== null && maySeeWearer(p, id)) return;
      throw stanceError('FORBIDDEN', { reason: `no access to wearer ${id ?? '?'}` });
    case 'coach':
      if (id !== null && mayCoachWearer(p, id)) return;
      throw stanceError('FORBIDDEN', { reason: `not a coach of wearer ${id ?? '?'}` });
    case 'device': {
      // An admin passes for any id (the handler answers 404); others only for a device of a wearer they see.
      if (hasRole(p, 'admin')) return;
      const wearerId = id === null ? null : deps.deviceWearer(id);
      if (wearerId !== null && maySeeWearer(p, wearerId)) return;
      // The id is not repeated: the answer is the same for a device that exists and one that does not.
      throw stanceError('FORBIDDEN', { reason: 'no access to this device' });
    }
  }
}

/** The token of `Authorization: Bearer TOKEN`; AUTH_REQUIRED without one. */
export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  if (match === null) throw stanceError('AUTH_REQUIRED', { reason: 'send Authorization: Bearer TOKEN (from POST /api/auth/login)' });
  return match[1] as string;
}

function idParam(request: FastifyRequest): string | null {
  const params = request.params as Record<string, unknown> | undefined;
  const id = params?.['id'];
  return typeof id === 'string' && id !== '' ? id : null;
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

/**
 * Records every route as it is added (an `onRoute` hook on the root, so it sees the routes of every plugin);
 * `check()` after the plugins are registered throws (strict) or warns about routes without a valid access.
 * The check is deferred because a scope may fill in its routes' access in its own, later, `onRoute` hook
 * (`declareAccessInScope`, for plugins like @fastify/static that take no route config).
 */
export function collectRouteAccess(app: FastifyInstance) {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  const collected = {
    /** Every route so far with its declared access (the matrix test and the README table use this). */
    routes(): DeclaredRoute[] {
      return routes.map((r) => ({
        method: Array.isArray(r.method) ? r.method.join(',') : String(r.method),
        url: r.url,
        access: r.config?.access,
      }));
    },
    /** The routes with no (or an unknown) access. */
    undeclared(): DeclaredRoute[] {
      return collected.routes().filter((r) => r.access === undefined || !ROUTE_ACCESSES.includes(r.access));
    },
  };
  collectedByApp.set(app, collected);
  return collected;
}

const collectedByApp = new WeakMap<FastifyInstance, { routes(): DeclaredRoute[] }>();

/** Every route of an app built by `buildApp`, with its declared access (the matrix test walks them). */
export function declaredRoutes(app: FastifyInstance): DeclaredRoute[] {
  return collectedByApp.get(app)?.routes() ?? [];
}

/** An `onRoute` hook for a scope: routes added in it without an access get `access`. */
export function declareAccessInScope(scope: FastifyInstance, access: RouteAccess): void {
  scope.addHook('onRoute', (route) => {
    if (route.config?.access === undefined) route.config = { ...route.config, access };
  });
}

export function undeclaredMessage(undeclared: readonly DeclaredRoute[]): string {
  return `routes without config.access (declare one of ${ROUTE_ACCESSES.join(', ')}): ${undeclared.map((r) => `${r.method} ${r.url}`).join('; ')}`;
}
