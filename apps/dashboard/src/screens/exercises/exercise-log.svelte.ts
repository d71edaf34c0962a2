/**
 * The wearer's exercise log as the screen shows it: the loaded history, which exercises are being logged
 * right now, and what was logged during this visit (so a "Done" button can say "Logged at 14:05" and offer
 * an undo). One instance per screen, shared by the recommendation cards, the catalogue and the history.
 */
import type { ExerciseLogEntry } from '../../lib/api/types.js';
import { reportError } from '../../lib/errors.svelte.js';
import { Loadable } from '../../lib/loadable.svelte.js';
import type { ExercisesApi } from './exercises-api.js';

export class ExerciseLogState {
  readonly history: Loadable<ExerciseLogEntry[]>;
  /** Exercise ids whose "Done" request is in flight. */
  saving = $state<Record<string, boolean>>({});
  /** Exercise id → the entry logged for it during this visit. */
  loggedNow = $state<Record<string, ExerciseLogEntry>>({});
  /** Entry ids whose removal is in flight. */
  removing = $state<Record<string, boolean>>({});

  constructor(private readonly exercises: ExercisesApi) {
    this.history = new Loadable(async () => (await exercises.log()).entries);
  }

  /** Logs "done now"; true when it was saved. Failures go through the one error handler. */
  async markDone(exerciseId: string): Promise<boolean> {
    if (this.saving[exerciseId]) return false;
    this.saving = { ...this.saving, [exerciseId]: true };
    try {
      const entry = await this.exercises.logDone(exerciseId);
      this.loggedNow = { ...this.loggedNow, [exerciseId]: entry };
      this.history.set([entry, ...(this.history.value ?? [])]);
      return true;
    } catch (error) {
      reportError(error, 'log the exercise');
      return false;
    } finally {
      const { [exerciseId]: _, ...rest } = this.saving;
      this.saving = rest;
    }
  }

  /** Removes an entry (an accidental "Done"). */
  async remove(entry: ExerciseLogEntry): Promise<void> {
    this.removing = { ...this.removing, [entry.id]: true };
    try {
      await this.exercises.removeEntry(entry.id);
      this.history.set((this.history.value ?? []).filter((e) => e.id !== entry.id));
      if (this.loggedNow[entry.exerciseId]?.id === entry.id) {
        const { [entry.exerciseId]: _, ...rest } = this.loggedNow;
        this.loggedNow = rest;
      }
    } catch (error) {
      reportError(error, 'remove the entry');
    } finally {
      const { [entry.id]: _, ...rest } = this.removing;
      this.removing = rest;
    }
  }
}
