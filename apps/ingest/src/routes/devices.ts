/**
 * Devices: `POST /api/devices` {id, wearerId} (admin) → {id, wearerId, token}, the token shown once;
 * `GET /api/devices` (an admin all of them, anyone else the devices of the wearers they see);
 * `PATCH /api/devices/:id` {name}; `DELETE /api/devices/:id` unpairs (token revoked, device disabled, wearer
 * detached; the data stays the wearer's). Pairing to a wearer: wearer-devices.ts and device-pairing.ts.
 */
import type { FastifyInstance } from 'fastify';
import { isAdmin, visibleWearer } from '../auth/access-rules.js';
import { principalOf } from '../auth/authenticate-request.js';
import type { NamedDevice } from '../devices/wearer-devices.js';
import { stanceError } from '../errors.js';
import { authErrors, errorSchema, idSchema } from './api-parts.js';
import type { ResourceContext } from './resource-context.js';
import { deviceSchema, devicesAnswerSchema } from './resource-schemas.js';
import { wearerOf } from './wearer-of.js';

const deviceIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: idSchema },
} as const;

/** A device with its status, as `deviceSchema` lists it. */
export function deviceView(ctx: ResourceContext, d: NamedDevice) {
  const status = ctx.api.store.getStatus(d.id);
  return {
    ...d,
    online: status?.online ?? false,
    battery: status?.battery ?? null,
    fw: status?.fw ?? null,
    lastSeenMs: status?.lastSeenMs ?? null,
    dataGaps: ctx.api.store.getDataGaps(d.id),
  };
}

export function deviceRoutes(ctx: ResourceContext) {
  const { registry, store } = ctx.api;
  const deviceOf = (id: string): NamedDevice => {
    const device = ctx.wearerDevices.get(id);
    if (device === null) throw stanceError('DEVICE_NOT_FOUND', { id });
    return device;
  };

  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { id: string; wearerId: string } }>('/api/devices', {
      config: { access: 'admin' },
      schema: {
        body: {
          type: 'object',
          required: ['id', 'wearerId'],
          additionalProperties: false,
          properties: { id: idSchema, wearerId: idSchema },
        },
        response: {
          201: { type: 'object', required: ['id', 'wearerId', 'token'], properties: { id: { type: 'string' }, wearerId: { type: 'string' }, token: { type: 'string' } } },
          409: errorSchema,
          ...authErrors,
        },
      },
    }, async (request, reply) => {
      const { id, wearerId } = request.body;
      wearerOf(store, wearerId);
      const device = registry.create(id, wearerId);
      return reply.code(201).send({ id: device.id, wearerId, token: device.token });
    });

    app.get('/api/devices', {
      config: { access: 'signed-in' },
      schema: { response: { 200: devicesAnswerSchema, ...authErrors } },
    }, async (request) => {
      const principal = principalOf(request);
      const seen = ctx.wearerDevices.list().filter((d) => isAdmin(principal) || (d.wearerId !== null && visibleWearer(principal, d.wearerId)));
      return { devices: seen.map((d) => deviceView(ctx, d)) };
    });

    app.patch<{ Params: { id: string }; Body: { name: string } }>('/api/devices/:id', {
      config: { access: 'device' },
      schema: {
        params: deviceIdParams,
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
        },
        response: { 200: deviceSchema, ...authErrors },
      },
    }, async (request) => {
      deviceOf(request.params.id);
      return deviceView(ctx, ctx.wearerDevices.rename(request.params.id, request.body.name.trim() || request.params.id));
    });

    app.delete<{ Params: { id: string } }>('/api/devices/:id', {
      config: { access: 'device' },
      schema: { params: deviceIdParams, response: { 204: { type: 'null' }, ...authErrors } },
    }, async (request, reply) => {
      const { id } = request.params;
      deviceOf(id);
      ctx.wearerDevices.unpair(id);
      // The token no longer logs in; an open connection is closed where the broker lets the service do that.
      ctx.api.disconnectDevice?.(id);
      return reply.code(204).send();
    });
  };
}
