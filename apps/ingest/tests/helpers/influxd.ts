/**
 * A real InfluxDB for the tests: Debian's `influxd` (1.6) on free loopback ports, with its meta, data and
 * WAL folders in a temporary folder, configured from its own `influxd config` output with both listeners
 * (HTTP and the RPC `bind-address` used for backups) moved to loopback and usage reporting off. It can be
 * stopped and started again on the same ports and data (the outage test), and is removed by `cleanup`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const INFLUXD = '/usr/bin/influxd';

/** How long influxd may take to answer /ping after start, ms. */
const START_TIMEOUT_MS = 20_000;
/** How long it may take to exit after SIGTERM before it is killed, ms. */
const STOP_TIMEOUT_MS = 15_000;

export interface InfluxServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly httpPort: number;
  readonly dir: string;
  readonly running: boolean;
  /** Starts it again (same ports, same data) after `stop`. */
  start(): Promise<void>;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
  /** Stops it and removes its folder. */
  cleanup(): Promise<void>;
}

export function influxdMissing(): string | null {
  return fs.existsSync(INFLUXD)
    ? null
    : `${INFLUXD} not found: install Debian's InfluxDB (apt-get install influxdb; .ci/run does it) to run the InfluxDB tests`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `influxd config` with the folders, listeners, reporting and logging changed; everything else as shipped. */
export function influxConfig(defaults: string, dir: string, httpPort: number, rpcPort: number): string {
  let section = '';
  const out: string[] = ['reporting-disabled = true'];
  for (const raw of defaults.split('\n')) {
    const header = /^\s*\[+([^\]]+)\]+\s*$/.exec(raw);
    if (header) section = header[1] as string;
    const key = /^\s*([A-Za-z0-9_-]+)\s*=/.exec(raw)?.[1];
    const set = (value: string): void => {
      out.push(`${raw.slice(0, raw.indexOf(key as string))}${key} = ${value}`);
    };
    if (section === '' && (key === 'reporting-enabled' || key === 'reporting-disabled')) continue;
    if (section === '' && key === 'bind-address') set(`"127.0.0.1:${rpcPort}"`);
    else if (section === 'meta' && key === 'dir') set(JSON.stringify(path.join(dir, 'meta')));
    else if (section === 'data' && key === 'dir') set(JSON.stringify(path.join(dir, 'data')));
    else if (section === 'data' && key === 'wal-dir') set(JSON.stringify(path.join(dir, 'wal')));
    else if (section === 'data' && key === 'query-log-enabled') set('false');
    else if (section === 'http' && key === 'bind-address') set(`"127.0.0.1:${httpPort}"`);
    else if (section === 'http' && key === 'log-enabled') set('false');
    else if (section === 'monitor' && key === 'store-enabled') set('false'); // no _internal database writing every 10 s
    else if (section === 'logging' && key === 'level') set('"warn"');
    else out.push(raw);
  }
  return out.join('\n');
}

export async function startInfluxd(): Promise<InfluxServer> {
  const missing = influxdMissing();
  if (missing !== null) throw new Error(missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-influxd-'));
  const defaults = spawnSync(INFLUXD, ['config'], { encoding: 'utf8' });
  if (defaults.status !== 0) throw new Error(`influxd config failed: ${defaults.stderr}`);
  const httpPort = await freePort();
  const rpcPort = await freePort();
  const configFile = path.join(dir, 'influxdb.conf');
  fs.writeFileSync(configFile, influxConfig(defaults.stdout, dir, httpPort, rpcPort));
  const logFile = path.join(dir, 'influxd.log');
  const url = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess | null = null;

  const logTail = (): string => {
    try {
      return fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no log)';
    }
  };

  const start = async (): Promise<void> => {
    if (child !== null) return;
    const log = fs.openSync(logFile, 'a');
    const proc = spawn(INFLUXD, ['run', '-config', configFile], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    child = proc;
    let exited = false;
    proc.once('exit', () => {
      exited = true;
      if (child === proc) child = null;
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`influxd exited at start:\n${logTail()}`);
      try {
        const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
        if (response.status === 204) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    proc.kill('SIGKILL');
    throw new Error(`influxd did not answer ${url}/ping within ${START_TIMEOUT_MS} ms:\n${logTail()}`);
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    if (proc === null) return;
    const exited = new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve();
      else proc.once('exit', () => resolve());
    });
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    child = null;
  };

  await start();
  return {
    url,
    httpPort,
    dir,
    get running() {
      return child !== null;
    },
    start,
    stop,
    async cleanup() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
