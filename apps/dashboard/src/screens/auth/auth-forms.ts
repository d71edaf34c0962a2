/** What the signed-out screens share: password rules as the server has them, and readable messages. */
import { ApiError } from '../../lib/api/client.js';

/** The server's minimum password length (accounts: 8 characters). */
export const MIN_PASSWORD_LENGTH = 8;

/** A problem with a new password and its confirmation, or null when both are fine. */
export function passwordProblem(password: string, confirmation: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password !== confirmation) return 'The two passwords are not the same.';
  return null;
}

/** The server's message as a sentence ("wrong e-mail address or password" → "Wrong e-mail address or password."). */
export function sentence(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const trimmed = text.trim();
  if (!trimmed) return 'Something went wrong.';
  const capital = trimmed[0]?.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** True for errors a form shows beside itself (bad input, wrong password); others go to the one handler. */
export function isFormError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
}
