/**
 * Delivers the outbox to InfluxDB: the oldest rows first, several rows per request (up to `maxWriteBytes`),
 * one request at a time, so the server sees the records in the order they were written (a later rewrite of
 * an alert or a rollup bucket lands after the earlier one). A row is removed only after the server
 * acknowledged the request holding it.
 *
 * When a request fails, the delivery waits and tries again with exponential backoff (`retryInitialMs`
 * doubling up to `retryMaxMs`) until the server answers; the outbox keeps growing meanwhile. Only a request
 * the server refuses for good (400: a line it will never take, e.g. older than its retention policy) is
 * removed, logged as an error and counted, since retrying it would block everything behind it forever.
 *
 * `prepare` (creating the v1 database) runs before the first request, and again after a 404.
 *
 * **One deliverer** (outbox-lease.ts): a request goes out only while this process holds the outbox lease,
 * renewed before each. While another process holds it (worker mode), this one only watches the table every
 * `pollMs`: for rows the holder removed (its reads waiting for their writes, its back-pressure figures) and for
 * the lease coming free. The holder also looks every `pollMs`, for rows other processes appended.
 */
import type { Logger } from '../log.js';
import { InfluxRequestError, type InfluxClient } from './influx-client.js';
import type { OutboxLease } from './outbox-lease.js';
import type { StoreOutbox } from './store-outbox.js';

export interface OutboxDeliverySettings {
  /** Most line-protocol bytes per write request (InfluxDB suggests 5,000 to 10,000 points; a point is ~100 bytes). */
  maxWriteBytes: number;
  /** First wait after a failed write, ms. */
  retryInitialMs: number;
  /** Longest wait between retries, ms (how soon a recovered server is noticed). */
  retryMaxMs: number;
  /** While the server stays unreachable, a warning every this many ms (the first failure is logged at once). */
  warnEveryMs: number;
  /** How often the outbox table is looked at for rows of other processes and for the lease, ms. */
  pollMs: number;
}

export const DEFAULT_OUTBOX_DELIVERY_SETTINGS: Readonly<OutboxDeliverySettings> = Object.freeze({
  maxWriteBytes: 1024 * 1024,
  retryInitialMs: 250,
  retryMaxMs: 5000,
  warnEveryMs: 30_000,
  pollMs: 250,
});

export interface DeliveryEvents {
  /** A request was acknowledged. */
  delivered?(lines: number, bytes: number): void;
  /** A request failed (it stays in the outbox when `retryable`, else it was removed). */
  failed?(error: InfluxRequestError, lines: number): void;
  /** The outbox's figures were read again from the table while another process delivers it. */
  refreshed?(): void;
}

export interface OutboxDeliveryParts {
  outbox: StoreOutbox;
  client: InfluxClient;
  log: Logger;
  /** Only its holder sends (several processes share the outbox table in worker mode). */
  lease: OutboxLease;
  events?: DeliveryEvents;
  /** Runs before the first request and again after a 404 (creates the v1 database). */
  prepare?: () => Promise<unknown>;
}

export interface OutboxDelivery {
  /** New rows may be there. */
  wake(): void;
  /** Resolves true once every row appended before the call was delivered, false after `timeoutMs`. */
  settled(timeoutMs: number): Promise<boolean>;
  /** The last request failed and the server has not answered since. */
  readonly failing: boolean;
  /** Since when (wall ms) it has been failing; null when not. */
  readonly failingSinceMs: number | null;
  /** Stops: no new request starts (one in flight finishes; its rows stay and are sent again after a restart). */
  close(): void;
}

interface Waiter {
  targetId: number;
  resolve(done: boolean): void;
}

export function createOutboxDelivery(parts: OutboxDeliveryParts, settings: OutboxDeliverySettings): OutboxDelivery {
  const { outbox, client, log, lease } = parts;
  const events = parts.events ?? {};
  const prepare = parts.prepare ?? (async () => undefined);
  let running = false;
  /** Another process held the lease when this one last looked. */
  let following = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let delayMs = 0;
  let failingSinceMs: number | null = null;
  let lastWarnMs = 0;
  let prepared = false;
  const waiters = new Set<Waiter>();

  const checkWaiters = (): void => {
    for (const w of waiters) {
      if (outbox.deliveredUpTo(w.targetId)) {
        waiters.delete(w);
        w.resolve(true);
      }
    }
  };

  const retryLater = (error: InfluxRequestError, lines: number): void => {
    const nowMs = Date.now();
    delayMs = delayMs === 0 ? settings.retryInitialMs : Math.min(delayMs * 2, settings.retryMaxMs);
    const status = outbox.refresh();
    const fields = { err: error.message, status: error.status, outboxRows: status.rows, outboxBytes: status.bytes, retryInMs: delayMs };
    if (failingSinceMs === null) {
      failingSinceMs = nowMs;
      lastWarnMs = nowMs;
      log.warn(fields, 'InfluxDB write failed: the outbox keeps the data and retries');
    } else if (nowMs - lastWarnMs >= settings.warnEveryMs) {
      lastWarnMs = nowMs;
      log.warn({ ...fields, failingS: (nowMs - failingSinceMs) / 1000 }, 'InfluxDB still unreachable: the outbox keeps the data');
    }
    events.failed?.(error, lines);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      wake();
    }, delayMs);
    retryTimer.unref();
  };

  const pump = async (): Promise<void> => {
    if (!prepared) {
      await prepare();
      prepared = true;
    }
    while (!closed) {
      const rows = outbox.peek(settings.maxWriteBytes);
      const last = rows[rows.length - 1];
      if (last === undefined) return;
      following = !lease.claim(Date.now());
      if (following) {
        outbox.refresh(); // the holder removes rows: this process's figures follow the table
        events.refreshed?.();
        return;
      }
      const lines = rows.reduce((n, r) => n + r.lines, 0);
      const bytes = rows.reduce((n, r) => n + r.bytes, 0);
      try {
        await client.write(rows.map((r) => r.body).join('\n'));
      } catch (caught) {
        const error = caught instanceof InfluxRequestError ? caught : new InfluxRequestError(String(caught), 0, true);
        if (closed) return;
        // 404 from a v1 write: the database is missing (the server was down at start, or it was dropped).
        if (error.status === 404) prepared = false;
        if (error.retryable) {
          retryLater(error, lines);
          return;
        }
        log.error({ err: error.message, status: error.status, lines, firstId: rows[0]?.id, lastId: last.id }, 'InfluxDB refused a write for good: those records are dropped');
        outbox.remove(last.id);
        events.failed?.(error, lines);
        checkWaiters();
        continue;
      }
      if (closed) return; // the database may be closed now; the rows are sent again after a restart (idempotent)
      outbox.remove(last.id);
      if (failingSinceMs !== null) {
        log.info({ downS: (Date.now() - failingSinceMs) / 1000, outboxRows: outbox.status.rows }, 'InfluxDB answers again: delivering the outbox');
      }
      failingSinceMs = null;
      delayMs = 0;
      events.delivered?.(lines, bytes);
      checkWaiters();
    }
  };

  const wake = (): void => {
    if (running || closed || retryTimer !== null) return;
    running = true;
    pump()
      .catch((error: unknown) => {
        // Not the server: the database or a bug. Retry later rather than spin, and say so.
        log.error({ err: error }, 'outbox delivery failed; retrying');
        if (!closed && retryTimer === null) {
          retryTimer = setTimeout(() => {
            retryTimer = null;
            wake();
          }, settings.retryMaxMs);
          retryTimer.unref();
        }
      })
      .finally(() => {
        running = false;
        // Rows appended while the last request was in flight (another holder sends them: the poll looks again).
        if (!closed && retryTimer === null && !following && !outbox.deliveredUpTo(outbox.lastId)) wake();
        checkWaiters();
      });
  };

  // Rows of other processes, rows the holder removed, the lease coming free: nothing wakes this process for them.
  const poll = setInterval(() => {
    checkWaiters();
    wake();
  }, settings.pollMs);
  poll.unref();

  return {
    wake,
    settled(timeoutMs) {
      const waiter: Waiter = { targetId: outbox.lastId, resolve: () => undefined };
      if (outbox.deliveredUpTo(waiter.targetId)) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          resolve(false);
        }, timeoutMs);
        waiter.resolve = (done) => {
          clearTimeout(timer);
          resolve(done);
        };
        waiters.add(waiter);
        wake();
      });
    },
    get failing() {
      return failingSinceMs !== null;
    },
    get failingSinceMs() {
      return failingSinceMs;
    },
    close() {
      closed = true;
      clearInterval(poll);
      lease.release(); // a request in flight leaves its rows: the next holder sends them again
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      for (const w of waiters) w.resolve(false);
      waiters.clear();
    },
  };
}
