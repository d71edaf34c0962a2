/** /api/health and /metrics through inject, and the catalogue's JSON errors. */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createIngestMetrics } from '../src/metrics/ingest-metrics.js';
import type { HealthReport } from '../src/routes/health.js';

async function app(status: HealthReport['status'] = 'ok') {
  const metrics = createIngestMetrics();
  metrics.journalDepth.collectFrom(() => 42);
  const server = await buildApp({
    metrics: metrics.registry,
    health: () => ({ status, uptimeS: 1.5, mqttConnections: 3, journalDepth: 42, pendingCommits: 0 }),
  });
  return { server, metrics };
}

describe('HTTP', () => {
  it('answers /api/health', async () => {
    const { server } = await app();
    const reply = await server.inject({ url: '/api/health' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ status: 'ok', uptimeS: 1.5, mqttConnections: 3, journalDepth: 42, pendingCommits: 0 });
    expect((await (await app('stopping')).server.inject({ url: '/api/health' })).statusCode).toBe(503);
  });

  it('serves Prometheus text with the required series', async () => {
    const { server, metrics } = await app();
    metrics.samples.inc({}, 150);
    metrics.batchesRejected.inc({ reason: 'bad_json' });
    const reply = await server.inject({ url: '/metrics' });
    expect(reply.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(reply.body).toContain('# TYPE posture_samples_total counter\nposture_samples_total 150\n');
    expect(reply.body).toContain('posture_batches_rejected_total{reason="bad_json"} 1\n');
    expect(reply.body).toContain('posture_batches_rejected_total{reason="non_finite"} 0\n');
    expect(reply.body).toContain('posture_journal_depth 42\n');
    for (const name of ['posture_batches_duplicate_total', 'posture_batch_gaps_total', 'posture_mqtt_connections', 'posture_mqtt_acl_refusals_total{action="publish"}']) {
      expect(reply.body).toContain(name);
    }
  });

  it('answers an unknown route with the catalogued JSON error', async () => {
    const { server } = await app();
    const reply = await server.inject({ url: '/api/nothing?x=1' });
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: 'no route GET /api/nothing' } });
  });
});
