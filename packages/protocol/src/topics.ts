/**
 * MQTT topics of contracts section 2, `posture/ID/kind`, and the broker's access rules for devices.
 * MQTT topic matching is byte-exact and case-sensitive, so every check here is an exact comparison.
 */

/** First level of every Stance topic. */
export const TOPIC_ROOT = 'posture';

/** The per-device topics. */
export type DeviceTopicKind = 'imu' | 'status' | 'event' | 'cmd';
export const DEVICE_TOPIC_KINDS: readonly DeviceTopicKind[] = Object.freeze(['imu', 'status', 'event', 'cmd']);

/** Topics a device publishes on (sensor → service). `cmd` is service → sensor. */
export const DEVICE_PUBLISH_KINDS: readonly DeviceTopicKind[] = Object.freeze(['imu', 'status', 'event']);

/** Longest device id, characters. */
export const MAX_DEVICE_ID_LENGTH = 64;

const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** True for a device id of 1 to 64 characters from `A-Z a-z 0-9 _ -` (which also keeps `+`, `#`, `/` out). */
export function isValidDeviceId(id: unknown): id is string {
  return typeof id === 'string' && DEVICE_ID_PATTERN.test(id);
}

/** Thrown when a topic is built for an invalid device id: that is a bug in the caller, not bad input. */
export class InvalidDeviceIdError extends RangeError {
  readonly deviceId: string;
  constructor(deviceId: string) {
    super(`invalid device id ${JSON.stringify(deviceId.slice(0, 80))}: expected [A-Za-z0-9_-]{1,64}`);
    this.name = 'InvalidDeviceIdError';
    this.deviceId = deviceId;
  }
}

/** `posture/ID/kind`. Throws `InvalidDeviceIdError` for an id that `isValidDeviceId` refuses. */
export function deviceTopic(deviceId: string, kind: DeviceTopicKind): string {
  if (!isValidDeviceId(deviceId)) throw new InvalidDeviceIdError(String(deviceId));
  return `${TOPIC_ROOT}/${deviceId}/${kind}`;
}

/** The service's subscription for one kind across all devices, e.g. `posture/+/imu`. */
export function deviceTopicFilter(kind: DeviceTopicKind): string {
  return `${TOPIC_ROOT}/+/${kind}`;
}

/** A parsed device topic. */
export interface DeviceTopic {
  deviceId: string;
  kind: DeviceTopicKind;
}

/** Splits `posture/ID/kind`; null for anything else (other roots, extra levels, invalid ids, wildcards). */
export function parseDeviceTopic(topic: string): DeviceTopic | null {
  if (typeof topic !== 'string') return null;
  const parts = topic.split('/');
  if (parts.length !== 3 || parts[0] !== TOPIC_ROOT) return null;
  const deviceId = parts[1];
  const kind = parts[2];
  if (!isValidDeviceId(deviceId) || !isDeviceTopicKind(kind)) return null;
  return { deviceId, kind };
}

function isDeviceTopicKind(kind: string | undefined): kind is DeviceTopicKind {
  return kind === 'imu' || kind === 'status' || kind === 'event' || kind === 'cmd';
}

/**
 * Broker ACL: may the device authenticated as `deviceId` publish on `topic`? Only on its own
 * `posture/ID/imu`, `status` and `event` (status is also where its last will goes).
 */
export function mayPublish(deviceId: string, topic: string): boolean {
  const parsed = parseDeviceTopic(topic);
  return parsed !== null && parsed.deviceId === deviceId && parsed.kind !== 'cmd';
}

/**
 * Broker ACL: may the device authenticated as `deviceId` subscribe with `topicFilter`? Only to exactly its
 * own `posture/ID/cmd`. Every wildcard is refused, even one that today matches only its own topics
 * (`posture/ID/+`), because `+` and `#` reach beyond cmd and a level can only ever widen a filter.
 */
export function maySubscribe(deviceId: string, topicFilter: string): boolean {
  return isValidDeviceId(deviceId) && topicFilter === `${TOPIC_ROOT}/${deviceId}/cmd`;
}
