/** What the API routes work with, and the JSON schema pieces they share. */
import type { AnalysisConsumer } from '../analysis/analysis-consumer.js';
import type { Accounts } from '../auth/accounts.js';
import type { SqliteDatabase } from '../db/open-database.js';
import type { DeviceRegistry } from '../devices/device-registry.js';
import type { LiveHub } from '../live/live-hub.js';
import type { PostureStore } from '../store/store-port.js';

export interface ApiParts {
  accounts: Accounts;
  store: PostureStore;
  registry: DeviceRegistry;
  analysis: AnalysisConsumer;
  /** The service's database: the relational extras of migration 10 (goals, exercise log, notes, pins, pairing codes). */
  db: SqliteDatabase;
  /** The live stream's subscribers, fed by the analysis and device status messages (live/live-hub.ts). */
  live: LiveHub;
  /** Where a device connects (answered with a new device's token); read at request time, after the broker listens. */
  mqttAccess?: () => MqttAccess;
  /** Closes a device's open MQTT connections (unpair); absent where the service cannot (external broker). */
  disconnectDevice?: (deviceId: string) => void;
  /** Wall clock, epoch ms; tests inject one. Default `Date.now`. */
  now?: () => number;
}

/** How a device reaches the broker: username = device id, password = its token. */
export interface MqttAccess {
  /** MQTT over TCP on the service's host; null with an external broker. */
  tcpPort: number | null;
  /** MQTT over WebSocket on the HTTP port; null when disabled or with an external broker. */
  wsPath: string | null;
}

export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
  },
} as const;

/** Error answers every authenticated route may give. */
export const authErrors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;

/** The id of a wearer, device, account or other record, in a path or a body. */
export const idSchema = { type: 'string', minLength: 1, maxLength: 64 } as const;

export const wearerIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: idSchema },
} as const;

/** Params of one item of a wearer's: `:id` (the wearer) and `:<itemParam>` (`noteId`, `entryId`, `exerciseId`...). */
export function wearerItemParams(itemParam: string) {
  return { type: 'object', required: ['id', itemParam], properties: { id: idSchema, [itemParam]: idSchema } } as const;
}

export const nullableNumber = { type: ['number', 'null'] } as const;
