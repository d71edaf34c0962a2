/** `GET /api/health`: liveness and the figures an operator checks first. No authentication. */
import type { FastifyInstance } from 'fastify';

export interface HealthReport {
  status: 'ok' | 'stopping';
  uptimeS: number;
  mqttConnections: number;
  /** Journal entries not yet processed by the slowest consumer. */
  journalDepth: number;
  /** Batches waiting for the next journal commit. */
  pendingCommits: number;
}

const healthSchema = {
  type: 'object',
  required: ['status', 'uptimeS', 'mqttConnections', 'journalDepth', 'pendingCommits'],
  properties: {
    status: { type: 'string', enum: ['ok', 'stopping'] },
    uptimeS: { type: 'number' },
    mqttConnections: { type: 'integer' },
    journalDepth: { type: 'integer' },
    pendingCommits: { type: 'integer' },
  },
} as const;

export function healthRoutes(report: () => HealthReport) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/api/health', { config: { access: 'public' }, schema: { response: { 200: healthSchema, 503: healthSchema } } }, async (_request, reply) => {
      const health = report();
      return reply.code(health.status === 'ok' ? 200 : 503).send(health);
    });
  };
}
