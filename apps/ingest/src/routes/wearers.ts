/**
 * Wearers: `GET /api/wearers` (the ones the caller sees), `POST /api/wearers` {name, utcOffsetMin?} (admin),
 * `GET /api/wearers/:id`, `PATCH /api/wearers/:id` {name?, utcOffsetMin?}. The UTC offset decides the wearer's
 * local days and weeks from the data analysed next.
 */
import type { FastifyInstance } from 'fastify';
import { visibleWearer } from '../auth/access-rules.js';
import { principalOf } from '../auth/authenticate-request.js';
import { authErrors, wearerIdParams } from './api-parts.js';
import type { ResourceContext } from './resource-context.js';

const wearerSchema = {
  type: 'object',
  required: ['id', 'name', 'utcOffsetMin', 'createdMs'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, utcOffsetMin: { type: 'integer' }, createdMs: { type: 'integer' } },
} as const;

const nameProperty = { type: 'string', minLength: 1, maxLength: 200 } as const;
const offsetProperty = { type: 'integer', minimum: -840, maximum: 840 } as const;

export function wearerRoutes(ctx: ResourceContext) {
  const { store, analysis } = ctx.api;
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/api/wearers', {
      config: { access: 'signed-in' },
      schema: { response: { 200: { type: 'object', required: ['wearers'], properties: { wearers: { type: 'array', items: wearerSchema } } }, ...authErrors } },
    }, async (request) => {
      const principal = principalOf(request);
      return { wearers: store.listWearers().filter((w) => visibleWearer(principal, w.id)) };
    });

    app.post<{ Body: { name: string; utcOffsetMin?: number } }>('/api/wearers', {
      config: { access: 'admin' },
      schema: {
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: nameProperty, utcOffsetMin: offsetProperty } },
        response: { 201: wearerSchema, ...authErrors },
      },
    }, async (request, reply) => {
      return reply.code(201).send(store.createWearer(request.body.name.trim() || request.body.name, request.body.utcOffsetMin ?? 0, ctx.now()));
    });

    app.get<{ Params: { id: string } }>('/api/wearers/:id', {
      config: { access: 'wearer' },
      schema: { params: wearerIdParams, response: { 200: wearerSchema, ...authErrors } },
    }, async (request) => ctx.wearerOf(request.params.id));

    app.patch<{ Params: { id: string }; Body: { name?: string; utcOffsetMin?: number } }>('/api/wearers/:id', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        // Unknown fields refused (not dropped), so a misspelt one is not silently ignored.
        body: { type: 'object', propertyNames: { enum: ['name', 'utcOffsetMin'] }, properties: { name: nameProperty, utcOffsetMin: offsetProperty } },
        response: { 200: wearerSchema, ...authErrors },
      },
    }, async (request) => {
      const wearer = ctx.wearerOf(request.params.id);
      const { name, utcOffsetMin } = request.body;
      if (name !== undefined) ctx.wearerNames.rename(wearer.id, name.trim() || name);
      if (utcOffsetMin !== undefined && utcOffsetMin !== wearer.utcOffsetMin) {
        store.putWearerSettings(wearer.id, store.getWearerSettings(wearer.id) ?? {}, utcOffsetMin);
        analysis.wearerSettingsChanged(wearer.id);
      }
      return ctx.wearerOf(wearer.id);
    });
  };
}
