/**
 * The SQLite schema, as an ordered list of migrations applied once each (tracked in `PRAGMA user_version`).
 * Append only: a released migration never changes, a new one is added after it.
 */
export const MIGRATIONS: readonly string[] = Object.freeze([
  // 1: devices and their hashed tokens.
  `CREATE TABLE device (
     id TEXT PRIMARY KEY,
     wearer_id TEXT,
     token_salt BLOB NOT NULL,
     token_hash BLOB NOT NULL,
     created_ms INTEGER NOT NULL,
     disabled INTEGER NOT NULL DEFAULT 0
   ) STRICT`,
  // 2: the intake journal. AUTOINCREMENT so a position is never reused after pruning (a cursor stays valid).
  `CREATE TABLE journal (
     pos INTEGER PRIMARY KEY AUTOINCREMENT,
     device_id TEXT NOT NULL,
     boot INTEGER NOT NULL,
     seq INTEGER NOT NULL,
     t0_ms INTEGER NOT NULL,
     hz REAL NOT NULL,
     count INTEGER NOT NULL,
     format TEXT NOT NULL,
     received_ms INTEGER NOT NULL,
     samples BLOB NOT NULL
   ) STRICT;
   CREATE UNIQUE INDEX journal_device_boot_seq ON journal (device_id, boot, seq);
   CREATE INDEX journal_received ON journal (received_ms);
   CREATE TABLE sequence_state (
     device_id TEXT PRIMARY KEY,
     boot INTEGER NOT NULL,
     highest_seq INTEGER NOT NULL,
     latest_end_ms REAL NOT NULL,
     epoch_start_seq INTEGER NOT NULL,
     epoch_start_t0_ms INTEGER NOT NULL,
     seen BLOB NOT NULL
   ) STRICT;
   CREATE TABLE journal_cursor (
     consumer TEXT PRIMARY KEY,
     pos INTEGER NOT NULL
   ) STRICT;`,
  // 3: what the sample-count consumer keeps (proves exactly-once until the analysis pipeline is wired in).
  `CREATE TABLE device_sample_count (
     device_id TEXT PRIMARY KEY,
     batches INTEGER NOT NULL,
     samples INTEGER NOT NULL
   ) STRICT`,
]);
