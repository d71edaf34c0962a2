/**
 * Coaches of a wearer. Admins assign and unassign (`POST /api/wearers/:id/coaches` {accountId} → 201,
 * `DELETE /api/wearers/:id/coaches/:accountId` → 204); whoever sees the wearer lists them
 * (`GET /api/wearers/:id/coaches` → {coaches: [{id, name, email}]}).
 */
import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../auth/accounts.js';
import { stanceError } from '../errors.js';
import type { PostureStore } from '../store/store-port.js';
import { authErrors, errorSchema, idSchema, wearerIdParams, wearerItemParams } from './api-parts.js';
import { wearerOf } from './wearer-of.js';

export function coachAssignmentRoutes(accounts: Accounts, store: PostureStore, now: () => number = Date.now) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { id: string } }>('/api/wearers/:id/coaches', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        response: {
          200: {
            type: 'object',
            required: ['coaches'],
            properties: {
              coaches: {
                type: 'array',
                items: { type: 'object', required: ['id', 'name', 'email'], properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } } },
              },
            },
          },
          ...authErrors,
        },
      },
    }, async (request) => {
      wearerOf(store, request.params.id);
      // Only accounts that still have the coach role coach (access-rules.ts).
      const coaches = accounts.coaches.coachesOf(request.params.id).filter((c) => accounts.get(c.id)?.roles.includes('coach'));
      return { coaches };
    });

    app.post<{ Params: { id: string }; Body: { accountId: string } }>('/api/wearers/:id/coaches', {
      config: { access: 'admin' },
      schema: {
        params: wearerIdParams,
        body: { type: 'object', required: ['accountId'], additionalProperties: false, properties: { accountId: idSchema } },
        response: {
          201: { type: 'object', required: ['wearerId', 'accountId'], properties: { wearerId: { type: 'string' }, accountId: { type: 'string' } } },
          ...authErrors,
          409: errorSchema,
        },
      },
    }, async (request, reply) => {
      const { id } = request.params;
      const { accountId } = request.body;
      wearerOf(store, id);
      const account = accounts.get(accountId);
      if (account === null) throw stanceError('ACCOUNT_NOT_FOUND', { id: accountId });
      if (!account.roles.includes('coach')) throw stanceError('ACCOUNT_NOT_COACH', { id: accountId });
      accounts.coaches.assign(accountId, id, now());
      return reply.code(201).send({ wearerId: id, accountId });
    });

    app.delete<{ Params: { id: string; accountId: string } }>('/api/wearers/:id/coaches/:accountId', {
      config: { access: 'admin' },
      schema: {
        params: wearerItemParams('accountId'),
        response: { 204: { type: 'null' }, ...authErrors },
      },
    }, async (request, reply) => {
      const { id, accountId } = request.params;
      if (!accounts.coaches.unassign(accountId, id)) throw stanceError('COACH_NOT_ASSIGNED', { accountId, wearerId: id });
      return reply.code(204).send();
    });
  };
}
