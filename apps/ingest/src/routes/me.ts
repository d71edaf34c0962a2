/**
 * The signed-in account: `GET /api/me` → {user, coachOf}; `PUT /api/me/password` {currentPassword, newPassword}
 * → 204, which ends every other session of the account (this one stays).
 */
import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../auth/accounts.js';
import { principalOf } from '../auth/authenticate-request.js';
import { bearerToken } from '../auth/route-access.js';
import { errorSchema } from './api-parts.js';
import { passwordSchema, userOf, userSchema } from './account-schemas.js';

export function meRoutes(accounts: Accounts, now: () => number = Date.now) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/api/me', {
      config: { access: 'signed-in' },
      schema: {
        response: {
          200: { type: 'object', required: ['user', 'coachOf'], properties: { user: userSchema, coachOf: { type: 'array', items: { type: 'string' } } } },
          401: errorSchema,
        },
      },
    }, async (request) => {
      const principal = principalOf(request);
      // Assignments count only while the account has the coach role (access-rules.ts).
      return { user: userOf(principal), coachOf: principal.roles.includes('coach') ? principal.coachOf : [] };
    });

    app.put<{ Body: { currentPassword: string; newPassword: string } }>('/api/me/password', {
      config: { access: 'signed-in' },
      schema: {
        body: {
          type: 'object',
          required: ['currentPassword', 'newPassword'],
          additionalProperties: false,
          properties: { currentPassword: passwordSchema, newPassword: passwordSchema },
        },
        response: { 204: { type: 'null' }, 400: errorSchema, 401: errorSchema, 429: errorSchema },
      },
    }, async (request, reply) => {
      const { currentPassword, newPassword } = request.body;
      await accounts.changePassword(principalOf(request).accountId, currentPassword, newPassword, bearerToken(request), request.ip, now());
      return reply.code(204).send();
    });
  };
}
