/**
 * The closed catalogue of reasons a payload is refused. The service counts refusals by these labels,
 * so the list is exported as an array (pre-register metric labels) and each reason has a one-line
 * description that the README table repeats (a test keeps the two in step).
 */

/** Why `decodeBatch` refused a batch. */
export type BatchRejectReason =
  | 'too_large'
  | 'empty'
  | 'bad_json'
  | 'not_an_object'
  | 'unknown_version'
  | 'missing_field'
  | 'bad_type'
  | 'bad_seq'
  | 'bad_time'
  | 'bad_rate'
  | 'bad_header'
  | 'truncated'
  | 'length_mismatch'
  | 'too_many_samples'
  | 'non_finite'
  | 'out_of_range';

/** What each batch reject reason means, for logs and the README table. */
export const BATCH_REJECT_REASON_DESCRIPTIONS: Readonly<Record<BatchRejectReason, string>> = Object.freeze({
  too_large: 'payload longer than MAX_PAYLOAD_BYTES',
  empty: 'empty payload, or a batch with no samples',
  bad_json: 'text that is not JSON (or not UTF-8)',
  not_an_object: 'JSON whose top level is not an object',
  unknown_version: 'JSON "v" other than 1, or a binary version byte other than 0x01',
  missing_field: 'one of seq, t0, hz, acc, gyr is absent',
  bad_type: 'a field of the wrong JSON type, or a payload that is neither bytes nor a string',
  bad_seq: 'seq not an integer in 0..2^32-1',
  bad_time: 't0 not an integer epoch ms in [2000-01-01, 2200-01-01), or the batch ends after 2200-01-01',
  bad_rate: 'hz not a finite number in (0, 1000]',
  bad_header: 'binary scale byte with an unknown range code',
  truncated: 'binary payload shorter than its header says',
  length_mismatch: 'acc or gyr length not a multiple of 3, acc and gyr lengths differ, or trailing bytes',
  too_many_samples: 'more than MAX_SAMPLES_PER_BATCH samples',
  non_finite: 'a sample that is NaN or infinite (JSON null, binary 0x8000)',
  out_of_range: 'a sample with |acc| > 16 g or |gyr| > 4000 deg/s',
});

/** Every batch reject reason, in catalogue order. */
export const BATCH_REJECT_REASONS: readonly BatchRejectReason[] = Object.freeze(
  Object.keys(BATCH_REJECT_REASON_DESCRIPTIONS) as BatchRejectReason[],
);

/** Why `parseStatus`, `parseEvent` or `parseCommand` refused a message. */
export type MessageRejectReason =
  | 'too_large'
  | 'empty'
  | 'bad_json'
  | 'not_an_object'
  | 'missing_field'
  | 'bad_type'
  | 'bad_value'
  | 'unknown_type';

/** What each message reject reason means. */
export const MESSAGE_REJECT_REASON_DESCRIPTIONS: Readonly<Record<MessageRejectReason, string>> = Object.freeze({
  too_large: 'payload longer than MAX_MESSAGE_BYTES',
  empty: 'empty payload',
  bad_json: 'text that is not JSON (or not UTF-8)',
  not_an_object: 'JSON whose top level is not an object',
  missing_field: 'a required field is absent',
  bad_type: 'a field of the wrong JSON type, or a payload that is neither bytes nor a string',
  bad_value: 'a field of the right type with a value outside what the protocol allows',
  unknown_type: 'an event or command "type" this protocol version does not know',
});

/** Every message reject reason, in catalogue order. */
export const MESSAGE_REJECT_REASONS: readonly MessageRejectReason[] = Object.freeze(
  Object.keys(MESSAGE_REJECT_REASON_DESCRIPTIONS) as MessageRejectReason[],
);

/** A refusal: the closed reason (a metric label) and a one-line message naming field, index and value. */
export interface Rejection<R extends string> {
  ok: false;
  reason: R;
  detail: string;
}

/** Builds a rejection. */
export function reject<R extends string>(reason: R, detail: string): Rejection<R> {
  return { ok: false, reason, detail };
}
