/**
 * Login rate limiting: failed logins are counted per account (the e-mail address typed, whether or not it
 * exists, so the limit says nothing about which addresses have accounts) and per client address, in a sliding
 * window (table `login_attempt`, migration 10, so restarts do not reset it). Over either limit, logins are
 * refused with LOGIN_RATE_LIMITED before the password is even hashed, until the oldest counted failure leaves
 * the window. Every attempt is charged before the (slow) password check, so parallel guesses cannot all slip
 * under the limit; a successful one is refunded: the account's count is cleared, the address's charge removed.
 */
import type { SqliteDatabase } from '../db/open-database.js';
import { stanceError } from '../errors.js';

export interface LoginRateLimitSettings {
  /** Failed logins for one e-mail address within the window before its logins are refused. */
  accountMaxFailures: number;
  /** Failed logins from one client address (any account) within the window before its logins are refused. */
  addressMaxFailures: number;
  /** Length of the sliding window, s. */
  windowS: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT_SETTINGS: Readonly<LoginRateLimitSettings> = Object.freeze({
  accountMaxFailures: 5,
  addressMaxFailures: 30,
  windowS: 15 * 60,
});

export interface LoginRateLimit {
  /** Throws LOGIN_RATE_LIMITED (with `retryAfterS`) when the account or the address is over its limit. */
  assertAllowed(email: string, address: string, nowMs: number): void;
  /** Counts an attempt (a failure until refunded) against the account and the address. */
  charge(email: string, address: string, nowMs: number): void;
  /** After a successful attempt charged at `nowMs`: clears the account's failures and that charge of the address. */
  refund(email: string, address: string, nowMs: number): void;
}

export function createLoginRateLimit(db: SqliteDatabase, settings: LoginRateLimitSettings): LoginRateLimit {
  const windowMs = settings.windowS * 1000;
  // The time of the n-th most recent failure in the window: a limit of n is reached when it exists.
  const nthRecent = db.prepare<[string, number, number], { t_ms: number }>(
    'SELECT t_ms FROM login_attempt WHERE key = ? AND t_ms > ? ORDER BY t_ms DESC LIMIT 1 OFFSET ?',
  );
  const insert = db.prepare('INSERT INTO login_attempt (key, t_ms) VALUES (?, ?)');
  const pruneKey = db.prepare('DELETE FROM login_attempt WHERE key = ? AND t_ms <= ?');
  const clearKey = db.prepare('DELETE FROM login_attempt WHERE key = ?');
  const removeOne = db.prepare(
    'DELETE FROM login_attempt WHERE rowid = (SELECT rowid FROM login_attempt WHERE key = ? AND t_ms = ? LIMIT 1)',
  );
  const record = db.transaction((keys: string[], nowMs: number) => {
    for (const key of keys) {
      pruneKey.run(key, nowMs - windowMs);
      insert.run(key, nowMs);
    }
  });

  /** Ms until `key` is under `max` failures again; 0 when it is now. */
  const blockedForMs = (key: string, max: number, nowMs: number): number => {
    const row = nthRecent.get(key, nowMs - windowMs, max - 1);
    return row === undefined ? 0 : row.t_ms + windowMs - nowMs;
  };

  return {
    assertAllowed(email, address, nowMs) {
      const waitMs = Math.max(
        blockedForMs(accountKey(email), settings.accountMaxFailures, nowMs),
        blockedForMs(addressKey(address), settings.addressMaxFailures, nowMs),
      );
      if (waitMs > 0) throw stanceError('LOGIN_RATE_LIMITED', { retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) });
    },
    charge(email, address, nowMs) {
      record([accountKey(email), addressKey(address)], nowMs);
    },
    refund(email, address, nowMs) {
      clearKey.run(accountKey(email));
      removeOne.run(addressKey(address), nowMs);
    },
  };
}

function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

function addressKey(address: string): string {
  return `address:${address}`;
}
