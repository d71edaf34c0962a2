/**
 * The service as a child process, for the kill -9 tests: start it, wait for its exit, read a metric, and a TCP
 * proxy in front of it (or in front of its broker) that can withhold one direction of traffic: the PUBACKs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_NODE_FLAGS } from '../../src/service-node-flags.js';

const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts `src/main.ts` under tsx's loader; resolves once it logs that it is running. Node itself with
 * `--import tsx` rather than the `tsx` command: that one runs the service in a grandchild process, which a
 * SIGKILL of the child would leave running.
 */
export function startServiceProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '--import', 'tsx', 'src/main.ts'], {
    cwd: APP_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('stance ingest running')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`service exited (${code}) before it was running:\n${output}`)));
  });
}

/** Resolves with the exit code once `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** One unlabelled counter or gauge from the service's `/metrics`. */
export async function metric(httpPort: string, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
}

/**
 * A TCP proxy to `targetPort` that can swallow one direction: `'replies'`, what the target sends back (the
 * service's PUBACKs to a device), or `'requests'`, what the proxy's clients send (the service's PUBACKs to an
 * external broker).
 */
export async function startSwallowingProxy(targetPort: number, direction: 'replies' | 'requests') {
  const sockets = new Set<net.Socket>();
  let swallowing = false;
  const server = net.createServer((downstream) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(downstream).add(upstream);
    // `from` → `to` is the direction that can be swallowed; the other one always passes.
    const [from, to] = direction === 'replies' ? [upstream, downstream] : [downstream, upstream];
    to.pipe(from);
    from.on('data', (chunk) => {
      if (!swallowing) to.write(chunk);
    });
    const end = () => {
      downstream.destroy();
      upstream.destroy();
      sockets.delete(downstream);
      sockets.delete(upstream);
    };
    for (const s of [downstream, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    swallow(on: boolean) {
      swallowing = on;
    },
    cutAll() {
      for (const s of sockets) s.destroy();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
