import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEVICE_TOPIC_KINDS,
  deviceTopic,
  deviceTopicFilter,
  InvalidDeviceIdError,
  isValidDeviceId,
  mayPublish,
  maySubscribe,
  parseDeviceTopic,
} from '../src/index.js';

const arbId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const arbKind = fc.constantFrom(...DEVICE_TOPIC_KINDS);

describe('device ids', () => {
  it.each(['a', 'dev-01', 'A_b-9', 'x'.repeat(64)])('accepts %j', (id) => expect(isValidDeviceId(id)).toBe(true));
  it.each(['', 'x'.repeat(65), 'a/b', '+', '#', 'dév', 'a b', 'a\n', '$SYS', 'a.b'])('refuses %j', (id) =>
    expect(isValidDeviceId(id)).toBe(false),
  );
  it('refuses non-strings', () => {
    expect(isValidDeviceId(42)).toBe(false);
    expect(isValidDeviceId(null)).toBe(false);
  });
});

describe('topics', () => {
  it('builds posture/ID/kind and the service filters', () => {
    expect(deviceTopic('dev-1', 'imu')).toBe('posture/dev-1/imu');
    expect(deviceTopicFilter('status')).toBe('posture/+/status');
  });

  it('throws a typed error for an invalid id', () => {
    expect(() => deviceTopic('a/b', 'imu')).toThrow(InvalidDeviceIdError);
  });

  it('parses what it builds', () => {
    fc.assert(fc.property(arbId, arbKind, (id, kind) => {
      expect(parseDeviceTopic(deviceTopic(id, kind))).toEqual({ deviceId: id, kind });
    }));
  });

  it.each([
    'posture/dev-1', 'posture/dev-1/imu/x', 'posture/dev-1/', 'posture//imu', 'Posture/dev-1/imu',
    'posture/+/imu', 'posture/#', 'posture/dev-1/IMU', 'posture/dev-1/config', '/posture/dev-1/imu', '',
  ])('does not parse %j', (topic) => expect(parseDeviceTopic(topic)).toBeNull());
});

describe('broker ACL', () => {
  it('lets a device publish imu, status and event under its own id only', () => {
    expect(mayPublish('d1', 'posture/d1/imu')).toBe(true);
    expect(mayPublish('d1', 'posture/d1/status')).toBe(true);
    expect(mayPublish('d1', 'posture/d1/event')).toBe(true);
    expect(mayPublish('d1', 'posture/d1/cmd')).toBe(false);
    expect(mayPublish('d1', 'posture/d2/imu')).toBe(false);
    expect(mayPublish('d1', 'posture/D1/imu')).toBe(false);
    expect(mayPublish('d1', 'posture/d1/imu/extra')).toBe(false);
    expect(mayPublish('d1', 'other/d1/imu')).toBe(false);
    expect(mayPublish('d1', 'posture/+/imu')).toBe(false);
    expect(mayPublish('', 'posture//imu')).toBe(false);
  });

  it('lets a device subscribe to exactly its own cmd, with no wildcard at all', () => {
    expect(maySubscribe('d1', 'posture/d1/cmd')).toBe(true);
    for (const filter of [
      'posture/d2/cmd', 'posture/+/cmd', 'posture/#', '#', 'posture/d1/#', 'posture/d1/+', '+/d1/cmd',
      'posture/d1/imu', 'posture/d1/cmd/#', '$share/g/posture/d1/cmd', 'posture/d1/cmd ',
    ]) {
      expect(maySubscribe('d1', filter), filter).toBe(false);
    }
    expect(maySubscribe('+', 'posture/+/cmd')).toBe(false);
  });

  it('never lets one device reach another device\'s topics', () => {
    fc.assert(
      fc.property(arbId, arbId, arbKind, (a, b, kind) => {
        fc.pre(a !== b);
        const topic = deviceTopic(b, kind);
        return !mayPublish(a, topic) && !maySubscribe(a, topic);
      }),
    );
  });
});
