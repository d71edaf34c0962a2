/** What the signed-out screens share: password rules as the server has them. */

/** The server's minimum password length (apps/ingest/src/auth/password-policy.ts: 10 characters). */
export const MIN_PASSWORD_LENGTH = 10;

/** A problem with a new password and its confirmation, or null when both are fine. */
export function passwordProblem(password: string, confirmation: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password !== confirmation) return 'The two passwords are not the same.';
  return null;
}
