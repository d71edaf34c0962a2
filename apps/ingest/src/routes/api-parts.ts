/** What the API routes work with, and the JSON schema pieces they share. */
import type { AnalysisConsumer } from '../analysis/analysis-consumer.js';
import type { Accounts } from '../auth/accounts.js';
import type { DeviceRegistry } from '../devices/device-registry.js';
import type { PostureStore } from '../store/store-port.js';

export interface ApiParts {
  accounts: Accounts;
  store: PostureStore;
  registry: DeviceRegistry;
  analysis: AnalysisConsumer;
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

export const wearerIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/** `from` and `to`, epoch ms; `to` after `from`. */
export const rangeProperties = {
  from: { type: 'integer', minimum: 0 },
  to: { type: 'integer', minimum: 0 },
} as const;

export const nullableNumber = { type: ['number', 'null'] } as const;
