/**
 * Coach notes (table `coach_note`, migration 10): a coach's remark on a wearer, or on one of the wearer's
 * local days ('YYYY-MM-DD'). The wearer and their coaches read them; coaches write them.
 */
import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from '../db/open-database.js';
import { DAY_MS, localDateStartMs } from '../insights/local-calendar.js';
import type { TimeRange } from '../store/store-port.js';

export interface CoachNote {
  id: string;
  wearerId: string;
  authorAccountId: string;
  /** The author's name (null if that account is gone). */
  authorName: string | null;
  /** The local day the note is about, or null for a note on the wearer. */
  day: string | null;
  text: string;
  createdMs: number;
}

export interface CoachNotes {
  add(wearerId: string, authorAccountId: string, text: string, day: string | null, nowMs: number): CoachNote;
  /** Every note on the wearer, newest first. */
  list(wearerId: string): CoachNote[];
  get(wearerId: string, id: string): CoachNote | null;
  /** Returns whether the note existed. */
  remove(wearerId: string, id: string): boolean;
}

interface NoteRow {
  id: string;
  wearer_id: string;
  author_account_id: string;
  author_name: string | null;
  day: string | null;
  text: string;
  created_ms: number;
}

const SELECT = `SELECT n.id, n.wearer_id, n.author_account_id, a.name AS author_name, n.day, n.text, n.created_ms
  FROM coach_note n LEFT JOIN account a ON a.id = n.author_account_id`;

export function createCoachNotes(db: SqliteDatabase): CoachNotes {
  const insert = db.prepare('INSERT INTO coach_note (id, wearer_id, author_account_id, day, text, created_ms) VALUES (?, ?, ?, ?, ?, ?)');
  const all = db.prepare<[string], NoteRow>(`${SELECT} WHERE n.wearer_id = ? ORDER BY n.created_ms DESC, n.id`);
  const one = db.prepare<[string, string], NoteRow>(`${SELECT} WHERE n.wearer_id = ? AND n.id = ?`);
  const remove = db.prepare('DELETE FROM coach_note WHERE wearer_id = ? AND id = ?');
  const get = (wearerId: string, id: string): CoachNote | null => {
    const row = one.get(wearerId, id);
    return row === undefined ? null : toNote(row);
  };
  return {
    add(wearerId, authorAccountId, text, day, nowMs) {
      const id = randomUUID();
      insert.run(id, wearerId, authorAccountId, day, text, nowMs);
      return get(wearerId, id) as CoachNote;
    },
    list: (wearerId) => all.all(wearerId).map(toNote),
    get,
    remove: (wearerId, id) => remove.run(wearerId, id).changes > 0,
  };
}

/**
 * Notes that belong to `range`: a note on a day when that local day overlaps the range, any other note when
 * it was written within the range.
 */
export function notesInRange(notes: readonly CoachNote[], range: TimeRange, utcOffsetMin: number): CoachNote[] {
  return notes.filter((n) => {
    const dayStartMs = n.day === null ? null : localDateStartMs(n.day, utcOffsetMin);
    if (dayStartMs === null) return n.createdMs >= range.fromMs && n.createdMs < range.toMs;
    return dayStartMs < range.toMs && dayStartMs + DAY_MS > range.fromMs;
  });
}

function toNote(r: NoteRow): CoachNote {
  return {
    id: r.id, wearerId: r.wearer_id, authorAccountId: r.author_account_id, authorName: r.author_name,
    day: r.day, text: r.text, createdMs: r.created_ms,
  };
}
