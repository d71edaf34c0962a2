/** The bare broker (bare-broker-main.ts) as a system under test: forked, driven over IPC. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BareBrokerReply, BareBrokerRequest } from './bare-broker-main.js';
import { createLatencyHistogram } from './latency-histogram.js';
import type { SystemUnderTest, TimeWindow, WindowResult } from './system-under-test.js';

export async function startBareBroker(repoRoot: string): Promise<SystemUnderTest> {
  const child = fork(fileURLToPath(new URL('./bare-broker-main.ts', import.meta.url)), [], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: BareBrokerReply['type']): Promise<BareBrokerReply> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: BareBrokerReply) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      const onExit = () => reject(new Error('bench: the bare broker exited'));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const send = (m: BareBrokerRequest): void => void child.send(m);
  const listening = await next('listening');
  const port = listening.type === 'listening' ? listening.port : 0;
  const results = async (): Promise<Extract<BareBrokerReply, { type: 'results' }>> => {
    const reply = next('results');
    send({ type: 'results' });
    return (await reply) as Extract<BareBrokerReply, { type: 'results' }>;
  };
  let opened = 0;

  return {
    label: 'bare broker',
    storedMeaning: 'delivered to an in-process subscriber of a bare Aedes (no auth, journal or pipeline)',
    pid: child.pid as number,
    target: { host: '127.0.0.1', port, deviceId: (i) => `bare-${String(i).padStart(5, '0')}`, password: () => null },
    async windowOpening(window: TimeWindow) {
      opened += 1;
      send({ type: 'window', fromMs: window.fromMs, toMs: window.toMs });
    },
    async results(windows: readonly TimeWindow[]): Promise<WindowResult[]> {
      const reply = await results();
      if (windows.length !== opened) throw new Error('bench: bare broker windows out of step');
      const duplicates = reply.windows.reduce((sum, w) => sum + w.duplicates, 0);
      if (duplicates > 0) process.stderr.write(`  bare broker: ${duplicates} batches delivered twice\n`);
      return reply.windows.map((w) => {
        const latency = createLatencyHistogram();
        for (let i = 0; i < w.counts.length; i += 2) latency.counts[w.counts[i] as number] = w.counts[i + 1] as number;
        latency.n = w.n;
        return { stored: w.stored, latency };
      });
    },
    async settle() {
      // The subscriber runs before Aedes sends the PUBACK, so once every PUBACK is in, everything was delivered.
      return true;
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      send({ type: 'stop' });
      await exited;
    },
  };
}
