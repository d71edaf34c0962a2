/**
 * The samples of the batches the intake decodes, carved from shared stores ("slabs") of `slabDoubles` values
 * instead of a store each. A typed array's store is allocated outside the V8 heap, and that allocation was most
 * of a decode: about 2 of its 2.3 µs (scratch, 50-sample batches, 20,000 kept alive), and the largest single
 * function of the event loop's profile at 10,000 sensors. A view of a slab costs a tenth of that.
 *
 * A view keeps its whole slab alive. A batch passes through the intake and the consumers in tens of
 * milliseconds, with the batches decoded around it, so their slab goes with them; one kept longer (the reorder
 * window holding it for an earlier batch, up to minutes while a gap waits) must get a store of its own first:
 * `ownSamples`.
 */
import type { SampleStoreAllocator } from '@stance/protocol';

/** 256 KB: 53 batches of 50 samples. */
export const DEFAULT_SLAB_DOUBLES = 32_768;

export function createSampleSlabs(slabDoubles = DEFAULT_SLAB_DOUBLES): SampleStoreAllocator {
  let slab = new Float64Array(0);
  let used = 0;
  return (doubles) => {
    // A large batch gets a store of its own rather than most of a slab.
    if (doubles > slabDoubles / 8) return new Float64Array(doubles);
    if (used + doubles > slab.length) {
      slab = new Float64Array(slabDoubles);
      used = 0;
    }
    const view = slab.subarray(used, used + doubles);
    used += doubles;
    return view;
  };
}

/** Gives a batch's samples a store of their own (it is about to be kept for longer than its pass). */
export function ownSamples(batch: { acc: Float64Array; gyr: Float64Array }): void {
  const n = batch.acc.length;
  const values = new Float64Array(n + batch.gyr.length);
  values.set(batch.acc, 0);
  values.set(batch.gyr, n);
  batch.acc = values.subarray(0, n);
  batch.gyr = values.subarray(n);
}
