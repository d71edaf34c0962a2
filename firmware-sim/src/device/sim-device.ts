/**
 * One simulated clip-on sensor on MQTT (contracts section 2): QoS 1 batches on `posture/ID/imu` with seq and
 * t0, a retained status with a last will, button events, and obedience to `posture/ID/cmd`.
 *
 * Delivery: every batch goes through the OfflineBuffer and leaves it only on its PUBACK. The session is
 * persistent (clean = false, stable client id), so MQTT.js keeps in-flight publishes across a reconnect and
 * re-sends them first; the buffer's backlog follows, oldest first, before newer data.
 */
import { EventEmitter } from 'node:events';
import type { MqttClient } from 'mqtt';
import { encodeEvent, encodeStatus, parseCommand } from '@stance/protocol';
import { encodeBlock } from './batch-encoding.js';
import { connectDevice, deviceTopics, isConnectionRefusal, withTimeout, type DeviceTopics } from './device-connection.js';
import { batteryPercent, createBattery, drainBattery, type Battery } from './battery.js';
import { BatchScheduler } from './batch-scheduler.js';
import { createDeviceCounters, type DeviceCounters } from './device-counters.js';
import { OfflineBuffer } from './offline-buffer.js';
import type { ConfigCommand, SimDeviceEvents } from './sim-device-events.js';
import { resolveSimDeviceOptions, type SimDeviceInit, type SimDeviceOptions } from './sim-device-options.js';

export type ButtonAction = 'calibrate' | 'snooze';

export class SimDevice extends EventEmitter<SimDeviceEvents> {
  readonly options: Readonly<SimDeviceOptions>;
  /** Live counters; read them, do not write. */
  readonly counters: DeviceCounters = createDeviceCounters();
  readonly #buffer: OfflineBuffer;
  readonly #battery: Battery;
  readonly #samplesPerBatch: number;
  readonly #topics: DeviceTopics;
  readonly #scheduler: BatchScheduler;
  #client: MqttClient | undefined;
  #state: 'idle' | 'running' | 'finished' | 'stopped' = 'idle';
  #online = false;
  #everConnected = false;
  #seq = 0;
  #drainedEmitted = false;
  #listening = false;
  #refusal: Error | undefined;
  #lastConfig: ConfigCommand | undefined;

  constructor(init: SimDeviceInit) {
    super();
    this.options = Object.freeze(resolveSimDeviceOptions(init));
    const o = this.options;
    this.#buffer = new OfflineBuffer(o.bufferBatches);
    this.#battery = createBattery(o.batteryPct, o.batteryDrainPctPerH);
    this.#samplesPerBatch = Math.round(o.batchS * o.stream.rateHz);
    this.#topics = deviceTopics(o.deviceId);
    this.#scheduler = new BatchScheduler(o.speed, o.catchUp, o.batchS, {
      produce: () => this.#produce(),
      mayProduceFast: () => this.#online && this.#buffer.size < o.maxInflight,
    });
  }

  get deviceId(): string {
    return this.options.deviceId;
  }
  /** Connected, and the previous session's re-sends are done. */
  get online(): boolean {
    return this.#online;
  }
  /** The broker confirmed the subscription to `posture/ID/cmd`: commands reach the device from now on. */
  get listening(): boolean {
    return this.#listening;
  }
  /** Why the broker refused the connection (credentials...), if it did; the device then gave up. */
  get refusal(): Error | undefined {
    return this.#refusal;
  }
  /** Battery charge, whole percent. */
  get batteryPct(): number {
    return batteryPercent(this.#battery);
  }
  /** The last config command received, as sent. */
  get lastConfig(): ConfigCommand | undefined {
    return this.#lastConfig;
  }
  /** Seqs held in the offline buffer, oldest first. */
  bufferedSeqs(): number[] {
    return this.#buffer.seqs();
  }
  /** No more batches will be produced and none is left unacknowledged (never for a refused device). */
  get drained(): boolean {
    return this.#state !== 'running' && this.#state !== 'idle' && this.#buffer.size === 0 && !this.#refusal;
  }

  /** Still producing (or not yet started). */
  get producing(): boolean {
    return this.#state === 'running' || this.#state === 'idle';
  }

  /** Stops producing batches; what is buffered keeps being delivered. Idempotent. */
  endProduction(): void {
    this.#finish();
  }

  /** Powers on: connects (retrying until connected, unless the broker refuses it) and starts producing. */
  start(): void {
    if (this.#state !== 'idle') throw new Error(`SimDevice ${this.deviceId}: already started`);
    this.#state = 'running';
    this.#client = this.#connect();
    if (this.options.maxBatches === 0) this.#finish();
    else this.#scheduler.start();
  }

  /**
   * Switches off politely: stops producing, waits up to `drainTimeoutMs` for the buffer to empty, reports
   * `{online:false}` and disconnects (the broker then drops the will). If the buffer did not drain, the socket
   * is simply closed (the will fires) and the undelivered batches are left in `counters.buffered`.
   */
  async stop(drainTimeoutMs = 10_000): Promise<void> {
    if (this.#state === 'idle' || this.#state === 'running') this.#finish();
    this.#state = 'stopped';
    const client = this.#client;
    if (!client) return;
    const drained = await this.whenDrained(drainTimeoutMs);
    if (drained && this.#online) {
      const offline = encodeStatus({ online: false, battery: this.batteryPct, fw: this.options.fw });
      await withTimeout(client.publishAsync(this.#topics.status, offline, { qos: 1, retain: true }), 2000);
      // A polite DISCONNECT (the broker discards the will); if it hangs, fall back to closing the socket.
      const ended = await withTimeout(client.endAsync(false).then(() => true), 2000);
      if (!ended) client.stream?.destroy();
    } else {
      await client.endAsync(true);
    }
    this.#online = false;
  }

  /** Power loss: the socket dies without a DISCONNECT, so the broker publishes the will. No reconnect. */
  async kill(): Promise<void> {
    this.#scheduler.stop();
    this.#state = 'stopped';
    this.#online = false;
    await this.#client?.endAsync(true);
  }

  /** Fault injection: destroys the socket (the will fires); the client reconnects after `reconnectPeriodMs`. */
  dropConnection(): void {
    this.#client?.stream?.destroy();
  }

  /** The wearer pressed the button: `{"type":"button","action":...}` on `posture/ID/event`, QoS 1. */
  async pressButton(action: ButtonAction): Promise<void> {
    if (!this.#client) throw new Error(`SimDevice ${this.deviceId}: not started`);
    await this.#client.publishAsync(this.#topics.event, encodeEvent({ type: 'button', action }), { qos: 1 });
  }

  /** Resolves true once drained, false if `timeoutMs` passed first or the broker refused the device. */
  whenDrained(timeoutMs: number): Promise<boolean> {
    if (this.#refusal) return Promise.resolve(false);
    if (this.drained) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        this.off('drained', onDrained);
        this.off('refused', onRefused);
        resolve(ok);
      };
      const onDrained = (): void => done(true);
      const onRefused = (): void => done(false);
      const timer = setTimeout(() => done(this.drained), timeoutMs);
      this.on('drained', onDrained);
      this.on('refused', onRefused);
    });
  }

  #connect(): MqttClient {
    const client = connectDevice(this.options, this.#topics);
    client.on('connect', () => this.#onConnect());
    client.on('close', () => this.#onClose());
    client.on('error', (err) => {
      this.emit('connectionError', err);
      // Refused (a wrong token...): give up too, so that a fleet fails at once instead of at its end.
      if (isConnectionRefusal(err)) this.#refuse(err);
    });
    client.on('message', (topic, payload) => this.#onMessage(topic, payload));
    client.on('packetsend', (packet) => {
      if (packet.cmd === 'publish' && packet.topic === this.#topics.imu) this.counters.sent++;
    });
    client.subscribe(this.#topics.cmd, { qos: 1 }, (err) => {
      if (err) return;
      this.#listening = true;
      this.emit('listening');
    });
    return client;
  }

  #onConnect(): void {
    const reconnect = this.#everConnected;
    if (reconnect) this.counters.reconnects++;
    this.#everConnected = true;
    this.#online = true;
    this.#publishStatus();
    this.emit('connect', reconnect);
    this.#pump();
    this.#scheduler.kick();
  }

  #onClose(): void {
    if (!this.#online) return;
    this.#online = false;
    this.emit('disconnect');
  }

  #publishStatus(): void {
    if (!this.#client || !this.#online) return;
    const status = encodeStatus({ online: true, battery: this.batteryPct, fw: this.options.fw });
    this.#client.publish(this.#topics.status, status, { qos: 1, retain: true });
  }

  #onMessage(topic: string, payload: Buffer): void {
    if (topic !== this.#topics.cmd) return;
    const parsed = parseCommand(payload);
    if (!parsed.ok) {
      this.counters.commandsRejected++;
      this.emit('commandRejected', parsed.reason, parsed.detail);
      return;
    }
    const cmd = parsed.value;
    if (cmd.type === 'haptic') {
      this.counters.hapticReceived++;
      this.options.stream.notifyHaptic();
      this.emit('haptic', cmd);
    } else {
      this.counters.configReceived++;
      this.#lastConfig = cmd;
      this.emit('config', cmd);
    }
  }

  /** Hands the oldest waiting batches to the connection, up to the in-flight window. */
  #pump(): void {
    const client = this.#client;
    if (!client || !this.#online) return;
    while (this.#buffer.inflight < this.options.maxInflight) {
      const entry = this.#buffer.takeNext();
      if (!entry) break;
      const seq = entry.seq;
      client.publish(this.#topics.imu, entry.payload, { qos: 1 }, (err) => this.#onPublished(seq, err));
    }
  }

  #onPublished(seq: number, err: Error | undefined): void {
    if (err) {
      // Not acknowledged (client ending, message removed): it waits in the buffer for the next connection.
      this.#buffer.requeue(seq);
    } else if (this.#buffer.acknowledge(seq)) {
      this.counters.acknowledged++;
      this.emit('ack', seq);
    }
    this.counters.buffered = this.#buffer.size;
    if (!err) this.#pump();
    this.#scheduler.kick();
    if (!err && this.#buffer.size === 0) this.#emitIfDrained();
  }

  #produce(): void {
    const o = this.options;
    const block = o.stream.next(this.#samplesPerBatch);
    if (block.count === 0) {
      this.#finish();
      return;
    }
    const seq = this.#seq++;
    const payload = encodeBlock(block, seq, o.stream.rateHz, o.format);
    this.counters.generated++;
    const dropped = this.#buffer.push(seq, block.t0Ms, payload);
    if (dropped) {
      this.counters.dropped++;
      this.emit('dropped', dropped.seq, this.counters.dropped);
    }
    this.counters.buffered = this.#buffer.size;
    const dataS = block.count / o.stream.rateHz;
    if (drainBattery(this.#battery, dataS)) this.#publishStatus();
    this.#scheduler.produced(block.t0Ms + dataS * 1000);
    this.emit('batch', seq, block.t0Ms);
    this.#pump();
    if (this.counters.generated >= o.maxBatches) this.#finish();
  }

  #finish(): void {
    if (this.#state !== 'running' && this.#state !== 'idle') return;
    this.#scheduler.stop();
    this.#state = 'finished';
    this.emit('finished');
    this.#emitIfDrained();
  }

  #refuse(err: Error): void {
    this.#refusal = err;
    this.counters.refusals++;
    this.#finish();
    this.emit('refused', err);
  }

  #emitIfDrained(): void {
    if (this.#drainedEmitted || !this.drained) return;
    this.#drainedEmitted = true;
    this.emit('drained');
  }
}
