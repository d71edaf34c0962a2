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
export declare const DEFAULT_HISTORY_SETTINGS: Readonly<HistorySettings>;
/** The encoded batches of one session, seq from 0, in order. */
export declare function sessionPayloads(session: WornSession, settings?: HistorySettings): Generator<Uint8Array>;
/** Sensor seconds a session covers (the parts' durations; a part without one counts as unknown: NaN). */
export declare function sessionDurationS(session: WornSession): number;
/**
 * The part of `session` inside [fromMs, toMs) (every part needs a `durationS`), or null when nothing of it is:
 * a demo run again later imports only what lies after the data it already has, and today's session stops
 * short of now. A part cut at the front starts afresh at `fromMs` (the same scenario, shorter).
 */
export declare function clipSession(session: WornSession, fromMs: number, toMs: number): WornSession | null;
export interface ImportedHistory {
    batches: number;
    sessions: number;
}
/**
 * Imports the sessions of one device in order and waits until the consumers have analysed them. Sessions
 * must not overlap and should come oldest first (as a sensor would have sent them).
 */
export declare function importHistory(service: IngestService, deviceId: string, sessions: readonly WornSession[], settings?: HistorySettings): Promise<ImportedHistory>;
