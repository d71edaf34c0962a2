/**
 * What a device's analysis needs to resume after a restart, written every few seconds with its rollups
 * (deferred-writes.ts): the journal position it covers, the calibration, the feedback state, the slouch
 * detector's state, how far the pipeline got, and which journal entries the reorder window still held. The orientation filter and activity windows are not saved:
 * a rebuilt pipeline re-runs the last `warmUpS` of raw samples (outputs discarded) to get them back, then
 * the slouch detector's saved state is put back, so an open slouch keeps its start.
 */
import type { SlouchEpisode } from '@stance/analysis';
import { calibrationFromJson, calibrationToJson, type CalibrationJson } from '../store/calibration-json.js';
import type { DeviceAnalysis } from './device-analysis.js';
import type { GivenUpSpan } from './late-fill.js';

export const CHECKPOINT_VERSION = 1;

export interface DeviceCheckpoint {
  v: number;
  /**
   * Journal position of the last entry applied to the device when this was written: after a restart its entries
   * up to here are skipped (deferred-writes.ts). Absent in older checkpoints (written with every entry: 0).
   */
  pos?: number;
  calibration: CalibrationJson | null;
  calibrationGiven: boolean;
  lastFedMs: number | null;
  nextExpectedMs: number | null;
  heldPos: number[];
  /** The seq-gap tracker (seq-gaps.ts), without its wall clock; absent in older checkpoints. */
  gaps?: { boot: number; highestSeq: number; missing: number[]; abandoned: number };
  closed?: boolean;
  closedThroughMs?: number | null;
  /** The episode the close stored (device-offline.ts); absent in older checkpoints. */
  closedEpisode?: SlouchEpisode | null;
  /** Spans given up as gaps (late-fill.ts); absent in older checkpoints. */
  givenUp?: GivenUpSpan[];
  feedback: Record<string, unknown>;
  slouch: Record<string, unknown>;
}

export function deviceCheckpoint(d: DeviceAnalysis): DeviceCheckpoint {
  const cal = d.pipeline.calibration;
  return {
    v: CHECKPOINT_VERSION,
    pos: d.appliedPos,
    calibration: cal === null ? null : calibrationToJson(cal),
    calibrationGiven: d.calibrationGiven,
    lastFedMs: finiteOrNull(d.lastFedMs),
    nextExpectedMs: finiteOrNull(d.reorder.nextExpectedMs),
    heldPos: d.reorder.held.map((b) => b.pos),
    gaps: { boot: d.gaps.boot, highestSeq: d.gaps.highestSeq, missing: [...d.gaps.missing], abandoned: d.gaps.abandoned },
    closed: d.closed,
    closedThroughMs: finiteOrNull(d.closedThroughMs),
    closedEpisode: d.closedEpisode,
    givenUp: d.givenUp.map((s) => ({ ...s })),
    feedback: plainFields(d.feedback as unknown as Record<string, unknown>),
    slouch: plainFields(d.pipeline.slouch as unknown as Record<string, unknown>),
  };
}

/** The checkpoint of a device starting afresh after journal position `pos` (paired to a new wearer). */
export function freshCheckpoint(pos: number): DeviceCheckpoint {
  return { v: CHECKPOINT_VERSION, pos, calibration: null, calibrationGiven: false, lastFedMs: null, nextExpectedMs: null, heldPos: [], feedback: {}, slouch: {} };
}

/** Reads a stored checkpoint; null when absent or of another version (the device then starts afresh). */
export function parseCheckpoint(state: unknown): (DeviceCheckpoint & { calibrationValue: ReturnType<typeof calibrationFromJson> | null }) | null {
  const c = state as Partial<DeviceCheckpoint> | null;
  if (c === null || typeof c !== 'object' || c.v !== CHECKPOINT_VERSION) return null;
  let calibrationValue = null;
  try {
    calibrationValue = c.calibration ? calibrationFromJson(c.calibration) : null;
  } catch {
    calibrationValue = null;
  }
  return { ...(c as DeviceCheckpoint), calibrationValue };
}

/** Puts the saved gap tracker and close state back (the gap clock starts again now). */
export function restoreGapState(d: DeviceAnalysis, c: DeviceCheckpoint, wallMs: number): void {
  d.gaps.clockWallMs = wallMs;
  if (c.gaps) {
    d.gaps.boot = c.gaps.boot;
    d.gaps.highestSeq = c.gaps.highestSeq;
    d.gaps.missing.push(...c.gaps.missing);
    d.gaps.abandoned = c.gaps.abandoned;
  }
  d.closed = c.closed ?? false;
  d.closedThroughMs = c.closedThroughMs ?? Number.NaN;
  d.closedEpisode = c.closedEpisode ?? null;
  d.givenUp.push(...(c.givenUp ?? []));
}

/** Puts the saved feedback and slouch-detector fields back (after the warm-up). */
export function restoreStateFields(d: DeviceAnalysis, c: DeviceCheckpoint): void {
  assignPlain(d.feedback as unknown as Record<string, unknown>, c.feedback);
  assignPlain(d.pipeline.slouch as unknown as Record<string, unknown>, c.slouch);
}

/** Own fields except settings and the reused episode object; JSON turns NaN into null, so remember which. */
function plainFields(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'settings' || k === 'episode') continue;
    out[k] = typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v;
  }
  return out;
}

function assignPlain(target: Record<string, unknown>, saved: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(saved)) {
    if (!(k in target) || k === 'settings' || k === 'episode') continue;
    target[k] = v === 'NaN' ? Number.NaN : v;
  }
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
