/**
 * The whole service, wired: database, device registry, intake journal with group commit, the journal
 * consumers, the embedded broker and the HTTP app. `main` runs one; tests run one in-process on port 0.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from './app.js';
import { createEmbeddedBroker, type EmbeddedBroker } from './broker/embedded-broker.js';
import type { IngestSettings } from './config.js';
import { openDatabase, type SqliteDatabase } from './db/open-database.js';
import { createDeviceRegistry, type DeviceRegistry } from './devices/device-registry.js';
import { createGroupCommitter, type GroupCommitter } from './intake/group-commit.js';
import { createImuIntake } from './intake/imu-intake.js';
import { createJournal, type Journal } from './intake/journal.js';
import { createConsumerRunner, type ConsumerRunner } from './intake/journal-consumer.js';
import { pruneJournal } from './intake/journal-retention.js';
import { createSampleCountConsumer, type SampleCountConsumer } from './intake/sample-count-consumer.js';
import { createSequenceStates } from './intake/sequence-state.js';
import type { Logger } from './log.js';
import { createIngestMetrics, type IngestMetrics } from './metrics/ingest-metrics.js';

/** How often old raw samples are pruned from the journal, ms. */
const PRUNE_INTERVAL_MS = 60_000;

export interface IngestService {
  readonly settings: Readonly<IngestSettings>;
  readonly app: FastifyInstance;
  readonly broker: EmbeddedBroker;
  readonly db: SqliteDatabase;
  readonly registry: DeviceRegistry;
  readonly journal: Journal;
  readonly committer: GroupCommitter;
  readonly sampleCounts: SampleCountConsumer;
  readonly consumers: readonly ConsumerRunner[];
  readonly metrics: IngestMetrics;
  readonly log: Logger;
  /** Bound ports, after `start`. */
  readonly httpPort: number;
  /** Listens: MQTT (TCP, TLS), HTTP with MQTT over WebSocket. */
  start(): Promise<void>;
  /** Graceful stop: stop accepting, commit what is queued, close clients, let consumers catch up, close. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** Fastify logger option (main passes pino options); false (default) logs nothing. */
  logger?: FastifyServerOptions['logger'];
  /** The logger of the broker and intake; default: Fastify's (tests pass a recording one). */
  log?: Logger;
}

export async function createIngestService(settings: IngestSettings, options: ServiceOptions = {}): Promise<IngestService> {
  const metrics = createIngestMetrics();
  const db = openDatabase({ dataDir: settings.dataDir, sync: settings.journalSync });
  const registry = createDeviceRegistry(db);
  const journal = createJournal(db);
  const sequences = createSequenceStates(db);
  const sampleCounts = createSampleCountConsumer(db);
  let consumers: ConsumerRunner[] = [];
  let stopping = false;
  const startedMs = Date.now();

  const app = await buildApp({
    metrics: metrics.registry,
    logger: options.logger ?? false,
    health: () => ({
      status: stopping ? 'stopping' : 'ok',
      uptimeS: (Date.now() - startedMs) / 1000,
      mqttConnections: broker.aedes.connectedClients,
      journalDepth: journalDepth(),
      pendingCommits: committer.pending,
    }),
  });
  const log: Logger = options.log ?? app.log;

  const committer = createGroupCommitter(db, {
    beforeCommit: () => sequences.saveDirty(),
    afterCommit: (writes) => {
      sequences.clearDirty();
      metrics.journalCommits.inc();
      metrics.journalCommitBatches.inc({}, writes);
      for (const runner of consumers) runner.notify();
    },
    afterRollback: (error) => {
      sequences.discardDirty();
      metrics.journalWriteFailures.inc();
      log.error({ err: error }, 'intake journal commit failed; the batches were not acknowledged');
    },
  });
  const intake = createImuIntake({ journal, sequences, committer, metrics, log });
  consumers = [createConsumerRunner(db, journal, sampleCounts, log)];
  const journalDepth = (): number => journal.lastPos() - Math.min(...consumers.map((c) => c.cursor()));
  metrics.journalDepth.collectFrom(journalDepth);

  const broker = await createEmbeddedBroker(settings, { registry, intake, committer, metrics, log });
  let pruneTimer: NodeJS.Timeout | null = null;
  const prune = (): void => {
    const deleted = pruneJournal(journal, consumers.map((c) => c.cursor()), settings.rawRetentionH * 3_600_000, Date.now());
    if (deleted > 0) log.debug({ deleted }, 'journal pruned');
  };

  return {
    settings,
    app,
    broker,
    db,
    registry,
    journal,
    committer,
    sampleCounts,
    consumers,
    metrics,
    log,
    get httpPort() {
      return (app.server.address() as AddressInfo | null)?.port ?? 0;
    },
    async start() {
      // Entries journaled before a crash and not yet consumed are processed first.
      for (const runner of consumers) runner.notify();
      await broker.listen(app.server);
      await app.listen({ port: settings.httpPort, host: settings.host });
      pruneTimer = setInterval(prune, PRUNE_INTERVAL_MS).unref();
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      if (pruneTimer) clearInterval(pruneTimer);
      await broker.stopAccepting();
      committer.flush(); // what arrived is committed, and its PUBACKs go out while clients are still connected
      await broker.close();
      committer.close();
      for (const runner of consumers) {
        runner.stop();
        runner.drain();
      }
      await app.close();
      db.close();
    },
  };
}
