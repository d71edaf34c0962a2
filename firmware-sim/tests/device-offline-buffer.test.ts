import { describe, expect, it } from 'vitest';
import { OfflineBuffer } from '../src/device/offline-buffer.js';
import { createBatchPacer, pacerDueMs, pacerProduced } from '../src/device/batch-pacer.js';
import { batteryPercent, createBattery, drainBattery } from '../src/device/battery.js';

function fill(b: OfflineBuffer, from: number, to: number): number[] {
  const dropped: number[] = [];
  for (let s = from; s <= to; s++) {
    const d = b.push(s, 1000 * s, `batch ${s}`);
    if (d) dropped.push(d.seq);
  }
  return dropped;
}

describe('offline buffer', () => {
  it('hands out the oldest waiting batch first and forgets a batch only on its acknowledgement', () => {
    const b = new OfflineBuffer(10);
    fill(b, 0, 4);
    expect(b.takeNext()?.seq).toBe(0);
    expect(b.takeNext()?.seq).toBe(1);
    expect([b.size, b.inflight, b.waiting]).toEqual([5, 2, 3]);
    expect(b.acknowledge(1)).toBe(true);
    expect(b.acknowledge(1)).toBe(false); // a second PUBACK for the same batch changes nothing
    b.requeue(0); // its publish failed: it waits again, still ahead of 2, 3, 4
    expect(b.seqs()).toEqual([0, 2, 3, 4]);
    expect(b.takeNext()?.seq).toBe(0);
    expect(b.takeNext()?.seq).toBe(2);
    expect(b.seqs()).toEqual([0, 2, 3, 4]);
  });

  it('when the waiting batches fill it, drops the oldest waiting one; in-flight ones stay, seq and t0 kept', () => {
    const b = new OfflineBuffer(5);
    fill(b, 0, 4);
    b.takeNext(); // 0 in flight
    b.takeNext(); // 1 in flight
    expect(fill(b, 5, 6)).toEqual([]); // 2..6 wait: five, the capacity
    expect(fill(b, 7, 9)).toEqual([2, 3, 4]);
    expect(b.seqs()).toEqual([0, 1, 5, 6, 7, 8, 9]);
    expect([b.size, b.waiting, b.inflight]).toEqual([7, 5, 2]);
    const next = b.takeNext();
    expect(next).toMatchObject({ seq: 5, t0Ms: 5000, payload: 'batch 5', handOffs: 1 });
  });

  it('counts hand-offs of a batch re-sent after a failed publish', () => {
    const b = new OfflineBuffer(3);
    fill(b, 0, 0);
    b.takeNext();
    b.requeue(0);
    expect(b.takeNext()?.handOffs).toBe(2);
  });
});

describe('batch pacer', () => {
  it('live: batch k is due at anchor + (k+1) * batch / speed, an absolute schedule', () => {
    const p = createBatchPacer(10, false, 1, 1_000_000);
    expect(p.mode).toBe('live');
    expect(pacerDueMs(p)).toBe(1_000_100);
    pacerProduced(p, 0, 1_000_250); // produced late: the next due time does not slip
    expect(pacerDueMs(p)).toBe(1_000_200);
  });

  it('catch-up runs fast until a batch ends less than one batch before now, then goes live', () => {
    const now = 1_000_000_000;
    const p = createBatchPacer(1, true, 1, now);
    expect(p.mode).toBe('fast');
    pacerProduced(p, now - 5000, now);
    expect(p.mode).toBe('fast');
    pacerProduced(p, now - 500, now);
    expect(p.mode).toBe('live');
    expect(pacerDueMs(p)).toBe(now + 1000);
  });

  it('speed Infinity stays fast for good', () => {
    const p = createBatchPacer(Infinity, true, 1, 0);
    pacerProduced(p, 1e15, 0);
    expect(p.mode).toBe('fast');
  });
});

describe('battery', () => {
  it('drains by the hour of data and reports whole percent changes', () => {
    const b = createBattery(80, 4);
    let changes = 0;
    for (let s = 0; s < 3600; s++) if (drainBattery(b, 1)) changes++;
    expect(batteryPercent(b)).toBe(76);
    expect(changes).toBe(4);
    drainBattery(b, 100 * 3600);
    expect(batteryPercent(b)).toBe(0);
  });
});
