/**
 * A wearer's recommendations: the analysis package's rules over their daily rollups (this week against the
 * weeks before), with their coach's pinned exercises first. Reasons quote the wearer's own numbers (the
 * rules' finding texts); a pinned exercise that also answers a finding says so too.
 */
import {
  getExercise,
  recommend,
  type ExerciseCategory,
  type RecommendationResult,
} from '@stance/analysis';
import type { PinnedExercise } from '../coaching/pinned-exercises.js';
import type { PostureStore, Wearer } from '../store/store-port.js';
import { DAY_MS, localDayStartMs, WEEK_MS } from './local-calendar.js';

/** Weeks of daily rollups read: this week, the week before, and enough for the no-progress rule. */
const WEEKS_READ = 8;

export interface WearerRecommendation {
  exerciseId: string;
  name: string;
  category: ExerciseCategory;
  reason: string;
  dose: string;
  /** Pinned by a coach (these come first). */
  pinned: boolean;
  /** Steps, in order. */
  howTo: readonly string[];
}

export interface WearerRecommendations {
  status: RecommendationResult['status'];
  /** Why the list is short or empty, for people; null when there are findings. */
  message: string | null;
  disclaimer: string;
  recommendations: WearerRecommendation[];
}

export async function wearerRecommendations(
  store: PostureStore,
  wearer: Wearer,
  pins: readonly PinnedExercise[],
  nowMs: number,
): Promise<WearerRecommendations> {
  // The current period ends tonight, so today's wear counts.
  const periodEndMs = localDayStartMs(nowMs, wearer.utcOffsetMin) + DAY_MS;
  const days = await store.readRollups(wearer.id, 'day', { fromMs: periodEndMs - WEEKS_READ * WEEK_MS, toMs: periodEndMs });
  const result = recommend({
    days: days.map((d) => d.aggregate),
    periodEndMs,
    coach: { pins: pins.map((p) => ({ exerciseId: p.exerciseId, note: pinNote(p) })), removed: [] },
  });
  const pinsById = new Map(pins.map((p) => [p.exerciseId, p]));
  const recommendations = result.recommendations.flatMap((r): WearerRecommendation[] => {
    const exercise = getExercise(r.exerciseId);
    if (exercise === undefined) return [];
    const pin = pinsById.get(r.exerciseId);
    let reason = r.reason;
    if (pin !== undefined) {
      const answered = result.findings.find((f) => exercise.findings.includes(f.id));
      if (answered !== undefined) reason += ` It also answers what your data shows: ${answered.text}.`;
    }
    return [{
      exerciseId: r.exerciseId,
      name: r.name,
      category: exercise.category,
      reason,
      dose: pin?.dose ?? r.dose,
      pinned: pin !== undefined,
      howTo: exercise.instructions,
    }];
  });
  return { status: result.status, message: result.message, disclaimer: result.disclaimer, recommendations };
}

function pinNote(pin: PinnedExercise): string {
  return pin.pinnedByName === null ? 'Chosen by your coach.' : `Chosen by your coach, ${pin.pinnedByName}.`;
}
