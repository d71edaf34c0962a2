/**
 * Migration 15 moves the rollups into a rowid table (their ~1 KB rows overflowed a WITHOUT ROWID table's leaf): a
 * database made before it keeps every bucket, and a bucket is still merged in place under its key.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { aggregateFromJson, aggregateIntoBuckets, aggregateToJson } from '@stance/analysis';
import { MIGRATIONS } from '../src/db/migrations.js';
import { DATABASE_FILE, openDatabase } from '../src/db/open-database.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import { emptyStoreBatch } from '../src/store/store-port.js';
import { tempDir } from './helpers.js';

const T0 = 1_763_712_000_000; // a whole hour

it('keeps every bucket of a database made before it, and merges a bucket in place', async () => {
  const dataDir = tempDir('stance-rollup-table-');
  try {
    const seconds = Array.from({ length: 7200 }, (_, s) => ({
      tMs: T0 + s * 1000, flexionDeg: 10 + (s % 30), lateralDeg: 1, activity: 'still' as const, posture: s % 4 === 0 ? 'slouched' as const : 'upright' as const, worn: true,
    }));
    const hours = aggregateIntoBuckets(seconds, [], 'hour', { utcOffsetMin: 0 });
    expect(hours).toHaveLength(2);
    const before = new Database(path.join(dataDir, DATABASE_FILE));
    before.pragma('journal_mode = WAL');
    for (const m of MIGRATIONS.slice(0, 14)) before.exec(m);
    before.pragma('user_version = 14');
    const put = before.prepare('INSERT INTO rollup (wearer_id, size, start_ms, aggregate) VALUES (?, ?, ?, ?)');
    for (const h of hours) put.run('w1', 'hour', h.startMs, JSON.stringify(aggregateToJson(h)));
    before.close();

    const db = openDatabase({ dataDir, sync: 'normal' });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const store = createSqliteStore(db);
      const read = async () => (await store.readRollups('w1', 'hour', { fromMs: 0, toMs: 4e12 })).map((b) => [b.startMs, b.aggregate.pointS, b.aggregate.slouchS]);
      expect(await read()).toEqual(hours.map((h) => [h.startMs, 3600, 900]));
      // The first hour's bucket gets the same hour again: merged, still one row under its key.
      store.write({ ...emptyStoreBatch(), rollups: [{ wearerId: 'w1', size: 'hour', startMs: T0, aggregate: hours[0]! }] });
      expect(await read()).toEqual([[T0, 7200, 1800], [T0 + 3_600_000, 3600, 900]]);
      expect(db.prepare('SELECT count(*) FROM rollup').pluck().get()).toBe(2);
      const stored = db.prepare('SELECT aggregate FROM rollup WHERE start_ms = ?').pluck().get(T0) as string;
      expect(aggregateFromJson(JSON.parse(stored)).pointS).toBe(7200);
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
