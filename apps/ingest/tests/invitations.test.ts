/**
 * Invitations through `inject`: an admin invites anyone, a coach only wearers (who become theirs); the token is
 * shown once, stored hashed, good once and for 7 days; accepting chooses the password and signs in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from './helpers.js';
import { adminToken, bearer, createAccount, startWithAdmin } from './account-helpers.js';

describe('invitations', () => {
  let running: RunningService;
  let admin = '';
  beforeAll(async () => {
    running = await startWithAdmin();
    admin = await adminToken(running);
  });
  afterAll(async () => {
    await running.stop();
  });

  const invite = (token: string, payload: object) => running.service.app.inject({ method: 'POST', url: '/api/invitations', headers: bearer(token), payload });
  const lookup = (token: string) => running.service.app.inject({ url: `/api/invitations/lookup?token=${encodeURIComponent(token)}` });
  const accept = (payload: object) => running.service.app.inject({ method: 'POST', url: '/api/invitations/accept', payload });

  it('an admin invites a coach: lookup, accept (password chosen then), signed in, good once', async () => {
    const sent = await invite(admin, { email: 'coach.new@clinic.test', name: 'Nia', roles: ['coach'] });
    expect(sent.statusCode).toBe(201);
    const { id, token, expiresMs } = sent.json();
    expect(expiresMs - Date.now()).toBeGreaterThan(7 * 24 * 3_600_000 - 60_000);
    expect(JSON.stringify(running.service.db.prepare('SELECT * FROM invitation').all())).not.toContain(token);

    expect((await lookup(token)).json()).toEqual({ email: 'coach.new@clinic.test', name: 'Nia', roles: ['coach'], expiresMs });
    const weak = await accept({ token, password: 'short' });
    expect(weak.json().error.code).toBe('PASSWORD_TOO_WEAK');
    const accepted = await accept({ token, password: 'nia-password-1', name: 'Nia N' });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().user).toMatchObject({ email: 'coach.new@clinic.test', name: 'Nia N', roles: ['coach'], wearerId: null });
    const me = await running.service.app.inject({ url: '/api/me', headers: bearer(accepted.json().token) });
    expect(me.json().user.name).toBe('Nia N');

    const again = await accept({ token, password: 'nia-password-2' });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('INVITATION_INVALID');
    expect((await lookup(token)).statusCode).toBe(404);
    const listed = (await running.service.app.inject({ url: '/api/invitations', headers: bearer(admin) })).json().invitations;
    expect(listed).toContainEqual(expect.objectContaining({ id, email: 'coach.new@clinic.test', acceptedMs: expect.any(Number) }));
    expect(JSON.stringify(listed)).not.toContain(token);
  });

  it('a coach invites a wearer only; the wearer gets a profile and that coach', async () => {
    const coach = await createAccount(running, admin, 'Cora', ['coach']);
    const notWearer = await invite(coach.token, { email: 'x@clinic.test', name: 'X', roles: ['coach'] });
    expect(notWearer.statusCode).toBe(403);
    const sent = await invite(coach.token, { email: 'wendy@clinic.test', name: 'Wendy', roles: ['wearer'] });
    expect(sent.statusCode).toBe(201);
    const accepted = await accept({ token: sent.json().token, password: 'wendy-password' });
    const { user } = accepted.json();
    expect(user.roles).toEqual(['wearer']);
    expect(running.service.store.getWearer(user.wearerId)?.name).toBe('Wendy');
    expect((await running.service.app.inject({ url: '/api/me', headers: bearer(coach.token) })).json().coachOf).toEqual([user.wearerId]);
    expect((await running.service.app.inject({ url: `/api/wearers/${user.wearerId}`, headers: bearer(coach.token) })).statusCode).toBe(200);
    const coaches = await running.service.app.inject({ url: `/api/wearers/${user.wearerId}/coaches`, headers: bearer(accepted.json().token) });
    expect(coaches.json().coaches.map((c: { id: string }) => c.id)).toEqual([coach.id]);
  });

  it('a coach lists and withdraws its own invitations only; a wearer may not invite', async () => {
    const { app } = running.service;
    const coach = await createAccount(running, admin, 'Cyd', ['coach']);
    const other = await createAccount(running, admin, 'Cal', ['coach']);
    const wearer = await createAccount(running, admin, 'Wil', ['wearer']);
    const mine = (await invite(coach.token, { email: 'mine@clinic.test', name: 'Mine', roles: ['wearer'] })).json();
    const theirs = (await invite(other.token, { email: 'theirs@clinic.test', name: 'Theirs', roles: ['wearer'] })).json();
    const listed = (await app.inject({ url: '/api/invitations', headers: bearer(coach.token) })).json().invitations;
    expect(listed.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect((await invite(wearer.token, { email: 'w@clinic.test', name: 'W', roles: ['wearer'] })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/invitations', headers: bearer(wearer.token) })).statusCode).toBe(403);

    const notMine = await app.inject({ method: 'DELETE', url: `/api/invitations/${theirs.id}`, headers: bearer(coach.token) });
    expect(notMine.statusCode).toBe(404);
    expect(notMine.json().error.code).toBe('INVITATION_NOT_FOUND');
    expect((await app.inject({ method: 'DELETE', url: `/api/invitations/${mine.id}`, headers: bearer(coach.token) })).statusCode).toBe(204);
    expect((await accept({ token: mine.token, password: 'mine-password' })).json().error.code).toBe('INVITATION_INVALID');
    expect((await app.inject({ method: 'DELETE', url: `/api/invitations/${theirs.id}`, headers: bearer(admin) })).statusCode).toBe(204);
  });

  it('refuses an address that has an account, an expired link (410) and an unknown one (404)', async () => {
    const taken = await invite(admin, { email: 'ADMIN@clinic.test', name: 'Again', roles: ['wearer'] });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('ACCOUNT_EXISTS');

    const inviter = running.service.accounts.authenticate(admin);
    const old = running.service.accounts.invitations.create(inviter, { email: 'late@clinic.test', name: 'Late', roles: ['wearer'] }, Date.now() - 8 * 24 * 3_600_000);
    const expired = await lookup(old.token);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('INVITATION_EXPIRED');
    expect((await accept({ token: old.token, password: 'late-password' })).statusCode).toBe(410);
    expect((await lookup('no-such-token')).json().error.code).toBe('INVITATION_INVALID');

    // An invitation whose address got an account meanwhile: refused, and still open (nothing half made).
    const sent = (await invite(admin, { email: 'race@clinic.test', name: 'Race', roles: ['wearer'] })).json();
    await running.service.accounts.create({ email: 'race@clinic.test', password: 'race-password', name: 'Race', roles: ['coach'] });
    const clash = await accept({ token: sent.token, password: 'race-password-2' });
    expect(clash.json().error.code).toBe('ACCOUNT_EXISTS');
    expect((await lookup(sent.token)).statusCode).toBe(200);
  });
});
