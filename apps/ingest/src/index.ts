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
export { createDeviceRegistry, type Device, type DeviceRegistry, type DeviceWithToken } from './devices/device-registry.js';
export type { JournalEntry } from './intake/journal.js';
export type { JournalConsumer } from './intake/journal-consumer.js';
