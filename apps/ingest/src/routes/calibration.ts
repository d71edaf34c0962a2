/**
 * `POST /api/wearers/:id/calibration` {neutral: {from, to}, bend?: {from, to}} or {}: calibrates the wearer's
 * device (the one heard from last) from windows of its recent raw data, in sensor time (epoch ms), or from
 * the last few seconds ("now"). Applies to the data analysed from then on.
 */
import type { FastifyInstance } from 'fastify';
import type { AnalysisConsumer } from '../analysis/analysis-consumer.js';
import { assertWearerAccess } from '../auth/access-rules.js';
import { principalOf } from '../auth/authenticate-request.js';
import type { DeviceRegistry } from '../devices/device-registry.js';
import { stanceError } from '../errors.js';
import type { PostureStore } from '../store/store-port.js';
import { authErrors, errorSchema, wearerIdParams } from './api-parts.js';

interface Window {
  from: number;
  to: number;
}

const windowSchema = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: { from: { type: 'integer', minimum: 0 }, to: { type: 'integer', minimum: 0 } },
} as const;

export function calibrationRoutes(registry: DeviceRegistry, store: PostureStore, analysis: AnalysisConsumer) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Params: { id: string }; Body: { neutral?: Window; bend?: Window } }>('/api/wearers/:id/calibration', {
      schema: {
        params: wearerIdParams,
        body: { type: 'object', additionalProperties: false, properties: { neutral: windowSchema, bend: windowSchema } },
        response: {
          200: {
            type: 'object',
            required: ['deviceId', 't', 'method', 'quality', 'detail'],
            properties: {
              deviceId: { type: 'string' },
              t: { type: 'number' },
              method: { type: 'string' },
              quality: { type: 'number' },
              detail: { type: 'object', additionalProperties: { type: ['number', 'string'] } },
            },
          },
          409: errorSchema,
          422: errorSchema,
          ...authErrors,
        },
      },
    }, async (request) => {
      const { id } = request.params;
      assertWearerAccess(principalOf(request), id);
      if (store.getWearer(id) === null) throw stanceError('WEARER_NOT_FOUND', { id });
      const { neutral, bend } = request.body;
      if (neutral === undefined && bend !== undefined) {
        throw stanceError('CALIBRATION_WINDOW_INVALID', { window: 'bend', reason: 'a bend window needs a neutral window' });
      }
      const deviceId = latestDevice(registry, store, id);
      const windows =
        neutral === undefined
          ? null
          : { neutral: { fromMs: neutral.from, toMs: neutral.to }, bend: bend ? { fromMs: bend.from, toMs: bend.to } : null };
      const record = analysis.calibrate(deviceId, windows, 'api');
      const c = record.calibration;
      return { deviceId, t: record.tMs, method: c.method, quality: c.quality, detail: c.detail };
    });
  };
}

/** The wearer's device heard from most recently. */
function latestDevice(registry: DeviceRegistry, store: PostureStore, wearerId: string): string {
  let best: { id: string; lastSeenMs: number } | null = null;
  for (const d of registry.list()) {
    if (d.wearerId !== wearerId) continue;
    const lastSeenMs = store.getStatus(d.id)?.lastSeenMs ?? -1;
    if (lastSeenMs >= 0 && (best === null || lastSeenMs > best.lastSeenMs)) best = { id: d.id, lastSeenMs };
  }
  if (best === null) throw stanceError('WEARER_HAS_NO_DEVICE', { id: wearerId });
  return best.id;
}
