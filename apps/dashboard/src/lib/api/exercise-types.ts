/** Recommendations, the catalogue, the exercise log, coach notes and pins, the coach's list. */
import type { WeekNumbers } from './posture-types.js';

export interface Recommendation {
  exerciseId: string;
  name: string;
  category: string;
  /** Why, quoting the wearer's numbers. */
  reason: string;
  dose: string;
  pinned: boolean;
  howTo: string;
}

export interface RecommendationList {
  recommendations: Recommendation[];
}

export interface Exercise {
  id: string;
  name: string;
  category: string;
  dose: string;
  howTo: string;
  targets: string[];
}

export interface ExerciseCatalogue {
  exercises: Exercise[];
}

export interface ExerciseLogEntry {
  id: string;
  exerciseId: string;
  name: string;
  doneMs: number;
  loggedBy: string;
  note: string | null;
}

export interface ExerciseLog {
  entries: ExerciseLogEntry[];
}

export interface CoachNote {
  id: string;
  authorName: string;
  /** 'YYYY-MM-DD', wearer-local. */
  day: string;
  text: string;
  createdMs: number;
}

export interface NoteList {
  notes: CoachNote[];
}

export interface Pin {
  exerciseId: string;
  name: string;
  dose: string;
  pinnedMs: number;
  pinnedBy: string;
}

export interface PinList {
  pins: Pin[];
}

export interface BeforeAfter {
  planStartMs: number | null;
  before: WeekNumbers[];
  after: WeekNumbers[];
}

export type CoachFlag = 'worsening' | 'not_worn' | 'calibration_stale' | 'sensor_offline' | 'no_device';

export interface CoachWearer {
  id: string;
  name: string;
  thisWeek: WeekNumbers;
  lastWeek: WeekNumbers;
  lastSeenMs: number | null;
  flags: CoachFlag[];
}

export interface CoachWearerList {
  wearers: CoachWearer[];
}
