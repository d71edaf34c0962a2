/**
 * `npm run sim -- run ...`: a fleet of simulated sensors against an MQTT broker. Progress on stderr, the
 * summary on stdout (text, or JSON with `--json`). Exit code 0 only if every generated batch was acknowledged,
 * none was dropped and no device was refused; 1 otherwise; 2 for a usage error.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { FleetProgress, type FleetSnapshot, type ProgressOutput } from '../fleet/fleet-progress.js';
import { runFleet, type OpenDeviceStream } from '../fleet/fleet-runner.js';
import { DEFAULT_FLEET_SETTINGS, fleetDeviceId, type FleetSettings, type FleetTokens } from '../fleet/fleet-settings.js';
import { fleetExitCode, formatFleetSummary } from '../fleet/fleet-summary.js';
import { openScenario } from '../scenarios/open-scenario.js';
import { scenarioNames } from '../scenarios/registry.js';

/** A working day at a desk: the scenario a demo fleet wants; else whatever comes first. */
export const DEFAULT_RUN_SCENARIO = 'desk-day';

function defaultScenario(): string {
  const names = scenarioNames();
  return names.includes(DEFAULT_RUN_SCENARIO) ? DEFAULT_RUN_SCENARIO : (names[0] ?? '');
}

/** Where the command writes; the real process by default, collecting streams in tests. */
export interface RunCommandIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressOutput;
  /** Listen for Ctrl-C (stop producing, drain, print the summary; twice to quit at once). Default true. */
  handleSignals?: boolean;
}

const D = DEFAULT_FLEET_SETTINGS;

export const RUN_HELP = `usage: npm run sim -- run [options]

Drives N simulated sensors from one process against an MQTT broker: QoS 1 batches on posture/ID/imu,
retained status with a last will, obeying posture/ID/cmd. Progress goes to stderr, the summary to stdout.
Exit code 0 only if every generated batch was acknowledged, none was dropped and no device was refused.

  --devices N          number of devices (default ${D.devices})
  --broker URL         broker URL (default ${D.brokerUrl})
  --scenario NAME      scenario, or a comma-separated list given to devices in turn; see
                       \`npm run sim -- scenarios\` (default ${DEFAULT_RUN_SCENARIO})
  --speed X            data seconds per wall second: 1 = real time, 10 = ten times faster, max = as fast
                       as the broker acknowledges (default ${D.speed})
  --duration S         seconds of live data per device (default: the scenario's own length)
  --rate HZ            sample rate, hertz (default ${D.rateHz})
  --format F           json | binary batch payloads (default ${D.format})
  --batch-s S          seconds of data per batch (default ${D.batchS}); at most 1000 samples per batch
  --id-prefix P        device ids are P001, P002, ... (default ${D.idPrefix})
  --token T            MQTT password for every device (username is always the device id)
  --tokens FILE        JSON object mapping device id to token, e.g. {"sim-001": "s3cret"}
                       (default: no password, for anonymous brokers)
  --seed N             base seed; device i uses N + i (default ${D.seed})
  --history-days D     first produce D days of data ending now, as fast as the broker acknowledges,
                       with t0 in the past; then continue live (default ${D.historyDays})
  --buffer-batches N   offline buffer per device, batches waiting; when full the oldest is dropped (default ${D.bufferBatches})
  --max-inflight N     unacknowledged batches in flight per device (default ${D.maxInflight})
  --stagger-ms MS      pause between two devices' connects (default: connects spread over one batch
                       period, batch-s / speed, at most 20 ms apart)
  --drain-timeout S    after the last batch, wait this long for acknowledgements (default ${D.drainTimeoutS})
  --reconnect-ms MS    pause before reconnecting, plus up to 50 % jitter per device (default ${D.reconnectPeriodMs})
  --fw VERSION         firmware version reported in the status (default ${D.fw})
  --json               print the summary as JSON (per device too) instead of text
  --quiet              no progress on stderr
  --help               this text

Example: npm run sim -- run --devices 50 --broker mqtt://127.0.0.1:1883 --speed 10 --duration 60
`;

export class RunUsageError extends Error {
  override readonly name = 'RunUsageError';
}

export interface RunCommandOptions {
  settings: FleetSettings;
  json: boolean;
  quiet: boolean;
  help: boolean;
  /** Token file to read, when `--tokens` was given. */
  tokensFile: string | undefined;
}

/** Parses the flags; throws RunUsageError naming the flag at fault. Reads no files. */
export function parseRunArgs(argv: string[], defaultScenario: () => string): RunCommandOptions {
  let v: ReturnType<typeof parse>['values'];
  try {
    v = parse(argv).values;
  } catch (err) {
    throw new RunUsageError(err instanceof Error ? err.message : String(err));
  }
  if (v.help) return { settings: { ...D, scenarios: [] }, json: false, quiet: false, help: true, tokensFile: undefined };
  if (v.token !== undefined && v.tokens !== undefined) throw new RunUsageError('give --token or --tokens, not both');
  const format = v.format ?? D.format;
  if (format !== 'json' && format !== 'binary') throw new RunUsageError(`--format must be json or binary (got "${format}")`);
  const tokens: FleetTokens = v.token !== undefined ? { kind: 'same', token: v.token } : D.tokens;
  const settings: FleetSettings = {
    devices: integer('--devices', v.devices, D.devices, 1),
    brokerUrl: v.broker ?? D.brokerUrl,
    scenarios: (v.scenario ?? defaultScenario()).split(',').map((s) => s.trim()).filter((s) => s !== ''),
    speed: v.speed === 'max' ? Infinity : positive('--speed', v.speed, D.speed),
    durationS: v.duration === undefined ? undefined : nonNegative('--duration', v.duration, 0),
    rateHz: positive('--rate', v.rate, D.rateHz),
    format,
    idPrefix: v['id-prefix'] ?? D.idPrefix,
    tokens,
    seed: integer('--seed', v.seed, D.seed, 0),
    batchS: positive('--batch-s', v['batch-s'], D.batchS),
    historyDays: nonNegative('--history-days', v['history-days'], D.historyDays),
    bufferBatches: integer('--buffer-batches', v['buffer-batches'], D.bufferBatches, 1),
    maxInflight: integer('--max-inflight', v['max-inflight'], D.maxInflight, 1),
    staggerMs: v['stagger-ms'] === undefined ? undefined : nonNegative('--stagger-ms', v['stagger-ms'], 0),
    drainTimeoutS: nonNegative('--drain-timeout', v['drain-timeout'], D.drainTimeoutS),
    reconnectPeriodMs: nonNegative('--reconnect-ms', v['reconnect-ms'], D.reconnectPeriodMs),
    fw: v.fw ?? D.fw,
  };
  if (settings.scenarios.length === 0) throw new RunUsageError('--scenario names no scenario');
  return { settings, json: v.json === true, quiet: v.quiet === true, help: false, tokensFile: v.tokens };
}

/** Reads `--tokens FILE`: a JSON object of device id to token string. */
export async function readTokensFile(path: string): Promise<Extract<FleetTokens, { kind: 'map' }>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new RunUsageError(`--tokens ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RunUsageError(`--tokens ${path}: expected a JSON object {"device-id": "token", ...}`);
  }
  const tokens: Record<string, string> = {};
  for (const [id, token] of Object.entries(parsed)) {
    if (typeof token !== 'string') throw new RunUsageError(`--tokens ${path}: token of "${id}" is not a string`);
    tokens[id] = token;
  }
  return { kind: 'map', tokens };
}

/** The `run` command. `io` lets tests capture the output. */
export async function run(argv: string[], io: RunCommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let options: RunCommandOptions;
  try {
    options = parseRunArgs(argv, defaultScenario);
    if (options.help) {
      io.stdout.write(RUN_HELP);
      return 0;
    }
    if (options.tokensFile !== undefined) {
      const tokens = await readTokensFile(options.tokensFile);
      const ids = Array.from({ length: options.settings.devices }, (_, i) => fleetDeviceId(options.settings, i));
      const lacking = ids.filter((id) => tokens.tokens[id] === undefined);
      if (lacking.length > 0) {
        const shown = lacking.slice(0, 5).join(', ') + (lacking.length > 5 ? ` and ${lacking.length - 5} more` : '');
        throw new RunUsageError(`--tokens ${options.tokensFile} has no token for ${shown}`);
      }
      options.settings.tokens = tokens;
    }
    const known = new Set(scenarioNames());
    const unknown = options.settings.scenarios.filter((s) => !known.has(s));
    if (unknown.length > 0) {
      throw new RunUsageError(`unknown scenario ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
    }
  } catch (err) {
    if (!(err instanceof RunUsageError)) throw err;
    io.stderr.write(`sim run: ${err.message}\n\n${RUN_HELP}`);
    return 2;
  }

  const progress = options.quiet ? undefined : new FleetProgress(io.stderr);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) {
      progress?.notice('sim run: stopping; delivering what is buffered (Ctrl-C again to quit now)');
      controller.abort();
    } else {
      process.exit(130);
    }
  };
  const handleSignals = io.handleSignals ?? true;
  if (handleSignals) process.on('SIGINT', onSigint);
  let last: FleetSnapshot | undefined;
  try {
    const summary = await runFleet(options.settings, {
      openStream: openScenario satisfies OpenDeviceStream,
      signal: controller.signal,
      onNotice: (line) => (progress ? progress.notice(line) : io.stderr.write(`${line}\n`)),
      onProgress: (s) => {
        last = s;
        progress?.update(s);
      },
    });
    if (progress && last) progress.finish(last);
    io.stdout.write(options.json ? `${JSON.stringify(summary, jsonNumbers, 2)}\n` : `${formatFleetSummary(summary)}\n`);
    return fleetExitCode(summary);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    io.stderr.write(`sim run: ${err.message}\n`);
    return 2;
  } finally {
    if (handleSignals) process.off('SIGINT', onSigint);
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      devices: { type: 'string' },
      broker: { type: 'string' },
      scenario: { type: 'string' },
      speed: { type: 'string' },
      duration: { type: 'string' },
      rate: { type: 'string' },
      format: { type: 'string' },
      'batch-s': { type: 'string' },
      'id-prefix': { type: 'string' },
      token: { type: 'string' },
      tokens: { type: 'string' },
      seed: { type: 'string' },
      'history-days': { type: 'string' },
      'buffer-batches': { type: 'string' },
      'max-inflight': { type: 'string' },
      'stagger-ms': { type: 'string' },
      'drain-timeout': { type: 'string' },
      'reconnect-ms': { type: 'string' },
      fw: { type: 'string' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function numberFlag(flag: string, text: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x)) throw new RunUsageError(`${flag} expects a number (got "${text}")`);
  return x;
}
function positive(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const x = numberFlag(flag, text);
  if (!(x > 0)) throw new RunUsageError(`${flag} must be > 0 (got ${text})`);
  return x;
}
function nonNegative(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const x = numberFlag(flag, text);
  if (!(x >= 0)) throw new RunUsageError(`${flag} must be >= 0 (got ${text})`);
  return x;
}
function integer(flag: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const x = numberFlag(flag, text);
  if (!Number.isInteger(x) || x < min) throw new RunUsageError(`${flag} must be a whole number >= ${min} (got ${text})`);
  return x;
}

/** JSON has no Infinity: an endless speed or limit is written as the string "Infinity". */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}
