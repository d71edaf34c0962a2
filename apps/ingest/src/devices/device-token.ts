/**
 * Device tokens: 32 random bytes (256 bits) shown once as base64url, stored as sha256(salt ‖ token) with a
 * 16-byte per-device salt.
 *
 * Why a fast hash and not scrypt: a slow KDF protects low-entropy secrets (passwords people choose) from
 * guessing after a database leak. A 256-bit random token cannot be guessed at any hash speed, so the KDF
 * would buy nothing, while it would cost tens of milliseconds of CPU per MQTT CONNECT: after a restart,
 * 10,000 sensors reconnecting at once would spend minutes in scrypt. The salt keeps two hashes of the same
 * token apart (and precomputed tables useless); the compare is constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random bytes in a token (256 bits). */
export const TOKEN_BYTES = 32;
/** Random bytes in a per-device salt. */
export const SALT_BYTES = 16;

export interface HashedToken {
  salt: Buffer;
  hash: Buffer;
}

/** A new token, base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Hashes `token` with a fresh salt, for storage. */
export function hashToken(token: string): HashedToken {
  const salt = randomBytes(SALT_BYTES);
  return { salt, hash: digest(salt, token) };
}

/** True when `token` matches the stored hash; the comparison takes the same time wherever they differ. */
export function verifyToken(token: string, stored: HashedToken): boolean {
  const candidate = digest(stored.salt, token);
  return candidate.length === stored.hash.length && timingSafeEqual(candidate, stored.hash);
}

/** A salt and hash no token matches, to spend the same work on an unknown device id as on a known one. */
export const DUMMY_HASHED_TOKEN: Readonly<HashedToken> = Object.freeze({
  salt: Buffer.alloc(SALT_BYTES),
  hash: Buffer.alloc(32),
});

function digest(salt: Buffer, token: string): Buffer {
  return createHash('sha256').update(salt).update(token, 'utf8').digest();
}
