/**
 * The whole service, wired: database, device registry, intake journal with group commit, the journal
 * consumers, the embedded broker and the HTTP app. `main` runs one; tests run one in-process on port 0.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from './app.js';
import { createAccounts, DEFAULT_ACCOUNTS_SETTINGS, type Accounts } from './auth/accounts.js';
import { createEmbeddedBroker, type EmbeddedBroker } from './broker/embedded-broker.js';
import { createExternalBroker, type ExternalBroker } from './broker/external-broker.js';
import type { IngestSettings } from './config.js';
import { openDatabase, type SqliteDatabase } from './db/open-database.js';
import { createWalSync } from './db/wal-sync.js';
import { startWalCheckpointer } from './db/wal-checkpointer.js';
import { createDeviceRegistry, type DeviceRegistry } from './devices/device-registry.js';
import { createGroupCommitter, type GroupCommitter } from './intake/group-commit.js';
import { createImuIntake } from './intake/imu-intake.js';
import { createBatchImport, type BatchImport } from './intake/batch-import.js';
import { createIntakeAdmission, DEFAULT_INTAKE_ADMISSION_SETTINGS } from './intake/intake-admission.js';
import { createJournal, type Journal } from './intake/journal.js';
import { consumerGroupMetricHooks, createConsumerGroup } from './intake/consumer-group.js';
import type { ConsumerRunner } from './intake/journal-consumer.js';
import { pruneIdentities, pruneJournal } from './intake/journal-retention.js';
import { createSampleCountConsumer, type SampleCountConsumer } from './intake/sample-count-consumer.js';
import { createSequenceStates, DEFAULT_SEQUENCE_STATE_SETTINGS } from './intake/sequence-state.js';
import { createDeviceMessageRouter, type DeviceMessageHandlers } from './intake/device-message-router.js';
import type { Logger } from './log.js';
import { createFloodGuardedLogger } from './log-flood-guard.js';
import { createAnalysisConsumer, hapticPayload, type AnalysisConsumer } from './analysis/analysis-consumer.js';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from './analysis/analysis-settings.js';
import { createStore } from './store/create-store.js';
import { createLiveHub } from './live/live-hub.js';
import type { LiveSettings } from './live/live-settings.js';
import type { LiveHub } from './live/live-hub.js';
import { emptyStoreBatch, type PostureStore } from './store/store-port.js';
import { createIngestMetrics, type IngestMetrics } from './metrics/ingest-metrics.js';
import { createIngestWorker, type IngestWorker } from './workers/ingest-worker.js';
import { createPartitionedAnalysis } from './workers/partitioned-analysis.js';
import { ensurePartitionLayout, leaveWorkerMode, partitionCursors } from './workers/partition-layout.js';
import { partitioner } from './workers/partition-of.js';
import { createPendingActions } from './workers/pending-actions.js';

/** How often old raw samples are pruned from the journal, ms. */
const PRUNE_INTERVAL_MS = 60_000;
/**
 * How long an intake commit waits for more batches, ms (group-commit.ts): at thousands of batches a second
 * the commit is the main cost, and a few ms more before the PUBACK let one commit carry dozens of batches.
 */
const INTAKE_COMMIT_DELAY_MS = 10;
/**
 * Journal entries kept in memory after their commit, for the consumers (intake/recent-entries.ts): 4,096 (their
 * payloads in a ring of 16 MB) are several runs of the consumers at 10,000 batches a second; a consumer further
 * behind reads the table. Tried at 10,000 sensors: 1,024 promoted a third less into the old generation, but its full
 * collections came sooner, not later (docs/ingest-throughput.md, "The stalls at 10,000").
 */
const RECENT_JOURNAL_ENTRIES = 4096;
/**
 * A device's batch identities written this many at a time, and none later than this (intake/batch-identities.ts):
 * one page of the identity table per 10 batches instead of per batch. Worker mode writes each with its batch.
 */
const BATCH_IDENTITY_GROUPS = Object.freeze({ groupSize: 10, maxAgeMs: 30_000 });
/** How often devices gone quiet get their held batches analysed, ms. */
const IDLE_CHECK_INTERVAL_MS = 1000;
/**
 * Worker mode: intake commits go at the next turn of the event loop. Each partition's MQTT.js client hands
 * over one message at a time and waits for its PUBACK (after the commit), so waiting 10 ms for company would
 * cap every session at 100 batches a second; the sessions of the held partitions still share a commit.
 */
const WORKER_INTAKE_COMMIT_DELAY_MS = 0;
/** Worker mode: how often a worker looks for actions queued for its partitions by other workers, ms. */
const WORKER_ACTION_POLL_MS = 250;

export interface IngestService {
  readonly settings: Readonly<IngestSettings>;
  readonly app: FastifyInstance;
  /** The embedded broker; reading it in external-broker mode (`MQTT_URL`) throws: see `externalBroker`. */
  readonly broker: EmbeddedBroker;
  /** The client of the external broker when `MQTT_URL` is set, else null (also in worker mode: see `worker`). */
  readonly externalBroker: ExternalBroker | null;
  /** Worker mode (`WORKER_ID`): the partitions this process holds, their sessions and consumers; else null. */
  readonly worker: IngestWorker | null;
  readonly db: SqliteDatabase;
  readonly registry: DeviceRegistry;
  readonly journal: Journal;
  readonly committer: GroupCommitter;
  readonly sampleCounts: SampleCountConsumer;
  readonly store: PostureStore;
  readonly accounts: Accounts;
  readonly analysis: AnalysisConsumer;
  /** The journal consumers (sample counts, analysis): one group, one transaction per run. */
  readonly consumers: readonly ConsumerRunner[];
  /**
   * Resolves once the consumers have processed every entry journaled so far. A PUBACK means "durable in the
   * journal"; processing follows within the consumers' coalescing interval.
   */
  whenIdle(): Promise<void>;
  /**
   * Journals encoded imu batches of a registered device through the same intake as MQTT (validation,
   * de-duplication, journal, group commit), without the broker's rate limit: history for the demo and tests.
   * Resolves after the commits; the consumers follow (await `whenIdle`).
   */
  importBatches: BatchImport;
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
  /** Analysis settings over the defaults (tests shorten the feedback delays). */
  analysis?: Partial<AnalysisSettings>;
  /** Live stream settings over the defaults (tests lower the stream caps). */
  live?: Partial<LiveSettings>;
}

export async function createIngestService(settings: IngestSettings, options: ServiceOptions = {}): Promise<IngestService> {
  const metrics = createIngestMetrics();
  // Worker mode: several processes write this database; transactions take the write lock when they begin.
  const workerId = settings.mqttUrl === null ? null : settings.workerId;
  const db = openDatabase({ dataDir: settings.dataDir, sync: settings.journalSync, immediateTransactions: workerId !== null });
  // JOURNAL_SYNC=full: PUBACKs wait for a WAL sync on the thread pool instead of an fsync in every commit (db/wal-sync.ts).
  const walSync = settings.journalSync === 'full' ? createWalSync(db) : null;
  if (workerId !== null) ensurePartitionLayout(db, settings.ingestPartitions, Date.now());
  else leaveWorkerMode(db);
  const partitionOf = partitioner(settings.ingestPartitions);
  const pendingActions = createPendingActions(db);
  const registry = createDeviceRegistry(db);
  // Single process: the consumers read what the intake just journaled from memory (worker mode reads by partition).
  const journal = workerId === null
    ? createJournal(db, { recentEntries: RECENT_JOURNAL_ENTRIES, identities: BATCH_IDENTITY_GROUPS })
    : createJournal(db);
  // Worker mode writes them with every commit: a partition's next holder reads them (sequence-state.ts).
  const sequences = createSequenceStates(db, { saveIntervalMs: workerId === null ? DEFAULT_SEQUENCE_STATE_SETTINGS.saveIntervalMs : 0 });
  const sampleCounts = createSampleCountConsumer(db);
  let stopping = false;
  const startedMs = Date.now();

  // Fastify's logger (created with the app below) unless the caller gave one; parts made before the app forward to it.
  let app: FastifyInstance | null = null;
  const forward = (level: keyof Logger): Logger[keyof Logger] => (fields, message) => app?.log[level](fields, message);
  const log: Logger = options.log ?? { error: forward('error'), warn: forward('warn'), info: forward('info'), debug: forward('debug') };
  const store = createStore(db, settings, log, metrics, { unwrittenBatches: (deviceId) => journal.unwrittenIdentities(deviceId) });
  // Checkpoints copy the WAL into the database file on another thread, not inside a commit (db/wal-checkpointer.ts).
  const checkpointer = startWalCheckpointer(db, log);
  // Accounts, sessions, coach assignments; a wearer account's profile is a wearer of the store.
  const accounts = createAccounts(db, { ...DEFAULT_ACCOUNTS_SETTINGS, sessionTtlH: settings.sessionTtlH }, store);
  // The live stream: fed after every analysis commit and by device status messages.
  const live = createLiveHub({ store, registry, log, settings: options.live });
  const analysisSettings: AnalysisSettings = { ...DEFAULT_ANALYSIS_SETTINGS, ...settings.analysis, ...options.analysis };
  const analysisParts = { store, registry, metrics, log, onStored: (batch: Parameters<LiveHub['publishStored']>[0]) => live.publishStored(batch), settings: analysisSettings };
  // Worker mode: one analysis per held partition (workers/held-partition.ts), reached through this face.
  const analysis = workerId !== null
    ? createPartitionedAnalysis({
      db, store, registry, settings: analysisSettings, partitionOf, log,
      local: (part) => worker?.local(part)?.analysis ?? null,
      all: () => [...(worker?.held().values() ?? [])].map((p) => p.analysis),
      actions: pendingActions,
    })
    : createAnalysisConsumer({
      db, journal, ...analysisParts,
      publish: (command) => {
        const { topic, payload } = hapticPayload(command);
        const published = (error?: Error | null): void => {
          if (error) log.warn({ deviceId: command.deviceId, err: error.message }, 'haptic command not published');
        };
        if (external !== null) {
          external.publish(topic, payload, published);
          return;
        }
        // Published by the broker itself: bypasses the device ACL; QoS 1 so a sensor with a persistent session gets it after a reconnect.
        embedded?.publish(topic, Buffer.from(payload), published);
      },
    });
  // Both consumers in one transaction per run, runs coalesced (consumer-group.ts). Worker mode: one group per held partition.
  const consumerGroup = workerId === null ? createConsumerGroup(db, journal, [sampleCounts, analysis], log, {}, walSync, consumerGroupMetricHooks(metrics)) : null;
  const consumerRunners = (): readonly ConsumerRunner[] =>
    consumerGroup?.runners ?? [...(worker?.held().values() ?? [])].flatMap((p) => p.group.runners);
  const server = await buildApp({
    trustProxy: settings.trustProxy,
    // HTTP_TLS: the same certificate as MQTT over TLS (settingsFromEnv makes sure both files are set).
    ...(settings.httpTls === 'on' ? { https: { cert: fs.readFileSync(settings.tlsCertFile as string), key: fs.readFileSync(settings.tlsKeyFile as string) } } : {}),
    api: {
      accounts, store, registry, analysis, db, live,
      // Read per request: the broker is created (and listens) after the app.
      mqttAccess: () => ({
        tcpPort: embedded?.tcpPort ?? null,
        wsPath: embedded !== null && settings.mqttWsPath !== '' ? settings.mqttWsPath : null,
      }),
      // An external broker keeps its connections: the device's entry leaves its password file at the next export.
      disconnectDevice: (deviceId) => {
        embedded?.disconnectDevice(deviceId);
      },
    },
    metrics: metrics.registry,
    logger: options.logger ?? false,
    dashboardDir: settings.dashboardDir,
    health: () => ({
      status: stopping ? 'stopping' : 'ok',
      uptimeS: (Date.now() - startedMs) / 1000,
      mqttConnections: embedded?.connectedClients ?? worker?.connections() ?? (external?.connected ? 1 : 0),
      journalDepth: journalDepth(),
      pendingCommits: committer.pending,
    }),
  });
  app = server;

  const committer = createGroupCommitter(db, {
    beforeCommit: () => {
      sequences.saveDirty();
      journal.beforeCommit(Date.now());
    },
    afterCommit: (writes) => {
      sequences.clearDirty();
      journal.committed();
      journalEnd = journal.lastPos();
      metrics.journalCommits.inc();
      metrics.journalCommitBatches.inc({}, writes);
      if (consumerGroup !== null) consumerGroup.notify(writes);
      else for (const p of worker?.held().values() ?? []) p.group.notify(writes);
    },
    afterRollback: (error) => {
      sequences.discardDirty();
      journal.rolledBack();
      metrics.journalWriteFailures.inc();
      log.error({ err: error }, 'intake journal commit failed; the batches were not acknowledged');
    },
    afterSyncFailure: (error) => {
      metrics.journalWriteFailures.inc();
      log.error({ err: error }, 'intake journal sync failed; the batches were not acknowledged');
    },
  }, { delayMs: workerId === null ? INTAKE_COMMIT_DELAY_MS : WORKER_INTAKE_COMMIT_DELAY_MS }, walSync);
  // Back-pressure: at JOURNAL_MAX_BACKLOG unprocessed entries, new batches wait unacknowledged (intake-admission.ts).
  const admission = createIntakeAdmission(() => journalDepth() + committer.pending, { ...DEFAULT_INTAKE_ADMISSION_SETTINGS, maxBacklog: settings.journalMaxBacklog }, log, {
    onHold: () => metrics.intakeHeld.inc(),
  });
  metrics.intakeBackpressure.collectFrom(() => (admission.holding ? 1 : 0));
  /** What devices and MQTT clients cause (refusals) is logged through this: a flood of alike lines is summed up. */
  const deviceLog = createFloodGuardedLogger(log);
  const intake = createImuIntake({
    journal, sequences, committer, metrics, log: deviceLog, admission,
    // Worker mode: journaled under this worker's lease on the device's partition, or refused (no PUBACK).
    ...(workerId !== null ? { placement: (deviceId: string) => (worker as IngestWorker).placement(deviceId) } : {}),
  });
  const importBatches = createBatchImport({ registry, intake });
  /** The journal's end as of the last intake commit: read once a commit, not for every batch the admission weighs. */
  let journalEnd = journal.lastPos();
  const journalDepth = (): number =>
    worker !== null ? worker.journalDepth() : journalEnd - Math.min(...consumerRunners().map((c) => c.applied()));
  metrics.journalDepth.collectFrom(journalDepth);

  /**
   * A device's status is written in the intake's next group commit, not in a commit (and fsync) of its own: a
   * reconnect storm of thousands of sensors costs the event loop a statement each, not a sync each. In a
   * savepoint, so a failure undoes that write only, never the group's batches. `after` runs once it is committed.
   */
  const writeStatusWithIntake = (deviceId: string, write: () => boolean, after: () => void): void => {
    let written = false;
    committer.enqueueOther(() => {
      try {
        written = db.transaction(write)();
      } catch (error) {
        log.error({ deviceId, err: error }, 'device status could not be stored');
      }
    }, (error) => {
      if (!error && written) after();
    });
  };
  const messages: DeviceMessageHandlers = {
    status(deviceId, status) {
      const record = { deviceId, online: status.online, battery: status.battery ?? null, fw: status.fw ?? null, lastSeenMs: Date.now() };
      writeStatusWithIntake(deviceId, () => {
        store.write({ ...emptyStoreBatch(), statuses: [record] });
        return true;
      }, () => {
        live.publishStatus(store.getStatus(deviceId) ?? record);
        analysis.deviceStatus(deviceId, status.online);
      });
    },
    event(deviceId, event) {
      if (event.type === 'button') analysis.buttonPressed(deviceId, event.action);
    },
    connectionLost(deviceId) {
      // Sockets close late during a stop, after the database may have closed: nothing to record then.
      if (stopping) return;
      writeStatusWithIntake(deviceId, () => {
        // Read in the commit's order: a status queued before this loss is already written here.
        const known = store.getStatus(deviceId);
        if (known !== null && !known.online) return false;
        // Battery and firmware null keep what is stored; last seen only moves forward.
        store.write({ ...emptyStoreBatch(), statuses: [{ deviceId, online: false, battery: null, fw: null, lastSeenMs: known?.lastSeenMs ?? Date.now() }] });
        return true;
      }, () => {
        const stored = store.getStatus(deviceId);
        if (stored !== null) live.publishStatus(stored);
        analysis.deviceStatus(deviceId, false);
      });
    },
  };
  // MQTT_URL: the service is a client of that broker (which authenticates the devices); otherwise Aedes, embedded.
  const brokerParts = { registry, intake, committer, metrics, log: deviceLog, messages };
  const external = settings.mqttUrl === null || workerId !== null ? null : createExternalBroker({ ...settings, mqttUrl: settings.mqttUrl }, brokerParts);
  // The embedded broker runs in a thread of its own; what devices publish comes back here through the router.
  const embedded = settings.mqttUrl !== null ? null : await createEmbeddedBroker(settings, {
    dataDir: settings.dataDir,
    route: createDeviceMessageRouter(brokerParts),
    connectionLost: (deviceId) => messages.connectionLost?.(deviceId),
    metrics,
    log: deviceLog,
  });
  // Worker mode: a client of the external broker per held partition, leases in the shared database.
  const worker: IngestWorker | null = workerId === null || settings.mqttUrl === null ? null : createIngestWorker(
    { workerId, partitions: settings.ingestPartitions, leaseMs: settings.partitionLeaseS * 1000, actionPollMs: WORKER_ACTION_POLL_MS, idleCheckMs: IDLE_CHECK_INTERVAL_MS },
    {
      db, journal, sequences, partitionOf, log, actions: pendingActions,
      analysis: analysisParts,
      broker: { ...settings, mqttUrl: settings.mqttUrl },
      brokerParts,
      flushIntake: () => committer.flush(),
      httpUrl: () => {
        const port = (server.server.address() as AddressInfo | null)?.port;
        return port === undefined ? null : `${settings.httpTls === 'on' ? 'https' : 'http'}://${settings.host}:${port}`;
      },
    },
  );
  if (worker !== null) metrics.mqttConnections.collectFrom(() => worker.connections());
  let idleTimer: NodeJS.Timeout | null = null;
  const releaseIdle = (): void => {
    if (worker !== null) return; // each held partition has its own timer (ingest-worker.ts)
    try {
      analysis.releaseIdle();
    } catch (error) {
      log.error({ err: error }, 'releasing idle devices failed; retrying');
    }
  };
  let pruneTimer: NodeJS.Timeout | null = null;
  const prune = (): void => {
    const nowMs = Date.now();
    // Worker mode: what every partition's consumers (held here or not) have processed.
    const cursors = worker !== null ? partitionCursors(db) : consumerRunners().map((c) => c.cursor());
    const deleted = pruneJournal(journal, cursors, settings.rawRetentionH * 3_600_000, nowMs);
    const forgotten = pruneIdentities(journal, settings.dedupRetentionH * 3_600_000, nowMs);
    if (deleted + forgotten > 0) log.debug({ deleted, forgotten }, 'journal pruned');
  };

  return {
    settings,
    app: server,
    get broker(): EmbeddedBroker {
      if (embedded === null) throw new Error('no embedded broker: MQTT_URL is set (see externalBroker)');
      return embedded;
    },
    externalBroker: external,
    worker,
    db,
    registry,
    journal,
    committer,
    sampleCounts,
    store,
    accounts,
    analysis,
    get consumers() {
      return consumerRunners();
    },
    whenIdle: () => consumerGroup?.whenIdle() ?? (worker as IngestWorker).whenIdle(),
    importBatches,
    metrics,
    log,
    get httpPort() {
      return (server.server.address() as AddressInfo | null)?.port ?? 0;
    },
    async start() {
      if (settings.adminEmail !== null && settings.adminPassword !== null) {
        const created = await accounts.ensureAccount(settings.adminEmail, settings.adminPassword, 'Administrator', ['admin', 'coach']);
        if (created) log.info({ email: settings.adminEmail }, 'bootstrap admin account created');
      }
      // Entries journaled before a crash and not yet consumed are processed first.
      consumerGroup?.notify();
      if (embedded !== null) await embedded.listen(server.server);
      else await external?.start();
      await server.listen({ port: settings.httpPort, host: settings.host });
      await worker?.start(); // claims its share of the partitions (each: backlog first, then its session)
      pruneTimer = setInterval(prune, PRUNE_INTERVAL_MS).unref();
      idleTimer = setInterval(releaseIdle, IDLE_CHECK_INTERVAL_MS).unref();
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      if (pruneTimer) clearInterval(pruneTimer);
      if (idleTimer) clearInterval(idleTimer);
      await (embedded ?? external)?.stopAccepting();
      committer.flush(); // what arrived is committed, and its PUBACKs go out while clients are still connected
      await (embedded ?? external)?.close();
      await worker?.stop(); // the same per partition, then its consumers catch up and its lease is given back
      deviceLog.stop();
      committer.close();
      sequences.saveAll();
      consumerGroup?.stop();
      consumerGroup?.drain();
      await server.close();
      admission.close();
      // What InfluxDB has not acknowledged stays in the outbox (on disk) and is delivered after the restart.
      await store.flush(Math.min(5000, settings.shutdownTimeoutS * 500));
      store.close();
      await checkpointer.stop();
      walSync?.close();
      db.close();
    },
  };
}
