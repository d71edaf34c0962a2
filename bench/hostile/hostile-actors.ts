/**
 * Misbehaving clients for the hostile-clients bench, each started against the service's MQTT port and stopped
 * when its phase ends. They use raw MQTT 3.1.1 packets (mqtt-wire.ts): cheap, and free to break the rules.
 * Each counts what the broker did to it, for the table.
 */
import net from 'node:net';
import type { BatchSource } from '../ingest/batch-source.js';
import { encodeConnect, publishPrefix } from '../ingest/mqtt-wire.js';

export interface Actor {
  /** What it did and what happened, for the table. */
  summary(): string;
  stop(): Promise<void>;
}

export interface ActorTarget {
  host: string;
  port: number;
  deviceId(index: number): string;
  password(index: number): string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function open(t: ActorTarget): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: t.host, port: t.port });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** CONNECT, and the CONNACK's return code (or -1 if the connection closed first). */
async function login(t: ActorTarget, clientId: string, user: string, password: string | null): Promise<{ socket: net.Socket; code: number }> {
  const socket = await open(t);
  socket.on('error', () => {});
  const code = await new Promise<number>((resolve) => {
    let got = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= 4 && got[0] === 0x20) resolve(got[3] as number);
    });
    socket.once('close', () => resolve(-1));
    socket.write(encodeConnect(clientId, user, password, 60));
  });
  return { socket, code };
}

function qos1Publish(topic: string, payload: Buffer, messageId: number): Buffer {
  const prefix = publishPrefix(topic, payload.length);
  return Buffer.concat([prefix, Buffer.from([messageId >> 8, messageId & 0xff]), payload]);
}

/** Logins with a wrong password for real device ids, `concurrency` at a time, until stopped. */
export function wrongPasswords(t: ActorTarget, devices: number, concurrency = 50): Actor {
  let running = true;
  let attempts = 0;
  const codes = new Map<number, number>();
  const workers = Array.from({ length: concurrency }, async () => {
    while (running) {
      const i = attempts++;
      try {
        const { socket, code } = await login(t, `guess-${i}`, t.deviceId(i % devices), `not-the-token-${i}`);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        socket.destroy();
      } catch {
        codes.set(-2, (codes.get(-2) ?? 0) + 1);
      }
    }
  });
  return {
    summary: () => `${attempts} logins with wrong passwords; CONNACK codes ${[...codes].map(([c, n]) => `${c}: ${n}`).join(', ')}`,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** `count` sockets that connect and never send CONNECT. */
export async function idleSockets(t: ActorTarget, count: number): Promise<Actor> {
  const sockets: net.Socket[] = [];
  let stopping = false;
  let closedByBroker = 0;
  for (let i = 0; i < count; i += 200) {
    const batch = await Promise.all(Array.from({ length: Math.min(200, count - i) }, () => open(t).catch(() => null)));
    for (const s of batch) {
      if (s === null) continue;
      s.on('error', () => {});
      s.once('close', () => (stopping ? undefined : (closedByBroker += 1)));
      sockets.push(s);
    }
  }
  return {
    summary: () => `${sockets.length} sockets open without CONNECT (${closedByBroker} closed by the broker within the phase; Aedes connectTimeout 10 s)`,
    async stop() {
      stopping = true;
      for (const s of sockets) s.destroy();
    },
  };
}

/** One valid device writing QoS 1 batches as fast as its socket takes them, `inFlight` unacknowledged at most. */
export async function flood(t: ActorTarget, index: number, source: BatchSource, inFlight = 500): Promise<Actor> {
  const id = t.deviceId(index);
  const { socket, code } = await login(t, id, id, t.password(index));
  if (code !== 0) throw new Error(`bench: flood device ${id} refused (${code})`);
  let sent = 0;
  let acked = 0;
  let running = true;
  const payload = Buffer.allocUnsafe(source.payloadBytes);
  const pump = (): void => {
    while (running && sent - acked < inFlight) {
      source.write(payload, 0, index, sent, Date.now() - 1000);
      socket.write(qos1Publish(`posture/${id}/imu`, payload, (sent % 0xffff) + 1));
      sent += 1;
    }
  };
  socket.on('data', (chunk: Buffer) => {
    // PUBACKs are 4 bytes each (0x40 0x02 id id); nothing else comes to this client.
    for (let i = 0; i + 3 < chunk.length; i += 4) if (chunk[i] === 0x40) acked += 1;
    pump();
  });
  pump();
  return {
    summary: () => `1 device flooding QoS 1 (${inFlight} in flight): ${sent} sent, ${acked} acknowledged (rate-limited to DEVICE_RATE_PER_S)`,
    async stop() {
      running = false;
      socket.destroy();
    },
  };
}

/** A valid device that keeps announcing a 1 MiB PUBLISH; each time the guard closes it, it logs in again. */
export function oversize(t: ActorTarget, index: number): Actor {
  const id = t.deviceId(index);
  let running = true;
  let tries = 0;
  let closed = 0;
  const header = publishPrefix(`posture/${id}/imu`, 1 << 20);
  const loop = (async () => {
    while (running) {
      const { socket, code } = await login(t, id, id, t.password(index));
      if (code !== 0) break;
      tries += 1;
      const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write(Buffer.concat([header, Buffer.alloc(64 * 1024, 0x41)]));
      await Promise.race([gone, sleep(2000)]);
      if (socket.destroyed) closed += 1;
      socket.destroy();
      await sleep(20);
    }
  })();
  return {
    summary: () => `1 device announcing 1 MiB packets: ${tries} tries, ${closed} connections closed by the broker`,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** A valid device publishing on topics it may not use (another device's, wildcards, `$SYS`), logging in again each time. */
export function topicTricks(t: ActorTarget, index: number, source: BatchSource): Actor {
  const id = t.deviceId(index);
  const topics = [`posture/${t.deviceId(0)}/imu`, 'posture/+/imu', 'posture/#', '$SYS/broker/load', `posture/${id}/cmd`];
  let running = true;
  let tries = 0;
  let closed = 0;
  const payload = Buffer.allocUnsafe(source.payloadBytes);
  source.write(payload, 0, index, 0, Date.now());
  const loop = (async () => {
    while (running) {
      const { socket, code } = await login(t, id, id, t.password(index));
      if (code !== 0) break;
      const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write(qos1Publish(topics[tries % topics.length] as string, payload, 1));
      tries += 1;
      await Promise.race([gone, sleep(2000)]);
      if (socket.destroyed) closed += 1;
      socket.destroy();
      await sleep(10);
    }
  })();
  return {
    summary: () => `1 device publishing on forbidden topics: ${tries} tries, ${closed} connections closed by the broker`,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Valid devices that publish QoS 1 batches and never read what the broker sends back (PUBACKs pile up). */
export async function slowReaders(t: ActorTarget, indices: number[], source: BatchSource, perDevice = 2000): Promise<Actor> {
  const sockets: net.Socket[] = [];
  for (const index of indices) {
    const id = t.deviceId(index);
    const { socket, code } = await login(t, id, id, t.password(index));
    if (code !== 0) continue;
    socket.pause();
    const payload = Buffer.allocUnsafe(source.payloadBytes);
    for (let k = 0; k < perDevice; k++) {
      source.write(payload, 0, index, k, Date.now() - 1000);
      socket.write(qos1Publish(`posture/${id}/imu`, payload, (k % 0xffff) + 1));
    }
    sockets.push(socket);
  }
  return {
    summary: () => `${sockets.length} devices sending ${perDevice} QoS 1 batches each and reading nothing back`,
    async stop() {
      for (const s of sockets) s.destroy();
    },
  };
}

/**
 * A reconnect storm, as after a Wi-Fi outage: `count` valid devices (from `first`) log in, publish their
 * status (online, QoS 1, retained, as a sensor does on connecting) and drop the connection without a
 * DISCONNECT (the service records them offline), `concurrency` at a time, over and over.
 */
export function reconnectStorm(t: ActorTarget, first: number, count: number, concurrency = 100): Actor {
  let running = true;
  let logins = 0;
  let acked = 0;
  let refused = 0;
  const ackMs: number[] = [];
  const status = Buffer.from(JSON.stringify({ online: true, battery: 80, fw: '1.2.0' }));
  const retained = (packet: Buffer): Buffer => {
    packet[0] = (packet[0] as number) | 0x01;
    return packet;
  };
  let next = 0;
  const startMs = performance.now();
  let endMs = Number.NaN;
  const workers = Array.from({ length: concurrency }, async () => {
    while (running) {
      const index = first + (next++ % count);
      const id = t.deviceId(index);
      try {
        const { socket, code } = await login(t, id, id, t.password(index));
        logins += 1;
        if (code !== 0) {
          refused += 1;
          socket.destroy();
          continue;
        }
        socket.removeAllListeners('data');
        const sentMs = performance.now();
        const puback = new Promise<boolean>((resolve) => {
          socket.on('data', (chunk: Buffer) => {
            if (chunk.includes(0x40)) resolve(true);
          });
          socket.once('close', () => resolve(false));
        });
        socket.write(retained(qos1Publish(`posture/${id}/status`, status, 1)));
        if (await Promise.race([puback, sleep(10_000).then(() => false)])) {
          acked += 1;
          ackMs.push(performance.now() - sentMs);
        }
        socket.destroy();
      } catch {
        refused += 1;
      }
    }
  });
  const p99 = (): number => {
    const sorted = [...ackMs].sort((a, b) => a - b);
    return Math.round(sorted[Math.floor(0.99 * (sorted.length - 1))] ?? Number.NaN);
  };
  return {
    summary: () => {
      const perS = Math.round(acked / (((Number.isNaN(endMs) ? performance.now() : endMs) - startMs) / 1000));
      return `${count} devices reconnecting ${concurrency} at a time: ${logins} logins, ${acked} statuses acknowledged ` +
        `(${perS}/s, PUBACK p99 ${p99()} ms), ${refused} refused`;
    },
    async stop() {
      running = false;
      await Promise.all(workers);
      endMs = performance.now();
    },
  };
}
