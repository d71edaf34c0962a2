/**
 * Sessions: a sign-in answers a random token (32 bytes, base64url) that is stored only as its SHA-256, so a
 * copy of the database signs nobody in. A session lasts `sessionTtlH` and ends earlier when revoked: log out
 * (this one), log out everywhere, a password change (all but the one that made it), or the account disabled.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SqliteDatabase } from '../db/open-database.js';

export interface SessionGrant {
  token: string;
  expiresMs: number;
}

export interface Sessions {
  issue(accountId: string, nowMs: number): SessionGrant;
  /** The account of a live session, or null when unknown, expired or revoked. */
  accountOf(token: string, nowMs: number): string | null;
  /** Ends the session of `token`; returns whether there was one. */
  revoke(token: string): boolean;
  /** Ends every session of the account, except the one of `keepToken`. Returns how many ended. */
  revokeAll(accountId: string, keepToken?: string): number;
}

export function createSessions(db: SqliteDatabase, sessionTtlH: number): Sessions {
  const insert = db.prepare('INSERT INTO session (token_hash, account_id, expires_ms, id, created_ms) VALUES (?, ?, ?, ?, ?)');
  const live = db.prepare<[Buffer, number], { account_id: string }>(
    'SELECT account_id FROM session WHERE token_hash = ? AND expires_ms > ?',
  );
  const remove = db.prepare('DELETE FROM session WHERE token_hash = ?');
  const removeAll = db.prepare('DELETE FROM session WHERE account_id = ? AND token_hash IS NOT ?');
  const prune = db.prepare('DELETE FROM session WHERE expires_ms <= ?');
  const ttlMs = sessionTtlH * 3_600_000;

  return {
    issue(accountId, nowMs) {
      const token = randomBytes(32).toString('base64url');
      const expiresMs = Math.round(nowMs + ttlMs);
      prune.run(nowMs);
      insert.run(tokenHash(token), accountId, expiresMs, randomUUID(), nowMs);
      return { token, expiresMs };
    },
    accountOf: (token, nowMs) => live.get(tokenHash(token), nowMs)?.account_id ?? null,
    revoke: (token) => remove.run(tokenHash(token)).changes > 0,
    revokeAll: (accountId, keepToken) => removeAll.run(accountId, keepToken === undefined ? null : tokenHash(keepToken)).changes,
  };
}

/** SHA-256 of a random token: enough, since the token has 256 bits (unlike a password, nothing to guess). */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
