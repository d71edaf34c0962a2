/**
 * `GET, PUT /api/wearers/:id/settings`: the wearer's feedback settings (wearer-settings.ts). GET answers the
 * effective settings (what the wearer set over the defaults) and the defaults; PUT replaces what the wearer
 * set (a field left out goes back to its default) and answers like GET. The wearer's devices use the new
 * settings from the data analysed next.
 */
import type { FastifyInstance } from 'fastify';
import { defaultWearerSettings, parseQuietHours, wearerSettings } from '../analysis/wearer-settings.js';
import { stanceError } from '../errors.js';
import type { Wearer, WearerSettingsOverrides } from '../store/store-port.js';
import { authErrors, wearerIdParams } from './api-parts.js';
import type { ResourceContext } from './resource-context.js';

/** What may be set, with the ranges the service accepts. */
const settingsProperties = {
  slouchDeg: { type: 'number', minimum: 5, maximum: 60 },
  alertDelayS: { type: 'number', minimum: 0, maximum: 3600 },
  repeatIntervalS: { type: 'number', minimum: 10, maximum: 3600 },
  maxRepeats: { type: 'integer', minimum: 0, maximum: 10 },
  snoozeMin: { type: 'number', minimum: 1, maximum: 1440 },
  quietHours: { type: 'array', maxItems: 8, items: { type: 'string', pattern: '^\\d{1,2}:\\d{2}-\\d{1,2}:\\d{2}$' } },
} as const;

const effectiveSchema = {
  type: 'object',
  required: [...Object.keys(settingsProperties), 'utcOffsetMin'],
  properties: { ...settingsProperties, utcOffsetMin: { type: 'integer' } },
} as const;

const answerSchema = {
  type: 'object',
  required: ['settings', 'defaults'],
  properties: {
    settings: effectiveSchema,
    defaults: { type: 'object', required: Object.keys(settingsProperties), properties: settingsProperties },
  },
} as const;

type SettingsBody = WearerSettingsOverrides & { utcOffsetMin?: number };

export function wearerSettingsRoutes(ctx: ResourceContext) {
  const { store, analysis } = ctx.api;
  const answer = (wearer: Wearer) => ({
    settings: wearerSettings(analysis.settings, store.getWearerSettings(wearer.id), wearer.utcOffsetMin),
    defaults: defaultWearerSettings(analysis.settings),
  });
  const wearerOf = ctx.wearerOf;

  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { id: string } }>('/api/wearers/:id/settings', {
      config: { access: 'wearer' },
      schema: { params: wearerIdParams, response: { 200: answerSchema, ...authErrors } },
    }, async (request) => {
      return answer(wearerOf(request.params.id));
    });

    app.put<{ Params: { id: string }; Body: SettingsBody }>('/api/wearers/:id/settings', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        body: {
          type: 'object',
          // Not `additionalProperties: false`, which Fastify's Ajv answers by dropping the field: a misspelt
          // setting would silently go back to its default. An unknown name is refused instead.
          propertyNames: { enum: [...Object.keys(settingsProperties), 'utcOffsetMin'] },
          properties: { ...settingsProperties, utcOffsetMin: { type: 'integer', minimum: -840, maximum: 840 } },
        },
        response: { 200: answerSchema, ...authErrors },
      },
    }, async (request) => {
      const wearer = wearerOf(request.params.id);
      const { utcOffsetMin, ...overrides } = request.body;
      if (overrides.quietHours !== undefined) {
        try {
          parseQuietHours(overrides.quietHours);
        } catch (error) {
          throw stanceError('REQUEST_INVALID', { reason: (error as Error).message });
        }
      }
      store.putWearerSettings(wearer.id, overrides, utcOffsetMin ?? wearer.utcOffsetMin);
      analysis.wearerSettingsChanged(wearer.id);
      return answer(wearerOf(wearer.id));
    });
  };
}
