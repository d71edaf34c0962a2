export * from './types.js';
export * from './limits.js';
export {
  BATCH_REJECT_REASONS,
  BATCH_REJECT_REASON_DESCRIPTIONS,
  MESSAGE_REJECT_REASONS,
  MESSAGE_REJECT_REASON_DESCRIPTIONS,
  type BatchRejectReason,
  type MessageRejectReason,
  type Rejection,
} from './reject-reasons.js';
export * from './topics.js';
export { encodeJsonBatch, JSON_BATCH_VERSION } from './json-codec.js';
export {
  encodeBinaryBatch,
  binaryQuantisationError,
  BINARY_BATCH_VERSION,
  BINARY_HEADER_BYTES,
  BINARY_BYTES_PER_SAMPLE,
  BINARY_FULL_SCALE_RAW,
  BINARY_NON_FINITE_RAW,
  BINARY_ACC_RANGES_G,
  BINARY_GYR_RANGES_DPS,
  newSampleStore,
  type SampleStoreAllocator,
} from './binary-codec.js';
export * from './decode.js';
export * from './messages.js';
export * from './sequence-tracker.js';
