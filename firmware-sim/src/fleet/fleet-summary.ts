/**
 * The closing account of a fleet run: totals over every device, whether the run delivered everything, and the
 * text and JSON forms the `run` command prints.
 */
import { addDeviceCounters, createDeviceCounters, type DeviceCounters } from '../device/device-counters.js';
import type { FleetSettings } from './fleet-settings.js';

export interface FleetDeviceSummary {
  deviceId: string;
  scenario: string;
  counters: DeviceCounters;
}

export interface FleetSummary {
  /** Every device connected, every generated batch acknowledged and none dropped. */
  ok: boolean;
  /** The run was cut short (Ctrl-C, abort signal). */
  interrupted: boolean;
  settings: Omit<FleetSettings, 'tokens'> & { tokens: FleetSettings['tokens']['kind'] };
  /** Wall-clock seconds from the first connect to the last disconnect. */
  wallS: number;
  totals: DeviceCounters;
  /** Devices that lost at least one batch to a full buffer. */
  devicesWithDrops: number;
  /** Devices that still held unacknowledged batches at the end. */
  devicesNotDrained: number;
  devices: FleetDeviceSummary[];
}

export function summariseFleet(
  settings: FleetSettings,
  devices: FleetDeviceSummary[],
  wallS: number,
  interrupted: boolean,
): FleetSummary {
  const totals = createDeviceCounters();
  for (const d of devices) addDeviceCounters(totals, d.counters);
  const { tokens, ...rest } = settings;
  return {
    ok: totals.generated > 0 && totals.acknowledged === totals.generated && totals.dropped === 0 && totals.refusals === 0,
    interrupted,
    settings: { ...rest, tokens: tokens.kind },
    wallS,
    totals,
    devicesWithDrops: devices.filter((d) => d.counters.dropped > 0).length,
    devicesNotDrained: devices.filter((d) => d.counters.buffered > 0).length,
    devices,
  };
}

/** 0 only if every generated batch was acknowledged, nothing was dropped and no device was refused. */
export function fleetExitCode(s: FleetSummary): number {
  return s.ok ? 0 : 1;
}

/** The human summary, one counter per line, with what each means. */
export function formatFleetSummary(s: FleetSummary): string {
  const t = s.totals;
  const n = (x: number): string => x.toLocaleString('en-US').padStart(12);
  const rate = s.wallS > 0 ? ` (${Math.round(t.acknowledged / s.wallS).toLocaleString('en-US')} batches/s)` : '';
  const lines = [
    `fleet: ${s.settings.devices} device(s), ${s.settings.scenarios.join(',')}, ${s.settings.format}, ` +
      `speed ${s.settings.speed}, ${s.settings.batchS} s batches at ${s.settings.rateHz} Hz, ` +
      `${s.wallS.toFixed(1)} s wall${s.interrupted ? ', interrupted' : ''}`,
    `  generated     ${n(t.generated)}  batches produced by the devices`,
    `  sent          ${n(t.sent)}  PUBLISH packets written, re-sends after reconnects included`,
    `  acknowledged  ${n(t.acknowledged)}  batches the broker confirmed (PUBACK)${rate}`,
    `  buffered      ${n(t.buffered)}  batches still unacknowledged at the end (${s.devicesNotDrained} device(s))`,
    `  dropped       ${n(t.dropped)}  batches lost to a full offline buffer (${s.devicesWithDrops} device(s))`,
    `  reconnects    ${n(t.reconnects)}  successful reconnections`,
    `  haptic        ${n(t.hapticReceived)}  haptic buzzes received`,
  ];
  if (t.refusals > 0) lines.push(`  refused       ${n(t.refusals)}  devices the broker refused (credentials?)`);
  if (t.configReceived > 0) lines.push(`  config        ${n(t.configReceived)}  config commands received`);
  if (t.commandsRejected > 0) lines.push(`  rejected cmds ${n(t.commandsRejected)}  malformed posture/ID/cmd payloads`);
  lines.push(
    s.ok
      ? 'result: OK, every generated batch was acknowledged'
      : `result: FAILED, ${t.generated - t.acknowledged} batch(es) not acknowledged, ${t.dropped} dropped` +
          (t.refusals > 0 ? `, ${t.refusals} device(s) refused` : ''),
  );
  return lines.join('\n');
}
