/**
 * What a password set through the API must be. Length is what matters (NIST SP 800-63B): no composition rules,
 * which push people to `Password1!`. The bootstrap admin's password is checked by the settings instead
 * (`POSTURE_ADMIN_PASSWORD`, config.ts).
 */
import { stanceError } from '../errors.js';

/** Characters (UTF-16 code units) a new password needs at least. */
export const PASSWORD_MIN_LENGTH = 10;
/** Characters a password may have at most: bounds the scrypt input. */
export const PASSWORD_MAX_LENGTH = 1024;

/** Throws PASSWORD_TOO_WEAK unless `password` may be set. */
export function assertPasswordAcceptable(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw stanceError('PASSWORD_TOO_WEAK', { reason: `use at least ${PASSWORD_MIN_LENGTH} characters (a few words make a good one)` });
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw stanceError('PASSWORD_TOO_WEAK', { reason: `use at most ${PASSWORD_MAX_LENGTH} characters` });
  }
  if (password.trim() === '') throw stanceError('PASSWORD_TOO_WEAK', { reason: 'not only spaces' });
}
