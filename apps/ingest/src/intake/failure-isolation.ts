/**
 * What a consumer group does when its runs keep failing on the data itself: finds the one journal entry a
 * consumer cannot process and has that consumer skip it, so one bad batch (a bug on an input nobody foresaw)
 * does not stop the analysis of every other batch and device behind it.
 *
 * Only errors that are about the data count (`isDataError`): a constraint or type the row broke, a TypeError
 * or RangeError in the consumer's code. A full disk, an I/O error, a busy database, a lost lease or anything
 * unknown is the system's, and the group just retries the same entries later, skipping nothing.
 *
 * After a data error the group reads smaller runs (half the last failing one each time) from where the
 * consumers are, every run settling its deferred effects so a later rollback rewinds no further than the last
 * success, until a run of one entry fails: that entry is the suspect. It is skipped tentatively, and only when
 * the next run, which applies the entry after it for the same consumer, commits, is the skip confirmed. If
 * that run fails on the data too, the failure is not one entry's: the skip is undone and the group stops
 * isolating (retrying as for a system error) until a run succeeds again.
 *
 * Pure state, no I/O: the group reports each run's outcome and asks how much to read and what to skip.
 */

/** better-sqlite3 error codes (and prefixes) that say the row was wrong, not the database or the disk. */
const DATA_ERROR_CODES = ['SQLITE_CONSTRAINT', 'SQLITE_MISMATCH', 'SQLITE_TOOBIG', 'SQLITE_RANGE'];

/** True when `error` is about what was being written or computed, so another entry would fare differently. */
export function isDataError(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DATA_ERROR_CODES.some((c) => code === c || code.startsWith(`${c}_`));
}

/** A run as the isolation sees it. */
export interface RunOutcome {
  /** Positions of the entries whose effects the failing consumer was writing (its share of the run), in order. */
  positions: readonly number[];
  /** The consumer that was applying or flushing when it failed (null: it failed elsewhere, e.g. a cursor write). */
  failedIn: string | null;
}

/** A confirmed skip: the entry at `pos` is never applied by `consumer`. */
export interface EntrySkip {
  consumer: string;
  pos: number;
}

export interface FailureIsolation {
  /** True while runs are narrowed (each run also settles deferred effects). */
  readonly isolating: boolean;
  /** Entries the next run reads at most, given the normal chunk. */
  chunk(normal: number): number;
  /** Whether `consumer` skips the entry at `pos` (tentatively or confirmed). */
  skips(consumer: string, pos: number): boolean;
  /** Whether `pos` is a tentative skip of `consumer` (a run must apply an entry after it to confirm it). */
  tentative(consumer: string, pos: number): boolean;
  /** A run failed with `error`. Returns whether it was a data error (retry soon) or not (retry later). */
  failed(run: RunOutcome, error: unknown): 'narrowing' | 'retry';
  /**
   * A run committed; `appliedAfter(consumer, pos)` tells whether it applied an entry after `pos` for that
   * consumer, and `lowestPosition` is where the slowest consumer now is. Returns the skip it confirmed, if any.
   */
  succeeded(appliedAfter: (consumer: string, pos: number) => boolean, lowestPosition: number): EntrySkip | null;
}

type State =
  | { mode: 'normal' }
  /** Narrowing: runs read `chunk` entries until a one-entry run fails or the consumers pass `horizon`. */
  | { mode: 'narrowing'; chunk: number; horizon: number }
  /** An entry is skipped tentatively; the next run that applies a later one for `consumer` confirms it. */
  | { mode: 'confirming'; skip: EntrySkip }
  /** The data errors were not one entry's: plain retries until a run succeeds. */
  | { mode: 'stalled' };

export function createFailureIsolation(): FailureIsolation {
  let state: State = { mode: 'normal' };
  const confirmed = new Map<string, Set<number>>();
  const isTentative = (consumer: string, pos: number): boolean =>
    state.mode === 'confirming' && state.skip.consumer === consumer && state.skip.pos === pos;

  return {
    get isolating() {
      return state.mode === 'narrowing' || state.mode === 'confirming';
    },
    chunk(normal) {
      if (state.mode === 'narrowing') return Math.min(normal, state.chunk);
      // The skipped entry and the one after it: applying that one is what confirms the skip.
      if (state.mode === 'confirming') return Math.min(normal, 2);
      return normal;
    },
    skips(consumer, pos) {
      return isTentative(consumer, pos) || (confirmed.get(consumer)?.has(pos) ?? false);
    },
    tentative: isTentative,
    failed(run, error) {
      if (!isDataError(error) || run.failedIn === null || run.positions.length === 0) return 'retry';
      const last = run.positions[run.positions.length - 1] as number;
      switch (state.mode) {
        case 'normal':
          state = { mode: 'narrowing', chunk: Math.max(1, Math.floor(run.positions.length / 2)), horizon: last };
          return 'narrowing';
        case 'narrowing':
          if (run.positions.length > 1) {
            state.chunk = Math.max(1, Math.floor(Math.min(state.chunk, run.positions.length) / 2));
            return 'narrowing';
          }
          state = { mode: 'confirming', skip: { consumer: run.failedIn, pos: run.positions[0] as number } };
          return 'narrowing';
        case 'confirming':
          // The entry after the suspect failed too: this is not one entry's fault.
          state = { mode: 'stalled' };
          return 'retry';
        case 'stalled':
          return 'retry';
      }
    },
    succeeded(appliedAfter, lowestPosition) {
      if (state.mode === 'stalled') state = { mode: 'normal' };
      if (state.mode === 'confirming') {
        const { skip } = state;
        if (!appliedAfter(skip.consumer, skip.pos)) return null;
        let set = confirmed.get(skip.consumer);
        if (set === undefined) confirmed.set(skip.consumer, (set = new Set()));
        set.add(skip.pos);
        // Another bad entry up to the horizon starts its own narrowing from the normal chunk.
        state = { mode: 'normal' };
        return skip;
      }
      if (state.mode === 'narrowing' && lowestPosition >= state.horizon) state = { mode: 'normal' };
      return null;
    },
  };
}
