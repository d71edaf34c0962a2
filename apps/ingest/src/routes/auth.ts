/** `POST /api/auth/login` {email, password} → {token, expiresMs, user}. No authentication (it gives it). */
import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../auth/accounts.js';
import { errorSchema } from './api-parts.js';

const userSchema = {
  type: 'object',
  required: ['id', 'email', 'name', 'roles', 'wearerId'],
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'array', items: { type: 'string', enum: ['admin', 'coach', 'wearer'] } },
    wearerId: { type: ['string', 'null'] },
  },
} as const;

export function authRoutes(accounts: Accounts) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { email: string; password: string } }>(
      '/api/auth/login',
      {
        schema: {
          body: {
            type: 'object',
            required: ['email', 'password'],
            additionalProperties: false,
            properties: { email: { type: 'string', minLength: 3, maxLength: 254 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
          },
          response: {
            200: { type: 'object', required: ['token', 'expiresMs', 'user'], properties: { token: { type: 'string' }, expiresMs: { type: 'integer' }, user: userSchema } },
            400: errorSchema,
            401: errorSchema,
          },
        },
      },
      async (request) => {
        const { token, expiresMs, user } = await accounts.login(request.body.email, request.body.password);
        return { token, expiresMs, user: { id: user.accountId, email: user.email, name: user.name, roles: user.roles, wearerId: user.wearerId } };
      },
    );
  };
}
