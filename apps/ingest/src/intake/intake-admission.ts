/**
 * Back-pressure at the door. While the intake journal's backlog (entries the slowest consumer has not
 * processed) is at `maxBacklog`, new imu batches are held BEFORE they are journaled, so their PUBACKs wait:
 * the broker reads a client's next packet only once the current one is handled, so a held sensor stops
 * sending and keeps its data in its own offline buffer, and TCP flow control does the rest. Nothing is
 * dropped and nothing is refused; when the backlog falls below `resumeFraction` of the limit the held
 * batches go on, in the order they came.
 *
 * The backlog grows when a consumer cannot keep up or is told to stop (the InfluxDB outbox is full, see
 * store/influx-store.ts): first the store's outbox fills, then the journal, then the sensors' buffers.
 * A sensor held longer than its keepalive may be disconnected; it reconnects and resends, and the journal's
 * de-duplication absorbs the copies.
 */
import type { Logger } from '../log.js';

export interface IntakeAdmissionSettings {
  /** Journal backlog, entries (about one second of one device each), at which new batches are held. */
  maxBacklog: number;
  /** Held batches go on when the backlog is below this fraction of `maxBacklog` (hysteresis, 0..1). */
  resumeFraction: number;
  /** How often the backlog is looked at while batches are held, ms. */
  pollMs: number;
}

export const DEFAULT_INTAKE_ADMISSION_SETTINGS: Readonly<IntakeAdmissionSettings> = Object.freeze({
  maxBacklog: 1_000_000,
  resumeFraction: 0.9,
  pollMs: 200,
});

export interface IntakeAdmission {
  /** Runs `admit` now when the journal has room, else once it has (in arrival order). */
  whenOpen(admit: () => void): void;
  /** Batches are being held. */
  readonly holding: boolean;
  /** How many are held now. */
  readonly held: number;
  /** Stops: what is held is never admitted (not acknowledged, so the sensors resend it after reconnecting). */
  close(): void;
}

export interface IntakeAdmissionHooks {
  /** Each batch that had to wait. */
  onHold?(): void;
}

/** `backlog`: journal entries not yet processed, plus batches admitted and waiting for their commit. */
export function createIntakeAdmission(
  backlog: () => number,
  settings: IntakeAdmissionSettings,
  log: Logger,
  hooks: IntakeAdmissionHooks = {},
): IntakeAdmission {
  let queue: (() => void)[] = [];
  let head = 0;
  let holding = false;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let holdingSinceMs = 0;

  const poll = (): void => {
    timer = null;
    if (closed) return;
    if (backlog() >= settings.maxBacklog * settings.resumeFraction) {
      timer = setTimeout(poll, settings.pollMs);
      return;
    }
    // Released one by one while there is room: each admitted batch counts in the backlog at once (the caller
    // counts batches waiting for their commit), so a long queue does not overshoot the limit.
    while (head < queue.length && backlog() < settings.maxBacklog) {
      const admit = queue[head] as () => void;
      queue[head++] = () => undefined;
      admit();
    }
    if (head < queue.length) {
      timer = setTimeout(poll, settings.pollMs);
      return;
    }
    queue = [];
    head = 0;
    holding = false;
    log.info({ backlog: backlog(), heldS: (Date.now() - holdingSinceMs) / 1000 }, 'intake journal has room again: held batches went on');
  };

  return {
    whenOpen(admit) {
      if (closed) return;
      if (!holding) {
        const depth = backlog();
        if (depth < settings.maxBacklog) {
          admit();
          return;
        }
        holding = true;
        holdingSinceMs = Date.now();
        log.error(
          { backlog: depth, limit: settings.maxBacklog },
          'INTAKE JOURNAL FULL: holding sensor batches unacknowledged until the consumers catch up (back-pressure on the broker)',
        );
        timer = setTimeout(poll, settings.pollMs);
      }
      hooks.onHold?.();
      queue.push(admit);
    },
    get holding() {
      return holding;
    },
    get held() {
      return queue.length - head;
    },
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      queue = [];
      head = 0;
    },
  };
}
