/** Sequence trackers: written at once when the boot epoch changes, otherwise at most every `saveIntervalMs`. */
import fs from 'node:fs';
import { updateSequenceTracker } from '@stance/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { createSequenceStates, type SequenceStates } from '../src/intake/sequence-state.js';
import { makeBatch, tempDir } from './helpers.js';

describe('sequence states', () => {
  let dir: string;
  let db: SqliteDatabase;
  let nowMs: number;
  let states: SequenceStates;
  beforeEach(() => {
    dir = tempDir();
    db = openDatabase({ dataDir: dir, sync: 'normal' });
    nowMs = 1_000_000;
    states = createSequenceStates(db, { saveIntervalMs: 5000 }, () => nowMs);
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One batch through the tracker, as the intake does, then a commit of the due states. */
  const receive = (deviceId: string, seq: number, reboot = false) => {
    const state = states.get(deviceId);
    if (reboot) state.boot += 1;
    updateSequenceTracker(state.tracker, makeBatch(seq, 5));
    states.markDirty(deviceId);
    db.transaction(() => states.saveDirty())();
    states.clearDirty();
  };
  const stored = () =>
    Object.fromEntries(
      (db.prepare('SELECT device_id, boot, highest_seq FROM sequence_state').all() as { device_id: string; boot: number; highest_seq: number }[])
        .map((r) => [r.device_id, [r.boot, r.highest_seq]]),
    );

  it('writes a changed state once it has waited its interval, a new boot epoch at once, and everything on a clean stop', () => {
    receive('a', 0);
    receive('b', 0);
    expect(stored()).toEqual({});
    nowMs += 4000;
    receive('a', 1);
    expect(stored()).toEqual({});
    receive('c', 0, true); // a reboot: its epoch goes into the journal rows from now on
    expect(stored()).toEqual({ c: [1, 0] });
    nowMs += 1000; // a and b changed 5 s ago
    receive('a', 2);
    expect(stored()).toEqual({ a: [0, 2], b: [0, 0], c: [1, 0] });
    receive('a', 3);
    receive('b', 1);
    expect(stored()).toEqual({ a: [0, 2], b: [0, 0], c: [1, 0] });
    states.saveAll();
    expect(stored()).toEqual({ a: [0, 3], b: [0, 1], c: [1, 0] });
  });

  it('after a rolled-back commit, forgets the unwritten states and reads them back as stored', () => {
    receive('a', 0);
    nowMs += 5000;
    receive('a', 1);
    receive('a', 2);
    expect(stored()).toEqual({ a: [0, 1] });
    states.discardDirty();
    expect(states.get('a').tracker.highestSeq).toBe(1);
  });
});
