/**
 * Accounts (people who use the API) and their sessions. A login answers a random session token, stored only
 * as its SHA-256 and valid for `sessionTtlH`. Roles are kept as a list so the accounts issue can add wearer
 * and coach accounts without a schema change; for now the bootstrap admin is the only account.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SqliteDatabase } from '../db/open-database.js';
import { stanceError } from '../errors.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password.js';

export type Role = 'admin' | 'coach' | 'wearer';

/** Who is asking: what the authorization rules look at. */
export interface Principal {
  accountId: string;
  email: string;
  name: string;
  roles: Role[];
  /** The wearer profile of a wearer account. */
  wearerId: string | null;
}

export interface AccountsSettings {
  /** How long a session token stays valid, hours. */
  sessionTtlH: number;
}

export interface Accounts {
  /** Creates the account if no account has this e-mail address; returns whether it did. */
  ensureAccount(email: string, password: string, name: string, roles: Role[], nowMs?: number): Promise<boolean>;
  /** Checks the password; answers a new session token. Throws AUTH_FAILED. */
  login(email: string, password: string, nowMs?: number): Promise<{ token: string; expiresMs: number; user: Principal }>;
  /** The principal of a session token. Throws AUTH_REQUIRED when unknown or expired. */
  authenticate(token: string, nowMs?: number): Principal;
}

interface AccountRow { id: string; email: string; name: string; password_hash: string; roles: string; wearer_id: string | null }

export function createAccounts(db: SqliteDatabase, settings: AccountsSettings): Accounts {
  const byEmail = db.prepare<[string], AccountRow>('SELECT * FROM account WHERE email = ?');
  const bySession = db.prepare<[Buffer, number], AccountRow>(
    'SELECT a.* FROM session s JOIN account a ON a.id = s.account_id WHERE s.token_hash = ? AND s.expires_ms > ?',
  );
  const insertAccount = db.prepare(
    'INSERT INTO account (id, email, name, password_hash, roles, wearer_id, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertSession = db.prepare('INSERT INTO session (token_hash, account_id, expires_ms) VALUES (?, ?, ?)');
  const pruneSessions = db.prepare('DELETE FROM session WHERE expires_ms <= ?');

  return {
    async ensureAccount(email, password, name, roles, nowMs = Date.now()) {
      if (byEmail.get(email) !== undefined) return false;
      const hash = await hashPassword(password);
      if (byEmail.get(email) !== undefined) return false;
      insertAccount.run(randomUUID(), email, name, hash, JSON.stringify(roles), null, nowMs);
      return true;
    },
    async login(email, password, nowMs = Date.now()) {
      const row = byEmail.get(email);
      const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_PASSWORD_HASH);
      if (row === undefined || !ok) throw stanceError('AUTH_FAILED');
      const token = randomBytes(32).toString('base64url');
      const expiresMs = nowMs + settings.sessionTtlH * 3_600_000;
      pruneSessions.run(nowMs);
      insertSession.run(tokenHash(token), row.id, expiresMs);
      return { token, expiresMs, user: toPrincipal(row) };
    },
    authenticate(token, nowMs = Date.now()) {
      const row = bySession.get(tokenHash(token), nowMs);
      if (row === undefined) throw stanceError('AUTH_REQUIRED', { reason: 'unknown or expired session token' });
      return toPrincipal(row);
    },
  };
}

function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function toPrincipal(row: AccountRow): Principal {
  return { accountId: row.id, email: row.email, name: row.name, roles: JSON.parse(row.roles) as Role[], wearerId: row.wearer_id };
}
