/**
 * Every HTTP route under generated requests (fast-check): the routes are those `buildApp` registered (its
 * onRoute hook: a route added later by anyone is fuzzed too), each asked many times with random path params
 * (real ids, strings, traversal, huge, empty), query strings (known keys with wrong values, unknown keys),
 * bodies (random JSON, known fields with wrong types, invalid JSON, other content types) and credentials (admin,
 * a wearer, none, garbage). Every answer must come within 5 s, never be a 500, and any error must be a body
 * `{error: {code, message}}` with a code from the catalogue. A live stream is read briefly, as a stream.
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredRoutes } from '../src/auth/route-access.js';
import { ERROR_CODES } from '../src/errors.js';
import { emptyStoreBatch } from '../src/store/store-port.js';
import { adminToken, createAccount, type TestAccount } from './account-helpers.js';
import { startWithAdmin } from './account-helpers.js';
import type { RunningService } from './helpers.js';

const RUNS_PER_ROUTE = Number(process.env.STANCE_HTTP_FUZZ_RUNS ?? 30);
const ANSWER_TIMEOUT_MS = 5000;
const STREAM_READ_MS = 200;
const T0 = 1_763_712_000_000;
const KNOWN_QUERY_KEYS = ['from', 'to', 'step', 'bucket', 'weekStart', 'weeks', 'limit', 'token', 'code', 'id', 'name', 'email'];
const KNOWN_BODY_KEYS = [
  'email', 'password', 'name', 'roles', 'disabled', 'wearerId', 'id', 'accountId', 'token', 'code', 'text', 'day', 'dose',
  'exerciseId', 'doneMs', 'note', 'startMs', 'currentPassword', 'newPassword', 'utcOffsetMin', 'slouchDeg', 'quietHours',
  'goals', 'neutral', 'bend', 'from', 'to',
];

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

const oddString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', '..', '../../etc/passwd', '%00', '\u0000', 'null', 'undefined', '-1', '1e309', 'NaN', '0x10', '{}', '[]', '<script>'),
  fc.string({ minLength: 200, maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);
const oddNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 2 ** 53, T0, T0 + 86_400_000, Number.MAX_VALUE));
const oddValue: fc.Arbitrary<unknown> = fc.oneof(oddString, oddNumber, fc.boolean(), fc.constant(null), fc.array(oddString, { maxLength: 3 }), fc.object({ maxDepth: 1 }));

describe('HTTP routes under generated requests', () => {
  let running: RunningService;
  let adminId: string;
  let wearer: TestAccount;
  let deviceId: string;

  beforeAll(async () => {
    running = await startWithAdmin();
    const admin = await adminToken(running);
    adminId = running.service.accounts.authenticate(admin).accountId;
    wearer = await createAccount(running, admin, 'Wendy Fuzz', ['wearer']);
    deviceId = 'fuzz-dev-1';
    running.service.registry.create(deviceId, wearer.wearerId as string);
    const points = Array.from({ length: 300 }, (_, i) => ({
      wearerId: wearer.wearerId as string, deviceId, tMs: T0 + i * 1000, flexionDeg: 10 + (i % 30), lateralDeg: -1,
      activity: 'still' as const, posture: i % 30 > 20 ? ('slouched' as const) : ('upright' as const), worn: true,
    }));
    running.service.store.write({ ...emptyStoreBatch(), points });
  });
  afterAll(async () => {
    await running.stop();
  });

  /** One request; a streaming answer is read for a moment. Rejects if no answer comes in time. */
  async function send(r: Sent): Promise<{ status: number; body: string; type: string }> {
    const answer = (async () => {
      const reply: LightMyRequestResponse = await running.service.app.inject({ ...r, method: r.method as 'GET', payloadAsStream: true });
      const chunks: Buffer[] = [];
      const stream = reply.stream();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          stream.destroy();
          resolve();
        }, STREAM_READ_MS);
        stream.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
        stream.on('end', () => (clearTimeout(timer), resolve()));
        stream.on('error', () => (clearTimeout(timer), resolve()));
      });
      return { status: reply.statusCode, body: Buffer.concat(chunks).toString('utf8'), type: String(reply.headers['content-type'] ?? '') };
    })();
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms: ${r.method} ${r.url}`)), ANSWER_TIMEOUT_MS));
    return Promise.race([answer, timeout]);
  }

  it('answers every route within 5 s, never with a 500, and every error with a catalogue code', async () => {
    const routes = [...new Map(declaredRoutes(running.service.app)
      .flatMap((r) => r.method.split(',').map((method) => ({ method, url: r.url })))
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
      .map((r) => [`${r.method} ${r.url}`, r])).values()];
    expect(routes.length).toBeGreaterThan(20);
    const statuses = new Map<number, number>();
    const failures = new Map<string, string>();
    const codes = new Map<string, number>();
    let requests = 0;

    const paramValue = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(() => wearer.wearerId as string, () => deviceId, () => wearer.id, () => adminId).map((f) => f()) },
      { weight: 2, arbitrary: oddString },
    );
    const credentials = fc.constantFrom('admin', 'wearer', 'none', 'garbage', 'basic');
    const query = fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN_QUERY_KEYS), fc.string({ maxLength: 8 })), fc.oneof(oddString, oddNumber.map(String)), { maxKeys: 5 });
    const body = fc.oneof(
      fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN_BODY_KEYS), fc.string({ maxLength: 8 })), oddValue, { maxKeys: 6 }).map((o) => ({ type: 'application/json', text: JSON.stringify(o) })),
      fc.jsonValue().map((v) => ({ type: 'application/json', text: JSON.stringify(v) })),
      fc.string({ maxLength: 50 }).map((text) => ({ type: 'application/json', text })),
      fc.tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/xml', 'garbage'), fc.string({ maxLength: 30 })).map(([type, text]) => ({ type, text })),
      fc.constant(null),
    );

    for (const route of routes) {
      const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
      await fc.assert(
        fc.asyncProperty(fc.array(paramValue, { minLength: names.length, maxLength: names.length }), query, body, credentials, fc.boolean(), async (params, q, b, who, encode) => {
          let path = route.url;
          names.forEach((name, i) => {
            const v = params[i] as string;
            path = path.replace(`:${name}`, encode ? encodeURIComponent(v) : v.replace(/[?#/\s]/g, '_'));
          });
          const search = new URLSearchParams(q).toString();
          const headers: Record<string, string> = {};
          if (who === 'admin') headers.authorization = `Bearer ${running.service.accounts.signIn(adminId).token}`;
          else if (who === 'wearer') headers.authorization = `Bearer ${running.service.accounts.signIn(wearer.id).token}`;
          else if (who === 'garbage') headers.authorization = `Bearer ${'x'.repeat(43)}`;
          else if (who === 'basic') headers.authorization = 'Basic YWRtaW46YWRtaW4=';
          const sent: Sent = { method: route.method, url: search === '' ? path : `${path}?${search}`, headers };
          if (b !== null && route.method !== 'GET') {
            headers['content-type'] = b.type;
            sent.payload = b.text;
          }
          const answer = await send(sent);
          requests += 1;
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          // Every kind of violation is collected (one example each) rather than thrown, so one run lists them all.
          const fail = (why: string): void => {
            const key = `${route.method} ${route.url}: ${why}`;
            if (!failures.has(key)) failures.set(key, `${sent.method} ${sent.url.slice(0, 120)} (${who}, ${headers['content-type'] ?? 'no body'}: ${(sent.payload ?? '').slice(0, 60)}) -> ${answer.status} ${answer.body.slice(0, 160)}`);
          };
          if (answer.status >= 500) fail(`status ${answer.status}`);
          if (answer.status >= 400) {
            let error: { code?: string; message?: string } | undefined;
            try {
              error = (JSON.parse(answer.body) as { error?: { code?: string; message?: string } }).error;
            } catch {
              error = undefined;
            }
            if (!/^application\/json/.test(answer.type) || error === undefined) fail('an error that is not {error: {code, message}}');
            else if (!(ERROR_CODES as readonly string[]).includes(error.code ?? '') || typeof error.message !== 'string') fail(`code ${error.code} not in the catalogue`);
            else codes.set(error.code as string, (codes.get(error.code as string) ?? 0) + 1);
          }
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    for (const [key, example] of failures) console.log(`HTTP fuzz FAILURE ${key}\n    e.g. ${example}`);
    console.log(
      `HTTP fuzz: ${routes.length} routes, ${requests} requests; statuses ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`).join(', ')}; ` +
        `error codes ${[...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`,
    );
    expect([...failures.keys()]).toEqual([]);
  }, 300_000);
});
