/**
 * When the devices' last-seen times (the newest receipt of an entry) are written: a device's at once the first
 * time, then at most once per interval, with the newest time seen by then. Writing every device's with every
 * transaction was a row rewritten per batch; looking at every device seen in every transaction to find the
 * due ones cost more than the writes, so they wait in a queue by when they are due.
 */
import { createMinQueue } from './min-queue.js';

export interface LastSeen {
  deviceId: string;
  lastSeenMs: number;
}

export interface LastSeenWrites {
  /** An entry of the device, received at `receivedMs` (wall clock). */
  seen(deviceId: string, receivedMs: number): void;
  /** Appends to `out` the last-seen times due at `wallMs` (every one not written yet with `all`), as written then. */
  take(wallMs: number, all: boolean, out: LastSeen[]): void;
}

export function createLastSeenWrites(intervalMs: number): LastSeenWrites {
  /** Newest receipt not written yet, by device. */
  const unwritten = new Map<string, number>();
  /** When each device's next write may go (its last write + the interval), until its queue entry is reached. */
  const mayWriteMs = new Map<string, number>();
  /** Devices seen with no write in the last interval: written with the next transaction. */
  const fresh: string[] = [];
  /** Devices by when their next write may go (last write + interval). */
  const next = createMinQueue<string>();

  const write = (deviceId: string, wallMs: number, out: LastSeen[]): void => {
    const lastSeenMs = unwritten.get(deviceId);
    if (lastSeenMs === undefined) return;
    out.push({ deviceId, lastSeenMs });
    unwritten.delete(deviceId);
    mayWriteMs.set(deviceId, wallMs + intervalMs);
    next.push(wallMs + intervalMs, deviceId);
  };

  return {
    seen(deviceId, receivedMs) {
      const before = unwritten.get(deviceId);
      if (before === undefined) {
        unwritten.set(deviceId, receivedMs);
        if (!mayWriteMs.has(deviceId)) fresh.push(deviceId);
      } else if (receivedMs > before) {
        unwritten.set(deviceId, receivedMs);
      }
    },
    take(wallMs, all, out) {
      if (all) {
        for (const deviceId of unwritten.keys()) write(deviceId, wallMs, out); // a Map may lose entries while iterated
      }
      for (const deviceId of fresh) write(deviceId, wallMs, out);
      fresh.length = 0;
      while (next.peekKey() <= wallMs) {
        const dueMs = next.peekKey();
        const deviceId = next.pop() as string;
        // A later write of the device has its own entry further on.
        if (mayWriteMs.get(deviceId) !== dueMs) continue;
        if (unwritten.has(deviceId)) write(deviceId, wallMs, out);
        else mayWriteMs.delete(deviceId); // quiet for an interval: its next receipt is written at once
      }
    },
  };
}
