/**
 * `POST /api/wearers/:id/calibration` {neutral: {from, to}, bend?: {from, to}} or {}: calibrates the wearer's
 * device (the one heard from last) from windows of its recent raw data, in sensor time (epoch ms), or from
 * the last few seconds ("now"). Applies to the data analysed from then on.
 *
 * `GET /api/wearers/:id/calibrations?limit` → the calibrations recorded (API and button), newest first. The
 * newest of each device carries `stale`: the live analysis finds it no longer fits (the sensor moved on the
 * body), or it is older than `CALIBRATION_MAX_AGE_DAYS`.
 */
import type { FastifyInstance } from 'fastify';
import { DEFAULT_ATTENTION_SETTINGS } from '../insights/attention-flags.js';
import { stanceError } from '../errors.js';
import { authErrors, errorSchema, wearerIdParams } from './api-parts.js';
import type { ResourceContext } from './resource-context.js';

/** Age, days, from which a device's newest calibration counts as stale (as the coach's attention flag). */
export const CALIBRATION_MAX_AGE_DAYS = DEFAULT_ATTENTION_SETTINGS.calibrationMaxAgeDays;

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

const calibrationItemSchema = {
  type: 'object',
  required: ['deviceId', 'tMs', 'source', 'method', 'quality'],
  properties: {
    deviceId: { type: 'string' },
    tMs: { type: 'integer' },
    source: { type: 'string' },
    method: { type: 'string' },
    quality: { type: 'number' },
    stale: { type: 'boolean' },
  },
} as const;

export function calibrationRoutes(ctx: ResourceContext) {
  const { registry, store, analysis } = ctx.api;
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Params: { id: string }; Body: { neutral?: Window; bend?: Window } }>('/api/wearers/:id/calibration', {
      config: { access: 'wearer' },
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
      const { id } = ctx.wearerOf(request.params.id);
      const { neutral, bend } = request.body;
      if (neutral === undefined && bend !== undefined) {
        throw stanceError('CALIBRATION_WINDOW_INVALID', { window: 'bend', reason: 'a bend window needs a neutral window' });
      }
      const deviceId = latestDevice(ctx, id);
      const windows =
        neutral === undefined
          ? null
          : { neutral: { fromMs: neutral.from, toMs: neutral.to }, bend: bend ? { fromMs: bend.from, toMs: bend.to } : null };
      const record = analysis.calibrate(deviceId, windows, 'api');
      const c = record.calibration;
      return { deviceId, t: record.tMs, method: c.method, quality: c.quality, detail: c.detail };
    });

    app.get<{ Params: { id: string }; Querystring: { limit?: number } }>('/api/wearers/:id/calibrations', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
        response: {
          200: { type: 'object', required: ['calibrations'], properties: { calibrations: { type: 'array', items: calibrationItemSchema } } },
          ...authErrors,
        },
      },
    }, async (request) => {
      const { id } = ctx.wearerOf(request.params.id);
      const nowMs = ctx.now();
      const newestSeen = new Set<string>();
      const calibrations = store.listCalibrations(id, request.query.limit ?? 50).map((r) => {
        const item = { deviceId: r.deviceId, tMs: r.tMs, source: r.source, method: r.calibration.method, quality: r.calibration.quality };
        if (newestSeen.has(r.deviceId)) return item; // superseded by a newer one: staleness says nothing about it
        newestSeen.add(r.deviceId);
        const tooOld = nowMs - r.tMs > CALIBRATION_MAX_AGE_DAYS * 86_400_000;
        const live = analysis.device(r.deviceId);
        const liveStale = live !== null && registry.get(r.deviceId)?.wearerId === id && live.pipeline.calibrationStale;
        return { ...item, stale: tooOld || liveStale };
      });
      return { calibrations };
    });
  };
}

/** The wearer's device heard from most recently. */
function latestDevice(ctx: ResourceContext, wearerId: string): string {
  let best: { id: string; lastSeenMs: number } | null = null;
  for (const d of ctx.api.registry.list()) {
    if (d.wearerId !== wearerId) continue;
    const lastSeenMs = ctx.api.store.getStatus(d.id)?.lastSeenMs ?? -1;
    if (lastSeenMs >= 0 && (best === null || lastSeenMs > best.lastSeenMs)) best = { id: d.id, lastSeenMs };
  }
  if (best === null) throw stanceError('WEARER_HAS_NO_DEVICE', { id: wearerId });
  return best.id;
}
