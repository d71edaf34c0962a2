/**
 * Raw-sample retention: journal entries go once every consumer has processed them AND they are older than
 * RAW_RETENTION_H (calibration windows and re-analysis read the recent ones back). Deletes in chunks so one
 * pass never holds the write lock for long.
 */
import type { Journal } from './journal.js';

/** Rows deleted per statement. */
export const PRUNE_CHUNK_ENTRIES = 5000;

/** Deletes what may go; returns how many entries were deleted. */
export function pruneJournal(journal: Journal, cursors: readonly number[], retentionMs: number, nowMs: number): number {
  if (cursors.length === 0) return 0;
  const upToPos = Math.min(...cursors);
  const before = nowMs - retentionMs;
  let total = 0;
  for (;;) {
    const deleted = journal.prune(upToPos, before, PRUNE_CHUNK_ENTRIES);
    total += deleted;
    if (deleted < PRUNE_CHUNK_ENTRIES) return total;
  }
}

/** Forgets batch identities received more than `retentionMs` ago; returns how many. */
export function pruneIdentities(journal: Journal, retentionMs: number, nowMs: number): number {
  let total = 0;
  for (;;) {
    const deleted = journal.pruneIdentities(nowMs - retentionMs, PRUNE_CHUNK_ENTRIES);
    total += deleted;
    if (deleted < PRUNE_CHUNK_ENTRIES) return total;
  }
}
