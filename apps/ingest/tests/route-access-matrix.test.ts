/**
 * The role-by-route matrix: EVERY route the app registered (collected by buildApp's onRoute hook, so routes
 * added later by anyone are covered) × {no token, wearer A, wearer B, coach of A, coach of B only, admin, admin
 * without the coach role}, checked against the access the route declares:
 * - no token → 401 unless public; an expired or a revoked token → 401 on every route that is not public;
 * - a principal the access excludes → 403 exactly (never 404: a refusal says nothing about what exists);
 * - a principal the access includes → never 401 or 403 (404 for a missing sub-resource is fine);
 * - never 500, from anyone;
 * - nobody outside A's circle (no token, wearer B, coach of B) ever sees A's data (name, e-mail, device ids, and
 *   A's wearer id unless they sent it), in a refusal or in an answer.
 * Requests: `:id` is wearer A's id (a fresh device of A's for 'device' routes, so an unpair hits a spare), other
 * params a value that does not exist, body `{}`, GETs get a `from`/`to` range. Streams are read briefly.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../src/auth/route-access.js';
import { collectRouteAccess, declareAccessInScope, declaredRoutes, ROUTE_ACCESSES } from '../src/auth/route-access.js';
import type { RunningService } from './helpers.js';
import { adminToken, assignCoach, createAccount, startWithAdmin, type TestAccount } from './account-helpers.js';

type Who = 'none' | 'wearerA' | 'wearerB' | 'coachA' | 'coachB' | 'admin' | 'adminOnly';
const EVERYONE: readonly Who[] = ['none', 'wearerA', 'wearerB', 'coachA', 'coachB', 'admin', 'adminOnly'];
const SIGNED_IN = EVERYONE.filter((w) => w !== 'none');

/** Who each declared access lets in. */
const ALLOWED: Record<RouteAccess, readonly Who[]> = {
  public: EVERYONE,
  'signed-in': SIGNED_IN,
  admin: ['admin', 'adminOnly'],
  wearer: ['admin', 'adminOnly', 'wearerA', 'coachA'],
  coach: ['admin', 'adminOnly', 'coachA'],
  device: ['admin', 'adminOnly', 'wearerA', 'coachA'],
  'coach-role': ['admin', 'adminOnly', 'coachA', 'coachB'],
};
/** Who must never see anything of wearer A. */
const OUTSIDERS: readonly Who[] = ['none', 'wearerB', 'coachB'];

const A_NAME = 'Ada Leakcheck';
const RANGE = 'from=1763712000000&to=1763798400000';
const STREAM_READ_MS = 300;

interface Answer { status: number; body: string }

describe('the start-up check', () => {
  it('finds the routes that declare no access; a scope declares one for plugins that take no route config', async () => {
    const app = Fastify();
    const declared = collectRouteAccess(app);
    app.get('/declared', { config: { access: 'public' } }, async () => 'ok');
    app.get('/forgotten', async () => 'oops');
    await app.register(async (scope) => {
      declareAccessInScope(scope, 'public');
      scope.get('/static-file', async () => 'file');
    });
    expect([...new Set(declared.undeclared().map((r) => r.url))]).toEqual(['/forgotten']);
    await app.close();
  });
});

describe('route access matrix', () => {
  let running: RunningService;
  const accounts: Partial<Record<Who, TestAccount>> = {};
  let adminAccountId = '';
  const aDevices: string[] = [];
  let deviceCount = 0;

  beforeAll(async () => {
    running = await startWithAdmin();
    const admin = await adminToken(running);
    adminAccountId = running.service.accounts.authenticate(admin).accountId;
    accounts.wearerA = await createAccount(running, admin, A_NAME, ['wearer']);
    accounts.wearerB = await createAccount(running, admin, 'Bo Other', ['wearer']);
    accounts.coachA = await createAccount(running, admin, 'Cora Assigned', ['coach']);
    accounts.coachB = await createAccount(running, admin, 'Cy Unassigned', ['coach']);
    accounts.adminOnly = await createAccount(running, admin, 'Ari Admin', ['admin']);
    await assignCoach(running, admin, accounts.wearerA.wearerId as string, accounts.coachA.id);
    await assignCoach(running, admin, accounts.wearerB.wearerId as string, accounts.coachB.id);
    newDeviceOfA();
  });
  afterAll(async () => {
    await running?.stop();
  });

  function newDeviceOfA(): string {
    const id = `leakdev-a-${++deviceCount}`;
    running.service.registry.create(id, accounts.wearerA?.wearerId ?? null);
    aDevices.push(id);
    return id;
  }

  function tokenOf(who: Who): string | null {
    if (who === 'none') return null;
    const id = who === 'admin' ? adminAccountId : accounts[who]?.id;
    if (id === undefined) throw new Error(`no account for ${who}`);
    // A fresh session per request: a log-out route must not end the session the next request needs.
    return running.service.accounts.signIn(id).token;
  }

  function urlFor(path: string, access: RouteAccess, method: string): string {
    const wearerA = accounts.wearerA?.wearerId as string;
    const filled = path
      .split('/')
      .map((part) => {
        if (part === ':id') return access === 'device' ? newDeviceOfA() : wearerA;
        if (part.startsWith(':')) return `no-such-${part.slice(1)}`;
        return part === '*' ? '' : part;
      })
      .join('/');
    return method === 'GET' ? `${filled}?${RANGE}` : filled;
  }

  async function send(method: string, url: string, token: string | null): Promise<Answer> {
    const abort = new AbortController();
    const reply = await running.service.app.inject({
      method: method as 'GET',
      url,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      ...(['POST', 'PUT', 'PATCH'].includes(method) ? { payload: {} } : {}),
      payloadAsStream: true,
      signal: abort.signal,
    });
    // Read the body; a stream (live) that is still open after a moment is enough as it is.
    const chunks: Buffer[] = [];
    const stream = reply.stream();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, STREAM_READ_MS);
      stream.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
      stream.on('end', () => { clearTimeout(timer); resolve(); });
      stream.on('error', () => { clearTimeout(timer); resolve(); });
    });
    abort.abort();
    return { status: reply.statusCode, body: Buffer.concat(chunks).toString('utf8') };
  }

  function routesToWalk(): { method: string; url: string; access: RouteAccess | undefined }[] {
    const all = declaredRoutes(running.service.app).flatMap((r) =>
      r.method.split(',').filter((m) => m !== 'HEAD' && m !== 'OPTIONS').map((method) => ({ method, url: r.url, access: r.access })),
    );
    // Deleting routes last, so what they remove does not change the answers of the others.
    return all.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
  }

  it('every route declares a known access', () => {
    const routes = routesToWalk();
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => r.access === undefined || !ROUTE_ACCESSES.includes(r.access)).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('a route on one wearer or device declares an access that checks that wearer or device', () => {
    // A wearer route declared 'signed-in' would let everyone in, and the matrix above would agree with it.
    const scoped = (r: { url: string; access: RouteAccess | undefined }, prefix: string, accesses: RouteAccess[]): boolean =>
      !r.url.startsWith(prefix) || (r.access !== undefined && accesses.includes(r.access));
    const loose = routesToWalk().filter((r) => !scoped(r, '/api/wearers/:id', ['wearer', 'coach', 'admin']) || !scoped(r, '/api/devices/:id', ['device', 'admin']));
    expect(loose.map((r) => `${r.method} ${r.url} [${r.access}]`)).toEqual([]);
  });

  it('answers every route as its declared access says, and never shows wearer A to outsiders', async () => {
    const failures: string[] = [];
    let aSeen = 0;
    for (const route of routesToWalk()) {
      const access = route.access;
      if (access === undefined) continue;
      for (const who of EVERYONE) {
        const url = urlFor(route.url, access, route.method);
        const { status, body } = await send(route.method, url, tokenOf(who));
        const where = `${route.method} ${route.url} [${access}] as ${who}: ${status}`;
        const allowed = ALLOWED[access].includes(who);
        if (status >= 500) failures.push(`${where} (server error) ${body.slice(0, 200)}`);
        else if (who === 'none' && access !== 'public' && status !== 401) failures.push(`${where}, expected 401`);
        else if (who !== 'none' && !allowed && status !== 403) failures.push(`${where}, expected 403`);
        else if (allowed && (status === 401 || status === 403)) failures.push(`${where}, expected access ${body.slice(0, 200)}`);
        if (body.includes(A_NAME)) aSeen++;
        if (OUTSIDERS.includes(who) || (!allowed && status >= 400)) {
          const leaked = leakedMarkers(body, url);
          if (leaked.length > 0) failures.push(`${where} shows wearer A's ${leaked.join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The leak check means something only if A's data does come out to those allowed.
    expect(aSeen).toBeGreaterThan(0);
  });

  it('an expired or a revoked token is 401 on every route that is not public', async () => {
    const { accounts: service } = running.service;
    const failures: string[] = [];
    for (const route of routesToWalk()) {
      if (route.access === undefined || route.access === 'public') continue;
      const expired = service.signIn(adminAccountId, Date.now() - 13 * 3_600_000).token;
      const revoked = service.signIn(adminAccountId).token;
      service.logout(revoked);
      for (const [kind, token] of [['expired', expired], ['revoked', revoked]] as const) {
        const { status, body } = await send(route.method, urlFor(route.url, route.access, route.method), token);
        if (status !== 401 || !body.includes('AUTH_REQUIRED')) failures.push(`${route.method} ${route.url} with an ${kind} token: ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  function leakedMarkers(body: string, url: string): string[] {
    const a = accounts.wearerA as TestAccount;
    const markers: [string, string][] = [[A_NAME, 'name'], [a.email, 'e-mail'], [a.id, 'account id']];
    for (const device of aDevices) markers.push([device, `device ${device}`]);
    if (!url.includes(a.wearerId as string)) markers.push([a.wearerId as string, 'wearer id']);
    return markers.filter(([marker]) => body.includes(marker)).map(([, what]) => what);
  }
});
