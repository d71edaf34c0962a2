/**
 * The store the settings ask for (`STORE`), with its metrics wired: SQLite (the embedded default) or
 * InfluxDB for the time series with SQLite for the rest (influx-store.ts).
 */
import type { IngestSettings } from '../config.js';
import type { SqliteDatabase } from '../db/open-database.js';
import type { Logger } from '../log.js';
import type { IngestMetrics } from '../metrics/ingest-metrics.js';
import { createInfluxStore, DEFAULT_INFLUX_STORE_SETTINGS, type InfluxStoreSettings } from './influx-store.js';
import { createSqliteStore, type SqliteStoreParts } from './sqlite-store.js';
import type { PostureStore } from './store-port.js';

/** Longest one InfluxDB request may take before it counts as failed and is retried, ms. */
export const INFLUX_REQUEST_TIMEOUT_MS = 10_000;

export function influxStoreSettings(settings: IngestSettings): InfluxStoreSettings {
  const { url, token, org, bucket, db } = settings.influx;
  if (url === null) throw new Error('STORE=influx needs INFLUX_URL'); // settingsFromEnv refuses this first
  return {
    ...DEFAULT_INFLUX_STORE_SETTINGS,
    connection: { url, token, org, bucket, db, requestTimeoutMs: INFLUX_REQUEST_TIMEOUT_MS },
    outboxMaxBytes: Math.round(settings.outboxMaxMb * 1024 * 1024),
  };
}

export function createStore(db: SqliteDatabase, settings: IngestSettings, log: Logger, metrics: IngestMetrics, raw: SqliteStoreParts = {}): PostureStore {
  const store: PostureStore = settings.store === 'influx'
    ? createInfluxStore(db, influxStoreSettings(settings), {
      log,
      ...raw,
      // Worker mode: the workers share the outbox, and one of them at a time delivers it.
      ...(settings.workerId !== null ? { deliverer: settings.workerId } : {}),
      events: {
        delivered(lines) {
          metrics.storeWrites.inc();
          metrics.storeLinesWritten.inc({}, lines);
        },
        failed(error, lines) {
          metrics.storeWriteFailures.inc();
          if (!error.retryable) metrics.storeLinesDropped.inc({}, lines);
        },
      },
    })
    : createSqliteStore(db, raw);
  metrics.storeQueueDepth.collectFrom(() => store.queueDepth);
  metrics.storeOutboxBytes.collectFrom(() => store.queueStatus().bytes);
  metrics.storeOutboxOldestAge.collectFrom(() => {
    const { oldestMs } = store.queueStatus();
    return oldestMs === null ? 0 : Math.max(0, (Date.now() - oldestMs) / 1000);
  });
  metrics.storeBackpressure.collectFrom(() => (store.queueStatus().full ? 1 : 0));
  return store;
}
