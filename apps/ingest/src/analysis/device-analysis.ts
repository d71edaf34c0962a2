/**
 * One device's live analysis: its posture pipeline, its feedback state machine and its reorder window. Feeds
 * samples in sensor-time order and collects what they produce (points, episodes, alerts, haptic commands)
 * into the caller's step output. All the maths is the analysis package's.
 */
import {
  createFeedback,
  createPosturePipeline,
  setPosturePipelineCalibration,
  updateFeedback,
  updatePosturePipeline,
  type AlertOutcome,
  type Calibration,
  type FeedbackState,
  type PosturePipeline,
  type SlouchEpisode,
} from '@stance/analysis';
import type { HapticPattern } from '@stance/protocol';
import { storedPoint, type AlertRecord, type StoreBatch } from '../store/store-port.js';
import type { AnalysisSettings } from './analysis-settings.js';
import type { PendingWrites } from './deferred-writes.js';
import type { GivenUpSpan, LateFill } from './late-fill.js';
import { batchEndMs, createReorderBuffer, type HeldBatch, type ReorderBuffer } from './reorder-buffer.js';
import { createSeqGaps, type SeqGaps } from './seq-gaps.js';

export interface DeviceAnalysis {
  readonly deviceId: string;
  readonly wearerId: string;
  readonly utcOffsetMin: number;
  readonly pipeline: PosturePipeline;
  readonly feedback: FeedbackState;
  readonly reorder: ReorderBuffer;
  /** Seqs of the sensor's current boot still missing (its offline buffer, awaited; device-offline.ts). */
  readonly gaps: SeqGaps;
  /** Sensor time of the last sample fed to the pipeline, epoch ms; NaN before any. */
  lastFedMs: number;
  /** The calibration in force was given (API, button), not found automatically. */
  calibrationGiven: boolean;
  /** Wall-clock time the device's last batch was processed (idle release). */
  lastBatchWallMs: number;
  /** Wall clock since which the device says it is offline (status, last will), epoch ms; NaN while online. */
  offlineSinceWallMs: number;
  /** The pipeline was closed (device offline) and no data has been fed since. */
  closed: boolean;
  /** Points before this (the second closed while the device was away) are already stored, epoch ms; NaN: none. */
  closedThroughMs: number;
  /** The episode the close stored, ended early (device-offline.ts): if it goes on, it is stored again, grown. */
  closedEpisode: SlouchEpisode | null;
  /** Journal position of the last entry applied to this device (0: none). */
  appliedPos: number;
  /**
   * Journal position up to which this device's effects are all written (its stored checkpoint's `pos`): after a
   * restart, its entries up to here are skipped (deferred-writes.ts).
   */
  writtenPos: number;
  /** Rollup input waiting for the device's next write (deferred-writes.ts); null: nothing pending. */
  pending: PendingWrites | null;
  /** The last spans given up as gaps, oldest first: late data inside them is analysed apart (late-fill.ts). */
  readonly givenUp: GivenUpSpan[];
  /** The pipeline analysing late data of a given-up span, while it goes on (not checkpointed). */
  lateFill: LateFill | null;
}

/** A haptic command to publish once the step has committed. */
export interface HapticCommand {
  deviceId: string;
  pattern: HapticPattern;
}

/** What processing produced, for one transaction. */
export interface StepOutput {
  store: StoreBatch;
  haptics: HapticCommand[];
  /** Sensor end time of each stored point, epoch ms (pipeline latency is measured from it after the commit). */
  pointEndsMs: number[];
  lateBatches: number;
  skippedBuzzes: number;
  /** Devices closed because they went offline (device-offline.ts). */
  closes: number;
  outcomes: AlertOutcome['outcome'][];
  /** Late batches per device (analysed apart or not: late-fill.ts), for one log line each after the commit. */
  late: Map<string, LateNote>;
}

/** A device's late batches in one step: how many, how many seconds of them were analysed apart, their sensor time. */
export interface LateNote {
  batches: number;
  filledS: number;
  fromMs: number;
  toMs: number;
}

const CONFIRMED_OR_CANDIDATE = (phase: number): boolean => phase !== 0;

export function createDeviceAnalysis(
  deviceId: string,
  wearerId: string,
  utcOffsetMin: number,
  settings: AnalysisSettings,
  calibration: Calibration | null,
  calibrationGiven: boolean,
): DeviceAnalysis {
  return {
    deviceId,
    wearerId,
    utcOffsetMin,
    pipeline: createPosturePipeline({
      ...settings.pipeline,
      calibration,
      // An automatic calibration restored from a checkpoint is a seed: automatic calibration takes over if it goes stale.
      calibrationMode: calibration !== null && !calibrationGiven ? 'seed' : 'fixed',
    }),
    feedback: createFeedback(settings.feedback),
    reorder: createReorderBuffer(settings.reorderHoldMs),
    gaps: createSeqGaps(),
    lastFedMs: Number.NaN,
    calibrationGiven,
    lastBatchWallMs: 0,
    offlineSinceWallMs: Number.NaN,
    closed: false,
    closedThroughMs: Number.NaN,
    closedEpisode: null,
    appliedPos: 0,
    writtenPos: 0,
    pending: null,
    givenUp: [],
    lateFill: null,
  };
}

/**
 * Feeds a released batch. A batch wholly before what was already analysed (it came later than the reorder
 * window allows) is counted and skipped: its raw samples stay in the journal, its posture is not analysed.
 * `emit` false runs the pipeline without collecting outputs (warm-up after a restart).
 */
export function feedBatch(d: DeviceAnalysis, b: HeldBatch, out: StepOutput, settings: AnalysisSettings, emit = true): void {
  if (batchEndMs(b) <= d.lastFedMs) {
    out.lateBatches += 1;
    return;
  }
  const p = d.pipeline;
  const periodMs = 1000 / b.hz;
  const { acc, gyr } = b;
  for (let i = 0; i < b.count; i++) {
    const tMs = b.t0Ms + i * periodMs;
    if (tMs <= d.lastFedMs) continue;
    d.lastFedMs = tMs;
    updatePosturePipeline(p, tMs / 1000, acc[3 * i]!, acc[3 * i + 1]!, acc[3 * i + 2]!, gyr[3 * i]!, gyr[3 * i + 1]!, gyr[3 * i + 2]!);
    if (!emit) continue;
    d.closed = false;
    if (p.episodeEnded) storeEpisode(d, p.episode, out);
    // After a close, the rest of the closed second completes a point that is already stored (and in the rollups).
    if (p.pointReady && !(p.point.tMs < d.closedThroughMs)) {
      out.store.points.push(storedPoint(p.point, d.wearerId, d.deviceId));
      out.pointEndsMs.push(p.point.tMs + p.settings.pointIntervalS * 1000);
      runFeedback(d, tMs, out, settings);
    }
  }
}

/**
 * Stores an episode that has just ended. The one a close stored early, if this is it (same start), is stored
 * again under its key, marked as grown so that the rollups count it once.
 */
export function storeEpisode(d: DeviceAnalysis, e: SlouchEpisode, out: StepOutput): void {
  const early = d.closedEpisode;
  d.closedEpisode = null;
  out.store.episodes.push({
    ...e, wearerId: d.wearerId, deviceId: d.deviceId, ...(early !== null && early.startMs === e.startMs ? { grownFrom: early } : {}),
  });
}

function runFeedback(d: DeviceAnalysis, tMs: number, out: StepOutput, settings: AnalysisSettings): void {
  const p = d.pipeline;
  const slouch = p.slouch;
  const slouchStartMs = CONFIRMED_OR_CANDIDATE(slouch.phase) && p.posture === 'slouched' ? slouch.startS * 1000 : null;
  const { action, outcomes } = updateFeedback(d.feedback, {
    tMs,
    posture: p.posture,
    activity: p.activity,
    slouchStartMs,
    utcOffsetMin: d.utcOffsetMin,
  });
  for (const o of outcomes) recordOutcome(d, o, out);
  if (action.kind !== 'buzz') return;
  const alert: AlertRecord = {
    wearerId: d.wearerId, deviceId: d.deviceId, buzzMs: tMs, slouchStartMs: slouchStartMs ?? tMs, repeat: action.repeat,
    pattern: action.pattern, outcome: 'pending', responseS: null, resolvedMs: null,
  };
  out.store.alerts.push(alert);
  // A backlog (after an outage or restart) is analysed as it arrives; buzzing for a slouch long past helps nobody.
  if (d.reorder.newestEndMs - tMs > settings.maxBuzzLagS * 1000) out.skippedBuzzes += 1;
  else out.haptics.push({ deviceId: d.deviceId, pattern: action.pattern });
}

export function recordOutcome(d: DeviceAnalysis, o: AlertOutcome, out: StepOutput): void {
  out.store.alerts.push({
    wearerId: d.wearerId, deviceId: d.deviceId, buzzMs: o.buzzMs, slouchStartMs: o.slouchStartMs, repeat: o.repeat,
    pattern: o.pattern, outcome: o.outcome, responseS: o.responseS, resolvedMs: o.resolvedMs,
  });
  out.outcomes.push(o.outcome);
}

/** The wearer calibrated (API or button): the calibration applies to the data analysed from now on. */
export function applyCalibration(d: DeviceAnalysis, calibration: Calibration): void {
  setPosturePipelineCalibration(d.pipeline, calibration);
  d.calibrationGiven = true;
}
