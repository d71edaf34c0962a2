/**
 * The exercise log (table `exercise_log`, migration 10): what a wearer did and when, logged by the wearer or
 * their coach. Entries name catalogue exercises by id; the caller checks the id against the catalogue.
 */
import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from '../db/open-database.js';
import type { TimeRange } from '../store/store-port.js';

export interface ExerciseLogEntry {
  id: string;
  wearerId: string;
  exerciseId: string;
  /** When it was done, epoch ms. */
  doneMs: number;
  /** Account that logged it, and its name (null if that account is gone). */
  loggedBy: string;
  loggedByName: string | null;
  note: string | null;
}

export interface NewExerciseLogEntry {
  exerciseId: string;
  doneMs: number;
  loggedBy: string;
  note: string | null;
}

export interface ExerciseLog {
  add(wearerId: string, entry: NewExerciseLogEntry): ExerciseLogEntry;
  /** Entries done within `range`, oldest first. */
  list(wearerId: string, range: TimeRange): ExerciseLogEntry[];
  get(wearerId: string, id: string): ExerciseLogEntry | null;
  /** Returns whether the entry existed. */
  remove(wearerId: string, id: string): boolean;
  /** When the entries within `range` were done, oldest first (session counting). */
  doneTimes(wearerId: string, range: TimeRange): number[];
}

interface EntryRow {
  id: string;
  wearer_id: string;
  exercise_id: string;
  done_ms: number;
  logged_by: string;
  logged_by_name: string | null;
  note: string | null;
}

const SELECT = `SELECT l.id, l.wearer_id, l.exercise_id, l.done_ms, l.logged_by, a.name AS logged_by_name, l.note
  FROM exercise_log l LEFT JOIN account a ON a.id = l.logged_by`;

export function createExerciseLog(db: SqliteDatabase): ExerciseLog {
  const insert = db.prepare('INSERT INTO exercise_log (id, wearer_id, exercise_id, done_ms, logged_by, note) VALUES (?, ?, ?, ?, ?, ?)');
  const inRange = db.prepare<[string, number, number], EntryRow>(
    `${SELECT} WHERE l.wearer_id = ? AND l.done_ms >= ? AND l.done_ms < ? ORDER BY l.done_ms, l.id`,
  );
  const one = db.prepare<[string, string], EntryRow>(`${SELECT} WHERE l.wearer_id = ? AND l.id = ?`);
  const remove = db.prepare('DELETE FROM exercise_log WHERE wearer_id = ? AND id = ?');
  const times = db.prepare<[string, number, number], { done_ms: number }>(
    'SELECT done_ms FROM exercise_log WHERE wearer_id = ? AND done_ms >= ? AND done_ms < ? ORDER BY done_ms',
  );
  const get = (wearerId: string, id: string): ExerciseLogEntry | null => {
    const row = one.get(wearerId, id);
    return row === undefined ? null : toEntry(row);
  };
  return {
    add(wearerId, entry) {
      const id = randomUUID();
      insert.run(id, wearerId, entry.exerciseId, entry.doneMs, entry.loggedBy, entry.note);
      return get(wearerId, id) as ExerciseLogEntry;
    },
    list: (wearerId, range) => inRange.all(wearerId, range.fromMs, range.toMs).map(toEntry),
    get,
    remove: (wearerId, id) => remove.run(wearerId, id).changes > 0,
    doneTimes: (wearerId, range) => times.all(wearerId, range.fromMs, range.toMs).map((r) => r.done_ms),
  };
}

function toEntry(r: EntryRow): ExerciseLogEntry {
  return {
    id: r.id, wearerId: r.wearer_id, exerciseId: r.exercise_id, doneMs: r.done_ms,
    loggedBy: r.logged_by, loggedByName: r.logged_by_name, note: r.note,
  };
}
