/**
 * A logger whose warnings cannot flood the log. A device sending garbage fifty times a second, or a storm of
 * bad MQTT logins, would otherwise write a line for each (every one of them is still counted in /metrics).
 *
 * Warnings are grouped by **kind** (their `code` field, else their message, with their `reason` field) and
 * **sender** (`deviceId`, else `username`, else `clientId`). In each window of `windowMs`, a sender's first
 * `perSender` lines of a kind are written, and at most `perKind` of a kind from all senders together; the rest
 * are held back and summed up in one line per kind when the window ends (at the next warning after it, at the
 * window's timer, or at `stop`). Other levels pass through untouched.
 */
import type { Logger, LogFn } from './log.js';

export interface FloodGuardSettings {
  /** Length of a window, ms. */
  windowMs: number;
  /** Lines of one kind from one sender written per window. */
  perSender: number;
  /** Lines of one kind from all senders written per window. */
  perKind: number;
}

export const DEFAULT_FLOOD_GUARD_SETTINGS: Readonly<FloodGuardSettings> = Object.freeze({
  windowMs: 60_000,
  perSender: 5,
  perKind: 100,
});

export interface FloodGuardedLogger extends Logger {
  /** Writes the summaries of the window so far and stops the window timer. */
  stop(): void;
}

interface KindWindow {
  /** What a summary line calls the kind (the first held-back line's message). */
  message: string;
  written: number;
  held: number;
  heldSenders: Set<string>;
  /** Lines written per sender. */
  bySender: Map<string, number>;
}

/** Senders named in a summary line (the first ones held back), at most. */
const SENDERS_NAMED = 10;

export function createFloodGuardedLogger(
  log: Logger,
  settings: FloodGuardSettings = DEFAULT_FLOOD_GUARD_SETTINGS,
  now: () => number = Date.now,
): FloodGuardedLogger {
  let windowStartMs = Number.NaN;
  let kinds = new Map<string, KindWindow>();
  let timer: NodeJS.Timeout | null = null;

  const endWindow = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const ended = kinds;
    const lengthS = Math.round((now() - windowStartMs) / 1000);
    kinds = new Map();
    windowStartMs = Number.NaN;
    for (const [kind, k] of ended) {
      if (k.held === 0) continue;
      log.warn(
        { kind, held: k.held, heldFrom: [...k.heldSenders], windowS: lengthS },
        `${k.message}: ${k.held} more like it in the last ${lengthS} s not logged (all counted in /metrics)`,
      );
    }
  };

  const warn: LogFn = (fields, message) => {
    const t = now();
    if (t - windowStartMs >= settings.windowMs) endWindow();
    if (Number.isNaN(windowStartMs)) windowStartMs = t;
    const kind = `${String(fields.code ?? message)}${fields.reason === undefined ? '' : `:${String(fields.reason)}`}`;
    const sender = String(fields.deviceId ?? fields.username ?? fields.clientId ?? '');
    let k = kinds.get(kind);
    if (k === undefined) {
      k = { message, written: 0, held: 0, heldSenders: new Set(), bySender: new Map() };
      kinds.set(kind, k);
    }
    const bySender = k.bySender.get(sender) ?? 0;
    if (bySender < settings.perSender && k.written < settings.perKind) {
      k.bySender.set(sender, bySender + 1);
      k.written += 1;
      log.warn(fields, message);
      return;
    }
    if (k.held === 0) k.message = message;
    k.held += 1;
    if (k.heldSenders.size < SENDERS_NAMED) k.heldSenders.add(sender);
    if (timer === null) {
      // The summary comes when the window ends even if the flood has stopped by then.
      timer = setTimeout(endWindow, Math.max(0, windowStartMs + settings.windowMs - t));
      timer.unref();
    }
  };

  return { error: log.error, info: log.info, debug: log.debug, warn, stop: endWindow };
}
