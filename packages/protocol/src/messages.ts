/**
 * The small JSON messages of contracts section 2: `status` (retained, also the last will), `event`
 * (sensor → service) and `cmd` (service → sensor). Parsers never throw and answer in the same
 * ok/reason shape as `decodeBatch`; they return only the fields the protocol knows.
 */
import { MAX_MESSAGE_BYTES } from './limits.js';
import { describeType, parseJsonText, payloadToText, showValue } from './payload-text.js';
import { reject, type MessageRejectReason, type Rejection } from './reject-reasons.js';
import type { DeviceCommand, DeviceEvent, DeviceStatus, HapticPattern } from './types.js';

/** A parsed message, or a refusal with a closed reason and a one-line detail. */
export type MessageParseResult<T> = { ok: true; value: T } | Rejection<MessageRejectReason>;

/** Haptic patterns a `cmd` may ask for. */
export const HAPTIC_PATTERNS: readonly HapticPattern[] = Object.freeze(['short', 'double', 'long']);
/** Button actions the service acts on; other well-formed actions are passed through for logging. */
export const KNOWN_BUTTON_ACTIONS: readonly string[] = Object.freeze(['calibrate', 'snooze']);

/** Firmware version text: 1..32 of `0-9 A-Z a-z . + _ -` ("1.2.0", "1.3.0-rc.1+abc"). */
const FW_PATTERN = /^[0-9A-Za-z.+_-]{1,32}$/;
/** Event actions and haptic reasons: short snake_case words. */
const WORD_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

type Fields = Record<string, unknown>;

/**
 * `posture/ID/status`: `{"online": bool, "battery": 0-100, "fw": "1.2.0"}`. battery and fw are optional,
 * and null counts as absent (a sensor that does not know its charge).
 */
export function parseStatus(payload: Uint8Array | string): MessageParseResult<DeviceStatus> {
  return parseObject(payload, (o) => {
    if (!Object.hasOwn(o, 'online')) return reject('missing_field', 'field "online" is missing');
    if (typeof o.online !== 'boolean') return wrongType('online', o.online, 'a boolean');
    const status: DeviceStatus = { online: o.online };
    if (o.battery !== undefined && o.battery !== null) {
      if (typeof o.battery !== 'number') return wrongType('battery', o.battery, 'a number');
      if (!(o.battery >= 0 && o.battery <= 100)) return badValue('battery', o.battery, 'a percentage 0..100');
      status.battery = o.battery;
    }
    if (o.fw !== undefined && o.fw !== null) {
      if (typeof o.fw !== 'string') return wrongType('fw', o.fw, 'a string');
      if (!FW_PATTERN.test(o.fw)) return badValue('fw', o.fw, 'a version like "1.2.0"');
      status.fw = o.fw;
    }
    return { ok: true, value: status };
  });
}

/** `posture/ID/event`: `{"type": "button", "action": "calibrate" | "snooze" | other_word}`. */
export function parseEvent(payload: Uint8Array | string): MessageParseResult<DeviceEvent> {
  return parseObject<DeviceEvent>(payload, (o) => {
    const type = requireString(o, 'type');
    if (typeof type !== 'string') return type;
    if (type !== 'button') return reject('unknown_type', `event type ${showValue(type)} is not known (button)`);
    const action = requireString(o, 'action');
    if (typeof action !== 'string') return action;
    if (!WORD_PATTERN.test(action)) return badValue('action', action, 'a snake_case word');
    return { ok: true, value: { type: 'button', action } };
  });
}

/**
 * `posture/ID/cmd`: `{"type": "haptic", "pattern": "short" | "double" | "long", "reason": "slouch"}` or
 * `{"type": "config", ...}` (every other field of a config is passed through untouched).
 */
export function parseCommand(payload: Uint8Array | string): MessageParseResult<DeviceCommand> {
  return parseObject<DeviceCommand>(payload, (o) => {
    const type = requireString(o, 'type');
    if (typeof type !== 'string') return type;
    if (type === 'config') return { ok: true, value: { ...o, type: 'config' } };
    if (type !== 'haptic') {
      return reject('unknown_type', `command type ${showValue(type)} is not known (haptic, config)`);
    }
    const pattern = requireString(o, 'pattern');
    if (typeof pattern !== 'string') return pattern;
    if (!isHapticPattern(pattern)) return badValue('pattern', pattern, HAPTIC_PATTERNS.join(' | '));
    const reason = requireString(o, 'reason');
    if (typeof reason !== 'string') return reason;
    if (!WORD_PATTERN.test(reason)) return badValue('reason', reason, 'a snake_case word');
    return { ok: true, value: { type: 'haptic', pattern, reason } };
  });
}

/** Status as JSON text, known fields only, absent optional fields left out. */
export function encodeStatus(status: DeviceStatus): string {
  const out: DeviceStatus = { online: status.online };
  if (status.battery !== undefined) out.battery = status.battery;
  if (status.fw !== undefined) out.fw = status.fw;
  return JSON.stringify(out);
}

/** Event as JSON text. */
export function encodeEvent(event: DeviceEvent): string {
  return JSON.stringify({ type: event.type, action: event.action });
}

/** Command as JSON text; a config command is written with all its fields. */
export function encodeCommand(command: DeviceCommand): string {
  if (command.type === 'haptic') {
    return JSON.stringify({ type: 'haptic', pattern: command.pattern, reason: command.reason });
  }
  return JSON.stringify(command);
}

function isHapticPattern(value: string): value is HapticPattern {
  return (HAPTIC_PATTERNS as readonly string[]).includes(value);
}

function parseObject<T>(
  payload: Uint8Array | string,
  read: (fields: Fields) => MessageParseResult<T>,
): MessageParseResult<T> {
  try {
    const text = payloadToText(payload, MAX_MESSAGE_BYTES);
    if (!text.ok) return text;
    const parsed = parseJsonText(text.text);
    if (!parsed.ok) return parsed;
    const value = parsed.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return reject('not_an_object', `top level is ${describeType(value)}, expected an object`);
    }
    return read(value as Fields);
  } catch (error) {
    // As in decodeBatch: only an exotic argument can get here.
    const message = error instanceof Error ? error.message : String(error);
    return reject('bad_type', `payload could not be read: ${message.slice(0, 100)}`);
  }
}

function requireString(o: Fields, field: string): string | Rejection<MessageRejectReason> {
  if (!Object.hasOwn(o, field)) return reject('missing_field', `field "${field}" is missing`);
  const value = o[field];
  return typeof value === 'string' ? value : wrongType(field, value, 'a string');
}

function wrongType(field: string, value: unknown, expected: string): Rejection<MessageRejectReason> {
  return reject('bad_type', `${field} is ${describeType(value)}, expected ${expected}`);
}

function badValue(field: string, value: unknown, expected: string): Rejection<MessageRejectReason> {
  return reject('bad_value', `${field} is ${showValue(value)}, expected ${expected}`);
}
