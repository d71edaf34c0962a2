/**
 * `POST /api/devices/pair` {code, id?, name?} (public: the pairing code is the credential) → 201 like
 * `POST /api/wearers/:id/devices`. Codes are single-use and short-lived, and wrong ones are rate limited
 * (devices/pairing-codes.ts): 429 PAIRING_RATE_LIMITED with Retry-After.
 */
import type { FastifyInstance } from 'fastify';
import { errorSchema } from './api-parts.js';
import type { ResourceContext } from './resource-context.js';
import { newDeviceBody, pairedDeviceSchema } from './resource-schemas.js';
import { afterPairing, pairedAnswer } from './wearer-devices.js';

export function devicePairingRoutes(ctx: ResourceContext) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { code: string; id?: string; name?: string } }>('/api/devices/pair', {
      config: { access: 'public' },
      schema: {
        body: {
          ...newDeviceBody,
          required: ['code'],
          properties: { ...newDeviceBody.properties, code: { type: 'string', minLength: 1, maxLength: 32 } },
        },
        response: { 201: pairedDeviceSchema, 400: errorSchema, 409: errorSchema, 429: errorSchema },
      },
    }, async (request, reply) => {
      const { code, id, name } = request.body;
      const paired = ctx.pairingCodes.redeem(code, request.ip, ctx.now(), (wearerId) =>
        ctx.wearerDevices.pair(wearerId, { id, name: name?.trim() || undefined }, ctx.now()),
      );
      afterPairing(ctx, paired);
      return reply.code(201).send(pairedAnswer(ctx, paired));
    });
  };
}
