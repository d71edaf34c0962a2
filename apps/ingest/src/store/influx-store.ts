/**
 * The InfluxDB adapter of the store port, for deployments larger than one machine's SQLite.
 *
 * **The split.** The time-series half (points, episodes, alerts, device events, rollups) goes to InfluxDB:
 * large, append-mostly, read by time range, the part that grows with the fleet. The relational half
 * (wearers, device status, calibrations, pipeline checkpoints) stays in the service's SQLite, as do the
 * device registry, accounts and the intake journal (which is also the raw-sample store): small, updated in
 * place, read by key, and written in the same transaction as the journal cursor. InfluxDB has no
 * transactions and no update-in-place, so it could not give the checkpoint-and-cursor atomicity the
 * exactly-once design rests on. The working copy of each rollup bucket is kept in SQLite too (`rollup`
 * table): a delta is merged there and the merged bucket is written to InfluxDB whole, as one point keyed by
 * (wearer, size, bucket start), so a rewrite overwrites and the summary is read from InfluxDB in one query.
 *
 * **Writes.** `write(batch)` is synchronous and joins the caller's transaction: the relational records are
 * written to SQLite and the time-series records become line protocol in the outbox (store-outbox.ts), in the
 * same commit as the journal cursor. The delivery (outbox-delivery.ts) sends them in order and removes them
 * once InfluxDB acknowledged them. Every record has a natural key (measurement + tags + timestamp), so a
 * record sent twice (a crash between acknowledgement and removal) overwrites itself: never counted twice.
 *
 * **Back-pressure.** When the outbox holds `outboxMaxBytes` or more, `queueStatus().full` turns true (logged
 * as an error) and the analysis consumer stops reading the journal until it is below `resumeFraction` of the
 * limit; the journal then holds the data (see intake-admission.ts for what happens when IT fills up).
 *
 * **Reads** wait up to `readWaitMs` for the outbox to deliver what was written before them (read-your-writes
 * while InfluxDB keeps up), then query with InfluxQL; an unreachable InfluxDB makes them fail with
 * STORE_UNAVAILABLE.
 */
import { aggregateFromJson } from '@stance/analysis';
import type { SqliteDatabase } from '../db/open-database.js';
import { stanceError } from '../errors.js';
import type { Logger } from '../log.js';
import { createInfluxClient, InfluxRequestError, type InfluxClient, type InfluxConnectionSettings } from './influx-client.js';
import { createInfluxQueries } from './influx-queries.js';
import { timeSeriesLines, type MergedRollup } from './influx-records.js';
import { createOutboxDelivery, DEFAULT_OUTBOX_DELIVERY_SETTINGS, type DeliveryEvents, type OutboxDeliverySettings } from './outbox-delivery.js';
import { createSqliteStore, type SqliteStoreParts } from './sqlite-store.js';
import { createOutboxLease } from './outbox-lease.js';
import { createStoreOutbox } from './store-outbox.js';
import { emptyStoreBatch, type PostureStore, type StoreQueueStatus } from './store-port.js';

export interface InfluxStoreSettings {
  connection: InfluxConnectionSettings;
  delivery: OutboxDeliverySettings;
  /** Outbox size (line-protocol bytes) at which back-pressure starts (OUTBOX_MAX_MB). */
  outboxMaxBytes: number;
  /** Back-pressure ends when the outbox is below this fraction of `outboxMaxBytes` (hysteresis, 0..1). */
  resumeFraction: number;
  /** How long a read waits for the outbox to deliver what was written before it, ms. */
  readWaitMs: number;
  /**
   * The outbox lease (outbox-lease.ts): a holder that died is replaced after this long, ms. Far longer than a
   * request's timeout (`connection.requestTimeoutMs`), renewed before every request.
   */
  leaseMs: number;
}

export const DEFAULT_INFLUX_STORE_SETTINGS: Readonly<Omit<InfluxStoreSettings, 'connection'>> = Object.freeze({
  delivery: DEFAULT_OUTBOX_DELIVERY_SETTINGS,
  outboxMaxBytes: 256 * 1024 * 1024,
  resumeFraction: 0.9,
  readWaitMs: 2000,
  leaseMs: 30_000,
});

export interface InfluxStoreParts {
  log: Logger;
  /** Delivery outcomes (metrics). */
  events?: DeliveryEvents;
  /** Wall clock, epoch ms. */
  now?: () => number;
  /** Who this process is to the outbox lease: the worker id in worker mode; default `service`. */
  deliverer?: string;
  /** For the relational part (raw samples come from the journal): see sqlite-store.ts. */
  unwrittenBatches?: SqliteStoreParts['unwrittenBatches'];
}

export interface InfluxPostureStore extends PostureStore {
  readonly client: InfluxClient;
}

export function createInfluxStore(db: SqliteDatabase, settings: InfluxStoreSettings, parts: InfluxStoreParts): InfluxPostureStore {
  const { log } = parts;
  const now = parts.now ?? Date.now;
  const relational = createSqliteStore(db, parts.unwrittenBatches === undefined ? {} : { unwrittenBatches: parts.unwrittenBatches });
  const outbox = createStoreOutbox(db);
  const client = createInfluxClient(settings.connection);
  const queries = createInfluxQueries(client);
  const rollupGet = db.prepare<[string, string, number], { aggregate: string }>(
    'SELECT aggregate FROM rollup WHERE wearer_id = ? AND size = ? AND start_ms = ?',
  );
  let full = false;

  const checkFull = (): void => {
    const { bytes, rows, oldestMs } = outbox.status;
    if (!full && bytes >= settings.outboxMaxBytes) {
      full = true;
      log.error(
        { outboxBytes: bytes, outboxRows: rows, limitBytes: settings.outboxMaxBytes, oldestAgeS: oldestMs === null ? 0 : (now() - oldestMs) / 1000 },
        'STORE OUTBOX FULL: InfluxDB is not taking writes fast enough; analysis stops reading the journal until it drains (back-pressure)',
      );
    } else if (full && bytes < settings.outboxMaxBytes * settings.resumeFraction) {
      full = false;
      log.info({ outboxBytes: bytes, outboxRows: rows }, 'store outbox below its limit again: analysis resumes');
    }
  };

  const lease = createOutboxLease(db, parts.deliverer ?? 'service', settings.leaseMs);
  const delivery = createOutboxDelivery({
    outbox, client, log, lease,
    events: {
      delivered(lines, bytes) {
        checkFull();
        parts.events?.delivered?.(lines, bytes);
      },
      failed(error, lines) {
        checkFull();
        parts.events?.failed?.(error, lines);
      },
      refreshed: checkFull,
    },
    prepare: async () => {
      if (client.api === 'v1' && !(await client.ensureDatabase())) {
        log.warn({ db: settings.connection.db }, 'could not create the InfluxDB database (exists already, no permission, or server down)');
      }
    },
  }, settings.delivery);

  // After the caller's transaction: the delivery must never read a row that may still be rolled back.
  let wakeScheduled = false;
  const wakeSoon = (): void => {
    if (wakeScheduled) return;
    wakeScheduled = true;
    setImmediate(() => {
      wakeScheduled = false;
      delivery.wake();
    });
  };

  const writeAll = (batch: Parameters<PostureStore['write']>[0]): void => {
    relational.write({
      ...emptyStoreBatch(),
      rollups: batch.rollups, // merged into the SQLite working copy of each bucket
      statuses: batch.statuses, seen: batch.seen, calibrations: batch.calibrations, checkpoints: batch.checkpoints,
      gaps: batch.gaps,
    });
    const merged = new Map<string, MergedRollup>();
    for (const r of batch.rollups) {
      const row = rollupGet.get(r.wearerId, r.size, r.startMs);
      if (row === undefined) continue;
      const aggregate = aggregateFromJson(JSON.parse(row.aggregate));
      merged.set(`${r.wearerId}\u0000${r.size}\u0000${r.startMs}`, { wearerId: r.wearerId, size: r.size, startMs: r.startMs, aggregate });
    }
    const lines = timeSeriesLines(batch, [...merged.values()]);
    if (lines.length === 0) return;
    outbox.append(lines, now());
    checkFull();
    wakeSoon();
  };
  const writeTransaction = db.transaction(writeAll);

  /** Waits for earlier writes (bounded), then runs the query; an unreachable server is STORE_UNAVAILABLE. */
  const read = async <T>(query: () => Promise<T>): Promise<T> => {
    await delivery.settled(settings.readWaitMs);
    try {
      return await query();
    } catch (error) {
      if (error instanceof InfluxRequestError) throw stanceError('STORE_UNAVAILABLE', { reason: error.message }, error);
      throw error;
    }
  };

  return {
    ...relational,
    // Points live in InfluxDB here, not in the SQLite table that method reads.
    readPointsJson: undefined,
    client,
    // Joins the caller's transaction without a savepoint, as the SQLite adapter does (sqlite-store.ts).
    write: (batch) => (db.inTransaction ? writeAll(batch) : writeTransaction(batch)),
    get queueDepth() {
      return outbox.status.rows;
    },
    queueStatus(): StoreQueueStatus {
      const { rows, bytes, oldestMs } = outbox.status;
      return { rows, bytes, oldestMs, full, failing: delivery.failing };
    },
    async flush(timeoutMs) {
      return delivery.settled(timeoutMs);
    },
    close() {
      delivery.close();
    },
    readPoints: (wearerId, range, stepMs) => read(() => queries.points(wearerId, range, stepMs)),
    readEpisodes: (wearerId, range) => read(() => queries.episodes(wearerId, range)),
    readAlerts: (wearerId, range) => read(() => queries.alerts(wearerId, range)),
    readEvents: (deviceId, range) => read(() => queries.events(deviceId, range)),
    readRollups: (wearerId, size, range) => read(() => queries.rollups(wearerId, size, range)),
  };
}
