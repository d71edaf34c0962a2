/**
 * The per-second record the posture pipeline emits and everything downstream (feedback, aggregates,
 * storage, dashboard) consumes. One point summarises one second of sensor data.
 */
import type { Activity, Posture } from '@stance/protocol';

export interface PosturePoint {
  /** Start of the second this point covers, milliseconds since the Unix epoch (sensor clock, corrected). */
  tMs: number;
  /** Forward flexion of the upper trunk, degrees, contracts section 1 (positive = bent forward). */
  flexionDeg: number;
  /** Lateral lean, degrees, contracts section 1 (positive = leaning to the wearer's right). */
  lateralDeg: number;
  /** What the wearer was doing during this second. */
  activity: Activity;
  /** Posture classification of this second ('unknown' while not calibrated, walking, lying or not worn). */
  posture: Posture;
  /** The sensor was on the body. False points carry no posture meaning. */
  worn: boolean;
}

/** One slouch episode: a continuous slouched stretch at least the pipeline's minimum length. */
export interface SlouchEpisode {
  /** First slouched moment, epoch milliseconds. */
  startMs: number;
  /** First moment no longer slouched, epoch milliseconds (exclusive end). */
  endMs: number;
  /** (endMs - startMs) / 1000, seconds. */
  durationS: number;
  /** Highest flexion during the episode, degrees. */
  peakFlexionDeg: number;
  /** Mean flexion during the episode, degrees. */
  meanFlexionDeg: number;
  /** Exposure dose: integral of (flexion - slouch threshold) over the episode, degree-seconds. */
  doseDegS: number;
}
