/**
 * Writes Mosquitto's password file and ACL from the device registry (external-broker mode): every enabled
 * device with a Mosquitto hash, plus the service's own user when given. Run it after creating, rotating or
 * disabling devices, then make Mosquitto reload (SIGHUP). Files are replaced atomically (write, then rename), so
 * a broker reloading at that moment reads the old or the new file, never half of one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DeviceRegistry } from '../devices/device-registry.js';
import { mosquittoAcl, mosquittoPasswordFile, mosquittoPasswordHash, type MosquittoUser } from './mosquitto-credentials.js';

export interface MosquittoExportOptions {
  /** The service's login (MQTT_USERNAME / MQTT_PASSWORD); null: no service user (anonymous reads are not recommended). */
  service: { username: string; password: string } | null;
}

export interface MosquittoFiles {
  passwordFile: string;
  acl: string;
  /** Devices that get a line. */
  devices: number;
  /** Enabled devices left out: created before Mosquitto hashes were kept; rotate their tokens to include them. */
  withoutHash: string[];
}

/** The two files' contents. */
export function mosquittoFiles(registry: DeviceRegistry, options: MosquittoExportOptions): MosquittoFiles {
  const { users, withoutHash } = registry.mosquittoUsers();
  const all: MosquittoUser[] = options.service
    ? [{ username: options.service.username, hash: mosquittoPasswordHash(options.service.password) }, ...users]
    : users;
  return {
    passwordFile: mosquittoPasswordFile(all),
    acl: mosquittoAcl(options.service?.username ?? null),
    devices: users.length,
    withoutHash,
  };
}

/** Writes `contents` to `file` atomically, readable by owner and group (give the group to Mosquitto's user). */
export function writeFileAtomic(file: string, contents: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, contents, { mode: 0o640 });
  fs.renameSync(temporary, file);
}
