/** Settings from the environment: defaults, parsing, and errors that name the variable. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_SETTINGS, ENVIRONMENT_VARIABLES, settingsFromEnv } from '../src/config.js';
import { StanceError } from '../src/errors.js';

const README = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../README.md'), 'utf8');

function errorOf(env: Record<string, string>): StanceError {
  try {
    settingsFromEnv(env);
  } catch (error) {
    if (error instanceof StanceError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('settings from the environment', () => {
  it('gives the documented defaults for an empty environment', () => {
    const settings = settingsFromEnv({});
    expect({ ...settings, dataDir: DEFAULT_INGEST_SETTINGS.dataDir }).toEqual(DEFAULT_INGEST_SETTINGS);
    expect(settings.dataDir).toBe(path.resolve('./data'));
    expect(settings.httpPort).toBe(3000);
    expect(settings.mqttPort).toBe(1883);
    expect(settings.mqttUrl).toBeNull();
    expect(settings.store).toBe('sqlite');
  });

  it('resolves a relative DATA_DIR from where npm was started', () => {
    expect(settingsFromEnv({ INIT_CWD: '/srv/stance', DATA_DIR: 'data' }).dataDir).toBe('/srv/stance/data');
    expect(settingsFromEnv({ INIT_CWD: '/srv/stance', DATA_DIR: '/var/lib/stance' }).dataDir).toBe('/var/lib/stance');
  });

  it('reads every variable', () => {
    const settings = settingsFromEnv({
      PORT: '8080', MQTT_PORT: '1884', MQTT_WS_PATH: '', DATA_DIR: '/tmp/x', STORE: 'influx',
      INFLUX_URL: 'http://127.0.0.1:8086', INFLUX_DB: 'stance', POSTURE_ADMIN_EMAIL: 'a@b.c',
      POSTURE_ADMIN_PASSWORD: 'long enough', MQTT_MAX_PAYLOAD_BYTES: '1024', DEVICE_RATE_PER_S: '2.5',
      DEVICE_BURST: '7', MQTT_MAX_CONNECTIONS: '9', DEVICE_MAX_CONNECTIONS: '1', RAW_RETENTION_H: '0.5', JOURNAL_SYNC: 'normal',
      MQTT_URL: 'mqtt://broker:1883', LOG_LEVEL: 'warn', MQTT_USERNAME: 'stance.ingest', MQTT_PASSWORD: ' pw ', MQTT_CLIENT_ID: 'ingest-2',
      REORDER_HOLD_MS: '500', IDLE_RELEASE_MS: '1500', GAP_HOLD_MAX_S: '300', GAP_TIMEOUT_S: '20', GAP_OFFLINE_HOLD_S: '600',
      OFFLINE_CLOSE_S: '10', ANALYSIS_FLUSH_S: '0', WARM_UP_S: '30', MAX_BUZZ_LAG_S: '5',
      TRUST_PROXY: '10.0.0.0/8, ::1, loopback',
    });
    expect(settings).toMatchObject({
      httpPort: 8080, mqttPort: 1884, mqttWsPath: '', dataDir: '/tmp/x', store: 'influx',
      influx: { url: 'http://127.0.0.1:8086', db: 'stance', org: null, bucket: null, token: null },
      adminEmail: 'a@b.c', maxPayloadBytes: 1024, deviceRatePerS: 2.5, deviceBurst: 7, maxConnections: 9, deviceMaxConnections: 1,
      rawRetentionH: 0.5, journalSync: 'normal', mqttUrl: 'mqtt://broker:1883', logLevel: 'warn',
      mqttUsername: 'stance.ingest', mqttPassword: ' pw ', mqttClientId: 'ingest-2',
      trustProxy: ['10.0.0.0/8', '::1', 'loopback'],
      analysis: {
        reorderHoldMs: 500, idleReleaseMs: 1500, gapHoldMaxS: 300, gapTimeoutS: 20, gapOfflineHoldS: 600, offlineCloseS: 10,
        flushIntervalS: 0, warmUpS: 30, maxBuzzLagS: 5,
      },
    });
  });

  it.each([
    [{ PORT: 'http' }, 'PORT', /not a number/],
    [{ MQTT_PORT: '70000' }, 'MQTT_PORT', /not in 0\.\.65535/],
    [{ DEVICE_BURST: '2.5' }, 'DEVICE_BURST', /whole number/],
    [{ STORE: 'postgres' }, 'STORE', /not one of sqlite, influx/],
    [{ STORE: 'influx' }, 'INFLUX_URL', /required/],
    [{ STORE: 'influx', INFLUX_URL: 'http://x:8086' }, 'INFLUX_DB', /INFLUX_ORG and INFLUX_BUCKET/],
    [{ MQTT_URL: 'http://x' }, 'MQTT_URL', /scheme/],
    [{ TLS_CERT_FILE: '/c.pem' }, 'TLS_KEY_FILE', /together with TLS_CERT_FILE/],
    [{ HTTP_TLS: 'on' }, 'HTTP_TLS', /needs TLS_CERT_FILE and TLS_KEY_FILE/],
    [{ HTTP_TLS: 'yes' }, 'HTTP_TLS', /not one of off, on/],
    [{ POSTURE_ADMIN_PASSWORD: 'secret123' }, 'POSTURE_ADMIN_EMAIL', /together/],
    [{ POSTURE_ADMIN_EMAIL: 'a@b.c', POSTURE_ADMIN_PASSWORD: 'short' }, 'POSTURE_ADMIN_PASSWORD', /10 characters/],
    [{ MQTT_WS_PATH: 'mqtt' }, 'MQTT_WS_PATH', /URL path/],
    [{ JOURNAL_SYNC: 'off' }, 'JOURNAL_SYNC', /full, normal/],
    [{ MQTT_USERNAME: 'stance.ingest' }, 'MQTT_PASSWORD', /together with MQTT_USERNAME/],
    [{ MQTT_CLIENT_ID: 'with space' }, 'MQTT_CLIENT_ID', /1-128 of/],
    [{ ANALYSIS_FLUSH_S: '-1' }, 'ANALYSIS_FLUSH_S', /not in 0\.\.3600/],
    [{ GAP_TIMEOUT_S: 'soon' }, 'GAP_TIMEOUT_S', /not a number/],
    [{ TRUST_PROXY: '10.0.0.0/8, proxy.local' }, 'TRUST_PROXY', /"proxy\.local" is not an address/],
    [{ TRUST_PROXY: '10.0.0.1/40' }, 'TRUST_PROXY', /CIDR range/],
  ])('refuses %o naming %s', (env, variable, reason) => {
    const error = errorOf(env as Record<string, string>);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.params.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^invalid value for ${variable}: `));
    expect(error.message).toMatch(reason);
  });

  it('has a README row for every variable', () => {
    for (const name of ENVIRONMENT_VARIABLES) expect(README, name).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });
});
