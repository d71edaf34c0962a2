/**
 * The bearer-token check every API route but login and health runs (a Fastify `onRequest` hook in the API
 * scope): `Authorization: Bearer TOKEN` → `request.principal`, or AUTH_REQUIRED.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stanceError } from '../errors.js';
import type { Accounts, Principal } from './accounts.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function bearerAuth(accounts: Accounts) {
  return async function onRequest(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null) throw stanceError('AUTH_REQUIRED', { reason: 'send Authorization: Bearer TOKEN (from POST /api/auth/login)' });
    request.principal = accounts.authenticate(match[1] as string);
  };
}

/** The principal of an authenticated request (the hook ran). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw stanceError('AUTH_REQUIRED', { reason: 'not authenticated' });
  return request.principal;
}
