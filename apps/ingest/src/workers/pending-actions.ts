/**
 * Actions for a device's analysis that the API received on a worker that does not hold the device's partition:
 * kept in the shared database (`pending_action`) per partition until the partition's holder applies them, in the
 * same transaction as it deletes them, within `ACTION_POLL_MS`. They survive the holder's death: the next
 * holder applies them. Each kind is idempotent, so applying one again after a crash does no harm.
 */
import type { SqliteDatabase } from '../db/open-database.js';

/**
 * `wearer-settings`: the wearer's settings or UTC offset changed; subject = wearer id (the holder rebuilds
 * that wearer's devices from their checkpoints). `calibration`: subject = device id, body = the calibration
 * (calibration-json.ts), already recorded by the worker that computed it; the holder applies it.
 * `button`: subject = device id, body = {action}. `device-paired`: subject = device id; the holder writes what the
 * device owed its previous wearer and starts its analysis afresh (AnalysisConsumer.devicePaired).
 */
export type PendingActionKind = 'wearer-settings' | 'calibration' | 'button' | 'device-paired';

export interface PendingAction {
  id: number;
  part: number;
  kind: PendingActionKind;
  subject: string;
  body: unknown;
  createdMs: number;
}

export interface PendingActions {
  add(part: number, kind: PendingActionKind, subject: string, body: unknown, nowMs: number): void;
  /** The oldest actions of the given partitions, at most `limit`. */
  of(parts: readonly number[], limit: number): PendingAction[];
  /** Deletes one (inside the transaction that applies it); false if it was gone already. */
  remove(id: number): boolean;
}

interface ActionRow {
  id: number;
  part: number;
  kind: string;
  subject: string;
  body: string | null;
  created_ms: number;
}

export function createPendingActions(db: SqliteDatabase): PendingActions {
  const insert = db.prepare('INSERT INTO pending_action (part, kind, subject, body, created_ms) VALUES (?, ?, ?, ?, ?)');
  const ofPart = db.prepare<[number, number], ActionRow>('SELECT * FROM pending_action WHERE part = ? ORDER BY id LIMIT ?');
  const remove = db.prepare('DELETE FROM pending_action WHERE id = ?');
  return {
    add(part, kind, subject, body, nowMs) {
      insert.run(part, kind, subject, body === undefined ? null : JSON.stringify(body), nowMs);
    },
    of(parts, limit) {
      const rows = parts.flatMap((part) => ofPart.all(part, limit));
      return rows
        .sort((a, b) => a.id - b.id)
        .slice(0, limit)
        .map((r) => ({
          id: r.id, part: r.part, kind: r.kind as PendingActionKind, subject: r.subject,
          body: r.body === null ? null : (JSON.parse(r.body) as unknown), createdMs: r.created_ms,
        }));
    },
    remove: (id) => remove.run(id).changes === 1,
  };
}
