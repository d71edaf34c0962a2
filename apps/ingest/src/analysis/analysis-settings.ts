/**
 * Settings of the service's analysis: the per-device pipeline, feedback (the defaults of every wearer's own
 * settings, wearer-settings.ts), reordering, offline buffers and restart warm-up.
 */
import type { FeedbackSettings, PosturePipelineSettings } from '@stance/analysis';

export interface AnalysisSettings {
  /** Batches that arrive out of order wait up to this much sensor time for the gap before them to close, ms. */
  reorderHoldMs: number;
  /** Held batches of a device that has sent nothing for this long (wall clock) are analysed anyway, ms. */
  idleReleaseMs: number;
  /**
   * A gap of missing seqs (the sensor's offline buffer, still to come) holds the device's later data at most
   * until this much newer sensor time is waiting behind it, s. Bounded well within the raw retention.
   */
  gapHoldMaxS: number;
  /** ... or until the device has been online this long without the gap making progress (wall clock), s. */
  gapTimeoutS: number;
  /** ... or, while the device is offline (status `online: false`, its last will), this long (wall clock), s. */
  gapOfflineHoldS: number;
  /**
   * A device offline (status `online: false`, its last will) this long has its last partial second and any
   * open episode closed (wall clock), s. Not while a gap of its data is awaited.
   */
  offlineCloseS: number;
  /**
   * A device's hour and day rollups and its checkpoint are written once in every such interval, at the device's
   * slot in it (its points, episodes and alerts at once), s; also its last-seen time. 0: with every transaction.
   * After a crash, up to 1.5 times this much of each device's data is analysed again (deferred-writes.ts).
   */
  flushIntervalS: number;
  /** After a restart, the rebuilt pipeline re-runs this much of the device's recent raw data (outputs discarded), s. */
  warmUpS: number;
  /** A buzz decided on data older than this behind the device's newest data is recorded but not sent (a backlog), s. */
  maxBuzzLagS: number;
  /** "Calibrate now" (button, or the API without windows): the neutral posture is the last this many seconds, s. */
  nowNeutralS: number;
  /** ... and the forward axis is learnt from the wearer's movement over the last this many seconds, s. */
  nowMotionS: number;
  /** Pipeline settings over the analysis defaults (slouch threshold, minimum episode...). */
  pipeline: Partial<PosturePipelineSettings>;
  /** Feedback settings over the analysis defaults (delays, patterns, snooze...). */
  feedback: Partial<FeedbackSettings>;
}

export const DEFAULT_ANALYSIS_SETTINGS: Readonly<AnalysisSettings> = Object.freeze({
  reorderHoldMs: 2000,
  idleReleaseMs: 3000,
  gapHoldMaxS: 900,
  gapTimeoutS: 60,
  gapOfflineHoldS: 3600,
  offlineCloseS: 30,
  flushIntervalS: 15,
  warmUpS: 60,
  maxBuzzLagS: 30,
  nowNeutralS: 5,
  nowMotionS: 600,
  pipeline: Object.freeze({}),
  feedback: Object.freeze({}),
});
