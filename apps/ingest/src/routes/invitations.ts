/**
 * Invitations. Admins and coaches send them (`POST /api/invitations` {email, name, roles} → 201 {id, token,
 * expiresMs}: the token is shown once, the link is `/#/invite?token=TOKEN`; a coach may invite wearers only and
 * becomes their coach), list (`GET`, their own unless admin) and withdraw them (`DELETE /api/invitations/:id`).
 * The person invited, not signed in: `GET /api/invitations/lookup?token=` → {email, name, roles, expiresMs};
 * `POST /api/invitations/accept` {token, password, name?} → 201 {token, expiresMs, user}.
 */
import type { FastifyInstance } from 'fastify';
import type { Accounts, Role } from '../auth/accounts.js';
import { principalOf } from '../auth/authenticate-request.js';
import { authErrors, errorSchema, idSchema } from './api-parts.js';
import { emailSchema, nameSchema, passwordSchema, roleSchema, rolesSchema, sessionAnswer, sessionAnswerSchema } from './account-schemas.js';

const tokenSchema = { type: 'string', minLength: 1, maxLength: 128 } as const;

const invitationSchema = {
  type: 'object',
  required: ['id', 'email', 'name', 'roles', 'createdMs', 'expiresMs', 'acceptedMs'],
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'array', items: roleSchema },
    createdMs: { type: 'integer' },
    expiresMs: { type: 'integer' },
    acceptedMs: { type: ['integer', 'null'] },
  },
} as const;

/** Open invitations are refused as 404 (unknown, used) or 410 (expired). */
const invitationErrors = { 400: errorSchema, 404: errorSchema, 409: errorSchema, 410: errorSchema } as const;

export function invitationRoutes(accounts: Accounts, now: () => number = Date.now) {
  const { invitations } = accounts;
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { email: string; name: string; roles: Role[] } }>('/api/invitations', {
      config: { access: 'coach-role' },
      schema: {
        body: {
          type: 'object',
          required: ['email', 'name', 'roles'],
          additionalProperties: false,
          properties: { email: emailSchema, name: nameSchema, roles: rolesSchema },
        },
        response: {
          201: { type: 'object', required: ['id', 'token', 'expiresMs'], properties: { id: { type: 'string' }, token: { type: 'string' }, expiresMs: { type: 'integer' } } },
          ...authErrors,
          409: errorSchema,
        },
      },
    }, async (request, reply) => reply.code(201).send(invitations.create(principalOf(request), request.body, now())));

    app.get('/api/invitations', {
      config: { access: 'coach-role' },
      schema: {
        response: {
          200: { type: 'object', required: ['invitations'], properties: { invitations: { type: 'array', items: invitationSchema } } },
          ...authErrors,
        },
      },
    }, async (request) => ({ invitations: invitations.list(principalOf(request)) }));

    app.delete<{ Params: { id: string } }>('/api/invitations/:id', {
      config: { access: 'coach-role' },
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: idSchema } },
        response: { 204: { type: 'null' }, ...authErrors },
      },
    }, async (request, reply) => {
      invitations.revoke(principalOf(request), request.params.id);
      return reply.code(204).send();
    });

    app.get<{ Querystring: { token: string } }>('/api/invitations/lookup', {
      config: { access: 'public' },
      schema: {
        querystring: { type: 'object', required: ['token'], properties: { token: tokenSchema } },
        response: {
          200: {
            type: 'object',
            required: ['email', 'name', 'roles', 'expiresMs'],
            properties: { email: { type: 'string' }, name: { type: 'string' }, roles: { type: 'array', items: roleSchema }, expiresMs: { type: 'integer' } },
          },
          ...invitationErrors,
        },
      },
    }, async (request) => invitations.lookup(request.query.token, now()));

    app.post<{ Body: { token: string; password: string; name?: string } }>('/api/invitations/accept', {
      config: { access: 'public' },
      schema: {
        body: {
          type: 'object',
          required: ['token', 'password'],
          additionalProperties: false,
          properties: { token: tokenSchema, password: passwordSchema, name: nameSchema },
        },
        response: { 201: sessionAnswerSchema, ...invitationErrors },
      },
    }, async (request, reply) => {
      const { token, password, name } = request.body;
      return reply.code(201).send(sessionAnswer(await invitations.accept(token, password, name, now())));
    });
  };
}
