/**
 * Devices as wearers see them: paired to a wearer with a name, renamed, unpaired. The registry keeps the
 * credentials (device-registry.ts); this adds the name (column `device.name`, migration 10) and the pairing:
 *
 * - pair: a new device for a wearer (id generated when none is given), or an unpaired one paired again under
 *   its old id (a sensor's id is often fixed in its firmware). Either way a new token, shown once.
 * - unpair: the token is revoked (a new random one replaces it and is thrown away), the device disabled so
 *   its MQTT logins are refused, and its wearer detached. The wearer's data stays theirs.
 */
import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../db/open-database.js';
import { stanceError } from '../errors.js';
import type { Device, DeviceRegistry } from './device-registry.js';

export interface NamedDevice extends Device {
  /** What people call it; the id until named. */
  name: string;
}

export interface PairedDevice {
  id: string;
  wearerId: string;
  name: string;
  token: string;
  /** An unpaired device paired again (its analysis state must start afresh), not a new one. */
  repaired: boolean;
}

export interface WearerDevices {
  /** The device with its name, or null. */
  get(id: string): NamedDevice | null;
  /** Every device with its name, by id. */
  list(): NamedDevice[];
  /** Pairs a device to `wearerId`. Throws DEVICE_ID_INVALID, or DEVICE_EXISTS for an id in use (paired or enabled). */
  pair(wearerId: string, request: { id?: string; name?: string }, nowMs: number): PairedDevice;
  /** Throws DEVICE_NOT_FOUND. */
  rename(id: string, name: string): NamedDevice;
  /** Revokes the token, disables the device and detaches its wearer. Throws DEVICE_NOT_FOUND. */
  unpair(id: string): void;
}

/** Generated ids: a prefix and 10 random base-32 characters (50 bits), within the protocol's [A-Za-z0-9_-]. */
const GENERATED_ID_PREFIX = 'sensor-';
const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function createWearerDevices(db: SqliteDatabase, registry: DeviceRegistry): WearerDevices {
  const names = db.prepare<[], { id: string; name: string | null }>('SELECT id, name FROM device');
  const nameOf = db.prepare<[string], { name: string | null }>('SELECT name FROM device WHERE id = ?');
  const setName = db.prepare('UPDATE device SET name = ? WHERE id = ?');
  const attach = db.prepare('UPDATE device SET wearer_id = ?, name = ?, disabled = 0 WHERE id = ?');
  const detach = db.prepare('UPDATE device SET wearer_id = NULL WHERE id = ?');

  const named = (d: Device, name: string | null | undefined): NamedDevice => ({ ...d, name: name ?? d.id });
  const get = (id: string): NamedDevice | null => {
    const d = registry.get(id);
    return d === null ? null : named(d, nameOf.get(id)?.name);
  };

  const pairExisting = (existing: Device, wearerId: string, name: string | undefined): PairedDevice => {
    // Only an unpaired device may be taken over: a paired or enabled one belongs to someone.
    if (existing.wearerId !== null || !existing.disabled) throw stanceError('DEVICE_EXISTS', { id: existing.id });
    const { token } = registry.rotateToken(existing.id);
    const keptName = name ?? nameOf.get(existing.id)?.name ?? null;
    attach.run(wearerId, keptName, existing.id);
    return { id: existing.id, wearerId, name: keptName ?? existing.id, token, repaired: true };
  };

  return {
    get,
    list() {
      const byId = new Map(names.all().map((r) => [r.id, r.name]));
      return registry.list().map((d) => named(d, byId.get(d.id)));
    },
    pair(wearerId, request, nowMs) {
      return db.transaction((): PairedDevice => {
        const id = request.id ?? freshId(registry);
        const existing = registry.get(id);
        if (existing !== null) return pairExisting(existing, wearerId, request.name);
        const created = registry.create(id, wearerId, nowMs);
        setName.run(request.name ?? null, id);
        return { id, wearerId, name: request.name ?? id, token: created.token, repaired: false };
      })();
    },
    rename(id, name) {
      if (setName.run(name, id).changes === 0) throw stanceError('DEVICE_NOT_FOUND', { id });
      return get(id) as NamedDevice;
    },
    unpair(id) {
      db.transaction(() => {
        registry.rotateToken(id); // throws DEVICE_NOT_FOUND; the new token is never shown, so the old one is simply gone
        registry.setDisabled(id, true);
        detach.run(id);
      })();
    },
  };
}

function freshId(registry: DeviceRegistry): string {
  for (;;) {
    let id = GENERATED_ID_PREFIX;
    for (const byte of randomBytes(10)) id += ID_ALPHABET[byte % ID_ALPHABET.length];
    if (registry.get(id) === null) return id;
  }
}
