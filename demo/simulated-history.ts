/**
 * Past data for a simulated wearer, fed through the service's real pipeline fast. A worn session (one day's
 * wear: the sensor is switched on, so its seq starts at 0) is a chain of firmware-sim scenarios, each starting
 * where the previous one ended on the sensor's clock. Its batches are encoded with the protocol's binary codec
 * and handed to `service.importBatches`, the same intake (validation, de-duplication, journal) and consumers
 * (analysis, rollups, episodes) a sensor's MQTT batches go through, without the broker's rate limit that would
 * make two weeks take days. Shared by the demo (`demo/main.ts`) and the browser test harness.
 */
import { encodeBinaryBatch } from '@stance/protocol';
import { openScenario } from '@stance/firmware-sim';
import type { IngestService } from '@stance/ingest';

/** One scenario of a session; `durationS` defaults to the scenario's own length. */
export interface SessionPart {
  scenario: string;
  durationS?: number;
}

/** One stretch of continuous wear: the sensor switched on at `startMs` (its clock), the parts in order. */
export interface WornSession {
  startMs: number;
  /** Every part's seed derives from it, so a session is reproducible. */
  seed: number;
  parts: readonly SessionPart[];
}

export interface HistorySettings {
  /** Sample rate of the simulated sensor, Hz (25 is the protocol's low end and the cheapest to analyse). */
  rateHz: number;
  /** Samples per batch (the protocol allows up to 1000: 40 s at 25 Hz, so fewer journal rows). */
  samplesPerBatch: number;
}

export const DEFAULT_HISTORY_SETTINGS: Readonly<HistorySettings> = Object.freeze({ rateHz: 25, samplesPerBatch: 1000 });

/** The encoded batches of one session, seq from 0, in order. */
export function* sessionPayloads(session: WornSession, settings: HistorySettings = DEFAULT_HISTORY_SETTINGS): Generator<Uint8Array> {
  let seq = 0;
  let startMs = session.startMs;
  for (const [index, part] of session.parts.entries()) {
    const stream = openScenario(part.scenario, {
      seed: session.seed * 101 + index,
      rateHz: settings.rateHz,
      startMs,
      ...(part.durationS === undefined ? {} : { durationS: part.durationS }),
    });
    for (;;) {
      const block = stream.next(settings.samplesPerBatch);
      if (block.count === 0) break;
      yield encodeBinaryBatch({ seq, t0Ms: block.t0Ms, hz: settings.rateHz, count: block.count, acc: block.acc, gyr: block.gyr });
      seq += 1;
      startMs = block.t0Ms + Math.round((block.count * 1000) / settings.rateHz);
    }
  }
}

/** Sensor seconds a session covers (the parts' durations; a part without one counts as unknown: NaN). */
export function sessionDurationS(session: WornSession): number {
  return session.parts.reduce((sum, part) => sum + (part.durationS ?? Number.NaN), 0);
}

/** Parts shorter than this after clipping are left out (a scenario's calibration routine alone takes ~15 s), s. */
const MIN_PART_S = 60;

/**
 * The part of `session` inside [fromMs, toMs) (every part needs a `durationS`), or null when nothing of it is:
 * a demo run again later imports only what lies after the data it already has, and today's session stops
 * short of now. A part cut at the front starts afresh at `fromMs` (the same scenario, shorter).
 */
export function clipSession(session: WornSession, fromMs: number, toMs: number): WornSession | null {
  const parts: SessionPart[] = [];
  let partStartMs = session.startMs;
  let startMs = Number.NaN;
  for (const part of session.parts) {
    if (part.durationS === undefined) throw new RangeError(`clipSession: part ${part.scenario} has no durationS`);
    const partEndMs = partStartMs + part.durationS * 1000;
    const fromInPart = Math.max(partStartMs, fromMs);
    const toInPart = Math.min(partEndMs, toMs);
    const keptS = Math.floor((toInPart - fromInPart) / 1000);
    if (keptS >= MIN_PART_S) {
      if (parts.length === 0) startMs = fromInPart;
      parts.push({ scenario: part.scenario, durationS: keptS });
    }
    partStartMs = partEndMs;
  }
  return parts.length === 0 ? null : { startMs, seed: session.seed, parts };
}

export interface ImportedHistory {
  batches: number;
  sessions: number;
}

/**
 * Imports the sessions of one device in order and waits until the consumers have analysed them. Sessions
 * must not overlap and should come oldest first (as a sensor would have sent them).
 */
export async function importHistory(
  service: IngestService,
  deviceId: string,
  sessions: readonly WornSession[],
  settings: HistorySettings = DEFAULT_HISTORY_SETTINGS,
): Promise<ImportedHistory> {
  let batches = 0;
  for (const session of sessions) {
    const result = await service.importBatches(deviceId, sessionPayloads(session, settings));
    if (result.rejected > 0) throw new Error(`history for ${deviceId}: ${result.rejected} simulated batches were refused`);
    batches += result.queued;
    // Keeps the journal backlog (and memory) small: the analysis follows session by session.
    await service.whenIdle();
  }
  return { batches, sessions: sessions.length };
}
