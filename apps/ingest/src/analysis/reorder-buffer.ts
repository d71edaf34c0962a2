/**
 * Per-device reorder window. Batches are journaled in arrival order; the pipeline needs sensor-time order.
 * A batch that continues exactly where the analysed data ended goes on at once; one that leaves a gap waits
 * until the gap closes (the missing batch arrives), until `holdMs` of newer sensor time has arrived, or until
 * the device goes quiet (`releaseAll`). So a stream that arrives a little out of order is analysed exactly as
 * if it had arrived on time, and an in-order stream is never held.
 */

export interface HeldBatch {
  /** Journal position (a restart reloads held batches from the journal by it). */
  pos: number;
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

/** Moves the batches that may go on now into `out`, in order. */
export function releaseBatches(r: ReorderBuffer, out: HeldBatch[]): void {
  while (r.held.length > 0) {
    const b = r.held[0] as HeldBatch;
    // Half a sample of slack: t0 is whole milliseconds and the nominal period need not be.
    const contiguous = r.nextExpectedMs === r.nextExpectedMs && b.t0Ms <= r.nextExpectedMs + 500 / b.hz;
    const waitedEnough = r.newestEndMs - batchEndMs(b) >= r.holdMs;
    if (!contiguous && !waitedEnough) return;
    release(r, out);
  }
}

/** Everything held goes on (the device went quiet, or shutdown). */
export function releaseAll(r: ReorderBuffer, out: HeldBatch[]): void {
  while (r.held.length > 0) release(r, out);
}

function release(r: ReorderBuffer, out: HeldBatch[]): void {
  const b = r.held.shift() as HeldBatch;
  const end = batchEndMs(b);
  if (!(end <= r.nextExpectedMs)) r.nextExpectedMs = end;
  out.push(b);
}
