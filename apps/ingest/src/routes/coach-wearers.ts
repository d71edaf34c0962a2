/**
 * `GET /api/coach/wearers` (accounts with the coach role) → {wearers}: each wearer the caller coaches (an admin:
 * every wearer) with this week against last week, when the sensor was last heard from, and attention flags
 * (worsening, not_worn, calibration_stale, sensor_offline, no_device). Ordered: flagged first, then by name.
 */
import type { FastifyInstance } from 'fastify';
import { isAdmin } from '../auth/access-rules.js';
import { principalOf } from '../auth/authenticate-request.js';
import { ATTENTION_FLAGS, type AttentionDevice } from '../insights/attention-flags.js';
import { coachOverview } from '../insights/coach-overview.js';
import { authErrors } from './api-parts.js';
import type { ResourceContext } from './resource-context.js';
import { weekNumbersSchema } from './resource-schemas.js';

const overviewSchema = {
  type: 'object',
  required: ['id', 'name', 'thisWeek', 'lastWeek', 'lastSeenMs', 'flags'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    thisWeek: weekNumbersSchema,
    lastWeek: weekNumbersSchema,
    lastSeenMs: { type: ['integer', 'null'] },
    flags: { type: 'array', items: { type: 'string', enum: ATTENTION_FLAGS } },
  },
} as const;

export function coachWearerRoutes(ctx: ResourceContext) {
  const { store, analysis } = ctx.api;
  const sources = { store, exerciseLog: ctx.exerciseLog };

  /** Paired, enabled devices per wearer, as the attention flags see them. */
  const devicesByWearer = (): Map<string, AttentionDevice[]> => {
    const byWearer = new Map<string, AttentionDevice[]>();
    for (const d of ctx.wearerDevices.list()) {
      if (d.wearerId === null || d.disabled) continue;
      const status = store.getStatus(d.id);
      const live = analysis.device(d.id);
      const device: AttentionDevice = {
        online: status?.online ?? false,
        lastSeenMs: status?.lastSeenMs ?? null,
        calibrationStale: live !== null && live.wearerId === d.wearerId && live.pipeline.calibrationStale,
      };
      byWearer.set(d.wearerId, [...(byWearer.get(d.wearerId) ?? []), device]);
    }
    return byWearer;
  };

  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/api/coach/wearers', {
      config: { access: 'coach-role' },
      schema: { response: { 200: { type: 'object', required: ['wearers'], properties: { wearers: { type: 'array', items: overviewSchema } } }, ...authErrors } },
    }, async (request) => {
      const principal = principalOf(request);
      const coached = new Set(principal.coachOf);
      const wearers = store.listWearers().filter((w) => isAdmin(principal) || coached.has(w.id));
      const devices = devicesByWearer();
      const nowMs = ctx.now();
      const overviews = await Promise.all(wearers.map((w) => coachOverview(sources, w, devices.get(w.id) ?? [], nowMs)));
      overviews.sort((a, b) => Number(b.flags.length > 0) - Number(a.flags.length > 0) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      return { wearers: overviews };
    });
  };
}
