/**
 * Pairing codes (table `pairing_code`, migration 10): a wearer (or their coach) asks for a short code, types it
 * into the sensor's setup (or the phone app), and the device that presents it is created for that wearer. The
 * code is the only credential of that one request, so it is:
 * - 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L): 31^8 ≈ 8.5e11 codes;
 * - stored as its SHA-256 only, and shown once;
 * - valid for `ttlS`, and used at most once (the use is recorded in the same transaction that creates the device);
 * - redeemed under a rate limit: failed attempts are counted per client address and in all, in a sliding window,
 *   and over either limit every attempt is refused with PAIRING_RATE_LIMITED until the oldest failure leaves it.
 *   With the defaults a guesser from one address gets 10 tries per 10 minutes against codes that live 10 minutes.
 *
 * SHA-256 without a salt is enough here: a code expires within minutes and is single-use, so a copy of the
 * database is worth nothing by the time anyone could search it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../db/open-database.js';
import { stanceError } from '../errors.js';

export const PAIRING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export interface PairingCodeSettings {
  /** Characters in a code. */
  length: number;
  /** How long a code is valid, s. */
  ttlS: number;
  /** Failed redemptions from one client address within the window before its attempts are refused. */
  addressMaxFailures: number;
  /** Failed redemptions from all addresses together within the window (a distributed guess). */
  totalMaxFailures: number;
  /** Length of the sliding window, s. */
  windowS: number;
}

export const DEFAULT_PAIRING_CODE_SETTINGS: Readonly<PairingCodeSettings> = Object.freeze({
  length: 8,
  ttlS: 600,
  addressMaxFailures: 10,
  totalMaxFailures: 100,
  windowS: 600,
});

export interface IssuedPairingCode {
  code: string;
  expiresMs: number;
}

export interface PairingCodes {
  issue(wearerId: string, createdBy: string, nowMs: number): IssuedPairingCode;
  /**
   * Redeems `code` from `address`: in one transaction, marks it used and runs `pair(wearerId)`, whose result
   * (the new device's id) is recorded with it. A throwing `pair` leaves the code unused. Throws
   * PAIRING_CODE_INVALID (unknown, used or expired) or PAIRING_RATE_LIMITED.
   */
  redeem<T extends { id: string }>(code: string, address: string, nowMs: number, pair: (wearerId: string) => T): T;
}

interface CodeRow {
  wearer_id: string;
  expires_ms: number;
  used_ms: number | null;
}

export function createPairingCodes(db: SqliteDatabase, settings: Readonly<PairingCodeSettings> = DEFAULT_PAIRING_CODE_SETTINGS): PairingCodes {
  const insert = db.prepare('INSERT INTO pairing_code (code_hash, wearer_id, created_by, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?)');
  const select = db.prepare<[Buffer], CodeRow>('SELECT wearer_id, expires_ms, used_ms FROM pairing_code WHERE code_hash = ?');
  const markUsed = db.prepare('UPDATE pairing_code SET used_ms = ?, device_id = ? WHERE code_hash = ? AND used_ms IS NULL');
  const pruneOld = db.prepare('DELETE FROM pairing_code WHERE expires_ms <= ? AND used_ms IS NULL');
  const failures = createFailureWindow(settings.windowS * 1000);
  const TOTAL = '\u0000all';

  return {
    issue(wearerId, createdBy, nowMs) {
      pruneOld.run(nowMs - settings.windowS * 1000);
      for (;;) {
        const code = randomCode(settings.length);
        if (select.get(hashCode(code)) !== undefined) continue; // taken (used or live): draw again
        const expiresMs = nowMs + settings.ttlS * 1000;
        insert.run(hashCode(code), wearerId, createdBy, nowMs, expiresMs);
        return { code, expiresMs };
      }
    },
    redeem(code, address, nowMs, pair) {
      const waitMs = Math.max(
        failures.blockedForMs(address, settings.addressMaxFailures, nowMs),
        failures.blockedForMs(TOTAL, settings.totalMaxFailures, nowMs),
      );
      if (waitMs > 0) throw stanceError('PAIRING_RATE_LIMITED', { retryAfterS: Math.ceil(waitMs / 1000) });
      const hash = hashCode(normaliseCode(code));
      const row = select.get(hash);
      if (row === undefined || row.used_ms !== null || row.expires_ms <= nowMs) {
        failures.add(address, nowMs);
        failures.add(TOTAL, nowMs);
        throw stanceError('PAIRING_CODE_INVALID');
      }
      return db.transaction(() => {
        const result = pair(row.wearer_id);
        if (markUsed.run(nowMs, result.id, hash).changes === 0) throw stanceError('PAIRING_CODE_INVALID');
        return result;
      })();
    },
  };
}

/** What people type: upper case, without spaces or dashes ("abcd-efgh" is "ABCDEFGH"). */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

function hashCode(code: string): Buffer {
  return createHash('sha256').update(code, 'utf8').digest();
}

/** Uniform over the alphabet: bytes at or above the largest multiple of its size are drawn again. */
function randomCode(length: number): string {
  const n = PAIRING_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  while (code.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && code.length < length) code += PAIRING_CODE_ALPHABET[byte % n];
    }
  }
  return code;
}

/** Failure times per key in a sliding window, in memory (a restart forgets them; codes live minutes anyway). */
function createFailureWindow(windowMs: number) {
  const byKey = new Map<string, number[]>();
  const recent = (key: string, nowMs: number): number[] => {
    const kept = (byKey.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    if (kept.length === 0) byKey.delete(key);
    else byKey.set(key, kept);
    return kept;
  };
  return {
    add(key: string, nowMs: number): void {
      // Addresses that stopped trying are forgotten now and then, so the map stays small.
      if (byKey.size > 10_000) for (const k of [...byKey.keys()]) recent(k, nowMs);
      byKey.set(key, [...recent(key, nowMs), nowMs]);
    },
    /** Ms until `key` has fewer than `max` failures in the window; 0 when it has now. */
    blockedForMs(key: string, max: number, nowMs: number): number {
      const times = recent(key, nowMs);
      if (times.length < max) return 0;
      return (times[times.length - max] as number) + windowMs - nowMs;
    },
  };
}
