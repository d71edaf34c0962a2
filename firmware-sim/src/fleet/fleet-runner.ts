/**
 * Drives many simulated devices from one process. Each device paces itself with its own absolute-schedule
 * timer (Node keeps timers in a heap; thousands are cheap) and connects `staggerMs` after the previous one, so
 * batches spread evenly over each period instead of arriving in a burst. The run ends when every device has
 * produced its batches and had them acknowledged (or the drain timeout passed, or the signal aborted).
 */
import { SimDevice } from '../device/sim-device.js';
import type { DeviceStream } from '../device/device-stream.js';
import { addDeviceCounters, createDeviceCounters } from '../device/device-counters.js';
import type { FleetSnapshot } from './fleet-progress.js';
import { fleetDeviceId, fleetDeviceToken, fleetStaggerMs, type FleetSettings } from './fleet-settings.js';
import { summariseFleet, type FleetSummary } from './fleet-summary.js';
import { planFleetTime } from './history-plan.js';

/** Opens device i's sample stream (`openScenario` in the `run` command). */
export type OpenDeviceStream = (
  scenario: string,
  options: { seed: number; rateHz: number; durationS?: number; startMs: number },
) => DeviceStream;

export interface FleetHooks {
  /** Opens the streams. Required (the run command passes `openScenario`). */
  openStream: OpenDeviceStream;
  /** Receives a snapshot every `progressIntervalMs`. */
  onProgress?: (snapshot: FleetSnapshot) => void;
  /** Progress period, milliseconds. Default 250 ms. */
  progressIntervalMs?: number;
  /** Lines worth telling a person at once: a device starting to drop batches, connection errors. */
  onNotice?: (line: string) => void;
  /** Each device, once created and before it starts (tests inject faults through it). */
  onDevice?: (device: SimDevice, index: number) => void;
  /** Aborting stops production; the fleet then drains (up to the drain timeout) and returns its summary. */
  signal?: AbortSignal;
}

/** Connection errors reported per distinct message, so a refused fleet says it once, not a thousand times. */
const MAX_DISTINCT_ERROR_NOTICES = 5;

export async function runFleet(settings: FleetSettings, hooks: FleetHooks): Promise<FleetSummary> {
  validateFleetSettings(settings);
  const startedMs = Date.now();
  const plan = planFleetTime(settings, startedMs);
  const notice = hooks.onNotice ?? (() => {});
  const errorsSeen = new Set<string>();
  const devices: { device: SimDevice; scenario: string }[] = [];

  for (let i = 0; i < settings.devices; i++) {
    const deviceId = fleetDeviceId(settings, i);
    const scenario = settings.scenarios[i % settings.scenarios.length] ?? '';
    const stream = hooks.openStream(scenario, {
      seed: settings.seed + i,
      rateHz: settings.rateHz,
      ...(plan.streamDurationS !== undefined ? { durationS: plan.streamDurationS } : {}),
      startMs: plan.startMs,
    });
    const device = new SimDevice({
      deviceId,
      brokerUrl: settings.brokerUrl,
      stream,
      token: fleetDeviceToken(settings.tokens, deviceId),
      batchS: settings.batchS,
      format: settings.format,
      speed: settings.speed,
      catchUp: plan.catchUp,
      maxBatches: plan.maxBatches,
      bufferBatches: settings.bufferBatches,
      maxInflight: settings.maxInflight,
      // Jitter (deterministic per device) keeps a fleet from reconnecting in lockstep after a broker restart.
      reconnectPeriodMs: Math.round(settings.reconnectPeriodMs * (1 + 0.5 * fraction(i * 0.6180339887))),
      fw: settings.fw,
      batteryPct: 55 + Math.floor(45 * fraction((settings.seed + i) * 0.7548776662)),
    });
    device.once('dropped', (seq) =>
      notice(`${deviceId}: offline buffer full (${settings.bufferBatches} batches), dropping oldest (seq ${seq})`),
    );
    device.on('connectionError', (err) => {
      if (errorsSeen.size >= MAX_DISTINCT_ERROR_NOTICES || errorsSeen.has(err.message)) return;
      errorsSeen.add(err.message);
      notice(`${deviceId}: connection error: ${err.message}`);
    });
    hooks.onDevice?.(device, i);
    devices.push({ device, scenario });
  }

  // Batches each device will produce: its limit, or what its stream holds when the scenario decides.
  let expectedBatches = 0;
  for (const { device } of devices) {
    const o = device.options;
    expectedBatches += Math.min(o.maxBatches, Math.ceil(o.stream.durationS / o.batchS - 1e-9));
  }
  let phase: FleetSnapshot['phase'] = 'connecting';
  const snapshot = (): FleetSnapshot => {
    const totals = createDeviceCounters();
    let online = 0;
    for (const { device } of devices) {
      addDeviceCounters(totals, device.counters);
      if (device.online) online++;
    }
    return {
      elapsedS: (Date.now() - startedMs) / 1000,
      phase,
      devices: devices.length,
      online,
      totals,
      expectedBatches,
    };
  };
  const progressTimer = hooks.onProgress
    ? setInterval(() => hooks.onProgress?.(snapshot()), hooks.progressIntervalMs ?? 250)
    : undefined;

  const aborted = new Promise<void>((resolve) => {
    if (hooks.signal?.aborted) resolve();
    hooks.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  const staggerMs = fleetStaggerMs(settings);
  try {
    for (let i = 0; i < devices.length && !hooks.signal?.aborted; i++) {
      devices[i]?.device.start();
      if (staggerMs > 0 && i + 1 < devices.length) await Promise.race([sleep(staggerMs), aborted]);
    }
    phase = 'running';
    await Promise.race([Promise.all(devices.map(({ device }) => finished(device))), aborted]);
    phase = 'draining';
    // Abort or not, production stops here; what was produced still gets its chance to be delivered.
    for (const { device } of devices) device.endProduction();
    const drainS = settings.drainTimeoutS;
    await Promise.all(devices.map(({ device }) => device.whenDrained(drainS * 1000)));
    phase = 'stopping';
    await Promise.all(devices.map(({ device }) => device.stop(0)));
  } finally {
    if (progressTimer) clearInterval(progressTimer);
    hooks.onProgress?.(snapshot());
  }
  return summariseFleet(
    settings,
    devices.map(({ device, scenario }) => ({ deviceId: device.deviceId, scenario, counters: { ...device.counters } })),
    (Date.now() - startedMs) / 1000,
    hooks.signal?.aborted === true,
  );
}

/** Refuses settings that cannot run, naming the flag's field. */
export function validateFleetSettings(s: FleetSettings): void {
  const bad = (field: string, why: string): never => {
    throw new RangeError(`fleet: ${field} ${why}`);
  };
  if (!Number.isInteger(s.devices) || s.devices < 1) bad('devices', `must be a whole number >= 1 (got ${s.devices})`);
  if (s.scenarios.length === 0) bad('scenarios', 'must name at least one scenario');
  if (!(s.speed > 0)) bad('speed', `must be > 0 (got ${s.speed})`);
  if (s.durationS !== undefined && !(s.durationS >= 0)) bad('durationS', `must be >= 0 s (got ${s.durationS})`);
  if (!(s.historyDays >= 0)) bad('historyDays', `must be >= 0 (got ${s.historyDays})`);
  if (s.staggerMs !== undefined && !(s.staggerMs >= 0)) bad('staggerMs', `must be >= 0 ms (got ${s.staggerMs})`);
  if (!(s.drainTimeoutS >= 0)) bad('drainTimeoutS', `must be >= 0 s (got ${s.drainTimeoutS})`);
}

/** Resolves when the device will produce no more batches (the stream ended, maxBatches, or stop()). */
function finished(device: SimDevice): Promise<void> {
  return new Promise((resolve) => {
    if (!device.producing) resolve();
    else device.once('finished', () => resolve());
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function fraction(x: number): number {
  return x - Math.floor(x);
}
