/**
 * The ceiling: a bare Aedes broker in its own process (forked by bare-broker.ts, talks over IPC). No
 * authentication, no ACL, no limits, no journal, no pipeline: Aedes's default in-memory persistence and one
 * in-process subscriber on `posture/+/imu` that counts what it is delivered and how late (delivery time −
 * batch end, read from the binary header: count at byte 2, t0 at 8, hz at 16). The service's intake sits at
 * the same place (in-process, behind Aedes), so the difference is what the service does per batch.
 */
import net, { type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import { createLatencyHistogram, observeMs, type LatencyHistogram } from './latency-histogram.js';

interface Counted {
  fromMs: number;
  toMs: number;
  stored: number;
  latency: LatencyHistogram;
  /** `topic seq` of every delivery, to count each batch once. */
  seen: Set<string>;
  duplicates: number;
}

export type BareBrokerRequest = { type: 'window'; fromMs: number; toMs: number } | { type: 'results' } | { type: 'stop' };

export type BareBrokerReply =
  | { type: 'listening'; port: number }
  | { type: 'results'; delivered: number; windows: Array<{ stored: number; duplicates: number; counts: number[]; n: number }> };

async function main(): Promise<void> {
  const aedes = await Aedes.createBroker();
  const windows: Counted[] = [];
  let delivered = 0;
  await new Promise<void>((resolve, reject) => {
    aedes.subscribe(
      'posture/+/imu',
      (packet, done) => {
        const nowMs = Date.now();
        delivered += 1;
        const p = packet.payload as Buffer;
        if (p.length >= 24) {
          const endMs = p.readDoubleLE(8) + (p.readUInt16LE(2) * 1000) / p.readDoubleLE(16);
          for (let i = windows.length - 1; i >= 0; i--) {
            const w = windows[i] as Counted;
            if (endMs >= w.fromMs && endMs < w.toMs) {
              const key = `${packet.topic} ${p.readUInt32LE(4)}`;
              if (w.seen.has(key)) {
                w.duplicates += 1;
                break;
              }
              w.seen.add(key);
              w.stored += 1;
              observeMs(w.latency, nowMs - endMs);
              break;
            }
          }
        }
        done();
      },
      (error?: Error) => (error ? reject(error) : resolve()),
    );
  });
  const server = net.createServer((socket) => aedes.handle(socket));
  server.listen(0, '127.0.0.1', () => {
    const reply: BareBrokerReply = { type: 'listening', port: (server.address() as AddressInfo).port };
    process.send?.(reply);
  });
  process.on('message', (m: BareBrokerRequest) => {
    if (m.type === 'window') windows.push({ fromMs: m.fromMs, toMs: m.toMs, stored: 0, latency: createLatencyHistogram(), seen: new Set(), duplicates: 0 });
    else if (m.type === 'results') {
      const reply: BareBrokerReply = {
        type: 'results',
        delivered,
        // Sparse: only non-empty buckets cross the pipe (index, count pairs flattened).
        windows: windows.map((w) => ({ stored: w.stored, duplicates: w.duplicates, n: w.latency.n, counts: sparse(w.latency.counts) })),
      };
      process.send?.(reply);
    } else if (m.type === 'stop') {
      server.close();
      aedes.close(() => process.exit(0));
    }
  });
}

function sparse(counts: Uint32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i] !== 0) out.push(i, counts[i] as number);
  return out;
}

main().catch((error: unknown) => {
  console.error('bare broker:', error);
  process.exit(1);
});
