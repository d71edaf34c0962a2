/**
 * Accounts through `inject`: first-run setup, accounts and roles (a wearer account gets its wearer profile),
 * the password rule, disabling (ends the sessions), the last admin, coach assignments and what they open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from './helpers.js';
import { adminToken, assignCoach, bearer, createAccount, login, startWithAdmin } from './account-helpers.js';

describe('first-run setup', () => {
  let running: RunningService;
  beforeAll(async () => {
    running = await startService();
  });
  afterAll(async () => {
    await running.stop();
  });

  it('is offered while no account exists, creates an admin and coach once, then answers SETUP_DONE', async () => {
    const { app } = running.service;
    expect((await app.inject({ url: '/api/setup' })).json()).toEqual({ needed: true });
    const weak = await app.inject({ method: 'POST', url: '/api/setup', payload: { email: 'first@clinic.test', password: 'short', name: 'First' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('PASSWORD_TOO_WEAK');
    expect(weak.json().error.message).toContain('at least 10 characters');

    const done = await app.inject({ method: 'POST', url: '/api/setup', payload: { email: 'first@clinic.test', password: 'first-password', name: 'First' } });
    expect(done.statusCode).toBe(201);
    const { token, expiresMs, user } = done.json();
    expect(user).toMatchObject({ email: 'first@clinic.test', name: 'First', roles: ['admin', 'coach'], wearerId: null });
    expect(expiresMs).toBeGreaterThan(Date.now());
    expect((await app.inject({ url: '/api/me', headers: bearer(token) })).json()).toEqual({ user, coachOf: [] });

    expect((await app.inject({ url: '/api/setup' })).json()).toEqual({ needed: false });
    const again = await app.inject({ method: 'POST', url: '/api/setup', payload: { email: 'second@clinic.test', password: 'second-password', name: 'Second' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SETUP_DONE');
  });
});

describe('accounts', () => {
  let running: RunningService;
  let admin = '';
  beforeAll(async () => {
    running = await startWithAdmin();
    admin = await adminToken(running);
  });
  afterAll(async () => {
    await running.stop();
  });

  it('creates a wearer account with its wearer profile; lists and refuses duplicates and weak passwords', async () => {
    const { app, store } = running.service;
    const created = await app.inject({
      method: 'POST', url: '/api/accounts', headers: bearer(admin),
      payload: { email: 'Ada@Clinic.test', password: 'ada-password', name: 'Ada', roles: ['wearer'] },
    });
    expect(created.statusCode).toBe(201);
    const { id, wearerId } = created.json();
    expect(store.getWearer(wearerId)).toMatchObject({ id: wearerId, name: 'Ada' });

    const signedIn = await login(app, 'ada@clinic.test', 'ada-password');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user).toEqual({ id, email: 'Ada@Clinic.test', name: 'Ada', roles: ['wearer'], wearerId });
    const ada = signedIn.json().token as string;
    expect((await app.inject({ url: `/api/wearers/${wearerId}`, headers: bearer(ada) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/accounts', headers: bearer(ada) })).statusCode).toBe(403);

    const duplicate = await app.inject({
      method: 'POST', url: '/api/accounts', headers: bearer(admin),
      payload: { email: 'ada@clinic.TEST', password: 'another-password', name: 'Ada 2', roles: ['coach'] },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('ACCOUNT_EXISTS');
    const weak = await app.inject({
      method: 'POST', url: '/api/accounts', headers: bearer(admin), payload: { email: 'bo@clinic.test', password: '123456789', name: 'Bo', roles: ['coach'] },
    });
    expect(weak.json().error.code).toBe('PASSWORD_TOO_WEAK');
    const badRole = await app.inject({
      method: 'POST', url: '/api/accounts', headers: bearer(admin), payload: { email: 'bo@clinic.test', password: 'bo-password-1', name: 'Bo', roles: ['root'] },
    });
    expect(badRole.json().error.code).toBe('REQUEST_INVALID');

    const list = (await app.inject({ url: '/api/accounts', headers: bearer(admin) })).json().accounts;
    expect(list).toContainEqual({ id, email: 'Ada@Clinic.test', name: 'Ada', roles: ['wearer'], wearerId, createdMs: expect.any(Number), disabled: false });
    expect(JSON.stringify(list)).not.toContain('scrypt');
  });

  it('renames, changes roles (a new wearer role gets a profile), disables (ending the sessions) and enables', async () => {
    const { app } = running.service;
    const coach = await createAccount(running, admin, 'Cara', ['coach']);
    expect(coach.wearerId).toBeNull();
    const patched = await app.inject({
      method: 'PATCH', url: `/api/accounts/${coach.id}`, headers: bearer(admin), payload: { name: 'Cara C', roles: ['coach', 'wearer'] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id: coach.id, name: 'Cara C', roles: ['coach', 'wearer'], disabled: false });
    const wearerId = patched.json().wearerId as string;
    expect(running.service.store.getWearer(wearerId)?.name).toBe('Cara C');
    expect((await app.inject({ url: `/api/wearers/${wearerId}/settings`, headers: bearer(coach.token) })).statusCode).toBe(200);

    const disabled = await app.inject({ method: 'PATCH', url: `/api/accounts/${coach.id}`, headers: bearer(admin), payload: { disabled: true } });
    expect(disabled.json().disabled).toBe(true);
    expect((await app.inject({ url: '/api/me', headers: bearer(coach.token) })).statusCode).toBe(401);
    const refused = await login(app, coach.email, coach.password);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('ACCOUNT_DISABLED');
    await app.inject({ method: 'PATCH', url: `/api/accounts/${coach.id}`, headers: bearer(admin), payload: { disabled: false } });
    expect((await login(app, coach.email, coach.password)).statusCode).toBe(200);

    const missing = await app.inject({ method: 'PATCH', url: '/api/accounts/nobody', headers: bearer(admin), payload: { name: 'X' } });
    expect(missing.json().error.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('keeps one enabled admin', async () => {
    const { app } = running.service;
    const me = (await app.inject({ url: '/api/me', headers: bearer(admin) })).json().user;
    const demote = await app.inject({ method: 'PATCH', url: `/api/accounts/${me.id}`, headers: bearer(admin), payload: { roles: ['coach'] } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('LAST_ADMIN');
    const disable = await app.inject({ method: 'PATCH', url: `/api/accounts/${me.id}`, headers: bearer(admin), payload: { disabled: true } });
    expect(disable.json().error.code).toBe('LAST_ADMIN');
    expect((await app.inject({ url: '/api/me', headers: bearer(admin) })).json().user.roles).toEqual(['admin', 'coach']);
  });

  it('assigns coaches to wearers: the coach sees that wearer only, until unassigned', async () => {
    const { app } = running.service;
    const ada = await createAccount(running, admin, 'Ada', ['wearer']);
    const bea = await createAccount(running, admin, 'Bea', ['wearer']);
    const coach = await createAccount(running, admin, 'Cora', ['coach']);
    const adaId = ada.wearerId as string;
    const beaId = bea.wearerId as string;
    expect((await app.inject({ url: `/api/wearers/${adaId}`, headers: bearer(coach.token) })).statusCode).toBe(403);

    await assignCoach(running, admin, adaId, coach.id);
    expect((await app.inject({ url: '/api/me', headers: bearer(coach.token) })).json().coachOf).toEqual([adaId]);
    expect((await app.inject({ url: `/api/wearers/${adaId}`, headers: bearer(coach.token) })).statusCode).toBe(200);
    expect((await app.inject({ url: `/api/wearers/${beaId}`, headers: bearer(coach.token) })).statusCode).toBe(403);
    const listed = (await app.inject({ url: '/api/wearers', headers: bearer(coach.token) })).json().wearers.map((w: { id: string }) => w.id);
    expect(listed).toEqual([adaId]);
    const coaches = await app.inject({ url: `/api/wearers/${adaId}/coaches`, headers: bearer(ada.token) });
    expect(coaches.json()).toEqual({ coaches: [{ id: coach.id, name: 'Cora', email: coach.email }] });
    expect((await app.inject({ url: `/api/wearers/${adaId}/coaches`, headers: bearer(bea.token) })).statusCode).toBe(403);

    const notCoach = await app.inject({ method: 'POST', url: `/api/wearers/${adaId}/coaches`, headers: bearer(admin), payload: { accountId: bea.id } });
    expect(notCoach.json().error.code).toBe('ACCOUNT_NOT_COACH');
    const byCoach = await app.inject({ method: 'POST', url: `/api/wearers/${beaId}/coaches`, headers: bearer(coach.token), payload: { accountId: coach.id } });
    expect(byCoach.statusCode).toBe(403);
    const noWearer = await app.inject({ method: 'POST', url: '/api/wearers/nobody/coaches', headers: bearer(admin), payload: { accountId: coach.id } });
    expect(noWearer.json().error.code).toBe('WEARER_NOT_FOUND');

    const removed = await app.inject({ method: 'DELETE', url: `/api/wearers/${adaId}/coaches/${coach.id}`, headers: bearer(admin) });
    expect(removed.statusCode).toBe(204);
    expect((await app.inject({ url: `/api/wearers/${adaId}`, headers: bearer(coach.token) })).statusCode).toBe(403);
    const twice = await app.inject({ method: 'DELETE', url: `/api/wearers/${adaId}/coaches/${coach.id}`, headers: bearer(admin) });
    expect(twice.json().error.code).toBe('COACH_NOT_ASSIGNED');
  });

  it('a coach who loses the coach role loses its wearers (the assignment stays for when it comes back)', async () => {
    const { app } = running.service;
    const ada = await createAccount(running, admin, 'Ada', ['wearer']);
    const coach = await createAccount(running, admin, 'Cleo', ['coach', 'wearer']);
    await assignCoach(running, admin, ada.wearerId as string, coach.id);
    await app.inject({ method: 'PATCH', url: `/api/accounts/${coach.id}`, headers: bearer(admin), payload: { roles: ['wearer'] } });
    expect((await app.inject({ url: `/api/wearers/${ada.wearerId}`, headers: bearer(coach.token) })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/me', headers: bearer(coach.token) })).json().coachOf).toEqual([]);
    await app.inject({ method: 'PATCH', url: `/api/accounts/${coach.id}`, headers: bearer(admin), payload: { roles: ['coach', 'wearer'] } });
    expect((await app.inject({ url: `/api/wearers/${ada.wearerId}`, headers: bearer(coach.token) })).statusCode).toBe(200);
  });
});
