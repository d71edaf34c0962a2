/**
 * The device registry: which sensors may connect, and their hashed tokens (never stored in clear).
 * A token is returned once, by `create` and `rotateToken`.
 */
import { isValidDeviceId } from '@stance/protocol';
import { mosquittoPasswordHash, type MosquittoUser } from '../broker/mosquitto-credentials.js';
import type { SqliteDatabase } from '../db/open-database.js';
import { stanceError } from '../errors.js';
import { DUMMY_HASHED_TOKEN, generateToken, hashToken, verifyToken } from './device-token.js';

export interface Device {
  id: string;
  wearerId: string | null;
  createdMs: number;
  disabled: boolean;
}

/** A device together with its token, as answered once on creation or rotation. */
export interface DeviceWithToken extends Device {
  token: string;
}

/** Why a login was refused, or `ok`. The reasons are metric labels. */
export type DeviceLoginVerdict = 'ok' | 'unknown_device' | 'bad_token' | 'disabled';
export const DEVICE_LOGIN_REFUSALS: readonly Exclude<DeviceLoginVerdict, 'ok'>[] = Object.freeze([
  'unknown_device',
  'bad_token',
  'disabled',
]);

export interface DeviceRegistry {
  /** Registers a device and returns its token. Throws DEVICE_ID_INVALID or DEVICE_EXISTS. */
  create(id: string, wearerId?: string | null, nowMs?: number): DeviceWithToken;
  /** A new token for an existing device; the old one stops working at once. Throws DEVICE_NOT_FOUND. */
  rotateToken(id: string): DeviceWithToken;
  setDisabled(id: string, disabled: boolean): void;
  get(id: string): Device | null;
  list(): Device[];
  /** Checks a login in constant time with respect to the token (and spends the same work on unknown ids). */
  verify(id: string, token: string): DeviceLoginVerdict;
  /**
   * Enabled devices as Mosquitto users (their token's `$7$` hash, made at creation or rotation), and the ids of
   * enabled devices without one (created before it existed: rotate their token to include them).
   */
  mosquittoUsers(): { users: MosquittoUser[]; withoutHash: string[] };
}

interface DeviceRow {
  id: string;
  wearer_id: string | null;
  created_ms: number;
  disabled: number;
}

interface CredentialRow {
  token_salt: Buffer;
  token_hash: Buffer;
  disabled: number;
}

export function createDeviceRegistry(db: SqliteDatabase): DeviceRegistry {
  const insert = db.prepare(
    'INSERT INTO device (id, wearer_id, token_salt, token_hash, mosquitto_hash, created_ms) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const updateToken = db.prepare('UPDATE device SET token_salt = ?, token_hash = ?, mosquitto_hash = ? WHERE id = ?');
  const updateDisabled = db.prepare('UPDATE device SET disabled = ? WHERE id = ?');
  const selectOne = db.prepare<[string], DeviceRow>('SELECT id, wearer_id, created_ms, disabled FROM device WHERE id = ?');
  const selectAll = db.prepare<[], DeviceRow>('SELECT id, wearer_id, created_ms, disabled FROM device ORDER BY id');
  const selectMosquitto = db.prepare<[], { id: string; mosquitto_hash: string | null }>(
    'SELECT id, mosquitto_hash FROM device WHERE disabled = 0 ORDER BY id',
  );
  const selectCredential = db.prepare<[string], CredentialRow>(
    'SELECT token_salt, token_hash, disabled FROM device WHERE id = ?',
  );

  const get = (id: string): Device | null => {
    const row = selectOne.get(id);
    return row === undefined ? null : toDevice(row);
  };

  return {
    create(id, wearerId = null, nowMs = Date.now()) {
      if (!isValidDeviceId(id)) throw stanceError('DEVICE_ID_INVALID', { id: JSON.stringify(String(id).slice(0, 80)) });
      if (selectOne.get(id) !== undefined) throw stanceError('DEVICE_EXISTS', { id });
      const token = generateToken();
      const { salt, hash } = hashToken(token);
      insert.run(id, wearerId, salt, hash, mosquittoPasswordHash(token), nowMs);
      return { id, wearerId, createdMs: nowMs, disabled: false, token };
    },
    rotateToken(id) {
      const device = get(id);
      if (device === null) throw stanceError('DEVICE_NOT_FOUND', { id });
      const token = generateToken();
      const { salt, hash } = hashToken(token);
      updateToken.run(salt, hash, mosquittoPasswordHash(token), id);
      return { ...device, token };
    },
    setDisabled(id, disabled) {
      if (updateDisabled.run(disabled ? 1 : 0, id).changes === 0) throw stanceError('DEVICE_NOT_FOUND', { id });
    },
    get,
    list: () => selectAll.all().map(toDevice),
    verify(id, token) {
      const row = isValidDeviceId(id) ? selectCredential.get(id) : undefined;
      const matches = verifyToken(token, row ? { salt: row.token_salt, hash: row.token_hash } : DUMMY_HASHED_TOKEN);
      if (row === undefined) return 'unknown_device';
      if (!matches) return 'bad_token';
      return row.disabled ? 'disabled' : 'ok';
    },
    mosquittoUsers() {
      const users: MosquittoUser[] = [];
      const withoutHash: string[] = [];
      for (const row of selectMosquitto.all()) {
        if (row.mosquitto_hash === null) withoutHash.push(row.id);
        else users.push({ username: row.id, hash: row.mosquitto_hash });
      }
      return { users, withoutHash };
    },
  };
}

function toDevice(row: DeviceRow): Device {
  return { id: row.id, wearerId: row.wearer_id, createdMs: row.created_ms, disabled: row.disabled !== 0 };
}
