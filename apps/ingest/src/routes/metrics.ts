/** `GET /metrics`: Prometheus text exposition. No authentication (scrapers sit on the operator's network). */
import type { FastifyInstance } from 'fastify';
import type { MetricsRegistry } from '../metrics/registry.js';

export function metricsRoutes(registry: MetricsRegistry) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/metrics', { config: { access: 'public' } }, async (_request, reply) => {
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(registry.render());
    });
  };
}
