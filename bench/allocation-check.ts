/**
 * "No allocation per sample", measured: runs the posture pipeline over many samples and reports the heap growth
 * per sample. The heap is read every `CHUNK` samples; a chunk during which a garbage collection ran (the heap
 * shrank) is left out, the others add up their growth exactly (V8 counts new-space allocations as they
 * happen). A HeapNumber per sample would read 16 bytes or more; the cost of reading the heap statistics
 * itself is measured on empty chunks and subtracted. The chunks with a collection are counted too: none or a
 * few per ten million samples means nothing is allocated per sample.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createPosturePipeline, updatePosturePipeline, type PosturePipelineSettings } from '../packages/analysis/src/posture-pipeline.js';

const CHUNK = 10_000;

export interface AllocationInput {
  n: number;
  timeS: Float64Array;
  acc: Float64Array;
  gyr: Float64Array;
  spanS: number;
}

export interface AllocationResult {
  /** Heap growth per sample over the chunks without a GC, bytes (NaN when gc() could not be exposed). */
  bytesPerSample: number;
  note: string;
}

function exposeGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

export function measureAllocation(r: AllocationInput, settings: Partial<PosturePipelineSettings>, samples: number): AllocationResult {
  const gc = exposeGc();
  if (!gc) return { bytesPerSample: Number.NaN, note: 'gc() not available: not measured' };
  const { n, timeS, acc, gyr } = r;
  const p = createPosturePipeline(settings);
  let i = 0;
  let off = 0;
  const step = (count: number): void => {
    for (let c = 0; c < count; c++) {
      const j = 3 * i;
      updatePosturePipeline(p, timeS[i]! + off, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
      if (++i === n) {
        i = 0;
        off += r.spanS;
      }
    }
  };
  step(3 * n); // settle the JIT first (optimised code and type feedback live on the heap too)

  // What one reading of the heap statistics costs, from empty chunks.
  gc();
  let before = getHeapStatistics().used_heap_size;
  let overhead = Infinity;
  for (let k = 0; k < 50; k++) {
    const after = getHeapStatistics().used_heap_size;
    if (after >= before) overhead = Math.min(overhead, after - before);
    before = after;
  }

  // Each chunk whose heap shrank saw a garbage collection (a scavenge empties the young generation).
  gc();
  let gcs = 0;
  let grown = 0;
  let measured = 0;
  before = getHeapStatistics().used_heap_size;
  for (let done = 0; done < samples; done += CHUNK) {
    step(CHUNK);
    const after = getHeapStatistics().used_heap_size;
    if (after >= before) {
      grown += Math.max(0, after - before - overhead);
      measured += CHUNK;
    } else {
      gcs++;
    }
    before = after;
  }
  const bytesPerSample = measured > 0 ? grown / measured : Number.NaN;
  const note = `${(samples / 1e6).toFixed(0)} M samples, ${gcs} garbage collections; heap growth over the chunks without one; a number boxed per sample would be >= 16`;
  return { bytesPerSample, note };
}
