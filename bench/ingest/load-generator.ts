/**
 * The lean load generator: N simulated sensors, each a real MQTT connection (raw packets over a net socket,
 * mqtt-wire.ts), each publishing one binary batch of `batchS` at QoS 1 every `batchS`, in real time: the batch
 * of sensor time [due − batchS, due) leaves at wall time `due`, with t0 = due − batchS on the wall clock. So
 * sensor-to-anything latency is measured against the batch end, and a late send counts against the system.
 *
 * Devices are spread over the period by a golden-ratio phase (any prefix of the fleet is evenly spread, so a
 * fleet can grow between steps). One timer drives them all in due order. The fleet grows with `grow(n)`;
 * `openWindow` counts what is offered (by due time) and how fast it is acknowledged.
 */
import net from 'node:net';
import type { BatchSource } from './batch-source.js';
import { createLatencyHistogram, observeMs, type LatencyHistogram } from './latency-histogram.js';
import { DISCONNECT_PACKET, encodeConnect, publishPrefix, WireReader } from './mqtt-wire.js';

export interface FleetTarget {
  host: string;
  port: number;
  deviceId(index: number): string;
  /** MQTT password of device `index` (its token), or null for an anonymous broker. */
  password(index: number): string | null;
}

export interface LoadGeneratorSettings {
  /** Connection attempts in flight while the fleet grows. */
  connectConcurrency: number;
  /** Longest wait for one CONNACK, ms. */
  connectTimeoutMs: number;
}

export const DEFAULT_LOAD_GENERATOR_SETTINGS: Readonly<LoadGeneratorSettings> = Object.freeze({
  connectConcurrency: 400,
  connectTimeoutMs: 30_000,
});

interface Device {
  index: number;
  socket: net.Socket;
  prefix: Buffer;
  /** Phase within the period, ms. */
  phaseMs: number;
  /** Wall time the next batch is due (its sensor end time), epoch ms. */
  nextDueMs: number;
  seq: number;
  /** Due times of the batches waiting for their PUBACK, oldest first (PUBACKs come in order). */
  inflightDueMs: number[];
}

/** What a measurement window saw, by due time in [fromMs, toMs). */
export interface WindowCounts {
  fromMs: number;
  toMs: number;
  offered: number;
  acked: number;
  /** Send time − due, ms: the generator's own lag (a loaded generator shows here, not as system latency). */
  sendLag: LatencyHistogram;
  /** PUBACK − batch end (sensor time), ms. */
  ackLatency: LatencyHistogram;
}

export class LoadGenerator {
  private readonly devices: Device[] = [];
  /** Devices in phase order. */
  private order: Device[] = [];
  private readonly periodMs: number;
  private readonly originMs = Date.now();
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private publishing = false;
  private readonly windows: WindowCounts[] = [];
  private readonly waiters: Array<() => void> = [];
  sent = 0;
  acked = 0;
  /** Connections that closed while the run expected them open. */
  unexpectedCloses = 0;
  errors: string[] = [];

  constructor(
    private readonly target: FleetTarget,
    private readonly source: BatchSource,
    private readonly settings: LoadGeneratorSettings = DEFAULT_LOAD_GENERATOR_SETTINGS,
  ) {
    this.periodMs = source.settings.batchS * 1000;
  }

  get size(): number {
    return this.devices.length;
  }

  get inflight(): number {
    return this.sent - this.acked;
  }

  /** Connects devices until the fleet has `n`; the ones already running keep publishing meanwhile. */
  async grow(n: number): Promise<void> {
    const added: Device[] = [];
    let nextIndex = this.devices.length;
    const worker = async (): Promise<void> => {
      while (nextIndex < n) {
        const index = nextIndex++;
        added.push(await this.connect(index));
      }
    };
    await Promise.all(Array.from({ length: this.settings.connectConcurrency }, worker));
    this.devices.push(...added.sort((a, b) => a.index - b.index));
    // A new device's first batch is due at its first phase slot from now; the others keep their schedule.
    const nowMs = Date.now();
    for (const d of added) {
      const k = Math.floor((nowMs - this.originMs - d.phaseMs) / this.periodMs) + 1;
      d.nextDueMs = this.originMs + k * this.periodMs + d.phaseMs;
    }
    // Every send moves a device one period on, so this order repeats cycle after cycle.
    this.order = [...this.devices].sort((a, b) => a.nextDueMs - b.nextDueMs);
    this.next = 0;
  }

  /** Starts (or resumes) publishing. */
  start(): void {
    this.publishing = true;
    if (this.timer === null) this.tick();
  }

  /** Stops producing batches (what is in flight still gets its PUBACK). */
  stop(): void {
    this.publishing = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Counts batches due in [fromMs, toMs) from now on. */
  openWindow(fromMs: number, toMs: number): WindowCounts {
    const w = { fromMs, toMs, offered: 0, acked: 0, sendLag: createLatencyHistogram(), ackLatency: createLatencyHistogram() };
    this.windows.push(w);
    return w;
  }

  /** Resolves when every batch sent has its PUBACK, or after `timeoutMs` (false). */
  async drained(timeoutMs: number): Promise<boolean> {
    if (this.inflight === 0) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.inflight === 0), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** DISCONNECT and close every connection. */
  async close(): Promise<void> {
    this.stop();
    await Promise.all(
      this.devices.map((d) => new Promise<void>((resolve) => {
        d.socket.removeAllListeners('close');
        if (d.socket.destroyed) return resolve();
        d.socket.once('close', () => resolve());
        d.socket.end(DISCONNECT_PACKET);
        setTimeout(() => d.socket.destroy(), 2000).unref();
      })),
    );
  }

  private tick = (): void => {
    this.timer = null;
    if (!this.publishing || this.order.length === 0) return;
    const nowMs = Date.now();
    for (;;) {
      const d = this.order[this.next] as Device;
      const dueMs = d.nextDueMs;
      if (dueMs > nowMs) break;
      this.publish(d, dueMs, nowMs);
      d.nextDueMs = dueMs + this.periodMs;
      if (++this.next === this.order.length) this.next = 0;
    }
    this.timer = setTimeout(this.tick, 1);
  };

  private publish(d: Device, dueMs: number, nowMs: number): void {
    const source = this.source;
    const packet = Buffer.allocUnsafe(d.prefix.length + 2 + source.payloadBytes);
    d.prefix.copy(packet, 0);
    const seq = d.seq++;
    packet.writeUInt16BE((seq % 0xffff) + 1, d.prefix.length);
    source.write(packet, d.prefix.length + 2, d.index, seq, dueMs - this.periodMs);
    d.inflightDueMs.push(dueMs);
    d.socket.write(packet);
    this.sent += 1;
    const w = this.windowOf(dueMs);
    if (w !== null) {
      w.offered += 1;
      observeMs(w.sendLag, nowMs - dueMs);
    }
  }

  private onPuback(d: Device): void {
    const dueMs = d.inflightDueMs.shift();
    if (dueMs === undefined) return;
    this.acked += 1;
    const w = this.windowOf(dueMs);
    if (w !== null) {
      w.acked += 1;
      observeMs(w.ackLatency, Date.now() - dueMs);
    }
    if (this.inflight === 0 && this.waiters.length > 0) for (const wake of this.waiters.splice(0)) wake();
  }

  private windowOf(dueMs: number): WindowCounts | null {
    for (let i = this.windows.length - 1; i >= 0; i--) {
      const w = this.windows[i] as WindowCounts;
      if (dueMs >= w.fromMs && dueMs < w.toMs) return w;
      if (dueMs >= w.toMs) return null;
    }
    return null;
  }

  private connect(index: number): Promise<Device> {
    const id = this.target.deviceId(index);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.target.host, port: this.target.port });
      socket.setNoDelay(true);
      const device: Device = {
        index,
        socket,
        prefix: publishPrefix(`posture/${id}/imu`, this.source.payloadBytes),
        // Whole milliseconds: t0 must be an integer epoch ms.
        phaseMs: Math.floor(((index * 0.6180339887498949) % 1) * this.periodMs),
        nextDueMs: Infinity,
        seq: 0,
        inflightDueMs: [],
      };
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`${id}: no CONNACK within ${this.settings.connectTimeoutMs} ms`));
      }, this.settings.connectTimeoutMs);
      const reader = new WireReader({
        connack: (code) => {
          clearTimeout(timer);
          if (code === 0) resolve(device);
          else reject(new Error(`${id}: CONNACK return code ${code}`));
        },
        puback: () => this.onPuback(device),
      });
      socket.on('data', (chunk: Buffer) => reader.push(chunk));
      socket.on('connect', () => socket.write(encodeConnect(id, id, this.target.password(index))));
      socket.on('error', (error) => {
        if (this.errors.length < 10) this.errors.push(`${id}: ${error.message}`);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        this.unexpectedCloses += 1;
        reject(new Error(`${id}: connection closed`));
      });
    });
  }
}
