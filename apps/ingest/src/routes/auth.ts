/**
 * Signing in and out. `POST /api/auth/login` {email, password} → {token, expiresMs, user} (public, rate limited
 * per account and per address); `POST /api/auth/logout` ends this session; `POST /api/auth/logout-all` every
 * session of the account (this one too).
 */
import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../auth/accounts.js';
import { principalOf } from '../auth/authenticate-request.js';
import { bearerToken } from '../auth/route-access.js';
import { errorSchema } from './api-parts.js';
import { emailSchema, passwordSchema, sessionAnswer, sessionAnswerSchema } from './account-schemas.js';

export function authRoutes(accounts: Accounts, now: () => number = Date.now) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { email: string; password: string } }>('/api/auth/login', {
      config: { access: 'public' },
      schema: {
        body: {
          type: 'object',
          required: ['email', 'password'],
          additionalProperties: false,
          properties: { email: emailSchema, password: passwordSchema },
        },
        response: { 200: sessionAnswerSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema },
      },
    }, async (request) => sessionAnswer(await accounts.login(request.body.email, request.body.password, request.ip, now())));

    const signedOut = { 204: { type: 'null' }, 401: errorSchema } as const;
    app.post('/api/auth/logout', { config: { access: 'signed-in' }, schema: { response: signedOut } }, async (request, reply) => {
      accounts.logout(bearerToken(request));
      return reply.code(204).send();
    });
    app.post('/api/auth/logout-all', { config: { access: 'signed-in' }, schema: { response: signedOut } }, async (request, reply) => {
      accounts.logoutEverywhere(principalOf(request).accountId);
      return reply.code(204).send();
    });
  };
}
