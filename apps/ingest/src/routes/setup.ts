/**
 * First run: while no account exists, `GET /api/setup` says so and `POST /api/setup` {email, password, name}
 * creates the first account (admin and coach) and signs it in; afterwards it answers 409 SETUP_DONE. Both public:
 * there is nobody to sign in as yet. (`POSTURE_ADMIN_*` does the same without a browser.)
 */
import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../auth/accounts.js';
import { errorSchema } from './api-parts.js';
import { emailSchema, nameSchema, passwordSchema, sessionAnswer, sessionAnswerSchema } from './account-schemas.js';

export function setupRoutes(accounts: Accounts, now: () => number = Date.now) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/api/setup', {
      config: { access: 'public' },
      schema: { response: { 200: { type: 'object', required: ['needed'], properties: { needed: { type: 'boolean' } } } } },
    }, async () => ({ needed: accounts.setupNeeded() }));

    app.post<{ Body: { email: string; password: string; name: string } }>('/api/setup', {
      config: { access: 'public' },
      schema: {
        body: {
          type: 'object',
          required: ['email', 'password', 'name'],
          additionalProperties: false,
          properties: { email: emailSchema, password: passwordSchema, name: nameSchema },
        },
        response: { 201: sessionAnswerSchema, 400: errorSchema, 409: errorSchema },
      },
    }, async (request, reply) => {
      const { email, password, name } = request.body;
      return reply.code(201).send(sessionAnswer(await accounts.setup(email, password, name, now())));
    });
  };
}
