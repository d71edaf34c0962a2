/**
 * Debian's Mosquitto for the workers bench, configured as apps/ingest/README.md tells a deployment (loopback
 * listener, no anonymous access, password file and ACL exported from the device registry, persistence), in a
 * temporary folder on a free port. Its log (errors and warnings) stays in that folder until `close`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeviceRegistry, mosquittoFiles, openDatabase, writeFileAtomic } from '@stance/ingest';
import { freePort } from '../ingest/proc-stats.js';

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';
/** The workers' login at the bench broker (a dot: no device id can take it). */
export const BENCH_SERVICE_USER = { username: 'stance.ingest', password: 'bench service secret' } as const;

export interface BenchMosquitto {
  readonly port: number;
  readonly pid: number;
  close(): Promise<void>;
}

export async function startBenchMosquitto(dataDir: string): Promise<BenchMosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'stance-bench-mosquitto-'));
  const port = await freePort();
  const db = openDatabase({ dataDir, sync: 'normal' });
  try {
    const files = mosquittoFiles(createDeviceRegistry(db), { service: BENCH_SERVICE_USER });
    writeFileAtomic(join(dir, 'passwords'), files.passwordFile);
    writeFileAtomic(join(dir, 'acl'), files.acl);
  } finally {
    db.close();
  }
  writeFileSync(join(dir, 'mosquitto.conf'), [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous false',
    `password_file ${join(dir, 'passwords')}`,
    `acl_file ${join(dir, 'acl')}`,
    'persistence true',
    `persistence_location ${dir}/`,
    'autosave_interval 60',
    'max_queued_messages 1000000',
    // Messages in flight to one client before its PUBACKs (default 20): a partition's session gets every device's.
    `max_inflight_messages ${process.env.STANCE_BENCH_WORKERS_INFLIGHT ?? '1000'}`,
    `log_dest file ${dir}/mosquitto.log`,
    'log_type error',
    'log_type warning',
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    '',
  ].join('\n'));
  const child: ChildProcess = spawn(MOSQUITTO_BIN, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  for (let i = 0; !(await listening(port)); i++) {
    if (child.exitCode !== null || i > 200) throw new Error(`bench: mosquitto did not start (see ${dir}/mosquitto.log)`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    pid: child.pid as number,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
