/**
 * The one error handler: every failed action calls `reportError(error, whatWasAttempted)`; the shell shows
 * the list as dismissable notices that say what went wrong and what to do.
 */
import { ApiError } from './api/client.js';

export interface Notice {
  id: number;
  title: string;
  detail: string;
  action: string;
}

let next = 1;

class Notices {
  list = $state<Notice[]>([]);

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }
}

export const notices = new Notices();

/** What the person can do about an error. */
export function adviceFor(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return 'Check the connection; the page retries when you try again.';
    if (error.status === 401) return 'Sign in again.';
    if (error.status === 403 || error.status === 404) return 'Ask your coach or administrator for access.';
    if (error.status === 400 || error.status === 409 || error.status === 422) return 'Correct the highlighted values and try again.';
    if (error.status === 429) return 'Wait a minute before trying again.';
    return 'Try again in a moment; if it keeps failing, tell your administrator.';
  }
  return 'Reload the page; if it keeps failing, tell your administrator.';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function reportError(error: unknown, attempted: string): void {
  const notice: Notice = { id: next++, title: `Could not ${attempted}`, detail: messageOf(error), action: adviceFor(error) };
  notices.list = [...notices.list.slice(-3), notice];
}
