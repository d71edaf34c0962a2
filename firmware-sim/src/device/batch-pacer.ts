/**
 * When the device produces its next batch. Two modes:
 * - `live`: batch k (from the moment live pacing began) is due at `anchor + (k + 1) * batchMs / speed`, an
 *   absolute schedule, so a late timer does not push every later batch back (no drift).
 * - `fast`: as fast as the broker acknowledges (the device keeps at most its in-flight window unacknowledged).
 *   Used at `speed = Infinity`, and while catching up on data that lies in the past (history), until a batch
 *   ends less than one batch before now; then pacing turns live.
 * Pure state, caller-owned; the device turns it into timers.
 */
export interface BatchPacer {
  mode: 'fast' | 'live';
  readonly speed: number;
  readonly catchUp: boolean;
  readonly batchMs: number;
  /** Wall-clock epoch ms at which live pacing began. */
  anchorWallMs: number;
  /** Batches produced since live pacing began. */
  liveIndex: number;
}

export function createBatchPacer(speed: number, catchUp: boolean, batchS: number, nowMs: number): BatchPacer {
  const fast = speed === Infinity || catchUp;
  return { mode: fast ? 'fast' : 'live', speed, catchUp, batchMs: batchS * 1000, anchorWallMs: nowMs, liveIndex: 0 };
}

/** Wall-clock epoch ms at which the next live batch is due. */
export function pacerDueMs(p: BatchPacer): number {
  return p.anchorWallMs + ((p.liveIndex + 1) * p.batchMs) / p.speed;
}

/** Records a produced batch whose data ends at `dataEndMs` (sensor clock); may switch catch-up to live. */
export function pacerProduced(p: BatchPacer, dataEndMs: number, nowMs: number): void {
  if (p.mode === 'live') {
    p.liveIndex++;
    return;
  }
  if (p.catchUp && p.speed !== Infinity && dataEndMs + p.batchMs > nowMs) {
    // The next batch would hold data from the future: the history is done, the wearer is live from here.
    p.mode = 'live';
    p.anchorWallMs = nowMs;
    p.liveIndex = 0;
  }
}
