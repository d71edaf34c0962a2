/**
 * Durable per-device sequence trackers (the protocol's `SequenceTracker`) plus the device's boot epoch.
 * The tracker decides new / gap / late / reboot in memory, for the metrics; whether a batch is new is decided by
 * its identity in the journal, never by the tracker. A device's state is written with the journal rows that
 * changed it, at once when its boot epoch changed (the epoch goes into every journal row after it) and otherwise
 * at most every `saveIntervalMs` (worker mode: 0, every commit, as partitions change hands): a row rewritten
 * for every batch was a page written per batch. After a crash a
 * tracker may therefore restart up to that much behind, which shows as one gap in the metrics, nothing more;
 * a clean stop writes them all (`saveAll`).
 */
import {
  createSequenceTracker,
  DEFAULT_SEQUENCE_TRACKER_SETTINGS,
  type SequenceTracker,
} from '@stance/protocol';
import type { SqliteDatabase } from '../db/open-database.js';

export interface DeviceSequence {
  readonly tracker: SequenceTracker;
  /** Boot epochs seen: 0 for the first, +1 at every reboot verdict. */
  boot: number;
}

export interface SequenceStates {
  /** The device's state, loaded from the database the first time it is asked for. */
  get(deviceId: string): DeviceSequence;
  /** Remember that `deviceId` changed, so `saveDirty` writes it. */
  markDirty(deviceId: string): void;
  /** Writes the changed states that are due (boot changed, or `saveIntervalMs` since the device changed). Call inside the journal's transaction. */
  saveDirty(): void;
  /** The transaction committed: the written states are now the durable ones. */
  clearDirty(): void;
  /** Writes every changed state, in a transaction of its own (a clean stop). */
  saveAll(): void;
  /** Forgets the in-memory states of the unsaved devices (after a rolled-back transaction), so they reload. */
  discardDirty(): void;
  /**
   * Forgets the in-memory states of the devices `which` picks (worker mode: a partition gained or given up,
   * whose devices another process may have journaled meanwhile), so they reload from the database.
   */
  forget(which: (deviceId: string) => boolean): void;
}

interface StateRow {
  boot: number;
  highest_seq: number;
  latest_end_ms: number;
  epoch_start_seq: number;
  epoch_start_t0_ms: number;
  seen: Buffer;
}

export interface SequenceStateSettings {
  /** Longest a changed state waits to be written, ms (its boot epoch never waits). */
  saveIntervalMs: number;
}

export const DEFAULT_SEQUENCE_STATE_SETTINGS: Readonly<SequenceStateSettings> = Object.freeze({ saveIntervalMs: 5000 });

export function createSequenceStates(
  db: SqliteDatabase,
  settings: Partial<SequenceStateSettings> = {},
  now: () => number = Date.now,
): SequenceStates {
  const { saveIntervalMs } = { ...DEFAULT_SEQUENCE_STATE_SETTINGS, ...settings };
  const select = db.prepare<[string], StateRow>('SELECT * FROM sequence_state WHERE device_id = ?');
  const upsert = db.prepare(
    `INSERT INTO sequence_state (device_id, boot, highest_seq, latest_end_ms, epoch_start_seq, epoch_start_t0_ms, seen)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET boot = excluded.boot, highest_seq = excluded.highest_seq,
       latest_end_ms = excluded.latest_end_ms, epoch_start_seq = excluded.epoch_start_seq,
       epoch_start_t0_ms = excluded.epoch_start_t0_ms, seen = excluded.seen`,
  );
  const states = new Map<string, DeviceSequence>();
  /** Changed devices, in the order they changed (wall ms of the first change since their last write). */
  const dirty = new Map<string, number>();
  /** Boot epoch as last written, per device. */
  const savedBoot = new Map<string, number>();
  /** Changed devices whose boot epoch differs from the written one: written with the next commit. */
  const urgent = new Set<string>();
  /** Written in the current transaction. */
  const saving: string[] = [];

  const load = (deviceId: string): DeviceSequence => {
    const tracker = createSequenceTracker(DEFAULT_SEQUENCE_TRACKER_SETTINGS);
    const row = select.get(deviceId);
    if (row === undefined) return { tracker, boot: 0 };
    // A window of another size (settings changed between runs) cannot be restored bit for bit; starting a
    // fresh epoch is the safe side, and the journal's unique (device, boot, seq) index still refuses repeats.
    if (row.seen.byteLength === tracker.seen.byteLength) {
      tracker.started = true;
      tracker.highestSeq = row.highest_seq;
      tracker.latestEndMs = row.latest_end_ms;
      tracker.epochStartSeq = row.epoch_start_seq;
      tracker.epochStartT0Ms = row.epoch_start_t0_ms;
      for (let i = 0; i < tracker.seen.length; i++) tracker.seen[i] = row.seen.readUInt32LE(4 * i);
    }
    savedBoot.set(deviceId, row.boot);
    return { tracker, boot: row.boot };
  };

  return {
    get(deviceId) {
      let state = states.get(deviceId);
      if (state === undefined) {
        state = load(deviceId);
        states.set(deviceId, state);
      }
      return state;
    },
    markDirty(deviceId) {
      if (!dirty.has(deviceId)) dirty.set(deviceId, now());
      if ((states.get(deviceId)?.boot ?? 0) !== (savedBoot.get(deviceId) ?? 0)) urgent.add(deviceId);
    },
    saveDirty() {
      for (const deviceId of urgent) save(deviceId);
      const nowMs = now();
      // Oldest change first: the first one not due ends the look.
      for (const [deviceId, sinceMs] of dirty) {
        if (nowMs - sinceMs < saveIntervalMs) break;
        if (!urgent.has(deviceId)) save(deviceId);
      }
    },
    clearDirty() {
      for (const deviceId of saving) {
        dirty.delete(deviceId);
        urgent.delete(deviceId);
        savedBoot.set(deviceId, states.get(deviceId)?.boot ?? 0);
      }
      saving.length = 0;
    },
    saveAll() {
      db.transaction(() => {
        for (const deviceId of dirty.keys()) save(deviceId);
      })();
      this.clearDirty();
    },
    discardDirty() {
      for (const deviceId of dirty.keys()) {
        states.delete(deviceId);
        savedBoot.delete(deviceId);
      }
      dirty.clear();
      urgent.clear();
      saving.length = 0;
    },
    forget(which) {
      for (const deviceId of [...states.keys()]) {
        if (!which(deviceId) || dirty.has(deviceId)) continue;
        states.delete(deviceId);
        savedBoot.delete(deviceId);
      }
    },
  };

  function save(deviceId: string): void {
    const state = states.get(deviceId);
    saving.push(deviceId);
    if (state === undefined || !state.tracker.started) return;
    const t = state.tracker;
    const seen = Buffer.allocUnsafe(4 * t.seen.length);
    for (let i = 0; i < t.seen.length; i++) seen.writeUInt32LE(t.seen[i] as number, 4 * i);
    upsert.run(deviceId, state.boot, t.highestSeq, t.latestEndMs, t.epochStartSeq, t.epochStartT0Ms, seen);
  }
}
