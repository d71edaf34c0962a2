/**
 * Settings of one simulated sensor: how it talks to the broker, how it paces its batches and how much it
 * keeps while offline. Every field has a default in DEFAULT_SIM_DEVICE_OPTIONS; callers give only `deviceId`,
 * `brokerUrl` and `stream` and override what they need.
 */
import type { BatchFormat } from './batch-encoding.js';
import type { DeviceStream } from './device-stream.js';

export interface SimDeviceOptions {
  /** Device id, `[A-Za-z0-9_-]{1,64}`; also the MQTT username and the `ID` in `posture/ID/...`. Required. */
  deviceId: string;
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883`. Required. */
  brokerUrl: string;
  /** Where the samples come from (`openScenario(...)`). The device owns it from then on. Required. */
  stream: DeviceStream;
  /** MQTT password. Default: none (anonymous brokers). */
  token?: string;
  /** MQTT client id. Stable across reconnects so the broker keeps the session. Default: the device id. */
  clientId?: string;
  /** Seconds of data per batch. `round(batchS * rateHz)` samples must be 1..1000. Default 1 s. */
  batchS: number;
  /** Payload encoding of `posture/ID/imu`. Default 'json'. */
  format: BatchFormat;
  /**
   * Data seconds per wall-clock second: a batch of `batchS` seconds is produced every `batchS / speed`
   * seconds. 1 is real time. `Infinity` produces as fast as the broker acknowledges (at most
   * `maxInflight` unacknowledged batches), for history generation. Default 1.
   */
  speed: number;
  /**
   * While the stream's data lies in the past (its start was set before now), produce as fast as the broker
   * acknowledges, then continue at `speed` once the data has caught up with the wall clock. Default false.
   */
  catchUp: boolean;
  /** Stop after this many batches even if the stream goes on. Default Infinity (until the stream ends). */
  maxBatches: number;
  /**
   * Offline buffer size in batches: batches kept waiting while the broker is unreachable (the up to
   * `maxInflight` already handed to the connection come on top). When full, the oldest waiting batch is
   * dropped and counted. Default 3600 (an hour of 1-second batches).
   */
  bufferBatches: number;
  /** Batches handed to the connection and not yet acknowledged (PUBACK), at most. Default 16. */
  maxInflight: number;
  /** MQTT keepalive, seconds. Default 30 s. */
  keepaliveS: number;
  /** Pause before each reconnect attempt, milliseconds. Default 1000 ms. */
  reconnectPeriodMs: number;
  /** Give up one connection attempt after this long, milliseconds. Default 10000 ms. */
  connectTimeoutMs: number;
  /** Firmware version reported in `posture/ID/status`. Default '1.2.0'. */
  fw: string;
  /** Battery charge at power-on, percent 0..100. Default 100 %. */
  batteryPct: number;
  /** Battery drain per hour of data (sensor time, so a faster `speed` drains faster), percent. Default 4 %/h. */
  batteryDrainPctPerH: number;
}

/** What callers must give; everything else falls back to DEFAULT_SIM_DEVICE_OPTIONS. */
export type SimDeviceInit = Pick<SimDeviceOptions, 'deviceId' | 'brokerUrl' | 'stream'> &
  Partial<Omit<SimDeviceOptions, 'deviceId' | 'brokerUrl' | 'stream'>>;

export const DEFAULT_SIM_DEVICE_OPTIONS: Readonly<Omit<SimDeviceOptions, 'deviceId' | 'brokerUrl' | 'stream'>> =
  Object.freeze({
    batchS: 1,
    format: 'json',
    speed: 1,
    catchUp: false,
    maxBatches: Infinity,
    bufferBatches: 3600,
    maxInflight: 16,
    keepaliveS: 30,
    reconnectPeriodMs: 1000,
    connectTimeoutMs: 10_000,
    fw: '1.2.0',
    batteryPct: 100,
    batteryDrainPctPerH: 4,
  });

const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Merges the defaults and refuses settings the device cannot honour, naming the field. */
export function resolveSimDeviceOptions(init: SimDeviceInit): SimDeviceOptions {
  const o: SimDeviceOptions = { ...DEFAULT_SIM_DEVICE_OPTIONS, ...dropUndefined(init) };
  const bad = (field: string, why: string): never => {
    throw new RangeError(`SimDevice ${o.deviceId}: ${field} ${why}`);
  };
  if (!DEVICE_ID.test(o.deviceId)) bad('deviceId', `"${o.deviceId}" must match [A-Za-z0-9_-]{1,64}`);
  if (!(o.batchS > 0)) bad('batchS', `must be > 0 s (got ${o.batchS})`);
  const samples = Math.round(o.batchS * o.stream.rateHz);
  if (samples < 1 || samples > 1000) {
    bad('batchS', `gives ${samples} samples per batch at ${o.stream.rateHz} Hz; a batch holds 1..1000`);
  }
  if (!(o.speed > 0)) bad('speed', `must be > 0 (got ${o.speed})`);
  if (!(o.maxBatches >= 0)) bad('maxBatches', `must be >= 0 (got ${o.maxBatches})`);
  if (!Number.isInteger(o.maxInflight) || o.maxInflight < 1) bad('maxInflight', `must be an integer >= 1`);
  if (!Number.isInteger(o.bufferBatches) || o.bufferBatches < 1) {
    bad('bufferBatches', `must be an integer >= 1 (got ${o.bufferBatches})`);
  }
  if (!(o.batteryPct >= 0 && o.batteryPct <= 100)) bad('batteryPct', `must be 0..100 (got ${o.batteryPct})`);
  if (o.format !== 'json' && o.format !== 'binary') bad('format', `must be 'json' or 'binary'`);
  return o;
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
