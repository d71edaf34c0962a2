export { createIngestService, type IngestService, type ServiceOptions } from './service.js';
export {
  DEFAULT_INGEST_SETTINGS,
  ENVIRONMENT_VARIABLES,
  settingsFromEnv,
  type IngestSettings,
  type JournalSync,
  type StoreKind,
} from './config.js';
export { ERROR_CATALOGUE, ERROR_CODES, StanceError, stanceError, type ErrorCode } from './errors.js';
export { buildApp, type AppParts } from './app.js';
export { openDatabase, DATABASE_FILE, type SqliteDatabase } from './db/open-database.js';
export { SERVICE_NODE_FLAGS } from './service-node-flags.js';
export { createDeviceRegistry, type Device, type DeviceRegistry, type DeviceWithToken } from './devices/device-registry.js';
export { mosquittoFiles, writeFileAtomic, type MosquittoFiles } from './broker/mosquitto-export.js';
export { partitioner, fnv1a32 } from './workers/partition-of.js';
export type { JournalEntry } from './intake/journal.js';
export type { JournalConsumer } from './intake/journal-consumer.js';
export type {
  PostureStore, TimeSeriesStore, RelationalStore, StoreBatch, StoredPoint, StoredEpisode, AlertRecord, DeviceStatusRecord,
  DeviceEventRecord, CalibrationRecord, RollupDelta, RollupBucket, PointSummary, RawSamples, TimeRange, Wearer,
} from './store/store-port.js';
export { emptyStoreBatch } from './store/store-port.js';
export { createSqliteStore } from './store/sqlite-store.js';
export { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from './analysis/analysis-settings.js';
export type { AnalysisConsumer } from './analysis/analysis-consumer.js';
export type { Principal, Role } from './auth/accounts.js';
