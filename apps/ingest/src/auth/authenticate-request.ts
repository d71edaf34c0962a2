/**
 * `request.principal`: the caller of a route that is not public, set by the access hook (route-access.ts) from
 * `Authorization: Bearer TOKEN`. Handlers read it with `principalOf`.
 */
import type { FastifyRequest } from 'fastify';
import { stanceError } from '../errors.js';
import type { Principal } from './accounts.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The principal of an authenticated request (the access hook ran). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw stanceError('AUTH_REQUIRED', { reason: 'not authenticated' });
  return request.principal;
}
