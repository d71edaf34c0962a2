/**
 * Durable per-device sequence trackers (the protocol's `SequenceTracker`) plus the device's boot epoch.
 * The tracker decides new / duplicate / gap / reboot in memory; its state is written in the same
 * transaction as the journal rows it let in, so after a crash the tracker and the journal agree and a
 * batch resent after the restart is still recognised as a duplicate.
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
  /** Writes every changed device's state. Call inside the journal's transaction. */
  saveDirty(): void;
  /** The transaction committed: the written states are now the durable ones. */
  clearDirty(): void;
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

export function createSequenceStates(db: SqliteDatabase): SequenceStates {
  const select = db.prepare<[string], StateRow>('SELECT * FROM sequence_state WHERE device_id = ?');
  const upsert = db.prepare(
    `INSERT INTO sequence_state (device_id, boot, highest_seq, latest_end_ms, epoch_start_seq, epoch_start_t0_ms, seen)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET boot = excluded.boot, highest_seq = excluded.highest_seq,
       latest_end_ms = excluded.latest_end_ms, epoch_start_seq = excluded.epoch_start_seq,
       epoch_start_t0_ms = excluded.epoch_start_t0_ms, seen = excluded.seen`,
  );
  const states = new Map<string, DeviceSequence>();
  const dirty = new Set<string>();

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
      dirty.add(deviceId);
    },
    saveDirty() {
      for (const deviceId of dirty) {
        const state = states.get(deviceId);
        if (state === undefined || !state.tracker.started) continue;
        const t = state.tracker;
        const seen = Buffer.allocUnsafe(4 * t.seen.length);
        for (let i = 0; i < t.seen.length; i++) seen.writeUInt32LE(t.seen[i] as number, 4 * i);
        upsert.run(deviceId, state.boot, t.highestSeq, t.latestEndMs, t.epochStartSeq, t.epochStartT0Ms, seen);
      }
    },
    clearDirty() {
      dirty.clear();
    },
    discardDirty() {
      for (const deviceId of dirty) states.delete(deviceId);
      dirty.clear();
    },
    forget(which) {
      for (const deviceId of [...states.keys()]) if (which(deviceId) && !dirty.has(deviceId)) states.delete(deviceId);
    },
  };
}
