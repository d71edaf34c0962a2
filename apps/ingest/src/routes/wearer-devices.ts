/**
 * A wearer's devices: `GET /api/wearers/:id/devices`; `POST /api/wearers/:id/devices` {id?, name?} creates
 * (or pairs again an unpaired) device and answers its token once with where to connect;
 * `POST /api/wearers/:id/pairing-codes` → {code, expiresMs}, a short code a device can pair with instead
 * (device-pairing.ts).
 */
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../auth/authenticate-request.js';
import type { PairedDevice } from '../devices/wearer-devices.js';
import { authErrors, errorSchema, wearerIdParams } from './api-parts.js';
import type { ResourceContext } from './resource-context.js';
import { deviceView } from './devices.js';
import { devicesAnswerSchema, newDeviceBody, pairedDeviceSchema } from './resource-schemas.js';

/** The answer to a pairing: the device, its token (shown once) and how it reaches the broker. */
export function pairedAnswer(ctx: ResourceContext, paired: PairedDevice) {
  const access = ctx.api.mqttAccess?.() ?? { tcpPort: null, wsPath: null };
  return { id: paired.id, wearerId: paired.wearerId, name: paired.name, token: paired.token, mqtt: { username: paired.id, ...access } };
}

/**
 * A device paired again starts its analysis afresh for its new wearer: nothing of the old wearer's calibration
 * and state is carried over (`AnalysisConsumer.devicePaired`).
 */
export function afterPairing(ctx: ResourceContext, paired: PairedDevice): void {
  if (paired.repaired) ctx.api.analysis.devicePaired(paired.id);
}

export function wearerDeviceRoutes(ctx: ResourceContext) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { id: string } }>('/api/wearers/:id/devices', {
      config: { access: 'wearer' },
      schema: { params: wearerIdParams, response: { 200: devicesAnswerSchema, ...authErrors } },
    }, async (request) => {
      const wearer = ctx.wearerOf(request.params.id);
      const devices = ctx.wearerDevices.list().filter((d) => d.wearerId === wearer.id);
      return { devices: devices.map((d) => deviceView(ctx, d)) };
    });

    app.post<{ Params: { id: string }; Body: { id?: string; name?: string } }>('/api/wearers/:id/devices', {
      config: { access: 'wearer' },
      schema: { params: wearerIdParams, body: newDeviceBody, response: { 201: pairedDeviceSchema, 409: errorSchema, ...authErrors } },
    }, async (request, reply) => {
      const wearer = ctx.wearerOf(request.params.id);
      const paired = ctx.wearerDevices.pair(wearer.id, { id: request.body.id, name: request.body.name?.trim() || undefined }, ctx.now());
      afterPairing(ctx, paired);
      return reply.code(201).send(pairedAnswer(ctx, paired));
    });

    app.post<{ Params: { id: string } }>('/api/wearers/:id/pairing-codes', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        response: {
          201: { type: 'object', required: ['code', 'expiresMs'], properties: { code: { type: 'string' }, expiresMs: { type: 'integer' } } },
          ...authErrors,
        },
      },
    }, async (request, reply) => {
      const wearer = ctx.wearerOf(request.params.id);
      return reply.code(201).send(ctx.pairingCodes.issue(wearer.id, principalOf(request).accountId, ctx.now()));
    });
  };
}
