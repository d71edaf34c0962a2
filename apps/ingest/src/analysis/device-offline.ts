/**
 * A device's offline periods, for its analysis:
 *
 * - **Awaiting its buffer.** While seqs of the sensor's current boot are missing (seq-gaps.ts), the data after
 *   them is held in the reorder window: the sensor still has them in its offline buffer and will send them
 *   (oldest first, or after newer live data). The hold ends when the gap fills, or when one bound is reached:
 *   `gapHoldMaxS` of newer sensor time waiting, `gapTimeoutS` online without progress, `gapOfflineHoldS`
 *   offline. Then the gap is given up (a data gap, data-gaps in the device status) and analysis goes on.
 * - **Closing.** A device offline for `offlineCloseS`, with nothing awaited and nothing held, gets its last
 *   partial second and any open episode stored (`finishPosturePipeline`), so the day reads complete while the
 *   sensor is away. The close is provisional: if the data goes on later after all (a buffer sent oldest first
 *   after a long outage), the pipeline carries on as if it had not been closed: the close finished a copy of
 *   it, not the pipeline itself (which a restart rebuilds from a checkpoint of that unfinished state). The
 *   rest of the closed second is not stored twice, and a slouch that went on is the same episode: stored again
 *   under its key (wearer, start), grown, and the rollups get the difference (`growEpisode`), not a second one.
 */
import { finishPosturePipeline } from '@stance/analysis';
import { storedPoint } from '../store/store-port.js';
import type { AnalysisSettings } from './analysis-settings.js';
import { storeEpisode, type DeviceAnalysis, type StepOutput } from './device-analysis.js';
import { batchEndMs, type HeldBatch } from './reorder-buffer.js';
import { missingBelow } from './seq-gaps.js';

/** True while the gap before `b` (missing seqs of its boot) is still worth waiting for at wall time `wallMs`. */
export function gapAwaited(d: DeviceAnalysis, b: HeldBatch, wallMs: number, s: AnalysisSettings): boolean {
  if (!missingBelow(d.gaps, b.boot, b.seq)) return false;
  if (d.reorder.newestEndMs - batchEndMs(b) >= s.gapHoldMaxS * 1000) return false;
  const offline = d.offlineSinceWallMs === d.offlineSinceWallMs;
  return wallMs - d.gaps.clockWallMs < (offline ? s.gapOfflineHoldS : s.gapTimeoutS) * 1000;
}

/** The device said it is online or offline (status message, last will). */
export function setDeviceOnline(d: DeviceAnalysis, online: boolean, wallMs: number): void {
  if (online) {
    // Back online: a gap it left gets its full timeout from now.
    if (d.offlineSinceWallMs === d.offlineSinceWallMs) d.gaps.clockWallMs = wallMs;
    d.offlineSinceWallMs = Number.NaN;
  } else if (!(d.offlineSinceWallMs === d.offlineSinceWallMs)) {
    d.offlineSinceWallMs = wallMs;
  }
}

/** Due for closing: offline long enough, analysed up to what it sent, nothing held or awaited, not closed yet. */
export function closeDue(d: DeviceAnalysis, wallMs: number, s: AnalysisSettings): boolean {
  return (
    wallMs - d.offlineSinceWallMs >= s.offlineCloseS * 1000 &&
    !d.closed &&
    d.reorder.held.length === 0 &&
    Number.isFinite(d.lastFedMs)
  );
}

/** Stores the last partial second and any open episode (into `out`), from a finished copy of the pipeline. */
export function closeDevice(d: DeviceAnalysis, out: StepOutput): void {
  // A copy (plain data and typed arrays, about 13 KB; a close is rare): the device's own pipeline stays as it
  // was, so data that goes on after all continues it exactly.
  const p = structuredClone(d.pipeline);
  finishPosturePipeline(p);
  if (p.episodeEnded) {
    storeEpisode(d, p.episode, out);
    d.closedEpisode = { ...p.episode };
  }
  if (p.pointReady && !(p.point.tMs < d.closedThroughMs)) {
    out.store.points.push(storedPoint(p.point, d.wearerId, d.deviceId));
    out.pointEndsMs.push(p.point.tMs + p.settings.pointIntervalS * 1000);
    d.closedThroughMs = p.point.tMs + p.settings.pointIntervalS * 1000;
  }
  d.closed = true;
}
