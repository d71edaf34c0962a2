/**
 * Mosquitto's password file and ACL for the external-broker mode, where Mosquitto (not the service)
 * authenticates the devices.
 *
 * Our registry keeps tokens only as hashes, so a password file cannot be made from it later. Instead the
 * registry stores, next to its own hash, the token hashed the way `mosquitto_passwd` does (Mosquitto 2's
 * `$7$` format: PBKDF2-HMAC-SHA512, 101 iterations, 12-byte salt, 64-byte key, base64) at the two moments it
 * holds the token in clear: device creation and token rotation. The export then writes the password file from
 * those hashes at any time. Devices created before this existed have no Mosquitto hash: rotate their token.
 */
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** mosquitto_passwd's defaults for `$7$` (Mosquitto 2.0): iterations, salt and key bytes. */
export const MOSQUITTO_HASH_ITERATIONS = 101;
const SALT_BYTES = 12;
const KEY_BYTES = 64;

/** `$7$101$salt$hash`, as mosquitto_passwd writes it after `username:`. */
export function mosquittoPasswordHash(password: string, salt: Buffer = randomBytes(SALT_BYTES), iterations = MOSQUITTO_HASH_ITERATIONS): string {
  const key = pbkdf2Sync(password, salt, iterations, KEY_BYTES, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `password` matches a `$7$` hash (the check Mosquitto makes; tests use it against mosquitto_passwd). */
export function verifyMosquittoHash(password: string, hash: string): boolean {
  const match = /^\$7\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(hash);
  if (match === null) return false;
  const expected = Buffer.from(match[3] as string, 'base64');
  const key = pbkdf2Sync(password, Buffer.from(match[2] as string, 'base64'), Number(match[1]), expected.length, 'sha512');
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export interface MosquittoUser {
  username: string;
  /** A `$7$` hash. */
  hash: string;
}

/** A password file: one `username:hash` line per user. Usernames may not contain `:` (the separator). */
export function mosquittoPasswordFile(users: readonly MosquittoUser[]): string {
  return users
    .map(({ username, hash }) => {
      if (username.includes(':') || /\s/.test(username)) throw new Error(`MQTT username ${JSON.stringify(username)} cannot go in a password file`);
      return `${username}:${hash}\n`;
    })
    .join('');
}

/**
 * The ACL: the service's user reads every device's imu, status and event and writes every cmd; every other
 * user (a device, username = device id) writes only its own imu, status (also its will) and event and reads
 * only its own cmd. `pattern` lines apply to every user, the service's too, so the service's username should be
 * one no device can have: device ids are `[A-Za-z0-9_-]`, so a name with a dot (`stance.ingest`) is safe.
 */
export function mosquittoAcl(serviceUsername: string | null): string {
  const lines = ['# Stance: written by `npm run -s -w @stance/ingest mosquitto-acl`; do not edit by hand.'];
  if (serviceUsername !== null) {
    lines.push(
      '', '# the ingest service', `user ${serviceUsername}`,
      'topic read posture/+/imu', 'topic read posture/+/status', 'topic read posture/+/event', 'topic write posture/+/cmd',
    );
  }
  lines.push(
    '', '# every device: its own topics only (%u = username = device id)',
    'pattern write posture/%u/imu', 'pattern write posture/%u/status', 'pattern write posture/%u/event', 'pattern read posture/%u/cmd', '',
  );
  return lines.join('\n');
}
