/**
 * Exercises a coach pinned for a wearer (table `pinned_exercise`, migration 10), optionally with the coach's own
 * dose. Pinned exercises lead the wearer's recommendations. One pin per exercise; pinning again updates it.
 */
import type { SqliteDatabase } from '../db/open-database.js';

export interface PinnedExercise {
  wearerId: string;
  exerciseId: string;
  /** Account that pinned it, and its name (null if that account is gone). */
  pinnedBy: string;
  pinnedByName: string | null;
  pinnedMs: number;
  /** The coach's dose; null: the catalogue's. */
  dose: string | null;
}

export interface PinnedExercises {
  /** Pins (or re-pins, replacing who, when and the dose). */
  pin(wearerId: string, exerciseId: string, pinnedBy: string, dose: string | null, nowMs: number): PinnedExercise;
  /** Returns whether it was pinned. */
  unpin(wearerId: string, exerciseId: string): boolean;
  /** The wearer's pins, oldest first. */
  list(wearerId: string): PinnedExercise[];
}

interface PinRow {
  wearer_id: string;
  exercise_id: string;
  pinned_by: string;
  pinned_by_name: string | null;
  pinned_ms: number;
  dose: string | null;
}

const SELECT = `SELECT p.wearer_id, p.exercise_id, p.pinned_by, a.name AS pinned_by_name, p.pinned_ms, p.dose
  FROM pinned_exercise p LEFT JOIN account a ON a.id = p.pinned_by`;

export function createPinnedExercises(db: SqliteDatabase): PinnedExercises {
  const upsert = db.prepare('INSERT OR REPLACE INTO pinned_exercise (wearer_id, exercise_id, pinned_by, pinned_ms, dose) VALUES (?, ?, ?, ?, ?)');
  const remove = db.prepare('DELETE FROM pinned_exercise WHERE wearer_id = ? AND exercise_id = ?');
  const all = db.prepare<[string], PinRow>(`${SELECT} WHERE p.wearer_id = ? ORDER BY p.pinned_ms, p.exercise_id`);
  const one = db.prepare<[string, string], PinRow>(`${SELECT} WHERE p.wearer_id = ? AND p.exercise_id = ?`);
  return {
    pin(wearerId, exerciseId, pinnedBy, dose, nowMs) {
      upsert.run(wearerId, exerciseId, pinnedBy, nowMs, dose);
      return toPin(one.get(wearerId, exerciseId) as PinRow);
    },
    unpin: (wearerId, exerciseId) => remove.run(wearerId, exerciseId).changes > 0,
    list: (wearerId) => all.all(wearerId).map(toPin),
  };
}

function toPin(r: PinRow): PinnedExercise {
  return {
    wearerId: r.wearer_id, exerciseId: r.exercise_id, pinnedBy: r.pinned_by, pinnedByName: r.pinned_by_name,
    pinnedMs: r.pinned_ms, dose: r.dose,
  };
}
