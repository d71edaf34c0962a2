/**
 * Login rate limiting: failures per account and per address in a sliding window, with an injected clock
 * (explicit `nowMs`), never sleeps; and through `inject`: 429 LOGIN_RATE_LIMITED with Retry-After.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open-database.js';
import type { SqliteDatabase } from '../src/db/open-database.js';
import { StanceError } from '../src/errors.js';
import { createLoginRateLimit, DEFAULT_LOGIN_RATE_LIMIT_SETTINGS, type LoginRateLimit } from '../src/auth/login-rate-limit.js';
import { tempDir, type RunningService } from './helpers.js';
import { adminToken, createAccount, login, startWithAdmin } from './account-helpers.js';

const T0 = 1_763_712_000_000;
const WINDOW_MS = DEFAULT_LOGIN_RATE_LIMIT_SETTINGS.windowS * 1000;

function refusal(run: () => void): StanceError | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof StanceError) return error;
    throw error;
  }
}

describe('login rate limit (clock injected)', () => {
  let dir = '';
  let db: SqliteDatabase;
  let limit: LoginRateLimit;
  beforeAll(() => {
    dir = tempDir();
    db = openDatabase({ dataDir: dir, sync: 'normal' });
    limit = createLoginRateLimit(db, DEFAULT_LOGIN_RATE_LIMIT_SETTINGS);
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an account after 5 failures in 15 min, until the oldest leaves the window', () => {
    for (let i = 0; i < 5; i++) {
      expect(refusal(() => limit.assertAllowed('Ann@x.test', '10.0.0.1', T0 + i * 60_000))).toBeNull();
      limit.charge('Ann@x.test', '10.0.0.1', T0 + i * 60_000);
    }
    const limited = refusal(() => limit.assertAllowed('ann@x.test', '10.0.0.2', T0 + 5 * 60_000));
    expect(limited?.code).toBe('LOGIN_RATE_LIMITED');
    expect(limited?.status).toBe(429);
    expect(limited?.params['retryAfterS']).toBe(10 * 60);
    expect(refusal(() => limit.assertAllowed('ann@x.test', '10.0.0.2', T0 + WINDOW_MS - 1))?.params['retryAfterS']).toBe(1);
    expect(refusal(() => limit.assertAllowed('ann@x.test', '10.0.0.2', T0 + WINDOW_MS))).toBeNull();
    expect(refusal(() => limit.assertAllowed('other@x.test', '10.0.0.1', T0 + 5 * 60_000))).toBeNull();
  });

  it('refuses an address after 30 failures over any accounts', () => {
    const t = T0 + 10 * WINDOW_MS;
    for (let i = 0; i < 30; i++) limit.charge(`user${i}@x.test`, '10.9.9.9', t + i);
    expect(refusal(() => limit.assertAllowed('fresh@x.test', '10.9.9.9', t + 30))?.code).toBe('LOGIN_RATE_LIMITED');
    expect(refusal(() => limit.assertAllowed('fresh@x.test', '10.9.9.8', t + 30))).toBeNull();
    expect(refusal(() => limit.assertAllowed('fresh@x.test', '10.9.9.9', t + WINDOW_MS))).toBeNull();
  });

  it('a success clears the account and refunds its own charge of the address', () => {
    const t = T0 + 20 * WINDOW_MS;
    for (let i = 0; i < 4; i++) limit.charge('bo@x.test', '10.1.1.1', t + i);
    limit.charge('bo@x.test', '10.1.1.1', t + 10);
    limit.refund('bo@x.test', '10.1.1.1', t + 10);
    for (let i = 0; i < 4; i++) limit.charge('bo@x.test', '10.1.1.1', t + 20 + i);
    expect(refusal(() => limit.assertAllowed('bo@x.test', '10.1.1.1', t + 30))).toBeNull();
    const left = db.prepare("SELECT count(*) AS n FROM login_attempt WHERE key = 'address:10.1.1.1'").get() as { n: number };
    expect(left.n).toBe(8);
  });

  it('prunes what left the window as it records', () => {
    const t = T0 + 40 * WINDOW_MS;
    limit.charge('cy@x.test', '10.2.2.2', t);
    limit.charge('cy@x.test', '10.2.2.2', t + WINDOW_MS + 1);
    const rows = db.prepare("SELECT count(*) AS n FROM login_attempt WHERE key = 'account:cy@x.test'").get() as { n: number };
    expect(rows.n).toBe(1);
  });
});

describe('login rate limit through the API', () => {
  let running: RunningService;
  beforeAll(async () => {
    running = await startWithAdmin();
  });
  afterAll(async () => {
    await running.stop();
  });

  it('answers 429 with Retry-After after 5 failures, even to the right password, and not to other accounts', async () => {
    const { app, accounts } = running.service;
    const admin = await adminToken(running);
    const target = await createAccount(running, admin, 'Tess', ['wearer']);
    const now = Date.now();
    // Four failures charged directly (no scrypt), the fifth through the API.
    for (let i = 0; i < 4; i++) {
      await expect(accounts.login(target.email, 'wrong-password', '192.0.2.1', now)).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    }
    const fifth = await login(app, target.email, 'wrong-password', '192.0.2.1');
    expect(fifth.json().error.code).toBe('AUTH_FAILED');
    const limited = await login(app, target.email, target.password, '192.0.2.2');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('LOGIN_RATE_LIMITED');
    const retryAfterS = Number(limited.headers['retry-after']);
    expect(retryAfterS).toBeGreaterThan(0);
    expect(retryAfterS).toBeLessThanOrEqual(DEFAULT_LOGIN_RATE_LIMIT_SETTINGS.windowS);
    expect(limited.json().error.message).toContain(`${retryAfterS} s`);
    expect((await login(app, 'admin@clinic.test', 'admin-password-1', '192.0.2.1')).statusCode).toBe(200);
    // Once the window has passed (the clock moved, not slept): the right password works again.
    const later = await accounts.login(target.email, target.password, '192.0.2.2', now + WINDOW_MS + 1);
    expect(later.user.accountId).toBe(target.id);
  });
});

describe('the client address behind a reverse proxy (TRUST_PROXY)', () => {
  /** Failed logins of fresh accounts from `clients` (X-Forwarded-For), through a proxy at 10.0.0.5. */
  const failFrom = async (running: RunningService, clients: string[]) => {
    const codes: number[] = [];
    for (const [i, client] of clients.entries()) {
      const reply = await running.service.app.inject({
        method: 'POST', url: '/api/auth/login', remoteAddress: '10.0.0.5',
        headers: { 'x-forwarded-for': client }, payload: { email: `nobody${i}@x.test`, password: 'wrong-password' },
      });
      codes.push(reply.statusCode);
    }
    return codes;
  };
  const perAddress = DEFAULT_LOGIN_RATE_LIMIT_SETTINGS.addressMaxFailures;

  it('counts each client apart when the proxy is trusted', async () => {
    const running = await startWithAdmin({ trustProxy: ['10.0.0.0/8'] });
    try {
      // Twice the per-address allowance, spread over two clients: none refused.
      const codes = await failFrom(running, Array.from({ length: 2 * perAddress }, (_, i) => (i % 2 === 0 ? '203.0.113.1' : '203.0.113.2')));
      expect(codes.every((c) => c === 401)).toBe(true);
    } finally {
      await running.stop();
    }
  });

  it('ignores X-Forwarded-For from anyone else: a client cannot claim another address to slip the limit', async () => {
    const running = await startWithAdmin({});
    try {
      const codes = await failFrom(running, Array.from({ length: perAddress + 1 }, (_, i) => `198.51.100.${i + 1}`));
      expect(codes.slice(0, perAddress).every((c) => c === 401)).toBe(true);
      expect(codes[perAddress]).toBe(429);
    } finally {
      await running.stop();
    }
  });
});
