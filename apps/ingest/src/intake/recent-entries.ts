/**
 * The journal's newest committed entries appended by this process, at consecutive positions, kept in memory for
 * the consumers (journal.ts). `after` answers only when they hold every entry asked for: the requested start is
 * among them and nothing was journaled after them (by another connection or process); else null, and the caller
 * reads the table.
 *
 * They are kept as columns in a ring of `capacity` slots, and their payloads' bytes in one preallocated ring of
 * `payloadBytes`; `after` makes the entry objects, which live only as long as the consumer's run. Kept as objects
 * and strings, they lived about half a second (4,096 at 10,000 batches a second, and the wait for their commit),
 * as long as the time between scavenges, so most were promoted into the old generation: 60 % of what filled it,
 * and so of its full collections (docs/ingest-throughput.md, "The stalls at 10,000").
 *
 * An entry leaves when the `capacity`-th entry after it commits, or sooner when the payload ring comes round to its
 * bytes. The bytes an entry from `after` shows are overwritten then: use them before the journal's next commit
 * (every consumer decodes within its run). A payload larger than an eighth of the ring is kept as it came.
 */
import type { BatchFormat } from '@stance/protocol';
import { payloadByteLength, type DevicePayload } from './device-payload.js';
import type { JournalEntry } from './journal.js';
import type { SampleEncoding } from './stored-samples.js';

export interface RecentEntries {
  /** Appended inside a transaction not committed yet. */
  appended(entry: JournalEntry): void;
  /** That transaction committed: its entries may be served. */
  committed(): void;
  /** ... or it rolled back: they never were. */
  rolledBack(): void;
  /** Up to `limit` entries after `afterPos`, or null when they are not all here (`lastPos`: the journal's last). */
  after(afterPos: number, limit: number, lastPos: () => number): JournalEntry[] | null;
}

/** 16 MB: 4,096 entries of payloads up to 4 KB (a binary batch of 50 samples is 624 bytes). */
export const DEFAULT_RECENT_PAYLOAD_BYTES = 16 * 1024 * 1024;

export function createRecentEntries(capacity: number, payloadBytes = DEFAULT_RECENT_PAYLOAD_BYTES): RecentEntries {
  const size = Math.max(capacity, 0);
  const deviceId: string[] = new Array<string>(size).fill('');
  const boot = new Float64Array(size);
  const seq = new Float64Array(size);
  const t0Ms = new Float64Array(size);
  const hz = new Float64Array(size);
  const count = new Float64Array(size);
  const receivedMs = new Float64Array(size);
  const binary = new Uint8Array(size);
  const wire = new Uint8Array(size);
  /**
   * Where a slot's payload starts in the ring, as a count of all the ring's bytes written before it (a "virtual"
   * offset: the physical one is it modulo the ring's size, and the bytes are there until the count passes it by the
   * ring's size), and its length; or, kept as it came, in `own`.
   */
  const virtualStart = new Float64Array(size);
  const length = new Float64Array(size);
  const own: (DevicePayload | undefined)[] = new Array<DevicePayload | undefined>(size).fill(undefined);
  const ring = Buffer.allocUnsafeSlow(capacity > 0 ? payloadBytes : 0);
  /** Ring bytes written so far, the skipped ends of the ring included. */
  let written = 0;
  /** Position of the oldest entry held, and how many are held (consecutive from it). */
  let firstPos = 0;
  let held = 0;
  let pending: JournalEntry[] = [];

  const forgetOldest = (): void => {
    own[firstPos % size] = undefined;
    firstPos += 1;
    held -= 1;
  };

  /** Copies a payload into the ring (whole, so not across its end), letting go the entries whose bytes it covers. */
  const place = (bytes: DevicePayload, n: number): number => {
    if ((written % ring.length) + n > ring.length) written += ring.length - (written % ring.length);
    const start = written;
    // Entries are in the order of their starts, so the ones covered now are the oldest.
    while (held > 0 && (virtualStart[firstPos % size] as number) < start + n - ring.length) forgetOldest();
    const at = start % ring.length;
    if (typeof bytes === 'string') ring.write(bytes, at, 'latin1');
    else ring.set(bytes, at);
    written = start + n;
    return start;
  };

  const keep = (entry: JournalEntry): void => {
    // Not right after the last one: someone else journaled in between; start again from here.
    if (held > 0 && entry.pos !== firstPos + held) {
      while (held > 0) forgetOldest();
    }
    if (held === capacity) forgetOldest();
    const bytes = entry.samples.bytes;
    const n = payloadByteLength(bytes);
    const large = n > ring.length / 8;
    const start = large ? written : place(bytes, n);
    if (held === 0) firstPos = entry.pos;
    const s = entry.pos % size;
    const b = entry.batch;
    deviceId[s] = entry.deviceId;
    boot[s] = entry.boot;
    seq[s] = b.seq;
    t0Ms[s] = b.t0Ms;
    hz[s] = b.hz;
    count[s] = b.count;
    receivedMs[s] = entry.receivedMs;
    binary[s] = entry.format === 'binary' ? 1 : 0;
    wire[s] = entry.samples.encoding === 'wire' ? 1 : 0;
    virtualStart[s] = start;
    length[s] = n;
    // A view of a larger buffer (a socket's read) would keep all of it: a copy of just these bytes.
    own[s] = !large ? undefined : typeof bytes === 'string' ? bytes : bytes.slice();
    held += 1;
  };

  const entryAt = (pos: number): JournalEntry => {
    const s = pos % size;
    const at = (virtualStart[s] as number) % ring.length;
    const format: BatchFormat = binary[s] === 1 ? 'binary' : 'json';
    const encoding: SampleEncoding = wire[s] === 1 ? 'wire' : 'f64';
    return {
      pos,
      deviceId: deviceId[s] as string,
      boot: boot[s] as number,
      format,
      receivedMs: receivedMs[s] as number,
      batch: { seq: seq[s] as number, t0Ms: t0Ms[s] as number, hz: hz[s] as number, count: count[s] as number },
      samples: { bytes: own[s] ?? ring.subarray(at, at + (length[s] as number)), encoding },
    };
  };

  return {
    appended(entry) {
      if (capacity > 0) pending.push(entry);
    },
    committed() {
      for (const entry of pending) keep(entry);
      pending = [];
    },
    rolledBack() {
      pending = [];
    },
    after(afterPos, limit, lastPos) {
      const lastHeld = firstPos + held - 1;
      if (held === 0 || afterPos < firstPos - 1 || afterPos > lastHeld) return null;
      if (lastHeld !== lastPos()) return null;
      const n = Math.max(0, Math.min(limit, lastHeld - afterPos));
      const out = new Array<JournalEntry>(n);
      for (let i = 0; i < n; i++) out[i] = entryAt(afterPos + 1 + i);
      return out;
    },
  };
}
