/**
 * The OpenAPI document at /docs/json (generated from the route schemas) and Swagger UI at /docs: valid
 * OpenAPI 3 with every registered API route, each operation with its success and error responses (401 on
 * every route that needs a token), the bearer scheme everywhere but on public routes; and the API of the team's contract is all there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagOf } from '../src/openapi.js';
import { ADMIN } from './device-helpers.js';
import { startService, type RunningService } from './helpers.js';

interface Operation {
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  tags?: string[];
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
  security: Record<string, unknown[]>[];
  paths: Record<string, Record<string, Operation>>;
}

/** Every (method, url) Fastify routes, from `printRoutes` (a tree of path segments). */
function registeredRoutes(tree: string): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (match === null) continue;
    const depth = (match[1] as string).length / 4;
    stack.length = depth;
    stack.push(match[2] as string);
    for (const method of (match[3] ?? '').split(', ').filter((m) => m !== '')) routes.push({ method, url: stack.join('') });
  }
  return routes;
}

/** The API of team-notes.md (issue 5) that the dashboard is built against. */
const CONTRACT = `
GET /api/setup; POST /api/setup; POST /api/auth/login; POST /api/auth/logout; POST /api/auth/logout-all; GET /api/me;
PUT /api/me/password; POST /api/accounts; GET /api/accounts; PATCH /api/accounts/{id}; POST /api/wearers/{id}/coaches;
DELETE /api/wearers/{id}/coaches/{accountId}; GET /api/wearers/{id}/coaches; POST /api/invitations; GET /api/invitations;
DELETE /api/invitations/{id}; GET /api/invitations/lookup; POST /api/invitations/accept;
GET /api/wearers; GET /api/wearers/{id}; POST /api/wearers; PATCH /api/wearers/{id}; GET /api/wearers/{id}/settings;
PUT /api/wearers/{id}/settings; GET /api/wearers/{id}/goals; PUT /api/wearers/{id}/goals; GET /api/devices;
GET /api/wearers/{id}/devices; POST /api/wearers/{id}/devices; POST /api/wearers/{id}/pairing-codes; POST /api/devices/pair;
PATCH /api/devices/{id}; DELETE /api/devices/{id}; POST /api/devices; GET /api/wearers/{id}/posture; GET /api/wearers/{id}/episodes;
GET /api/wearers/{id}/summary; GET /api/wearers/{id}/alerts; GET /api/wearers/{id}/calibrations; GET /api/wearers/{id}/pattern;
GET /api/wearers/{id}/distribution; GET /api/wearers/{id}/week-comparison; GET /api/wearers/{id}/recommendations; GET /api/exercises;
GET /api/wearers/{id}/exercise-log; POST /api/wearers/{id}/exercise-log; DELETE /api/wearers/{id}/exercise-log/{entryId};
GET /api/wearers/{id}/notes; POST /api/wearers/{id}/notes; DELETE /api/wearers/{id}/notes/{noteId}; GET /api/wearers/{id}/pins;
PUT /api/wearers/{id}/pins/{exerciseId}; DELETE /api/wearers/{id}/pins/{exerciseId}; POST /api/wearers/{id}/plan;
GET /api/wearers/{id}/before-after; GET /api/coach/wearers; GET /api/wearers/{id}/live; GET /api/wearers/{id}/export/points.csv;
GET /api/wearers/{id}/export/episodes.csv; GET /api/wearers/{id}/export/daily.csv; GET /api/wearers/{id}/report;
POST /api/wearers/{id}/calibration; GET /api/health`
  .split(';').map((s) => s.trim()).filter((s) => s !== '');

describe('OpenAPI document and Swagger UI', () => {
  let running: RunningService;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    running = await startService({ adminEmail: ADMIN.email, adminPassword: ADMIN.password });
    const reply = await running.service.app.inject({ url: '/docs/json' });
    expect(reply.statusCode).toBe(200);
    doc = reply.json();
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('is OpenAPI 3 with a bearer scheme required by default', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'Stance API', version: expect.any(String) });
    expect(doc.components.securitySchemes['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
  });

  it('has every registered API route, and nothing else', () => {
    const { app } = running.service;
    const routes = registeredRoutes(app.printRoutes({ commonPrefix: false }))
      .filter((r) => r.method !== 'HEAD' && (r.url.startsWith('/api/') || r.url === '/metrics'));
    expect(routes.length).toBeGreaterThan(40);
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    for (const r of routes) expect(documented, `${r.method} ${r.url}`).toContain(`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.size).toBe(routes.length);
    for (const entry of CONTRACT) expect(documented, entry).toContain(entry);
    // The UI's own routes are not API operations.
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/docs'))).toBe(false);
  });

  it('gives every operation its success response and, where it can fail, its error responses', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const name = `${method.toUpperCase()} ${path}`;
        const codes = Object.keys(op.responses);
        const success = codes.filter((c) => /^2\d\d$/.test(c));
        expect(success.length, name).toBeGreaterThan(0);
        // Prometheus text, not a schema'd body.
        if (path !== '/metrics') {
          for (const c of success) if (c !== '204') expect(Object.values(op.responses[c]?.content ?? {})[0]?.schema, `${name} ${c}`).toBeDefined();
        }
        const isPublic = Array.isArray(op.security) && op.security.length === 0;
        const takesInput = (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined;
        if (!isPublic) expect(codes, name).toContain('401');
        if (!isPublic || takesInput) expect(codes.some((c) => /^[45]\d\d$/.test(c)), `${name} error responses`).toBe(true);
        expect(op.tags?.length, name).toBe(1);
      }
    }
  });

  it('marks public routes as needing no token, and only those', async () => {
    const publicOps = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).filter(([, op]) => Array.isArray(op.security) && op.security.length === 0).map(([m]) => `${m.toUpperCase()} ${path}`));
    expect(publicOps).toEqual(expect.arrayContaining(['POST /api/auth/login', 'GET /api/health', 'GET /api/setup', 'POST /api/devices/pair']));
    expect(publicOps).not.toContain('GET /api/wearers/{id}/live');
    for (const op of publicOps) {
      const [method, path] = op.split(' ') as [string, string];
      if (method !== 'GET' || path.includes('{')) continue;
      const reply = await running.service.app.inject({ url: path.replace('/lookup', '/lookup?token=x') });
      expect(reply.statusCode, op).not.toBe(401);
    }
    expect(doc.paths['/api/wearers/{id}/live']?.['get']?.responses['429']).toBeDefined();
    expect(Object.keys(doc.paths['/api/wearers/{id}/report']?.['get']?.responses['200']?.content ?? {})).toEqual(['text/html']);
    expect(Object.keys(doc.paths['/api/wearers/{id}/export/points.csv']?.['get']?.responses['200']?.content ?? {})).toEqual(['text/csv']);
  });

  it('serves Swagger UI at /docs without a token', async () => {
    const { app } = running.service;
    const page = await app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('swagger-ui');
    const initializer = await app.inject({ url: '/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
    expect(initializer.body).toContain("resolveUrl('./json')"); // relative to /docs/: /docs/json
    expect((await app.inject({ url: '/docs/static/swagger-ui.css' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/docs/yaml' })).body).toMatch(/^openapi: 3/);
  });

  it('groups operations by path', () => {
    expect(tagOf('/api/wearers/:id/live')).toBe('live, exports and report');
    expect(tagOf('/api/wearers/:id/export/points.csv')).toBe('live, exports and report');
    expect(tagOf('/api/wearers/:id/posture')).toBe('wearer data');
    expect(tagOf('/api/wearers/:id/settings')).toBe('wearers');
    expect(tagOf('/api/wearers/:id')).toBe('wearers');
    expect(tagOf('/api/auth/login')).toBe('auth');
    expect(tagOf('/metrics')).toBe('metrics');
  });
});
