/**
 * Account administration (admins): `POST /api/accounts` {email, password, name, roles} → 201 {id, wearerId}
 * (a wearer account gets its wearer profile); `GET /api/accounts`; `PATCH /api/accounts/:id` {name?, roles?,
 * disabled?} → the account (disabling ends its sessions; the last enabled admin stays one).
 */
import type { FastifyInstance } from 'fastify';
import type { AccountPatch, Accounts, Role } from '../auth/accounts.js';
import { authErrors, errorSchema, idSchema } from './api-parts.js';
import { emailSchema, nameSchema, passwordSchema, rolesSchema, userSchema } from './account-schemas.js';

/** An account as the admin lists it: the user, with when it was made and whether it is disabled. */
const accountSchema = {
  type: 'object',
  required: [...userSchema.required, 'createdMs', 'disabled'],
  properties: { ...userSchema.properties, createdMs: { type: 'integer' }, disabled: { type: 'boolean' } },
} as const;

export function accountRoutes(accounts: Accounts, now: () => number = Date.now) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { email: string; password: string; name: string; roles: Role[] } }>('/api/accounts', {
      config: { access: 'admin' },
      schema: {
        body: {
          type: 'object',
          required: ['email', 'password', 'name', 'roles'],
          additionalProperties: false,
          properties: { email: emailSchema, password: passwordSchema, name: nameSchema, roles: rolesSchema },
        },
        response: {
          201: { type: 'object', required: ['id', 'wearerId'], properties: { id: { type: 'string' }, wearerId: { type: ['string', 'null'] } } },
          ...authErrors,
          409: errorSchema,
        },
      },
    }, async (request, reply) => {
      const account = await accounts.create(request.body, now());
      return reply.code(201).send({ id: account.id, wearerId: account.wearerId });
    });

    app.get('/api/accounts', {
      config: { access: 'admin' },
      schema: {
        response: {
          200: { type: 'object', required: ['accounts'], properties: { accounts: { type: 'array', items: accountSchema } } },
          ...authErrors,
        },
      },
    }, async () => ({ accounts: accounts.list() }));

    app.patch<{ Params: { id: string }; Body: AccountPatch }>('/api/accounts/:id', {
      config: { access: 'admin' },
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: idSchema } },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { name: nameSchema, roles: rolesSchema, disabled: { type: 'boolean' } },
        },
        response: { 200: accountSchema, ...authErrors, 409: errorSchema },
      },
    }, async (request) => accounts.update(request.params.id, request.body, now()));
  };
}
