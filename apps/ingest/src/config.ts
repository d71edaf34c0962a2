/**
 * The service's settings, read once from the environment (contracts section 4). Every variable has a
 * documented default here and in the README table (a test keeps the two in step); a bad value stops the
 * service at start with an error naming the variable, never later.
 */
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_PAYLOAD_BYTES } from '@stance/protocol';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from './analysis/analysis-settings.js';
import { PASSWORD_MIN_LENGTH } from './auth/password-policy.js';
import { stanceError } from './errors.js';

export type StoreKind = 'sqlite' | 'influx';
/** SQLite `synchronous` for the intake journal: `full` survives power loss, `normal` survives a process crash. */
export type JournalSync = 'full' | 'normal';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** The analysis's timings that the environment sets (analysis/analysis-settings.ts says what each does). */
export type AnalysisTimings = Pick<
  AnalysisSettings,
  'reorderHoldMs' | 'idleReleaseMs' | 'gapHoldMaxS' | 'gapTimeoutS' | 'gapOfflineHoldS' | 'offlineCloseS' | 'flushIntervalS' | 'warmUpS' | 'maxBuzzLagS'
>;

export interface IngestSettings {
  /** Interface both servers listen on. */
  host: string;
  /**
   * Reverse proxies (addresses, CIDR ranges, or `loopback` / `linklocal` / `uniquelocal`) whose X-Forwarded-For
   * is believed for the client's address, which the login and pairing limits count by. Empty: the socket's address.
   */
  trustProxy: readonly string[];
  /** HTTP port: API, /metrics, dashboard, MQTT over WebSocket. 0 picks a free port. */
  httpPort: number;
  /** Embedded broker, MQTT over TCP. 0 picks a free port. */
  mqttPort: number;
  /** Path on the HTTP server where MQTT over WebSocket is served; empty disables it. */
  mqttWsPath: string;
  /** MQTT over TLS port, used only when a certificate and key are given. */
  mqttTlsPort: number;
  /** PEM certificate and key files for MQTT over TLS (and HTTPS with `httpTls`); both or neither. */
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
  /**
   * `on`: the HTTP port serves HTTPS (API, dashboard, MQTT over secure WebSocket) with the same certificate and
   * key. Browsers give motion sensors only to secure pages, so the phone-as-sensor page needs it off localhost
   * when no TLS-terminating proxy is in front.
   */
  httpTls: 'off' | 'on';
  /** External broker instead of the embedded one: the service subscribes to it as a client (mqtt:, mqtts:, ws:, wss:). */
  mqttUrl: string | null;
  /** The service's own login at the external broker; both or neither. */
  mqttUsername: string | null;
  mqttPassword: string | null;
  /** The service's client id at the external broker: stable, so its persistent session survives restarts. */
  mqttClientId: string;
  /**
   * Worker mode (src/workers/): this process is one of several ingest workers sharing DATA_DIR behind the
   * external broker, named by this id (unique among the running workers). Null: the single-process service.
   */
  workerId: string | null;
  /** Worker mode: devices are split into this many partitions (hash of the device id); every worker must agree. */
  ingestPartitions: number;
  /** Worker mode: how long a partition lease lasts without renewal (renewed every third of it), seconds. */
  partitionLeaseS: number;
  /** Folder of the embedded store and intake journal (created if missing). */
  dataDir: string;
  store: StoreKind;
  influx: { url: string | null; token: string | null; org: string | null; bucket: string | null; db: string | null };
  /** STORE=influx: outbox size (line protocol not yet acknowledged by InfluxDB) at which back-pressure starts, MB. */
  outboxMaxMb: number;
  /** Intake journal backlog (entries not yet processed by the slowest consumer) at which PUBACKs are held. */
  journalMaxBacklog: number;
  /** Bootstrap coach/admin account; both or neither. */
  adminEmail: string | null;
  adminPassword: string | null;
  /** How long an API session token stays valid, hours. */
  sessionTtlH: number;
  /** Largest MQTT PUBLISH payload, bytes; a bigger packet closes the connection before it is buffered. */
  maxPayloadBytes: number;
  /** Per-device publish rate, messages per second (token bucket refill). */
  deviceRatePerS: number;
  /** Per-device burst, messages (token bucket size). */
  deviceBurst: number;
  /** Most MQTT connections at once; more are refused with CONNACK "server unavailable". */
  maxConnections: number;
  /** Most MQTT connections one device id may hold at once (a sensor needs one; spare ones cover half-open sockets). */
  deviceMaxConnections: number;
  /** How long raw IMU samples stay in the intake journal after every consumer has read them, hours. */
  rawRetentionH: number;
  /** How long a batch's identity (device, seq, t0) is remembered to recognise a resend, hours. */
  dedupRetentionH: number;
  journalSync: JournalSync;
  /** Longest a graceful shutdown may take before the process exits anyway, seconds. */
  shutdownTimeoutS: number;
  logLevel: LogLevel;
  /** The built dashboard served at `/` (npm start builds it first). */
  dashboardDir: string;
  /** Reordering, data gaps, offline close, deferred writes, restart warm-up, buzz lag (over the analysis defaults). */
  analysis: AnalysisTimings;
}

export const DEFAULT_INGEST_SETTINGS: Readonly<IngestSettings> = Object.freeze({
  host: '0.0.0.0',
  trustProxy: Object.freeze([]),
  httpPort: 3000,
  mqttPort: 1883,
  mqttWsPath: '/mqtt',
  mqttTlsPort: 8883,
  tlsCertFile: null,
  tlsKeyFile: null,
  httpTls: 'off',
  mqttUrl: null,
  mqttUsername: null,
  mqttPassword: null,
  mqttClientId: 'stance-ingest',
  workerId: null,
  ingestPartitions: 8,
  partitionLeaseS: 10,
  dataDir: './data',
  store: 'sqlite',
  influx: Object.freeze({ url: null, token: null, org: null, bucket: null, db: null }),
  outboxMaxMb: 256,
  journalMaxBacklog: 1_000_000,
  adminEmail: null,
  adminPassword: null,
  sessionTtlH: 12,
  maxPayloadBytes: MAX_PAYLOAD_BYTES,
  deviceRatePerS: 10,
  deviceBurst: 100,
  maxConnections: 20_000,
  deviceMaxConnections: 4,
  rawRetentionH: 24,
  dedupRetentionH: 168,
  journalSync: 'full',
  shutdownTimeoutS: 10,
  logLevel: 'info',
  dashboardDir: fileURLToPath(new URL('../../dashboard/dist', import.meta.url)),
  analysis: Object.freeze({
    reorderHoldMs: DEFAULT_ANALYSIS_SETTINGS.reorderHoldMs,
    idleReleaseMs: DEFAULT_ANALYSIS_SETTINGS.idleReleaseMs,
    gapHoldMaxS: DEFAULT_ANALYSIS_SETTINGS.gapHoldMaxS,
    gapTimeoutS: DEFAULT_ANALYSIS_SETTINGS.gapTimeoutS,
    gapOfflineHoldS: DEFAULT_ANALYSIS_SETTINGS.gapOfflineHoldS,
    offlineCloseS: DEFAULT_ANALYSIS_SETTINGS.offlineCloseS,
    flushIntervalS: DEFAULT_ANALYSIS_SETTINGS.flushIntervalS,
    warmUpS: DEFAULT_ANALYSIS_SETTINGS.warmUpS,
    maxBuzzLagS: DEFAULT_ANALYSIS_SETTINGS.maxBuzzLagS,
  }),
}) as Readonly<IngestSettings>;

/** Every environment variable the service reads, for the README table and its test. */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.freeze([
  'HOST', 'TRUST_PROXY', 'PORT', 'MQTT_PORT', 'MQTT_WS_PATH', 'MQTT_TLS_PORT', 'TLS_CERT_FILE', 'TLS_KEY_FILE', 'HTTP_TLS', 'MQTT_URL',
  'MQTT_USERNAME', 'MQTT_PASSWORD', 'MQTT_CLIENT_ID', 'WORKER_ID', 'INGEST_PARTITIONS', 'PARTITION_LEASE_S',
  'DATA_DIR', 'STORE', 'INFLUX_URL', 'INFLUX_TOKEN', 'INFLUX_ORG', 'INFLUX_BUCKET', 'INFLUX_DB',
  'OUTBOX_MAX_MB', 'JOURNAL_MAX_BACKLOG',
  'POSTURE_ADMIN_EMAIL', 'POSTURE_ADMIN_PASSWORD', 'SESSION_TTL_H', 'MQTT_MAX_PAYLOAD_BYTES', 'DEVICE_RATE_PER_S',
  'DEVICE_BURST', 'MQTT_MAX_CONNECTIONS', 'DEVICE_MAX_CONNECTIONS', 'RAW_RETENTION_H', 'DEDUP_RETENTION_H', 'JOURNAL_SYNC', 'SHUTDOWN_TIMEOUT_S', 'LOG_LEVEL', 'DASHBOARD_DIR',
  'REORDER_HOLD_MS', 'IDLE_RELEASE_MS', 'GAP_HOLD_MAX_S', 'GAP_TIMEOUT_S', 'GAP_OFFLINE_HOLD_S', 'OFFLINE_CLOSE_S',
  'ANALYSIS_FLUSH_S', 'WARM_UP_S', 'MAX_BUZZ_LAG_S',
]);

type Env = Readonly<Record<string, string | undefined>>;

/** Settings from `env` (normally `process.env`); throws CONFIG_INVALID naming the first bad variable. */
export function settingsFromEnv(env: Env): IngestSettings {
  const d = DEFAULT_INGEST_SETTINGS;
  const read = (name: string): string | null => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? null : value;
  };
  const settings: IngestSettings = {
    host: read('HOST') ?? d.host,
    trustProxy: proxies(read('TRUST_PROXY')) ?? d.trustProxy,
    httpPort: port(read, 'PORT', d.httpPort),
    mqttPort: port(read, 'MQTT_PORT', d.mqttPort),
    // Read untrimmed-to-null: an explicitly empty MQTT_WS_PATH disables WebSocket.
    mqttWsPath: env.MQTT_WS_PATH === undefined ? d.mqttWsPath : wsPath(env.MQTT_WS_PATH.trim()),
    mqttTlsPort: port(read, 'MQTT_TLS_PORT', d.mqttTlsPort),
    tlsCertFile: read('TLS_CERT_FILE'),
    tlsKeyFile: read('TLS_KEY_FILE'),
    httpTls: oneOf(read, 'HTTP_TLS', ['off', 'on'] as const, d.httpTls),
    mqttUrl: brokerUrl(read('MQTT_URL')),
    mqttUsername: read('MQTT_USERNAME'),
    // Untrimmed: a password may begin or end with a space.
    mqttPassword: env.MQTT_PASSWORD === undefined || env.MQTT_PASSWORD === '' ? null : env.MQTT_PASSWORD,
    mqttClientId: clientId(read('MQTT_CLIENT_ID') ?? d.mqttClientId),
    workerId: workerId(read('WORKER_ID')),
    ingestPartitions: integer(read, 'INGEST_PARTITIONS', d.ingestPartitions, 1, 1024),
    partitionLeaseS: number(read, 'PARTITION_LEASE_S', d.partitionLeaseS, 0.5, 3600),
    // Relative to where `npm start` was typed (npm's INIT_CWD), not to the workspace npm switches into.
    dataDir: path.resolve(read('INIT_CWD') ?? process.cwd(), read('DATA_DIR') ?? d.dataDir),
    store: oneOf(read, 'STORE', ['sqlite', 'influx'] as const, d.store),
    influx: {
      url: read('INFLUX_URL'),
      token: read('INFLUX_TOKEN'),
      org: read('INFLUX_ORG'),
      bucket: read('INFLUX_BUCKET'),
      db: read('INFLUX_DB'),
    },
    outboxMaxMb: number(read, 'OUTBOX_MAX_MB', d.outboxMaxMb, 1, 1024 * 1024),
    journalMaxBacklog: integer(read, 'JOURNAL_MAX_BACKLOG', d.journalMaxBacklog, 100, 1e9),
    adminEmail: read('POSTURE_ADMIN_EMAIL'),
    adminPassword: read('POSTURE_ADMIN_PASSWORD'),
    sessionTtlH: number(read, 'SESSION_TTL_H', d.sessionTtlH, 0.01, 24 * 365),
    maxPayloadBytes: integer(read, 'MQTT_MAX_PAYLOAD_BYTES', d.maxPayloadBytes, 64, 256 * 1024 * 1024),
    deviceRatePerS: number(read, 'DEVICE_RATE_PER_S', d.deviceRatePerS, 0.01, 1e6),
    deviceBurst: integer(read, 'DEVICE_BURST', d.deviceBurst, 1, 1e6),
    maxConnections: integer(read, 'MQTT_MAX_CONNECTIONS', d.maxConnections, 1, 1e7),
    deviceMaxConnections: integer(read, 'DEVICE_MAX_CONNECTIONS', d.deviceMaxConnections, 1, 1000),
    rawRetentionH: number(read, 'RAW_RETENTION_H', d.rawRetentionH, 0, 24 * 365),
    dedupRetentionH: number(read, 'DEDUP_RETENTION_H', d.dedupRetentionH, 1, 24 * 3650),
    journalSync: oneOf(read, 'JOURNAL_SYNC', ['full', 'normal'] as const, d.journalSync),
    shutdownTimeoutS: number(read, 'SHUTDOWN_TIMEOUT_S', d.shutdownTimeoutS, 0.1, 3600),
    logLevel: oneOf(read, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, d.logLevel),
    dashboardDir: path.resolve(read('INIT_CWD') ?? process.cwd(), read('DASHBOARD_DIR') ?? d.dashboardDir),
    analysis: {
      reorderHoldMs: number(read, 'REORDER_HOLD_MS', d.analysis.reorderHoldMs, 0, 3_600_000),
      idleReleaseMs: number(read, 'IDLE_RELEASE_MS', d.analysis.idleReleaseMs, 0, 3_600_000),
      gapHoldMaxS: number(read, 'GAP_HOLD_MAX_S', d.analysis.gapHoldMaxS, 0, 86_400),
      gapTimeoutS: number(read, 'GAP_TIMEOUT_S', d.analysis.gapTimeoutS, 0, 86_400),
      gapOfflineHoldS: number(read, 'GAP_OFFLINE_HOLD_S', d.analysis.gapOfflineHoldS, 0, 7 * 86_400),
      offlineCloseS: number(read, 'OFFLINE_CLOSE_S', d.analysis.offlineCloseS, 0, 86_400),
      flushIntervalS: number(read, 'ANALYSIS_FLUSH_S', d.analysis.flushIntervalS, 0, 3600),
      warmUpS: number(read, 'WARM_UP_S', d.analysis.warmUpS, 0, 3600),
      maxBuzzLagS: number(read, 'MAX_BUZZ_LAG_S', d.analysis.maxBuzzLagS, 0, 86_400),
    },
  };
  bothOrNeither(settings.tlsCertFile, settings.tlsKeyFile, 'TLS_CERT_FILE', 'TLS_KEY_FILE');
  if (settings.httpTls === 'on' && settings.tlsCertFile === null) throw invalid('HTTP_TLS', 'on needs TLS_CERT_FILE and TLS_KEY_FILE');
  bothOrNeither(settings.mqttUsername, settings.mqttPassword, 'MQTT_USERNAME', 'MQTT_PASSWORD');
  bothOrNeither(settings.adminEmail, settings.adminPassword, 'POSTURE_ADMIN_EMAIL', 'POSTURE_ADMIN_PASSWORD');
  if (settings.adminEmail !== null && !/^[^\s@]+@[^\s@]+$/.test(settings.adminEmail)) {
    throw invalid('POSTURE_ADMIN_EMAIL', 'not an e-mail address');
  }
  if (settings.adminPassword !== null && settings.adminPassword.length < PASSWORD_MIN_LENGTH) {
    throw invalid('POSTURE_ADMIN_PASSWORD', `shorter than ${PASSWORD_MIN_LENGTH} characters (the rule of every account's password)`);
  }
  if (settings.store === 'influx') checkInflux(settings.influx);
  if (settings.workerId !== null && settings.mqttUrl === null) {
    throw invalid('WORKER_ID', 'worker mode needs MQTT_URL: the workers share an external broker');
  }

  return settings;
}

function invalid(variable: string, reason: string) {
  return stanceError('CONFIG_INVALID', { variable, reason });
}

type Read = (name: string) => string | null;

function number(read: Read, name: string, fallback: number, min: number, max: number): number {
  const text = read(name);
  if (text === null) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) throw invalid(name, `${JSON.stringify(text)} is not a number`);
  if (value < min || value > max) throw invalid(name, `${value} is not in ${min}..${max}`);
  return value;
}

function integer(read: Read, name: string, fallback: number, min: number, max: number): number {
  const value = number(read, name, fallback, min, max);
  if (!Number.isInteger(value)) throw invalid(name, `${value} is not a whole number`);
  return value;
}

function port(read: Read, name: string, fallback: number): number {
  return integer(read, name, fallback, 0, 65535);
}

function oneOf<T extends string>(read: Read, name: string, allowed: readonly T[], fallback: T): T {
  const text = read(name);
  if (text === null) return fallback;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw invalid(name, `${JSON.stringify(text)} is not one of ${allowed.join(', ')}`);
}

/** Named ranges of proxy-addr (what Fastify's `trustProxy` uses). */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function proxies(text: string | null): string[] | null {
  if (text === null) return null;
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = net.isIP(address);
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!PROXY_RANGE_NAMES.includes(entry) && (family === 0 || !prefixOk)) {
      throw invalid('TRUST_PROXY', `${JSON.stringify(entry)} is not an address, a CIDR range or one of ${PROXY_RANGE_NAMES.join(', ')}`);
    }
  }
  return entries;
}

function wsPath(text: string): string {
  if (text === '') return '';
  if (!/^\/[A-Za-z0-9._~\/-]*$/.test(text)) throw invalid('MQTT_WS_PATH', `${JSON.stringify(text)} is not a URL path like /mqtt`);
  return text;
}

function brokerUrl(text: string | null): string | null {
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('MQTT_URL', `${JSON.stringify(text)} is not a URL`);
  }
  if (!['mqtt:', 'mqtts:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw invalid('MQTT_URL', `scheme ${url.protocol} is not mqtt:, mqtts:, ws: or wss:`);
  }
  return text;
}

function clientId(text: string): string {
  // MQTT 3.1.1 guarantees 1-23 of these; brokers (Mosquitto among them) accept longer ones.
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(text)) throw invalid('MQTT_CLIENT_ID', `${JSON.stringify(text)} is not 1-128 of [A-Za-z0-9._-]`);
  return text;
}

function workerId(text: string | null): string | null {
  if (text !== null && !/^[A-Za-z0-9._-]{1,64}$/.test(text)) throw invalid('WORKER_ID', `${JSON.stringify(text)} is not 1-64 of [A-Za-z0-9._-]`);
  return text;
}

function bothOrNeither(a: string | null, b: string | null, nameA: string, nameB: string): void {
  if (a !== null && b === null) throw invalid(nameB, `must be set together with ${nameA}`);
  if (a === null && b !== null) throw invalid(nameA, `must be set together with ${nameB}`);
}

function checkInflux(influx: IngestSettings['influx']): void {
  if (influx.url === null) throw invalid('INFLUX_URL', 'required when STORE=influx');
  try {
    new URL(influx.url);
  } catch {
    throw invalid('INFLUX_URL', `${JSON.stringify(influx.url)} is not a URL`);
  }
  // v1 API names a database; the v2 write API names an org and a bucket.
  if (influx.db === null && (influx.org === null || influx.bucket === null)) {
    throw invalid('INFLUX_DB', 'STORE=influx needs INFLUX_DB (v1 API) or INFLUX_ORG and INFLUX_BUCKET (v2 API)');
  }
}
