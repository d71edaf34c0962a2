/**
 * Renaming a wearer (table `wearer`). The store creates and reads wearers; the UTC offset changes through the
 * store with the wearer's settings (`putWearerSettings`), since the analysis reads them together.
 */
import type { SqliteDatabase } from '../db/open-database.js';

export interface WearerNames {
  /** Returns whether the wearer exists. */
  rename(wearerId: string, name: string): boolean;
}

export function createWearerNames(db: SqliteDatabase): WearerNames {
  const rename = db.prepare('UPDATE wearer SET name = ? WHERE id = ?');
  return {
    rename: (wearerId, name) => rename.run(name, wearerId).changes > 0,
  };
}
