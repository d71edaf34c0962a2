/** The analysis consumer's min-heap (analysis/min-queue.ts), against a sorted array. */
import { describe, expect, it } from 'vitest';
import { createMinQueue } from '../src/analysis/min-queue.js';

/** A fixed pseudo-random sequence in [0, 1), so a failure repeats. */
function sequence(): () => number {
  let i = 0;
  return () => {
    i += 1;
    const h = Math.imul(i ^ (i >>> 16), 0x85ebca6b);
    return (Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0) / 2 ** 32;
  };
}

describe('min queue', () => {
  it('pops values in key order through any mix of pushes and pops, duplicate keys included', () => {
    const next = sequence();
    const queue = createMinQueue<number>();
    const model: { key: number; value: number }[] = [];
    for (let i = 0; i < 5000; i++) {
      if (next() < 0.55) {
        const key = Math.floor(next() * 200); // many equal keys
        queue.push(key, i);
        model.push({ key, value: i });
      } else {
        const expectedKey = model.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...model.map((e) => e.key));
        expect(queue.peekKey()).toBe(expectedKey);
        const value = queue.pop();
        if (model.length === 0) {
          expect(value).toBeUndefined();
          continue;
        }
        // Any value of the lowest key may come first; it must be one of them.
        const at = model.findIndex((e) => e.key === expectedKey && e.value === value);
        expect(at).toBeGreaterThanOrEqual(0);
        model.splice(at, 1);
      }
      expect(queue.size).toBe(model.length);
    }
  });

  it('is empty after clear, and says so', () => {
    const queue = createMinQueue<string>();
    queue.push(3, 'c');
    queue.push(1, 'a');
    expect(queue.peek()).toBe('a');
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBeUndefined();
    expect(queue.peekKey()).toBe(Number.POSITIVE_INFINITY);
    expect(queue.pop()).toBeUndefined();
  });
});
