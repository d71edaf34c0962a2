/**
 * The exercise routes of one wearer (team notes, "Wearer resources"), typed. The screen's parts call these
 * rather than building paths themselves, so a path lives in one place.
 */
import { api } from '../../lib/api/client.js';
import type { BeforeAfter, Exercise, ExerciseLog, ExerciseLogEntry, Recommendation, Wearer } from '../../lib/api/types.js';

/** A recommendation as the service answers it: `howTo` is a list of steps (a text in older answers). */
export type RankedExercise = Omit<Recommendation, 'howTo'> & { howTo: string | string[] };

/** `GET recommendations`: the list plus why it may be short ("not enough data yet ...") and the disclaimer. */
export interface RecommendationsAnswer {
  recommendations: RankedExercise[];
  status?: 'ok' | 'not-enough-data' | 'nothing-found';
  message?: string | null;
  disclaimer?: string;
}

/** A catalogue entry as answered: steps as a list, with cautions. */
export type CatalogueExercise = Omit<Exercise, 'howTo'> & { howTo: string | string[]; cautions?: string[]; unilateral?: boolean };

export interface CatalogueAnswer {
  exercises: CatalogueExercise[];
  disclaimer?: string;
}

const DAY_MS = 86_400_000;

/** How far back the history reaches, days. */
export const HISTORY_DAYS = 30;

/** Weeks either side of the plan start in the before/after chart. */
export const BEFORE_AFTER_WEEKS = 4;

export function exercisesApi(wearerId: string) {
  const base = `/api/wearers/${encodeURIComponent(wearerId)}`;
  return {
    wearer: () => api.get<Wearer>(base),
    recommendations: () => api.get<RecommendationsAnswer>(`${base}/recommendations`),
    catalogue: () => api.get<CatalogueAnswer>('/api/exercises'),
    log: (nowMs = Date.now()) =>
      api.get<ExerciseLog>(`${base}/exercise-log`, { from: nowMs - HISTORY_DAYS * DAY_MS, to: nowMs + DAY_MS }),
    logDone: (exerciseId: string, note?: string) =>
      api.post<ExerciseLogEntry>(`${base}/exercise-log`, note ? { exerciseId, note } : { exerciseId }),
    removeEntry: (entryId: string) => api.del<void>(`${base}/exercise-log/${encodeURIComponent(entryId)}`),
    startPlan: () => api.post<unknown>(`${base}/plan`, {}),
    beforeAfter: () => api.get<BeforeAfter>(`${base}/before-after`, { weeks: BEFORE_AFTER_WEEKS }),
  };
}

export type ExercisesApi = ReturnType<typeof exercisesApi>;
