/** Device registry: tokens random, shown once, stored hashed with a salt, verified in constant time. */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { createDeviceRegistry, type DeviceRegistry } from '../src/devices/device-registry.js';
import { hashToken, verifyToken } from '../src/devices/device-token.js';
import { StanceError } from '../src/errors.js';
import { tempDir } from './helpers.js';

describe('device registry', () => {
  let dir: string;
  let db: SqliteDatabase;
  let registry: DeviceRegistry;
  beforeEach(() => {
    dir = tempDir();
    db = openDatabase({ dataDir: dir, sync: 'normal' });
    registry = createDeviceRegistry(db);
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates a device with a 256-bit token that verifies, and never stores the token', () => {
    const device = registry.create('desk-1', 'wearer-1', 1000);
    expect(device).toMatchObject({ id: 'desk-1', wearerId: 'wearer-1', createdMs: 1000, disabled: false });
    expect(Buffer.from(device.token, 'base64url')).toHaveLength(32);
    expect(registry.verify('desk-1', device.token)).toBe('ok');
    const row = db.prepare('SELECT * FROM device').get() as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain(device.token);
    const raw = fs.readFileSync(`${dir}/stance.sqlite`).toString('latin1') + fs.readFileSync(`${dir}/stance.sqlite-wal`).toString('latin1');
    expect(raw).not.toContain(device.token);
  });

  it('tells apart unknown devices, wrong tokens and disabled devices', () => {
    const { token } = registry.create('desk-2');
    expect(registry.verify('desk-3', token)).toBe('unknown_device');
    expect(registry.verify('not a valid id', token)).toBe('unknown_device');
    expect(registry.verify('desk-2', token.slice(1))).toBe('bad_token');
    registry.setDisabled('desk-2', true);
    expect(registry.verify('desk-2', token)).toBe('disabled');
  });

  it('refuses bad ids and duplicates with catalogued errors', () => {
    registry.create('desk-4');
    expect(() => registry.create('desk-4')).toThrow(expect.objectContaining({ code: 'DEVICE_EXISTS', status: 409 }));
    expect(() => registry.create('bad/id')).toThrow(StanceError);
    expect(() => registry.rotateToken('ghost')).toThrow(expect.objectContaining({ code: 'DEVICE_NOT_FOUND' }));
  });

  it('salts: the same token hashes differently twice, and both verify', () => {
    const a = hashToken('same');
    const b = hashToken('same');
    expect(a.hash.equals(b.hash)).toBe(false);
    expect(verifyToken('same', a) && verifyToken('same', b)).toBe(true);
    expect(verifyToken('other', a)).toBe(false);
  });
});
