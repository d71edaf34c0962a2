/**
 * Sessions through `inject`: they expire, log out ends one, log out everywhere ends all, a password change
 * ends the others; an expired, revoked, forged or missing token is 401 AUTH_REQUIRED.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_SETTINGS } from '../src/config.js';
import type { RunningService } from './helpers.js';
import { adminToken, bearer, createAccount, login, startWithAdmin } from './account-helpers.js';

describe('sessions', () => {
  let running: RunningService;
  let admin = '';
  beforeAll(async () => {
    running = await startWithAdmin();
    admin = await adminToken(running);
  });
  afterAll(async () => {
    await running.stop();
  });

  const me = (token: string) => running.service.app.inject({ url: '/api/me', headers: bearer(token) });

  it('a login answers a session that lasts SESSION_TTL_H, stored hashed', async () => {
    const before = Date.now();
    const { token, expiresMs } = (await login(running.service.app, 'admin@clinic.test', 'admin-password-1')).json();
    const ttlMs = DEFAULT_INGEST_SETTINGS.sessionTtlH * 3_600_000;
    expect(expiresMs).toBeGreaterThanOrEqual(before + ttlMs);
    expect(expiresMs).toBeLessThanOrEqual(Date.now() + ttlMs);
    const stored = running.service.db.prepare('SELECT token_hash, id, created_ms FROM session').all() as { token_hash: Buffer; id: string | null }[];
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((s) => s.id !== null && s.token_hash.length === 32)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await me(token)).statusCode).toBe(200);
  });

  it('an expired token, a forged one and none are 401', async () => {
    const account = await createAccount(running, admin, 'Eve', ['wearer']);
    const old = running.service.accounts.signIn(account.id, Date.now() - 13 * 3_600_000);
    expect(old.expiresMs).toBeLessThan(Date.now());
    for (const headers of [bearer(old.token), bearer('forged'), {}, { authorization: 'Basic abc' }]) {
      const reply = await running.service.app.inject({ url: '/api/me', headers });
      expect(reply.statusCode).toBe(401);
      expect(reply.json().error.code).toBe('AUTH_REQUIRED');
    }
  });

  it('log out ends this session only; log out everywhere ends all of them', async () => {
    const { app } = running.service;
    const account = await createAccount(running, admin, 'Lou', ['wearer']);
    const other = running.service.accounts.signIn(account.id).token;
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(account.token) });
    expect(out.statusCode).toBe(204);
    expect((await me(account.token)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(200);

    const third = running.service.accounts.signIn(account.id).token;
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: bearer(other) })).statusCode).toBe(204);
    expect((await me(other)).statusCode).toBe(401);
    expect((await me(third)).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(other) })).statusCode).toBe(401);
    expect((await me(admin)).statusCode).toBe(200);
  });

  it('a password change needs the current password, keeps this session and ends the others', async () => {
    const { app } = running.service;
    const account = await createAccount(running, admin, 'Pat', ['coach']);
    const other = running.service.accounts.signIn(account.id).token;
    const change = (currentPassword: string, newPassword: string) =>
      app.inject({ method: 'PUT', url: '/api/me/password', headers: bearer(account.token), payload: { currentPassword, newPassword } });

    const wrong = await change('not-the-password', 'a-new-password-1');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('PASSWORD_INCORRECT');
    const weak = await change(account.password, 'short');
    expect(weak.json().error.code).toBe('PASSWORD_TOO_WEAK');
    expect((await me(other)).statusCode).toBe(200);

    expect((await change(account.password, 'a-new-password-1')).statusCode).toBe(204);
    expect((await me(account.token)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    expect((await login(app, account.email, account.password)).statusCode).toBe(401);
    expect((await login(app, account.email, 'a-new-password-1')).statusCode).toBe(200);
  });
});
