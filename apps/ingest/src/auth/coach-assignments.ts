/**
 * Coach ↔ wearer assignments (table `coach_assignment`, migration 10). A coach sees and annotates the wearers
 * assigned to it; the assignments are loaded into the principal at each authentication (`coachOf`), so a
 * change applies to the next request.
 */
import type { SqliteDatabase } from '../db/open-database.js';

export interface AssignedCoach {
  id: string;
  name: string;
  email: string;
}

export interface CoachAssignments {
  /** Assigns; already assigned is fine (keeps the first time). Returns whether it was new. */
  assign(coachAccountId: string, wearerId: string, nowMs?: number): boolean;
  /** Returns whether there was such an assignment. */
  unassign(coachAccountId: string, wearerId: string): boolean;
  /** Wearer ids assigned to a coach account. */
  wearersOf(coachAccountId: string): string[];
  /** The coach accounts assigned to a wearer, by name. */
  coachesOf(wearerId: string): AssignedCoach[];
}

export function createCoachAssignments(db: SqliteDatabase): CoachAssignments {
  const insert = db.prepare('INSERT OR IGNORE INTO coach_assignment (coach_account_id, wearer_id, created_ms) VALUES (?, ?, ?)');
  const remove = db.prepare('DELETE FROM coach_assignment WHERE coach_account_id = ? AND wearer_id = ?');
  const wearers = db.prepare<[string], { wearer_id: string }>(
    'SELECT wearer_id FROM coach_assignment WHERE coach_account_id = ? ORDER BY created_ms, wearer_id',
  );
  const coaches = db.prepare<[string], AssignedCoach>(
    `SELECT a.id, a.name, a.email FROM coach_assignment c JOIN account a ON a.id = c.coach_account_id
     WHERE c.wearer_id = ? ORDER BY a.name, a.id`,
  );
  return {
    assign: (coachAccountId, wearerId, nowMs = Date.now()) => insert.run(coachAccountId, wearerId, nowMs).changes > 0,
    unassign: (coachAccountId, wearerId) => remove.run(coachAccountId, wearerId).changes > 0,
    wearersOf: (coachAccountId) => wearers.all(coachAccountId).map((r) => r.wearer_id),
    coachesOf: (wearerId) => coaches.all(wearerId),
  };
}
