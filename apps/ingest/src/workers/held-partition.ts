/**
 * One partition while this worker holds it: the partition's own MQTT session at the broker (client id
 * `${MQTT_CLIENT_ID}-pK`, persistent, subscribed to every device's topics; messages of other partitions'
 * devices are acknowledged at once and ignored), and its own journal consumers (`sample-count@pK`,
 * `analysis@pK`) in their own consumer group, reading only the partition's entries.
 *
 * Because the MQTT session belongs to the partition and not to the worker, a worker that dies leaves the
 * session on the broker, which keeps queueing for it; the next holder connects with the same client id and
 * resumes it: Mosquitto redelivers what was not acknowledged and delivers what was queued. A batch journaled
 * but not acknowledged before the death is dropped by its (device, seq, t0) identity.
 *
 * Taking a partition is a restart of that partition here: the analysis is a new consumer whose devices load
 * from their checkpoints, and the consumers resume at the cursors the previous holder last committed.
 */
import { createExternalBroker, type ExternalBroker, type ExternalBrokerParts, type ExternalBrokerSettings } from '../broker/external-broker.js';
import type { SqliteDatabase } from '../db/open-database.js';
import { createAnalysisConsumer, hapticPayload, type AnalysisConsumer, type AnalysisConsumerParts } from '../analysis/analysis-consumer.js';
import { consumerGroupMetricHooks, createConsumerGroup, type ConsumerGroup } from '../intake/consumer-group.js';
import type { Journal } from '../intake/journal.js';
import type { JournalConsumer } from '../intake/journal-consumer.js';
import { createSampleCountConsumer } from '../intake/sample-count-consumer.js';
import { partitionCursorName } from './partition-layout.js';
import { createPartitionJournal } from './partition-journal.js';
import type { PartitionOf } from './partition-of.js';

/**
 * Receive Maximum of a partition's session: it gets every device's messages and acknowledges those of other
 * partitions at once, so the broker should not wait for a few PUBACKs before sending more (the broker's own
 * per-client limit, Mosquitto's `max_inflight_messages`, must be raised to match: see the README).
 */
const SESSION_RECEIVE_MAXIMUM = 1000;

/** This worker no longer holds the partition: the transaction that found out is rolled back. */
export class LeaseLostError extends Error {
  constructor(readonly part: number, readonly epoch: number) {
    super(`partition ${part} (lease epoch ${epoch}) is no longer held by this worker`);
  }
}

export interface HeldPartitionParts {
  db: SqliteDatabase;
  journal: Journal;
  /** The analysis parts shared by every partition (store, registry, metrics, log, settings, onStored). */
  analysis: Omit<AnalysisConsumerParts, 'db' | 'journal' | 'publish' | 'name' | 'fence'>;
  /** The external broker's settings; the client id gets `-pK`. */
  broker: ExternalBrokerSettings;
  brokerParts: ExternalBrokerParts;
  partitionOf: PartitionOf;
  /** Whether this worker holds `part` under `epoch` (the lease row, read in the caller's transaction). */
  holds(part: number, epoch: number): boolean;
}

export interface HeldPartition {
  readonly part: number;
  readonly epoch: number;
  readonly analysis: AnalysisConsumer;
  readonly group: ConsumerGroup;
  readonly broker: ExternalBroker;
  /** Throws LeaseLostError unless the lease is still this worker's (inside a transaction). */
  fence(): void;
  /** Starts the consumers (the previous holder's backlog first), then connects the partition's session. */
  start(): Promise<void>;
  /** Takes no more messages (those not journaled stay unacknowledged, for the next holder). */
  stopAccepting(): Promise<void>;
  /** Disconnects the session (it stays on the broker, queueing), then lets the consumers finish what is journaled. */
  close(): Promise<void>;
}

export function createHeldPartition(part: number, epoch: number, parts: HeldPartitionParts): HeldPartition {
  const { db, log } = { db: parts.db, log: parts.analysis.log };
  const fence = (): void => {
    if (!parts.holds(part, epoch)) throw new LeaseLostError(part, epoch);
  };
  const broker = createExternalBroker(
    { ...parts.broker, mqttClientId: `${parts.broker.mqttClientId}-p${part}` },
    parts.brokerParts,
    { accepts: (deviceId) => parts.partitionOf(deviceId) === part, reportsConnections: false, receiveMaximum: SESSION_RECEIVE_MAXIMUM },
  );
  const journal = createPartitionJournal(db, parts.journal, part);
  const analysis = createAnalysisConsumer({
    ...parts.analysis,
    db,
    journal,
    name: partitionCursorName('analysis', part),
    fence,
    publish: (command) => {
      const { topic, payload } = hapticPayload(command);
      broker.publish(topic, payload, (error) => {
        if (error) log.warn({ deviceId: command.deviceId, err: error.message }, 'haptic command not published');
      });
    },
  });
  const counts = createSampleCountConsumer(db, partitionCursorName('sample-count', part));
  const fencedCounts: JournalConsumer = {
    name: counts.name,
    apply(entries) {
      fence();
      counts.apply(entries);
    },
  };
  const group = createConsumerGroup(db, journal, [fencedCounts, analysis], log, {}, null, consumerGroupMetricHooks(parts.analysis.metrics));

  return {
    part,
    epoch,
    analysis,
    group,
    broker,
    fence,
    async start() {
      group.notify(); // what the previous holder journaled and did not process
      await broker.start();
    },
    stopAccepting: () => broker.stopAccepting(),
    async close() {
      await broker.close();
      group.stop();
      try {
        group.drain();
      } catch (error) {
        // Lost meanwhile: the next holder processes it (our transaction rolled back).
        log.warn({ part, epoch, err: error instanceof Error ? error.message : String(error) }, 'partition not drained before leaving it');
      }
    },
  };
}
