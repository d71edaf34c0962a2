/**
 * The intake journal as one partition's consumers see it: the same table, read through the `(part, pos)`
 * index, so `readAfter` returns only that partition's entries and `lastPos` is the position of its newest one.
 * A partition's cursors therefore advance over its own entries only, and a worker that takes a partition over
 * resumes exactly where the previous holder's last committed transaction left each cursor.
 */
import type { SqliteDatabase } from '../db/open-database.js';
import { journalEntryFromRow, type Journal, type JournalRow } from '../intake/journal.js';

export function createPartitionJournal(db: SqliteDatabase, journal: Journal, part: number): Journal {
  const select = db.prepare<[number, number, number], JournalRow>(
    'SELECT * FROM journal WHERE part = ? AND pos > ? ORDER BY pos LIMIT ?',
  );
  const newest = db.prepare<[number], { pos: number | null }>('SELECT max(pos) AS pos FROM journal WHERE part = ?');
  return {
    ...journal,
    readAfter: (afterPos, limit) => select.all(part, afterPos, limit).map(journalEntryFromRow),
    lastPos: () => newest.get(part)?.pos ?? 0,
  };
}

/** Entries of partition `part` after `afterPos` (its consumers' backlog). */
export function partitionBacklog(db: SqliteDatabase): (part: number, afterPos: number) => number {
  const count = db.prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM journal WHERE part = ? AND pos > ?');
  return (part, afterPos) => count.get(part, afterPos)?.n ?? 0;
}
