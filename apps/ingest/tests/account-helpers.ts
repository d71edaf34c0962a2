/** Helpers for the account tests: a service with a bootstrap admin, accounts made through the API, sessions. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../src/auth/accounts.js';
import type { IngestSettings } from '../src/config.js';
import { startService, type RunningService } from './helpers.js';

export const ADMIN = Object.freeze({ email: 'admin@clinic.test', password: 'admin-password-1' });

export async function startWithAdmin(overrides: Partial<IngestSettings> = {}): Promise<RunningService> {
  return startService({ adminEmail: ADMIN.email, adminPassword: ADMIN.password, ...overrides });
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

export async function login(app: FastifyInstance, email: string, password: string, remoteAddress = '127.0.0.1'): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });
}

export async function adminToken(running: RunningService): Promise<string> {
  const reply = await login(running.service.app, ADMIN.email, ADMIN.password);
  if (reply.statusCode !== 200) throw new Error(`admin login: ${reply.statusCode} ${reply.body}`);
  return reply.json().token as string;
}

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  wearerId: string | null;
  /** A session of its own (made without a password check, so without scrypt's time). */
  token: string;
}

let counter = 0;

/** Creates an account through `POST /api/accounts` as the admin. */
export async function createAccount(running: RunningService, admin: string, name: string, roles: Role[]): Promise<TestAccount> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${++counter}@clinic.test`;
  const password = `${name}-password-${counter}`;
  const reply = await running.service.app.inject({
    method: 'POST', url: '/api/accounts', headers: bearer(admin), payload: { email, password, name, roles },
  });
  if (reply.statusCode !== 201) throw new Error(`create account: ${reply.statusCode} ${reply.body}`);
  const { id, wearerId } = reply.json() as { id: string; wearerId: string | null };
  return { id, email, password, wearerId, token: running.service.accounts.signIn(id).token };
}

export async function assignCoach(running: RunningService, admin: string, wearerId: string, coachAccountId: string): Promise<void> {
  const reply = await running.service.app.inject({
    method: 'POST', url: `/api/wearers/${wearerId}/coaches`, headers: bearer(admin), payload: { accountId: coachAccountId },
  });
  if (reply.statusCode !== 201) throw new Error(`assign coach: ${reply.statusCode} ${reply.body}`);
}
