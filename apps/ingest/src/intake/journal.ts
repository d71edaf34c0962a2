/**
 * The intake journal: every accepted IMU batch, durably, in arrival order, before the sensor gets its
 * PUBACK. Consumers read it in `pos` order behind their cursors. It also keeps raw samples for the
 * configured retention (calibration windows and re-analysis read them back).
 *
 * Samples are stored as the payload the sensor sent (`encoding` 'wire': 624 bytes for a binary batch of 50
 * samples, the JSON text as received), so a commit writes a quarter of the pages. Entries appended without their
 * payload (and those of earlier releases) hold little-endian float64 (`encoding` 'f64': acc then gyr, 48 bytes a
 * sample). Entries read back carry those bytes; a consumer decodes them where it uses them (`entrySamples`, with
 * packages/protocol's decoder, the one that validated them: the same values, exactly; stored-samples.ts says why).
 *
 * With `recentEntries`, the entries this process appends are also kept in memory once their transaction has
 * committed (the caller says so: `committed`, `rolledBack`), and `readAfter` serves the consumers from there
 * while what they ask for is all in it: reading the rows back was a tenth of the analysis's work.
 *
 * Each entry's identity (device, seq, t0 → position) refuses duplicates and finds a device's raw samples by time
 * (batch-identities.ts, which may write a device's identities a few at a time).
 */
import type { BatchFormat, ImuBatch, SampleStoreAllocator } from '@stance/protocol';
import type { SqliteDatabase } from '../db/open-database.js';
import { createByteScratch, type DevicePayload } from './device-payload.js';
import { createBatchIdentities, type BatchIdentity, type BatchIdentitySettings } from './batch-identities.js';
import { createRecentEntries } from './recent-entries.js';
import {
  decodeStoredSamples, encodeFloat64Samples, storedSamplesOfRow, type BatchHeader, type DecodedSamples, type StoredSamples,
} from './stored-samples.js';

/** One accepted batch as it goes into the journal. */
export interface JournalAppend {
  deviceId: string;
  /** The device's boot epoch as counted by the service (starts at 0, +1 at every reboot noticed). */
  boot: number;
  batch: ImuBatch;
  format: BatchFormat;
  receivedMs: number;
  /** The payload as received, which `batch` was decoded from: stored instead of float64 samples when given. */
  payload?: DevicePayload;
  /** Worker mode: the device's partition, and the epoch of the lease this worker journals it under. */
  part?: number;
  leaseEpoch?: number;
}

/**
 * One batch read back, with its position. It carries its samples as stored, not decoded (stored-samples.ts):
 * `entrySamples` decodes them where they are used.
 */
export interface JournalEntry {
  pos: number;
  deviceId: string;
  boot: number;
  batch: BatchHeader;
  format: BatchFormat;
  receivedMs: number;
  samples: StoredSamples;
  part?: number;
  leaseEpoch?: number;
}

export interface JournalSettings {
  /** Entries appended here kept in memory for the consumers (the newest ones); 0: none, always read back. */
  recentEntries: number;
  /** How batch identities are written (batch-identities.ts); default: each with its batch. */
  identities: Partial<BatchIdentitySettings>;
}

export const DEFAULT_JOURNAL_SETTINGS: Readonly<JournalSettings> = Object.freeze({ recentEntries: 0, identities: {} });

export interface Journal {
  /**
   * Appends one batch; false when its identity (device, seq, t0) was seen within the identity retention, i.e.
   * it is a duplicate. Call inside a transaction, and `beforeCommit` before it commits: the entry commits with
   * it, and its identity with it or with a later group (batch-identities.ts; a crash in between loses nothing).
   */
  append(entry: JournalAppend): boolean;
  /**
   * Up to `limit` entries after position `afterPos`, in order. Served from memory, their samples' bytes are views of
   * a ring the journal writes again (recent-entries.ts): decode them before its next commit.
   */
  readAfter(afterPos: number, limit: number): JournalEntry[];
  /** The entry at `pos`, or null (pruned, or never given). */
  readAt(pos: number): JournalEntry | null;
  /** Highest position ever given (0 for an empty journal), pruned entries included. */
  lastPos(): number;
  /** Entries kept. */
  size(): number;
  /** Deletes up to `limit` entries at or below `upToPos` received before `receivedBeforeMs`; returns how many. */
  prune(upToPos: number, receivedBeforeMs: number, limit: number): number;
  /** Deletes up to `limit` batch identities received before `receivedBeforeMs`; returns how many. */
  pruneIdentities(receivedBeforeMs: number, limit: number): number;
  /** Batch identities kept. */
  identityCount(): number;
  /** A device's batch identities not written to `batch_identity` yet (read them with it), in journal order. */
  unwrittenIdentities(deviceId: string): readonly BatchIdentity[];
  /** Inside the appending transaction, before its commit: writes the batch identities that are due. */
  beforeCommit(nowMs: number): void;
  /** The transaction holding the appends since the last call committed: they may be served from memory. */
  committed(): void;
  /** ... or it rolled back: they never were. */
  rolledBack(): void;
}

/** A journal row as SQLite returns it (`SELECT *`). */
export interface JournalRow {
  pos: number;
  device_id: string;
  boot: number;
  seq: number;
  t0_ms: number;
  hz: number;
  count: number;
  format: string;
  received_ms: number;
  samples: Buffer;
  /** 'wire' (the payload as received) or 'f64'. */
  encoding: string;
  part: number | null;
  lease_epoch: number | null;
}


export function createJournal(db: SqliteDatabase, settings: Partial<JournalSettings> = {}): Journal {
  const { recentEntries, identities: identitySettings } = { ...DEFAULT_JOURNAL_SETTINGS, ...settings };
  const identities = createBatchIdentities(db, identitySettings);
  const insert = db.prepare(
    `INSERT INTO journal (device_id, boot, seq, t0_ms, hz, count, format, received_ms, samples, encoding, part, lease_epoch)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const select = db.prepare<[number, number], JournalRow>('SELECT * FROM journal WHERE pos > ? ORDER BY pos LIMIT ?');
  const selectOne = db.prepare<[number], JournalRow>('SELECT * FROM journal WHERE pos = ?');
  const sequence = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'journal'");
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM journal');
  const prune = db.prepare(
    'DELETE FROM journal WHERE pos IN (SELECT pos FROM journal WHERE pos <= ? AND received_ms < ? ORDER BY pos LIMIT ?)',
  );
  const pruneIdentities = db.prepare(
    `DELETE FROM batch_identity WHERE (device_id, seq, t0_ms) IN
       (SELECT device_id, seq, t0_ms FROM batch_identity WHERE received_ms < ? LIMIT ?)`,
  );
  const identityCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM batch_identity');
  const recent = createRecentEntries(recentEntries);
  /** A ByteString payload is bound from here (better-sqlite3 copies a blob as it binds it). */
  const bindable = createByteScratch();
  const lastPos = (): number => sequence.get()?.seq ?? 0;
  return {
    append(e) {
      const b = e.batch;
      if (identities.isKnown(e.deviceId, b.seq, b.t0Ms)) return false;
      // The batch's own samples are read only without a payload: the intake's are views of a scratch store.
      const samples: StoredSamples = e.payload === undefined
        ? { bytes: encodeFloat64Samples(b), encoding: 'f64' }
        : { bytes: e.payload, encoding: 'wire' };
      const pos = Number(insert.run(
        e.deviceId, e.boot, b.seq, b.t0Ms, b.hz, b.count, e.format, e.receivedMs, bindable(samples.bytes), samples.encoding,
        e.part ?? null, e.leaseEpoch ?? null,
      ).lastInsertRowid);
      identities.add(e.deviceId, { pos, seq: b.seq, t0Ms: b.t0Ms, receivedMs: e.receivedMs });
      // The ring copies the header's fields at commit, so `b` itself will do (its samples are not read).
      recent.appended({ pos, deviceId: e.deviceId, boot: e.boot, format: e.format, receivedMs: e.receivedMs, batch: b, samples });
      return true;
    },
    readAfter: (afterPos, limit) => recent.after(afterPos, limit, lastPos) ?? select.all(afterPos, limit).map(journalEntryFromRow),
    readAt(pos) {
      const row = selectOne.get(pos);
      return row === undefined ? null : journalEntryFromRow(row);
    },
    lastPos,
    size: () => count.get()?.n ?? 0,
    // Not past the identities written: after a crash the entries after them are read to write them.
    prune: (upToPos, receivedBeforeMs, limit) =>
      prune.run(Math.min(upToPos, identities.writtenThrough(lastPos())), receivedBeforeMs, limit).changes,
    pruneIdentities: (receivedBeforeMs, limit) => pruneIdentities.run(receivedBeforeMs, limit).changes,
    identityCount: () => identityCount.get()?.n ?? 0,
    unwrittenIdentities: (deviceId) => identities.unwritten(deviceId),
    beforeCommit: (nowMs) => identities.beforeCommit(nowMs, lastPos()),
    committed: () => recent.committed(),
    rolledBack() {
      recent.rolledBack();
      identities.rolledBack();
    },
  };
}

/** A row read back as an entry (its samples as stored: `entrySamples` decodes them). */
export function journalEntryFromRow(row: JournalRow): JournalEntry {
  return {
    pos: row.pos,
    deviceId: row.device_id,
    boot: row.boot,
    format: row.format === 'binary' ? 'binary' : 'json',
    receivedMs: row.received_ms,
    batch: { seq: row.seq, t0Ms: row.t0_ms, hz: row.hz, count: row.count },
    samples: storedSamplesOfRow(row.samples, row.encoding),
  };
}

/**
 * An entry's samples, decoded into a store from `allocate` (default: one of their own; a scratch store from
 * `createSampleScratch` is reused, so the samples are valid until its next use). Throws a RangeError naming what
 * is wrong when the stored bytes do not hold the entry's samples.
 */
export function entrySamples(entry: JournalEntry, allocate?: SampleStoreAllocator): DecodedSamples {
  return decodeStoredSamples(entry.samples, entry.batch.count, allocate);
}

