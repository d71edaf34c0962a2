/**
 * One device message, whichever broker it came through: the embedded broker's `authorizePublish` and the
 * external broker's subscriber both call this, so decode, validation, de-duplication, the journal and the
 * group commit are one path. The caller has already decided who sent it (the embedded broker from the
 * login, an external broker from the topic, trusting that broker's ACL) and sends the PUBACK only when
 * `done` fires:
 *
 * - `imu` goes through the intake (validate, de-duplicate, journal); `done` after the commit.
 * - `status` and `event` are validated and counted, handed to the service, then acknowledged in order
 *   behind the journal writes queued before them (MQTT acknowledges in the order of the PUBLISHes).
 */
import { parseEvent, parseStatus, type DeviceEvent, type DeviceStatus } from '@stance/protocol';
import type { Logger } from '../log.js';
import type { IngestMetrics } from '../metrics/ingest-metrics.js';
import type { Done, GroupCommitter } from './group-commit.js';
import { payloadBytes, type DevicePayload } from './device-payload.js';
import type { ImuIntake } from './imu-intake.js';

/** What the service does with a device's valid `status` and `event` messages (stores them, acts on buttons). */
export interface DeviceMessageHandlers {
  status(deviceId: string, status: DeviceStatus): void;
  event(deviceId: string, event: DeviceEvent): void;
  /**
   * The device's last connection closed (embedded broker only: an external broker's connections are not
   * seen). A sensor that set no last will, or whose will was lost, still goes offline.
   */
  connectionLost?(deviceId: string): void;
}

export interface DeviceMessageRouterParts {
  intake: ImuIntake;
  committer: GroupCommitter;
  metrics: IngestMetrics;
  log: Logger;
  /** Valid status and event messages go here (optional: without it they are validated and counted only). */
  messages?: DeviceMessageHandlers;
}

/** The kinds of message a device publishes. */
export type DeviceMessageKind = 'imu' | 'status' | 'event';

/**
 * What became of a message: `queued` (valid, or an imu batch queued for the journal, where duplicates are
 * dropped) or `refused` (invalid, counted, acknowledged and dropped). A broker that retains messages should
 * not keep a refused one, nor any imu batch.
 */
export type RouteOutcome = 'queued' | 'refused';

export type DeviceMessageRouter = (deviceId: string, kind: DeviceMessageKind, payload: DevicePayload, done: Done) => RouteOutcome;

export function createDeviceMessageRouter(parts: DeviceMessageRouterParts): DeviceMessageRouter {
  const { intake, committer, metrics, log } = parts;
  return (deviceId, kind, payload, done) => {
    if (kind === 'imu') return intake.receive(deviceId, payload, done) === 'accepted' ? 'queued' : 'refused';
    const bytes = payloadBytes(payload);
    const parsed = kind === 'status' ? parseStatus(bytes) : parseEvent(bytes);
    let outcome: RouteOutcome = 'queued';
    if (!parsed.ok) {
      metrics.messagesRejected.inc({ kind, reason: parsed.reason });
      log.warn({ deviceId, kind, reason: parsed.reason, detail: parsed.detail }, 'device message refused');
      outcome = 'refused';
    } else if (parts.messages) {
      try {
        if (kind === 'status') parts.messages.status(deviceId, parsed.value as DeviceStatus);
        else parts.messages.event(deviceId, parsed.value as DeviceEvent);
      } catch (error) {
        log.error({ deviceId, kind, err: error }, 'device message could not be stored');
      }
    }
    committer.enqueue(null, done);
    return outcome;
  };
}
