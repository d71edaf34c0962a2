/**
 * Every metric the service exports on /metrics, registered at start with all closed label values present
 * at 0 (reject reasons, refusal reasons), so dashboards and alerts see the series before the first event.
 */
import { BATCH_REJECT_REASONS, MESSAGE_REJECT_REASONS } from '@stance/protocol';
import { Counter, Gauge, Histogram, MetricsRegistry } from './registry.js';

/** Why an MQTT CONNECT was refused. */
export const MQTT_AUTH_REFUSALS = Object.freeze([
  'missing_credentials',
  'unknown_device',
  'bad_token',
  'disabled',
  'connection_limit',
  'device_connection_limit',
] as const);
export type MqttAuthRefusal = (typeof MQTT_AUTH_REFUSALS)[number];

export interface IngestMetrics {
  readonly registry: MetricsRegistry;
  readonly samples: Counter;
  readonly batchesAccepted: Counter;
  readonly batchesRejected: Counter;
  readonly batchesDuplicate: Counter;
  readonly batchesStale: Counter;
  readonly batchesLate: Counter;
  readonly batchGaps: Counter;
  readonly batchesMissed: Counter;
  readonly deviceReboots: Counter;
  readonly messagesRejected: Counter;
  readonly journalCommits: Counter;
  readonly journalCommitBatches: Counter;
  readonly journalWriteFailures: Counter;
  readonly consumerRunFailures: Counter;
  readonly journalEntriesSkipped: Counter;
  readonly journalDepth: Gauge;
  readonly mqttConnections: Gauge;
  readonly mqttAuthRefusals: Counter;
  readonly mqttAclRefusals: Counter;
  readonly mqttRateLimited: Counter;
  readonly mqttOversizePackets: Counter;
  readonly mqttExternalReconnects: Counter;
  readonly storeQueueDepth: Gauge;
  readonly storeOutboxBytes: Gauge;
  readonly storeOutboxOldestAge: Gauge;
  readonly storeBackpressure: Gauge;
  readonly storeWrites: Counter;
  readonly storeLinesWritten: Counter;
  readonly storeWriteFailures: Counter;
  readonly storeLinesDropped: Counter;
  readonly intakeBackpressure: Gauge;
  readonly intakeHeld: Counter;
  readonly pipelineLatency: Histogram;
  readonly pointsStored: Counter;
  readonly episodesStored: Counter;
  readonly pipelineLateBatches: Counter;
  readonly dataGaps: Counter;
  readonly dataGapSeconds: Counter;
  readonly lateSecondsFilled: Counter;
  readonly offlineCloses: Counter;
  readonly hapticSent: Counter;
  readonly hapticSkipped: Counter;
  readonly alertOutcomes: Counter;
}

/** Upper bounds of the pipeline-latency histogram, seconds. */
export const PIPELINE_LATENCY_BOUNDS_S: readonly number[] = Object.freeze([0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300]);

export function createIngestMetrics(): IngestMetrics {
  const registry = new MetricsRegistry();
  const counter = (name: string, help: string, labels: string[] = [], preset: Record<string, string>[] = []) =>
    registry.register(new Counter(name, help, labels, preset));
  const gauge = (name: string, help: string) => registry.register(new Gauge(name, help));
  return {
    registry,
    samples: counter('posture_samples_total', 'IMU samples accepted (durably in the intake journal)'),
    batchesAccepted: counter('posture_batches_accepted_total', 'IMU batches accepted into the intake journal'),
    batchesRejected: counter(
      'posture_batches_rejected_total',
      'IMU batches refused whole (acknowledged and dropped), by reason',
      ['reason'],
      BATCH_REJECT_REASONS.map((reason) => ({ reason })),
    ),
    batchesDuplicate: counter('posture_batches_duplicate_total', 'IMU batches seen before (redelivery, resent buffer), dropped'),
    batchesStale: counter(
      'posture_batches_stale_total',
      'IMU batches further behind the newest than the sequence window (kept if new: the durable identity decides)',
    ),
    batchesLate: counter('posture_batches_late_total', 'IMU batches that filled an earlier gap (out of order, kept)'),
    batchGaps: counter('posture_batch_gaps_total', 'times a device skipped one or more seqs'),
    batchesMissed: counter('posture_batches_missed_total', 'seqs skipped by gaps and reboots (provisional: late ones may still come)'),
    deviceReboots: counter('posture_device_reboots_total', 'sensor reboots noticed from the batch sequence'),
    messagesRejected: counter(
      'posture_messages_rejected_total',
      'status and event messages refused, by topic kind and reason',
      ['kind', 'reason'],
      ['status', 'event'].flatMap((kind) => MESSAGE_REJECT_REASONS.map((reason) => ({ kind, reason }))),
    ),
    journalCommits: counter('posture_journal_commits_total', 'intake journal transactions committed'),
    journalCommitBatches: counter(
      'posture_journal_commit_batches_total',
      'batches written by those commits (divide by commits for the group size)',
    ),
    journalWriteFailures: counter('posture_journal_write_failures_total', 'intake journal commits that failed (batches not acknowledged)'),
    consumerRunFailures: counter('posture_journal_consumer_failures_total', 'journal consumer runs that failed and rolled back (retried)'),
    journalEntriesSkipped: counter(
      'posture_journal_entries_skipped_total',
      'journal entries a consumer could not process and skips, by consumer (each logged with its device and seq)',
      ['consumer'],
      [{ consumer: 'analysis' }, { consumer: 'sample-count' }],
    ),
    journalDepth: gauge('posture_journal_depth', 'journal entries not yet processed by the slowest consumer'),
    mqttConnections: gauge(
      'posture_mqtt_connections',
      'MQTT clients connected to the embedded broker (external-broker mode: 1 while the service is connected to it)',
    ),
    mqttAuthRefusals: counter(
      'posture_mqtt_auth_refusals_total',
      'MQTT connections refused at CONNECT, by reason',
      ['reason'],
      MQTT_AUTH_REFUSALS.map((reason) => ({ reason })),
    ),
    mqttAclRefusals: counter(
      'posture_mqtt_acl_refusals_total',
      'publishes and subscriptions refused by the device ACL',
      ['action'],
      [{ action: 'publish' }, { action: 'subscribe' }],
    ),
    mqttRateLimited: counter('posture_mqtt_rate_limited_total', 'device messages held back by the per-device rate limit'),
    mqttOversizePackets: counter(
      'posture_mqtt_oversize_packets_total',
      'connections closed for an MQTT packet larger than the payload limit allows',
    ),
    mqttExternalReconnects: counter('posture_mqtt_external_reconnects_total', 'times the service reconnected to the external broker'),
    storeQueueDepth: gauge('posture_store_queue_depth', 'store writes accepted and not yet delivered (0 for SQLite: written in the consumer transaction)'),
    storeOutboxBytes: gauge('posture_store_outbox_bytes', 'bytes of line protocol in the InfluxDB outbox, not yet acknowledged'),
    storeOutboxOldestAge: gauge('posture_store_outbox_oldest_age_seconds', 'age of the oldest write waiting in the InfluxDB outbox (0 when empty)'),
    storeBackpressure: gauge('posture_store_backpressure', '1 while the InfluxDB outbox is full and the analysis stops reading the journal'),
    storeWrites: counter('posture_store_writes_total', 'write requests InfluxDB acknowledged'),
    storeLinesWritten: counter('posture_store_lines_written_total', 'line-protocol records InfluxDB acknowledged'),
    storeWriteFailures: counter('posture_store_write_failures_total', 'InfluxDB write requests that failed (retried unless refused for good)'),
    storeLinesDropped: counter('posture_store_lines_dropped_total', 'records InfluxDB refused for good (400), removed from the outbox'),
    intakeBackpressure: gauge('posture_intake_backpressure', '1 while the intake journal backlog is at JOURNAL_MAX_BACKLOG and batches wait unacknowledged'),
    intakeHeld: counter('posture_intake_held_total', 'imu batches held unacknowledged because the intake journal backlog was at its limit'),
    pipelineLatency: registry.register(
      new Histogram(
        'posture_pipeline_latency_seconds',
        'sensor time to stored: from the end of a per-second point (sensor clock) to the commit that stored it',
        PIPELINE_LATENCY_BOUNDS_S,
      ),
    ),
    pointsStored: counter('posture_points_stored_total', 'per-second posture points stored'),
    episodesStored: counter('posture_episodes_stored_total', 'slouch episodes stored'),
    pipelineLateBatches: counter(
      'posture_pipeline_late_batches_total',
      'batches older than what the device pipeline had already analysed (kept raw, not analysed)',
    ),
    dataGaps: counter('posture_data_gaps_total', 'holes in devices\' data given up (seqs that never arrived within the reorder bounds)'),
    dataGapSeconds: counter('posture_data_gap_seconds_total', 'sensor seconds those data gaps left out'),
    lateSecondsFilled: counter(
      'posture_late_seconds_filled_total',
      'seconds of given-up data gaps analysed after all, their data having come late (points only)',
    ),
    offlineCloses: counter('posture_device_offline_closes_total', 'device pipelines closed (last second, open episode) after going offline'),
    hapticSent: counter('posture_haptic_commands_total', 'haptic commands published to sensors'),
    hapticSkipped: counter('posture_haptic_skipped_total', 'buzzes decided on data too old to buzz for (backlog after an outage)'),
    alertOutcomes: counter(
      'posture_alert_outcomes_total',
      'alerts resolved, by outcome',
      ['outcome'],
      ['corrected', 'ignored', 'snoozed'].map((outcome) => ({ outcome })),
    ),
  };
}
