/**
 * Batch identities: (device, seq, t0) of every accepted batch, with its journal position. They refuse duplicates
 * (a resend repeats seq and t0, a reboot starts seq again with a new t0), and they are how a device's raw samples
 * are found by time: the journal itself has no index by device.
 *
 * The table is keyed by device, so writing each identity with its batch rewrote one page of it per batch: 46 % of
 * the pages the WAL took at 6,000 sensors. Here a device's identities wait in memory and are written `groupSize` at
 * a time, or once the oldest is `maxAgeMs` old: one page per group. Those waiting are refused as duplicates all
 * the same (`isKnown` looks here first) and read with the table (`unwritten`).
 *
 * A crash loses only the memory. Every accepted entry is in the journal, and the `identities` row of
 * `journal_cursor` is the position through which every entry's identity is in the table, written in each intake
 * commit (`beforeCommit`). At start (and after a rolled-back commit) the entries after it are taken back into
 * memory, to be written as usual. With `groupSize` 1 (the default, and worker mode, where other processes read
 * the table) every identity is written with its batch.
 *
 * Grouping assumes this process is the only one appending (single-process mode). It then also remembers each
 * device's newest t0: a batch newer than that cannot be a duplicate, so the usual in-order batch needs no look-up.
 */
import type { SqliteDatabase } from '../db/open-database.js';

/** One accepted batch's identity and where the journal keeps it. */
export interface BatchIdentity {
  pos: number;
  seq: number;
  t0Ms: number;
  receivedMs: number;
}

export interface BatchIdentitySettings {
  /** A device's identities written together; 1: each with its batch. */
  groupSize: number;
  /** Longest an identity waits in memory, ms (a device that went quiet). */
  maxAgeMs: number;
}

export const DEFAULT_BATCH_IDENTITY_SETTINGS: Readonly<BatchIdentitySettings> = Object.freeze({ groupSize: 1, maxAgeMs: 0 });

export interface BatchIdentities {
  /** Whether (device, seq, t0) was accepted before (within the identity retention). */
  isKnown(deviceId: string, seq: number, t0Ms: number): boolean;
  /** Records an accepted batch, inside the intake's transaction (after its journal row). */
  add(deviceId: string, identity: BatchIdentity): void;
  /** A device's identities not in the table yet, in journal order. */
  unwritten(deviceId: string): readonly BatchIdentity[];
  /** Inside the intake's transaction, before its commit: writes the groups that are due, then the durable position. */
  beforeCommit(nowMs: number, lastPos: number): void;
  /** The position through which every entry's identity is in the table (the journal may be pruned up to it). */
  writtenThrough(lastPos: number): number;
  /** The intake's transaction rolled back: memory is taken again from what is durable. */
  rolledBack(): void;
}

/** The `journal_cursor` row of the durable position (not a consumer: nothing reads the journal for it). */
const WRITTEN_THROUGH = 'identities';

export function createBatchIdentities(db: SqliteDatabase, settings: Partial<BatchIdentitySettings> = {}): BatchIdentities {
  const { groupSize, maxAgeMs } = { ...DEFAULT_BATCH_IDENTITY_SETTINGS, ...settings };
  const insert = db.prepare(
    'INSERT OR IGNORE INTO batch_identity (device_id, seq, t0_ms, received_ms, pos) VALUES (?, ?, ?, ?, ?)',
  );
  const known = db.prepare<[string, number, number], number>(
    'SELECT 1 FROM batch_identity WHERE device_id = ? AND t0_ms = ? AND seq = ?',
  ).pluck();
  const newestInTable = db.prepare<[string], number | null>('SELECT max(t0_ms) FROM batch_identity WHERE device_id = ?').pluck();
  const readMark = db.prepare<[string], number>('SELECT pos FROM journal_cursor WHERE consumer = ?').pluck();
  const writeMark = db.prepare(
    'INSERT INTO journal_cursor (consumer, pos) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET pos = excluded.pos',
  );
  const journalAfter = db.prepare<[number], { device_id: string; pos: number; seq: number; t0_ms: number; received_ms: number }>(
    'SELECT device_id, pos, seq, t0_ms, received_ms FROM journal WHERE pos > ? ORDER BY pos',
  );

  /**
   * Devices with identities waiting, in the order of their first waiting one: a device leaves when it is written
   * and comes back at the end, so the first device holds the lowest waiting position.
   */
  let waiting = new Map<string, BatchIdentity[]>();
  /** Grouped only: each device's newest t0 known (-Infinity: none), or absent until it is asked for. */
  const newest = new Map<string, number>();
  let markWritten = Number.NaN;

  const write = (deviceId: string, identities: readonly BatchIdentity[]): void => {
    for (const i of identities) insert.run(deviceId, i.seq, i.t0Ms, i.receivedMs, i.pos);
    waiting.delete(deviceId);
  };

  /** What is durable: the entries after the position, back into memory (written or not: the insert ignores repeats). */
  const load = (): void => {
    waiting = new Map();
    newest.clear();
    const mark = readMark.get(WRITTEN_THROUGH);
    // No row: no commit of this release yet (earlier ones wrote each identity with its batch); the next commit writes it.
    markWritten = mark ?? Number.NaN;
    if (mark === undefined) return;
    for (const row of journalAfter.iterate(mark)) {
      const identity = { pos: row.pos, seq: row.seq, t0Ms: row.t0_ms, receivedMs: row.received_ms };
      const list = waiting.get(row.device_id);
      if (list === undefined) waiting.set(row.device_id, [identity]);
      else list.push(identity);
    }
  };
  load();

  const newestOf = (deviceId: string, list: readonly BatchIdentity[] | undefined): number => {
    let t0 = newest.get(deviceId);
    if (t0 === undefined) {
      t0 = newestInTable.get(deviceId) ?? Number.NEGATIVE_INFINITY;
      for (const i of list ?? []) if (i.t0Ms > t0) t0 = i.t0Ms;
      newest.set(deviceId, t0);
    }
    return t0;
  };

  const writtenThrough = (lastPos: number): number => {
    for (const list of waiting.values()) return (list[0] as BatchIdentity).pos - 1;
    return lastPos;
  };

  return {
    isKnown(deviceId, seq, t0Ms) {
      const list = waiting.get(deviceId);
      if (groupSize > 1 && t0Ms > newestOf(deviceId, list)) return false;
      if (list !== undefined) for (const i of list) if (i.seq === seq && i.t0Ms === t0Ms) return true;
      return known.get(deviceId, t0Ms, seq) !== undefined;
    },
    add(deviceId, identity) {
      const list = waiting.get(deviceId);
      if (groupSize > 1 && identity.t0Ms > newestOf(deviceId, list)) newest.set(deviceId, identity.t0Ms);
      if (list === undefined) {
        if (groupSize <= 1) insert.run(deviceId, identity.seq, identity.t0Ms, identity.receivedMs, identity.pos);
        else waiting.set(deviceId, [identity]);
        return;
      }
      list.push(identity);
      if (list.length >= groupSize) write(deviceId, list);
    },
    unwritten: (deviceId) => waiting.get(deviceId) ?? [],
    beforeCommit(nowMs, lastPos) {
      for (const [deviceId, list] of waiting) {
        if (nowMs - (list[0] as BatchIdentity).receivedMs < maxAgeMs) break;
        write(deviceId, list);
      }
      const through = writtenThrough(lastPos);
      if (through !== markWritten) {
        writeMark.run(WRITTEN_THROUGH, through);
        markWritten = through;
      }
    },
    writtenThrough,
    rolledBack: load,
  };
}
