/**
 * Settings of a fleet run: many simulated devices driven from one process. The `run` command fills them from
 * its flags; tests and scripts call `runFleet` with them directly.
 */
import type { BatchFormat } from '../device/batch-encoding.js';

/** Where device passwords come from. */
export type FleetTokens =
  | { kind: 'none' }
  | { kind: 'same'; token: string }
  | { kind: 'map'; tokens: Readonly<Record<string, string>> };

export interface FleetSettings {
  /** Number of devices. Default 1. */
  devices: number;
  /** Broker URL. Default `mqtt://localhost:1883`. */
  brokerUrl: string;
  /** Scenario names, given to devices in turn (device i gets `scenarios[i % length]`). Required. */
  scenarios: string[];
  /** Data seconds per wall-clock second (1 = real time, Infinity = as fast as acknowledged). Default 1. */
  speed: number;
  /** Seconds of live data per device (after any history). Default: the scenario's own length. */
  durationS: number | undefined;
  /** Sample rate, hertz. Default 50 Hz. */
  rateHz: number;
  /** Batch payload encoding. Default 'json'. */
  format: BatchFormat;
  /** Device ids are the prefix plus a zero-padded number from 1: `sim-001`. Default 'sim-'. */
  idPrefix: string;
  /** MQTT passwords. Default none (anonymous brokers). */
  tokens: FleetTokens;
  /** Base seed; device i's scenario uses `seed + i`. Default 1. */
  seed: number;
  /** Seconds of data per batch. Default 1 s. */
  batchS: number;
  /** Days of history produced first, ending now, as fast as the broker acknowledges. Default 0. */
  historyDays: number;
  /** Offline buffer per device, batches. Default 3600. */
  bufferBatches: number;
  /** Unacknowledged batches in flight per device, at most. Default 16. */
  maxInflight: number;
  /**
   * Pause between two devices' connects, milliseconds: spreads the fleet's batches evenly over each period and
   * keeps a big fleet from storming the broker. Default (undefined): the connects spread over one batch period
   * (`batchS / speed`), at most 20 ms apart.
   */
  staggerMs: number | undefined;
  /** After the last batch, wait this long for acknowledgements before giving up, seconds. Default 30 s. */
  drainTimeoutS: number;
  /** Pause before reconnect attempts, milliseconds; each device adds up to 50 % jitter. Default 1000 ms. */
  reconnectPeriodMs: number;
  /** Firmware version the devices report. Default '1.2.0'. */
  fw: string;
}

export const DEFAULT_FLEET_SETTINGS: Readonly<Omit<FleetSettings, 'scenarios'>> = Object.freeze({
  devices: 1,
  brokerUrl: 'mqtt://localhost:1883',
  speed: 1,
  durationS: undefined,
  rateHz: 50,
  format: 'json',
  idPrefix: 'sim-',
  tokens: Object.freeze({ kind: 'none' }),
  seed: 1,
  batchS: 1,
  historyDays: 0,
  bufferBatches: 3600,
  maxInflight: 16,
  staggerMs: undefined,
  drainTimeoutS: 30,
  reconnectPeriodMs: 1000,
  fw: '1.2.0',
});

/** The pause between connects: the setting, or one batch period shared out, at most 20 ms. */
export function fleetStaggerMs(s: Pick<FleetSettings, 'staggerMs' | 'batchS' | 'speed' | 'devices'>): number {
  if (s.staggerMs !== undefined) return s.staggerMs;
  const periodMs = Number.isFinite(s.speed) ? (s.batchS * 1000) / s.speed : 0;
  return Math.min(20, periodMs / s.devices);
}

/** Device i's id (0-based i): prefix plus a number from 1, zero-padded to at least three digits. */
export function fleetDeviceId(settings: Pick<FleetSettings, 'idPrefix' | 'devices'>, i: number): string {
  const width = Math.max(3, String(settings.devices).length);
  return `${settings.idPrefix}${String(i + 1).padStart(width, '0')}`;
}

/** Device i's password, or undefined for anonymous brokers. Throws if a token map lacks the device. */
export function fleetDeviceToken(tokens: FleetTokens, deviceId: string): string | undefined {
  switch (tokens.kind) {
    case 'none':
      return undefined;
    case 'same':
      return tokens.token;
    case 'map': {
      const t = tokens.tokens[deviceId];
      if (t === undefined) throw new Error(`no token for device "${deviceId}" in the tokens file`);
      return t;
    }
  }
}
