/** `POST /api/devices` {id, wearerId} → {id, wearerId, token} (the token is shown once); `GET /api/devices`. */
import type { FastifyInstance } from 'fastify';
import { assertAdmin } from '../auth/access-rules.js';
import { principalOf } from '../auth/authenticate-request.js';
import type { DeviceRegistry } from '../devices/device-registry.js';
import { stanceError } from '../errors.js';
import type { PostureStore } from '../store/store-port.js';
import { authErrors, errorSchema, nullableNumber } from './api-parts.js';

const deviceSchema = {
  type: 'object',
  required: ['id', 'wearerId', 'createdMs', 'disabled', 'online', 'battery', 'fw', 'lastSeenMs', 'dataGaps'],
  properties: {
    id: { type: 'string' },
    wearerId: { type: ['string', 'null'] },
    createdMs: { type: 'integer' },
    disabled: { type: 'boolean' },
    online: { type: 'boolean' },
    battery: nullableNumber,
    fw: { type: ['string', 'null'] },
    lastSeenMs: { type: ['integer', 'null'] },
    // Holes in the device's data given up (seqs that never arrived): how many, sensor seconds, the last one.
    dataGaps: {
      type: 'object',
      required: ['count', 'missingS', 'lastStartMs', 'lastEndMs'],
      properties: {
        count: { type: 'integer' },
        missingS: { type: 'number' },
        lastStartMs: { type: ['integer', 'null'] },
        lastEndMs: { type: ['integer', 'null'] },
      },
    },
  },
} as const;

export function deviceRoutes(registry: DeviceRegistry, store: PostureStore) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { id: string; wearerId: string } }>('/api/devices', {
      schema: {
        body: {
          type: 'object',
          required: ['id', 'wearerId'],
          additionalProperties: false,
          properties: { id: { type: 'string', minLength: 1, maxLength: 64 }, wearerId: { type: 'string', minLength: 1, maxLength: 64 } },
        },
        response: {
          201: { type: 'object', required: ['id', 'wearerId', 'token'], properties: { id: { type: 'string' }, wearerId: { type: 'string' }, token: { type: 'string' } } },
          409: errorSchema,
          ...authErrors,
        },
      },
    }, async (request, reply) => {
      assertAdmin(principalOf(request));
      const { id, wearerId } = request.body;
      if (store.getWearer(wearerId) === null) throw stanceError('WEARER_NOT_FOUND', { id: wearerId });
      const device = registry.create(id, wearerId);
      return reply.code(201).send({ id: device.id, wearerId, token: device.token });
    });

    app.get('/api/devices', {
      schema: { response: { 200: { type: 'object', required: ['devices'], properties: { devices: { type: 'array', items: deviceSchema } } }, ...authErrors } },
    }, async (request) => {
      assertAdmin(principalOf(request));
      const devices = registry.list().map((d) => {
        const status = store.getStatus(d.id);
        return { ...d, online: status?.online ?? false, battery: status?.battery ?? null, fw: status?.fw ?? null, lastSeenMs: status?.lastSeenMs ?? null, dataGaps: store.getDataGaps(d.id) };
      });
      return { devices };
    });
  };
}
