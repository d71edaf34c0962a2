/**
 * A form's request in flight. While it runs, `busy` (the submit button says so; a second submit is ignored).
 * When the server objects to what was typed (a 4xx other than 429), `problem` holds its message as a sentence,
 * shown beside the form; any other failure goes to the one error handler.
 *
 *   const saving = new FormSubmission('save the note');
 *   await saving.run(async () => { await api.post(...); text = ''; });
 *   {#if saving.problem}<p class="problem" role="alert">{saving.problem}</p>{/if}
 */
import { ApiError } from './api/client.js';
import { reportError } from './errors.svelte.js';

export class FormSubmission {
  busy = $state(false);
  /** The server's objection to the last submission, or a check of the form's own (set it before `run`). */
  problem = $state<string | null>(null);

  /** `attempted` completes the error handler's "Could not …". */
  constructor(private readonly attempted: string) {}

  /** Runs `send` unless one is running; true when it went through. */
  async run(send: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.problem = null;
    try {
      await send();
      return true;
    } catch (error) {
      if (isFormError(error)) this.problem = sentence(error);
      else reportError(error, this.attempted);
      return false;
    } finally {
      this.busy = false;
    }
  }
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
