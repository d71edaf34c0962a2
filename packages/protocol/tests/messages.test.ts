import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  encodeCommand,
  encodeEvent,
  encodeStatus,
  MAX_MESSAGE_BYTES,
  MESSAGE_REJECT_REASONS,
  parseCommand,
  parseEvent,
  parseStatus,
  type DeviceCommand,
  type MessageParseResult,
} from '../src/index.js';

function expectReason(result: MessageParseResult<unknown>, reason: string, detail = ''): void {
  expect(result).toMatchObject({ ok: false, reason });
  if (!result.ok) expect(result.detail).toContain(detail);
}

describe('status', () => {
  it('parses the contract form, the last will and null as absent', () => {
    expect(parseStatus('{"online": true, "battery": 87, "fw": "1.2.0"}')).toEqual({
      ok: true,
      value: { online: true, battery: 87, fw: '1.2.0' },
    });
    expect(parseStatus('{"online": false}')).toEqual({ ok: true, value: { online: false } });
    expect(parseStatus('{"online": true, "battery": null, "extra": 1}')).toEqual({ ok: true, value: { online: true } });
  });

  it.each([
    ['{}', 'missing_field', 'online'],
    ['{"online": "yes"}', 'bad_type', 'online is a string'],
    ['{"online": true, "battery": "87"}', 'bad_type', 'battery'],
    ['{"online": true, "battery": 101}', 'bad_value', 'battery is 101'],
    ['{"online": true, "battery": -1}', 'bad_value', 'battery is -1'],
    ['{"online": true, "fw": "1.2 beta"}', 'bad_value', 'fw is "1.2 beta"'],
    ['{"online": true, "fw": 12}', 'bad_type', 'fw'],
    ['[true]', 'not_an_object', 'array'],
    ['online', 'bad_json', ''],
    ['', 'empty', ''],
  ])('refuses %s', (text, reason, detail) => expectReason(parseStatus(text), reason, detail));

  it('round-trips through its encoder', () => {
    const status = { online: true, battery: 42.5, fw: '2.0.1-rc.1' };
    expect(parseStatus(encodeStatus(status))).toEqual({ ok: true, value: status });
  });
});

describe('event', () => {
  it('parses button actions, known and unknown', () => {
    expect(parseEvent('{"type": "button", "action": "calibrate"}')).toEqual({ ok: true, value: { type: 'button', action: 'calibrate' } });
    expect(parseEvent(encodeEvent({ type: 'button', action: 'long_press' }))).toEqual({
      ok: true,
      value: { type: 'button', action: 'long_press' },
    });
  });

  it.each([
    ['{"action": "snooze"}', 'missing_field', 'type'],
    ['{"type": "knob"}', 'unknown_type', 'knob'],
    ['{"type": "button"}', 'missing_field', 'action'],
    ['{"type": "button", "action": 3}', 'bad_type', 'action'],
    ['{"type": "button", "action": "Drop Table"}', 'bad_value', 'action'],
  ])('refuses %s', (text, reason, detail) => expectReason(parseEvent(text), reason, detail));
});

describe('command', () => {
  it('round-trips haptic and config commands', () => {
    const commands: DeviceCommand[] = [
      { type: 'haptic', pattern: 'double', reason: 'slouch' },
      { type: 'config', slouchDeg: 20, nested: { a: [1, 2] } },
    ];
    for (const command of commands) expect(parseCommand(encodeCommand(command))).toEqual({ ok: true, value: command });
  });

  it.each([
    ['{"type": "haptic", "pattern": "triple", "reason": "slouch"}', 'bad_value', 'pattern is "triple"'],
    ['{"type": "haptic", "reason": "slouch"}', 'missing_field', 'pattern'],
    ['{"type": "haptic", "pattern": "short"}', 'missing_field', 'reason'],
    ['{"type": "reboot"}', 'unknown_type', 'reboot'],
    ['{"type": 1}', 'bad_type', 'type'],
  ])('refuses %s', (text, reason, detail) => expectReason(parseCommand(text), reason, detail));
});

describe('message parsers never throw', () => {
  const parsers = [parseStatus, parseEvent, parseCommand];

  it('on random bytes, strings and JSON values', () => {
    const arb = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
      fc.record({ type: fc.jsonValue(), action: fc.jsonValue(), online: fc.jsonValue(), pattern: fc.jsonValue() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(arb, (payload) => {
        for (const parse of parsers) {
          const r = parse(payload);
          if (!r.ok && !MESSAGE_REJECT_REASONS.includes(r.reason)) return false;
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses oversized payloads', () => {
    for (const parse of parsers) expectReason(parse(' '.repeat(MAX_MESSAGE_BYTES + 1)), 'too_large');
  });
});
