/**
 * Per-device reorder window. Batches are journaled in arrival order; the pipeline needs sensor-time order.
 * A batch that continues exactly where the analysed data ended goes on at once; one that leaves a gap waits
 * until the gap closes (the missing batch arrives), until `holdMs` of newer sensor time has arrived, or until
 * the device goes quiet (`force`). So a stream that arrives a little out of order is analysed exactly as
 * if it had arrived on time, and an in-order stream is never held. A gap the caller knows is still coming
 * (`awaited`: seqs of the sensor's current boot are missing, gap-hold.ts) holds regardless of both, within
 * the caller's own bounds.
 */

export interface HeldBatch {
  /** Journal position (a restart reloads held batches from the journal by it). */
  pos: number;
  /** The sensor's boot epoch and batch seq (the gap tracker, seq-gaps.ts). */
  boot: number;
  seq: number;
  t0Ms: number;
  hz: number;
  count: number;
  acc: Float64Array;
  gyr: Float64Array;
}

export interface ReorderBuffer {
  readonly holdMs: number;
  /** Waiting batches, sorted by t0. */
  readonly held: HeldBatch[];
  /** Where the released data ended (t0 + count / hz of the last released batch), epoch ms; NaN before any. */
  nextExpectedMs: number;
  /** Latest end of any batch seen, epoch ms. */
  newestEndMs: number;
}

export function createReorderBuffer(holdMs: number): ReorderBuffer {
  return { holdMs, held: [], nextExpectedMs: Number.NaN, newestEndMs: Number.NaN };
}

export function batchEndMs(b: Pick<HeldBatch, 't0Ms' | 'count' | 'hz'>): number {
  return b.t0Ms + (b.count * 1000) / b.hz;
}

/** Adds a batch in t0 order. */
export function holdBatch(r: ReorderBuffer, b: HeldBatch): void {
  let i = r.held.length;
  while (i > 0 && (r.held[i - 1] as HeldBatch).t0Ms > b.t0Ms) i--;
  r.held.splice(i, 0, b);
  const end = batchEndMs(b);
  if (!(end <= r.newestEndMs)) r.newestEndMs = end;
}

/**
 * Moves the batches that may go on now into `out`, in order. `force`: the device went quiet (or shutdown),
 * so only an awaited gap still holds.
 */
export function releaseBatches(
  r: ReorderBuffer,
  out: HeldBatch[],
  awaited: (b: HeldBatch) => boolean = () => false,
  force = false,
): void {
  while (r.held.length > 0) {
    const b = r.held[0] as HeldBatch;
    if (!followsOn(r, b)) {
      if (awaited(b)) return;
      if (!force && r.newestEndMs - batchEndMs(b) < r.holdMs) return;
    }
    release(r, out);
  }
}

/** Everything held goes on, awaited or not. */
export function releaseAll(r: ReorderBuffer, out: HeldBatch[]): void {
  while (r.held.length > 0) release(r, out);
}

/** The batch continues where the released data ended (half a sample of slack: t0 is whole milliseconds). */
export function followsOn(r: Pick<ReorderBuffer, 'nextExpectedMs'>, b: Pick<HeldBatch, 't0Ms' | 'hz'>): boolean {
  return r.nextExpectedMs === r.nextExpectedMs && b.t0Ms <= r.nextExpectedMs + 500 / b.hz;
}

function release(r: ReorderBuffer, out: HeldBatch[]): void {
  const b = r.held.shift() as HeldBatch;
  const end = batchEndMs(b);
  if (!(end <= r.nextExpectedMs)) r.nextExpectedMs = end;
  out.push(b);
}
