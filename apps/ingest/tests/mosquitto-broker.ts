/**
 * A real Mosquitto for the external-broker tests, configured the way the README tells a deployment to: a
 * loopback listener, no anonymous access, the password file and ACL written by `mosquittoFiles` from a
 * device registry, and persistence (saved every second and at exit) so a restart keeps sessions and queued
 * messages. Stoppable and restartable on the same port. Also: the service's test credentials and devices.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { mosquittoFiles, writeFileAtomic } from '../src/broker/mosquitto-export.js';
import { openDatabase } from '../src/db/open-database.js';
import { createDeviceRegistry } from '../src/devices/device-registry.js';
import { tempDir } from './helpers.js';

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';
export const MOSQUITTO_PUB = '/usr/bin/mosquitto_pub';
/** The service's login at the test broker (a dot: no device id can take it). */
export const SERVICE_USER = { username: 'stance.ingest', password: 'service secret' } as const;

export interface TestMosquitto {
  readonly port: number;
  readonly url: string;
  /** SIGTERM saves sessions and queued messages; SIGKILL is a crash (what autosave kept). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  start(): Promise<void>;
  /** Rewrites the password file and ACL from the registry in `dataDir`, then SIGHUP (Mosquitto reloads them). */
  reloadCredentials(): void;
  close(): Promise<void>;
}

/** Registers devices in a fresh DATA_DIR (as the API would) and returns their tokens. */
export function registerDevices(dataDir: string, ids: readonly string[]): Record<string, string> {
  const db = openDatabase({ dataDir, sync: 'normal' });
  try {
    const registry = createDeviceRegistry(db);
    return Object.fromEntries(ids.map((id) => [id, registry.create(id).token]));
  } finally {
    db.close();
  }
}

export async function startMosquitto(dataDir: string): Promise<TestMosquitto> {
  const dir = tempDir('stance-mosquitto-');
  const port = await freePort();
  const passwordFile = path.join(dir, 'passwords');
  const aclFile = path.join(dir, 'acl');
  const writeCredentials = (): void => {
    const db = openDatabase({ dataDir, sync: 'normal' });
    try {
      const files = mosquittoFiles(createDeviceRegistry(db), { service: SERVICE_USER });
      writeFileAtomic(passwordFile, files.passwordFile);
      writeFileAtomic(aclFile, files.acl);
    } finally {
      db.close();
    }
  };
  writeCredentials();
  const config = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(config, [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous false',
    `password_file ${passwordFile}`,
    `acl_file ${aclFile}`,
    'persistence true',
    `persistence_location ${dir}/`,
    'autosave_interval 1',
    // Not 0 ("no limit"): Mosquitto 2.0.11 then closes a v3.1.1 client right after an ACL-denied QoS 1 publish.
    'max_queued_messages 100000',
    `log_dest file ${dir}/mosquitto.log`,
    'log_type error',
    'log_type warning',
    // Run as root (containers), Mosquitto would switch to user "mosquitto" and fail to write its database here.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    '',
  ].join('\n'));

  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const c = spawn(MOSQUITTO_BIN, ['-c', config], { stdio: 'ignore' });
    child = c;
    await waitForPort(port, c);
  };
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill(signal);
    await exited;
  };
  await start();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    stop,
    start,
    reloadCredentials() {
      writeCredentials();
      child?.kill('SIGHUP');
    },
    async close() {
      await stop('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
