/** The SQLite adapter against the store contract. */
import fs from 'node:fs';
import { describe } from 'vitest';
import { openDatabase } from '../src/db/open-database.js';
import { createJournal } from '../src/intake/journal.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
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
