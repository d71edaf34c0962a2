/** `GET, POST /api/wearers`, `GET /api/wearers/:id`. */
import type { FastifyInstance } from 'fastify';
import { assertAdmin, assertWearerAccess, visibleWearer } from '../auth/access-rules.js';
import { principalOf } from '../auth/authenticate-request.js';
import { stanceError } from '../errors.js';
import type { PostureStore } from '../store/store-port.js';
import { authErrors, wearerIdParams } from './api-parts.js';

const wearerSchema = {
  type: 'object',
  required: ['id', 'name', 'utcOffsetMin', 'createdMs'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, utcOffsetMin: { type: 'integer' }, createdMs: { type: 'integer' } },
} as const;

export function wearerRoutes(store: PostureStore) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/api/wearers', {
      schema: { response: { 200: { type: 'object', required: ['wearers'], properties: { wearers: { type: 'array', items: wearerSchema } } }, ...authErrors } },
    }, async (request) => {
      const principal = principalOf(request);
      return { wearers: store.listWearers().filter((w) => visibleWearer(principal, w.id)) };
    });

    app.post<{ Body: { name: string; utcOffsetMin?: number } }>('/api/wearers', {
      schema: {
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, utcOffsetMin: { type: 'integer', minimum: -840, maximum: 840 } },
        },
        response: { 201: wearerSchema, ...authErrors },
      },
    }, async (request, reply) => {
      assertAdmin(principalOf(request));
      return reply.code(201).send(store.createWearer(request.body.name, request.body.utcOffsetMin ?? 0));
    });

    app.get<{ Params: { id: string } }>('/api/wearers/:id', {
      schema: { params: wearerIdParams, response: { 200: wearerSchema, ...authErrors } },
    }, async (request) => {
      assertWearerAccess(principalOf(request), request.params.id);
      const wearer = store.getWearer(request.params.id);
      if (wearer === null) throw stanceError('WEARER_NOT_FOUND', { id: request.params.id });
      return wearer;
    });
  };
}
