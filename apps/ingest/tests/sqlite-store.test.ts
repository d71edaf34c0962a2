/** The SQLite adapter against the store contract. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open-database.js';
import { createJournal } from '../src/intake/journal.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import { emptyStoreBatch } from '../src/store/store-port.js';
import { tempDir } from './helpers.js';
import { rawContract, runStoreContract, type StoreUnderTest } from './store-contract.js';

function makeSqliteStore(): StoreUnderTest {
  const dataDir = tempDir('stance-store-');
  const db = openDatabase({ dataDir, sync: 'normal' });
  const journal = createJournal(db);
  let seq = 0;
  return {
    store: createSqliteStore(db),
    appendRaw(deviceId, t0Ms, hz, acc, gyr) {
      const batch = { seq: seq++, t0Ms, hz, count: acc.length / 3, acc: Float64Array.from(acc), gyr: Float64Array.from(gyr) };
      journal.append({ deviceId, boot: 0, batch, format: 'json', receivedMs: 0 });
    },
    cleanup() {
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

runStoreContract('sqlite', makeSqliteStore);
describe('sqlite raw samples', () => rawContract(makeSqliteStore));

describe('sqlite per-second points as JSON', () => {
  it('answers exactly what readPoints reads, unknown angles (null) and awkward doubles included', async () => {
    const { store, cleanup } = makeSqliteStore();
    try {
      const T0 = 1_763_712_000_000;
      const points = Array.from({ length: 300 }, (_, i) => ({
        wearerId: 'w1', deviceId: 'd1', tMs: T0 + i * 1000,
        flexionDeg: i % 7 === 0 ? Number.NaN : Math.sin(i) * 40 + 1 / 3, lateralDeg: i % 11 === 0 ? Number.NaN : Math.cos(i) * 1e-7,
        activity: i % 50 < 5 ? ('not_worn' as const) : ('still' as const), posture: i % 3 === 0 ? ('slouched' as const) : ('upright' as const), worn: i % 50 >= 5,
      }));
      store.write({ ...emptyStoreBatch(), points });
      const range = { fromMs: T0 + 10_000, toMs: T0 + 250_000 };
      const expected = (await store.readPoints('w1', range)).map((p) => ({ t: p.tMs, flexionDeg: p.flexionDeg, lateralDeg: p.lateralDeg, activity: p.activity, posture: p.posture }));
      expect(expected).toHaveLength(240);
      expect(JSON.parse(store.readPointsJson!('w1', range))).toEqual({ points: expected });
      expect(JSON.parse(store.readPointsJson!('w2', range))).toEqual({ points: [] });
    } finally {
      cleanup();
    }
  });
});
