/**
 * Mosquitto's password file and ACL from the registry: the `$7$` hash matches mosquitto_passwd's both ways,
 * the registry keeps one per device from creation and rotation, and the `mosquitto-acl` command writes both files.
 * (That Mosquitto accepts them is external-broker.test.ts: its broker runs on these files.)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { mosquittoAcl, mosquittoPasswordHash, verifyMosquittoHash } from '../src/broker/mosquitto-credentials.js';
import { mosquittoFiles } from '../src/broker/mosquitto-export.js';
import { openDatabase } from '../src/db/open-database.js';
import { createDeviceRegistry } from '../src/devices/device-registry.js';
import { tempDir } from './helpers.js';

const run = promisify(execFile);
const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('Mosquitto credentials', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('hashes the way mosquitto_passwd does', async () => {
    const file = path.join(dir, 'from-mosquitto');
    await run('/usr/bin/mosquitto_passwd', ['-c', '-b', file, 'dev-1', 'a token']);
    const theirs = fs.readFileSync(file, 'utf8').trim().split(':')[1] as string;
    expect(theirs).toMatch(/^\$7\$101\$/);
    expect(verifyMosquittoHash('a token', theirs)).toBe(true);
    expect(verifyMosquittoHash('another', theirs)).toBe(false);
    const ours = mosquittoPasswordHash('a token', Buffer.from(theirs.split('$')[3] as string, 'base64'));
    expect(ours).toBe(theirs);
  });

  it('keeps a hash per enabled device from creation and rotation; the export lists them with the service user', () => {
    const db = openDatabase({ dataDir: path.join(dir, 'data'), sync: 'normal' });
    try {
      const registry = createDeviceRegistry(db);
      const a = registry.create('dev-a');
      const b = registry.create('dev-b');
      registry.create('dev-c');
      registry.setDisabled('dev-c', true);
      // A device from before this column existed has no hash: listed as such, left out of the file.
      db.prepare("INSERT INTO device (id, token_salt, token_hash, created_ms) VALUES ('dev-old', x'00', x'00', 0)").run();
      const rotated = registry.rotateToken('dev-b');

      const { users, withoutHash } = registry.mosquittoUsers();
      expect(users.map((u) => u.username)).toEqual(['dev-a', 'dev-b']);
      expect(withoutHash).toEqual(['dev-old']);
      expect(verifyMosquittoHash(a.token, users[0]?.hash as string)).toBe(true);
      expect(verifyMosquittoHash(b.token, users[1]?.hash as string)).toBe(false);
      expect(verifyMosquittoHash(rotated.token, users[1]?.hash as string)).toBe(true);

      const files = mosquittoFiles(registry, { service: { username: 'stance.ingest', password: 'pw' } });
      const lines = files.passwordFile.trim().split('\n');
      expect(lines.map((l) => l.split(':')[0])).toEqual(['stance.ingest', 'dev-a', 'dev-b']);
      expect(verifyMosquittoHash('pw', lines[0]?.split(':')[1] as string)).toBe(true);
      expect(files.acl).toBe(mosquittoAcl('stance.ingest'));
      expect(files.acl).toContain('user stance.ingest\ntopic read posture/+/imu\n');
      expect(files.acl).toContain('pattern write posture/%u/imu\n');
      expect(files.acl).toContain('pattern read posture/%u/cmd\n');
    } finally {
      db.close();
    }
  });

  it('writes both files with the mosquitto-acl command', async () => {
    const dataDir = path.join(dir, 'cli');
    const db = openDatabase({ dataDir, sync: 'normal' });
    const token = createDeviceRegistry(db).create('cli-1').token;
    db.close();
    const { stderr } = await run(process.execPath, ['--import', 'tsx', 'src/mosquitto-acl.ts', '--password-file', path.join(dir, 'pw'), '--acl-file', path.join(dir, 'acl')], {
      cwd: APP_DIR,
      env: { ...process.env, DATA_DIR: dataDir, MQTT_USERNAME: 'stance.ingest', MQTT_PASSWORD: 'service pw' },
    });
    expect(stderr).toMatch(/1 devices and the service user stance.ingest written/);
    const passwords = fs.readFileSync(path.join(dir, 'pw'), 'utf8');
    expect(verifyMosquittoHash(token, /^cli-1:(.*)$/m.exec(passwords)?.[1] as string)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'acl'), 'utf8')).toBe(mosquittoAcl('stance.ingest'));
    expect(fs.statSync(path.join(dir, 'pw')).mode & 0o777).toBe(0o640);
  }, 20_000);
});
