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
  // 4: durable, windowless de-duplication. A batch is (device, seq, t0): a resend repeats both, a reboot
  // starts seq again with a new t0. The identities outlive the journal's raw samples (DEDUP_RETENTION_H), so a
  // sensor's offline buffer resent hours later, however long, is still told from new data.
  `CREATE TABLE batch_identity (
     device_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     t0_ms INTEGER NOT NULL,
     received_ms INTEGER NOT NULL,
     PRIMARY KEY (device_id, seq, t0_ms)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX batch_identity_received ON batch_identity (received_ms);
   INSERT OR IGNORE INTO batch_identity (device_id, seq, t0_ms, received_ms)
     SELECT device_id, seq, t0_ms, received_ms FROM journal;
   DROP INDEX journal_device_boot_seq;
   CREATE UNIQUE INDEX journal_device_seq_t0 ON journal (device_id, seq, t0_ms);`,
  // 5: the store (store/sqlite-store.ts). Time series keyed by wearer and time; relational by id.
  `CREATE TABLE wearer (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     utc_offset_min INTEGER NOT NULL,
     created_ms INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE posture_point (
     wearer_id TEXT NOT NULL,
     t_ms INTEGER NOT NULL,
     device_id TEXT NOT NULL,
     flexion_deg REAL,
     lateral_deg REAL,
     activity TEXT NOT NULL,
     posture TEXT NOT NULL,
     worn INTEGER NOT NULL,
     PRIMARY KEY (wearer_id, t_ms)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE episode (
     wearer_id TEXT NOT NULL,
     start_ms INTEGER NOT NULL,
     device_id TEXT NOT NULL,
     end_ms INTEGER NOT NULL,
     duration_s REAL NOT NULL,
     peak_flexion_deg REAL NOT NULL,
     mean_flexion_deg REAL NOT NULL,
     dose_deg_s REAL NOT NULL,
     PRIMARY KEY (wearer_id, start_ms)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE alert (
     device_id TEXT NOT NULL,
     buzz_ms INTEGER NOT NULL,
     wearer_id TEXT NOT NULL,
     slouch_start_ms INTEGER NOT NULL,
     repeat INTEGER NOT NULL,
     pattern TEXT NOT NULL,
     outcome TEXT NOT NULL,
     response_s REAL,
     resolved_ms INTEGER,
     PRIMARY KEY (device_id, buzz_ms)
   ) STRICT;
   CREATE INDEX alert_wearer ON alert (wearer_id, buzz_ms);
   CREATE TABLE device_event (
     device_id TEXT NOT NULL,
     t_ms INTEGER NOT NULL,
     type TEXT NOT NULL,
     action TEXT NOT NULL,
     PRIMARY KEY (device_id, t_ms, type, action)
   ) STRICT;
   CREATE TABLE device_status (
     device_id TEXT PRIMARY KEY,
     online INTEGER NOT NULL,
     battery REAL,
     fw TEXT,
     last_seen_ms INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE calibration (
     device_id TEXT NOT NULL,
     t_ms INTEGER NOT NULL,
     wearer_id TEXT NOT NULL,
     source TEXT NOT NULL,
     method TEXT NOT NULL,
     quality REAL NOT NULL,
     calibration TEXT NOT NULL,
     PRIMARY KEY (device_id, t_ms)
   ) STRICT;
   CREATE INDEX calibration_wearer ON calibration (wearer_id, t_ms);
   CREATE TABLE rollup (
     wearer_id TEXT NOT NULL,
     size TEXT NOT NULL,
     start_ms INTEGER NOT NULL,
     aggregate TEXT NOT NULL,
     PRIMARY KEY (wearer_id, size, start_ms)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE pipeline_checkpoint (
     device_id TEXT PRIMARY KEY,
     state TEXT NOT NULL
   ) STRICT;
   CREATE INDEX journal_device_t0 ON journal (device_id, t0_ms);`,
  // 6: accounts (people who log in to the API) and their sessions (tokens stored hashed).
  `CREATE TABLE account (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL UNIQUE COLLATE NOCASE,
     name TEXT NOT NULL,
     password_hash TEXT NOT NULL,
     roles TEXT NOT NULL,
     wearer_id TEXT,
     created_ms INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE session (
     token_hash BLOB PRIMARY KEY,
     account_id TEXT NOT NULL,
     expires_ms INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX session_expires ON session (expires_ms);`,
  // 7: the device token hashed for Mosquitto's password file too (external-broker mode), made while the token is in clear.
  `ALTER TABLE device ADD COLUMN mosquitto_hash TEXT`,
  // 8: a wearer's own feedback settings (JSON of what they set), and each device's data gaps.
  `CREATE TABLE wearer_settings (
     wearer_id TEXT PRIMARY KEY,
     settings TEXT NOT NULL
   ) STRICT;
   CREATE TABLE device_data_gaps (
     device_id TEXT PRIMARY KEY,
     gap_count INTEGER NOT NULL,
     missing_s REAL NOT NULL,
     last_start_ms INTEGER,
     last_end_ms INTEGER
   ) STRICT;`,
  // 9: journal samples kept as the payload received ('wire', decoded again on reading) or as float64 ('f64').
  `ALTER TABLE journal ADD COLUMN encoding TEXT NOT NULL DEFAULT 'f64'`,
  // 10: accounts, roles and coaching (the accounts issue). Sessions get their own id (log out one, log out
  // everywhere) and a creation time; coaches are assigned to wearers; invitations bring people in without a
  // password; login attempts are counted for rate limiting; devices are paired with short-lived codes; the
  // wearer's profile grows goals; exercise log, coach notes and pinned exercises.
  `ALTER TABLE session ADD COLUMN id TEXT;
   ALTER TABLE session ADD COLUMN created_ms INTEGER;
   CREATE INDEX session_account ON session (account_id);
   ALTER TABLE account ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE coach_assignment (
     coach_account_id TEXT NOT NULL,
     wearer_id TEXT NOT NULL,
     created_ms INTEGER NOT NULL,
     PRIMARY KEY (coach_account_id, wearer_id)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX coach_assignment_wearer ON coach_assignment (wearer_id);
   CREATE TABLE invitation (
     token_hash BLOB PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     email TEXT NOT NULL COLLATE NOCASE,
     name TEXT NOT NULL,
     roles TEXT NOT NULL,
     invited_by TEXT NOT NULL,
     coach_account_id TEXT,
     created_ms INTEGER NOT NULL,
     expires_ms INTEGER NOT NULL,
     accepted_ms INTEGER
   ) STRICT;
   CREATE TABLE login_attempt (
     key TEXT NOT NULL,
     t_ms INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX login_attempt_key ON login_attempt (key, t_ms);
   CREATE TABLE pairing_code (
     code_hash BLOB PRIMARY KEY,
     wearer_id TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_ms INTEGER NOT NULL,
     expires_ms INTEGER NOT NULL,
     used_ms INTEGER,
     device_id TEXT
   ) STRICT;
   ALTER TABLE device ADD COLUMN name TEXT;
   CREATE TABLE wearer_goals (
     wearer_id TEXT PRIMARY KEY,
     goals TEXT NOT NULL
   ) STRICT;
   CREATE TABLE exercise_log (
     id TEXT PRIMARY KEY,
     wearer_id TEXT NOT NULL,
     exercise_id TEXT NOT NULL,
     done_ms INTEGER NOT NULL,
     logged_by TEXT NOT NULL,
     note TEXT
   ) STRICT;
   CREATE INDEX exercise_log_wearer ON exercise_log (wearer_id, done_ms);
   CREATE TABLE coach_note (
     id TEXT PRIMARY KEY,
     wearer_id TEXT NOT NULL,
     author_account_id TEXT NOT NULL,
     day TEXT,
     text TEXT NOT NULL,
     created_ms INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX coach_note_wearer ON coach_note (wearer_id, created_ms);
   CREATE TABLE pinned_exercise (
     wearer_id TEXT NOT NULL,
     exercise_id TEXT NOT NULL,
     pinned_by TEXT NOT NULL,
     pinned_ms INTEGER NOT NULL,
     dose TEXT,
     PRIMARY KEY (wearer_id, exercise_id)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE exercise_plan (
     wearer_id TEXT NOT NULL,
     started_ms INTEGER NOT NULL,
     started_by TEXT NOT NULL,
     PRIMARY KEY (wearer_id, started_ms)
   ) STRICT, WITHOUT ROWID;`,
  // 11: ingest workers (src/workers/): several processes on this database behind an external broker. Each
  // journal entry records its partition (hash of the device id mod INGEST_PARTITIONS; NULL in single-process
  // mode, so that index stays empty there) and the lease epoch under which it was journaled. A partition is
  // held by one worker at a time through its lease; every claim bumps the epoch, which fences out a worker
  // that lost it. Actions for a device whose partition another worker holds wait in pending_action.
  `ALTER TABLE journal ADD COLUMN part INTEGER;
   ALTER TABLE journal ADD COLUMN lease_epoch INTEGER;
   CREATE INDEX journal_part_pos ON journal (part, pos) WHERE part IS NOT NULL;
   CREATE TABLE partition_layout (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     partitions INTEGER NOT NULL,
     created_ms INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE partition_lease (
     part INTEGER PRIMARY KEY,
     worker_id TEXT NOT NULL,
     epoch INTEGER NOT NULL,
     expires_ms INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE partition_lease_event (
     part INTEGER NOT NULL,
     epoch INTEGER NOT NULL,
     event TEXT NOT NULL,
     worker_id TEXT NOT NULL,
     t_ms INTEGER NOT NULL,
     PRIMARY KEY (part, epoch, event)
   ) STRICT;
   CREATE TABLE ingest_worker (
     worker_id TEXT PRIMARY KEY,
     instance TEXT NOT NULL,
     http_url TEXT,
     started_ms INTEGER NOT NULL,
     heartbeat_ms INTEGER NOT NULL,
     expires_ms INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE pending_action (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     part INTEGER NOT NULL,
     kind TEXT NOT NULL,
     subject TEXT NOT NULL,
     body TEXT,
     created_ms INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX pending_action_part ON pending_action (part, id);`,
  // 12: per-minute sums of the per-second points (store/point-minutes.ts), so a chart of a week at 1-minute steps
  // reads 10,080 rows at most instead of 604,800. A minute's row is (re)computed from its points once newer data
  // has moved on by two minutes; until then the minute is listed in posture_minute_open and read from its points.
  // Each category keeps its count and its first second, which decides ties as the per-second downsampling does.
  `CREATE TABLE posture_minute (
     wearer_id TEXT NOT NULL,
     t_ms INTEGER NOT NULL,
     flexion_n INTEGER NOT NULL,
     flexion_sum REAL NOT NULL,
     lateral_n INTEGER NOT NULL,
     lateral_sum REAL NOT NULL,
     still_n INTEGER NOT NULL,
     still_first INTEGER,
     moving_n INTEGER NOT NULL,
     moving_first INTEGER,
     walking_n INTEGER NOT NULL,
     walking_first INTEGER,
     lying_n INTEGER NOT NULL,
     lying_first INTEGER,
     not_worn_n INTEGER NOT NULL,
     not_worn_first INTEGER,
     unknown_activity_n INTEGER NOT NULL,
     unknown_activity_first INTEGER,
     upright_n INTEGER NOT NULL,
     upright_first INTEGER,
     slouched_n INTEGER NOT NULL,
     slouched_first INTEGER,
     unknown_posture_n INTEGER NOT NULL,
     unknown_posture_first INTEGER,
     PRIMARY KEY (wearer_id, t_ms)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE posture_minute_open (
     wearer_id TEXT NOT NULL,
     t_ms INTEGER NOT NULL,
     PRIMARY KEY (wearer_id, t_ms)
   ) STRICT, WITHOUT ROWID;
   INSERT INTO posture_minute
     SELECT wearer_id, t_ms - t_ms % 60000, count(flexion_deg), coalesce(sum(flexion_deg), 0), count(lateral_deg), coalesce(sum(lateral_deg), 0),
       sum(activity = 'still'), min(CASE WHEN activity = 'still' THEN t_ms END),
       sum(activity = 'moving'), min(CASE WHEN activity = 'moving' THEN t_ms END),
       sum(activity = 'walking'), min(CASE WHEN activity = 'walking' THEN t_ms END),
       sum(activity = 'lying'), min(CASE WHEN activity = 'lying' THEN t_ms END),
       sum(activity = 'not_worn'), min(CASE WHEN activity = 'not_worn' THEN t_ms END),
       sum(activity = 'unknown'), min(CASE WHEN activity = 'unknown' THEN t_ms END),
       sum(posture = 'upright'), min(CASE WHEN posture = 'upright' THEN t_ms END),
       sum(posture = 'slouched'), min(CASE WHEN posture = 'slouched' THEN t_ms END),
       sum(posture = 'unknown'), min(CASE WHEN posture = 'unknown' THEN t_ms END)
     FROM posture_point GROUP BY wearer_id, t_ms - t_ms % 60000;`,
  // 13: one B-tree keyed by device per accepted batch instead of three. The journal loses its two device indexes
  // ((device, seq, t0) unique, (device, t0)); the batch identity, keyed (device, t0, seq), now also gives the
  // journal position of its entry (NULL, or a position no longer in the journal, once pruned), so raw samples
  // by device and time are read through it. Each index keyed by device costs one page rewritten per batch.
  `CREATE TABLE batch_identity_by_time (
     device_id TEXT NOT NULL,
     t0_ms INTEGER NOT NULL,
     seq INTEGER NOT NULL,
     received_ms INTEGER NOT NULL,
     pos INTEGER,
     PRIMARY KEY (device_id, t0_ms, seq)
   ) STRICT, WITHOUT ROWID;
   INSERT OR IGNORE INTO batch_identity_by_time (device_id, t0_ms, seq, received_ms, pos)
     SELECT device_id, t0_ms, seq, received_ms, pos FROM journal;
   INSERT OR IGNORE INTO batch_identity_by_time (device_id, t0_ms, seq, received_ms, pos)
     SELECT device_id, t0_ms, seq, received_ms, NULL FROM batch_identity;
   DROP TABLE batch_identity;
   ALTER TABLE batch_identity_by_time RENAME TO batch_identity;
   CREATE INDEX batch_identity_received ON batch_identity (received_ms);
   DROP INDEX journal_device_seq_t0;
   DROP INDEX journal_device_t0;`,
  // 14: the points log (store/point-log.ts). A journal consumer's new points go here first, keyed by the journal
  // position they came from, so a transaction's points share a few tail pages; a device's are filed into
  // posture_point in groups, and the log is pruned behind the oldest point not filed. Read by wearer through
  // `bucket` (a hash of the wearer), whose index is also kept in position order within each bucket.
  `CREATE TABLE posture_point_log (
     consumer TEXT NOT NULL,
     pos INTEGER NOT NULL,
     wearer_id TEXT NOT NULL,
     t_ms INTEGER NOT NULL,
     bucket INTEGER NOT NULL,
     device_id TEXT NOT NULL,
     flexion_deg REAL,
     lateral_deg REAL,
     activity TEXT NOT NULL,
     posture TEXT NOT NULL,
     worn INTEGER NOT NULL,
     PRIMARY KEY (consumer, pos, wearer_id, t_ms)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX posture_point_log_bucket ON posture_point_log (bucket, pos);`,
  // 15: rollups in a rowid table with a unique key. A bucket's JSON is about 1 KB: in a WITHOUT ROWID table (an
  // index B-tree, at most about 1,000 bytes of a row on its leaf with 4 KB pages) every row spilled to an overflow
  // page, so reading and rewriting a bucket took two pages each. Read and rewritten in place (an upsert), 8-16 µs a
  // bucket against 39 µs (scratch, 8,000 wearers).
  `CREATE TABLE rollup_by_rowid (
     wearer_id TEXT NOT NULL,
     size TEXT NOT NULL,
     start_ms INTEGER NOT NULL,
     aggregate TEXT NOT NULL
   ) STRICT;
   INSERT INTO rollup_by_rowid (wearer_id, size, start_ms, aggregate) SELECT wearer_id, size, start_ms, aggregate FROM rollup;
   DROP TABLE rollup;
   ALTER TABLE rollup_by_rowid RENAME TO rollup;
   CREATE UNIQUE INDEX rollup_key ON rollup (wearer_id, size, start_ms);`,
]);
