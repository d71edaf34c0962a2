/**
 * The posture pipeline's state (posture-pipeline.ts has the lifecycle): the public interface, and the class that
 * implements it. A class rather than an object literal because the angle outputs are getters, and V8 keeps
 * number fields unboxed (updated in place, no allocation) only for objects whose getters live on a prototype
 * built the ordinary way: getters in a literal make it a slow dictionary, a literal with `__proto__` makes
 * every number stored in it a new heap object.
 */
import type { Activity, Posture } from '@stance/protocol';
import type { Calibration } from './calibration.js';
import { createOrientationFilter, type OrientationFilter } from './orientation-filter.js';
import { calibratedAngles, type TrunkAnglesOut } from './trunk-angles.js';
import { createActivityClassifier, type ActivityClassifier } from './activity.js';
import { createSlouchDetector, type SlouchDetector } from './slouch-detector.js';
import type { PosturePoint, SlouchEpisode } from './posture-point.js';
import { createPointBinner, type PointBinner } from './point-binner.js';
import { createPipelineCalibration, type PipelineCalibration } from './pipeline-calibration.js';
import { DEFAULT_POSTURE_PIPELINE_SETTINGS, type PosturePipelineSettings } from './posture-pipeline-settings.js';

export interface PosturePipeline {
  readonly settings: Readonly<PosturePipelineSettings>;
  readonly filter: OrientationFilter;
  readonly activityClassifier: ActivityClassifier;
  readonly slouch: SlouchDetector;
  readonly calibrator: PipelineCalibration;
  // Outputs.
  /** Time of the last accepted sample, seconds (caller's time base). */
  tS: number;
  /** Unit vector opposite to gravity, sensor frame (the filter's output, every sample). */
  readonly up: Float64Array;
  /**
   * Trunk angles of the last sample, degrees, computed when read (only callers that want every sample's angles
   * pay for the trigonometry); NaN while not calibrated (lateral also NaN under a 'neutral-only' calibration).
   * Posture, points and episodes use the angles of the ticks (`angles`).
   */
  readonly flexionDeg: number;
  readonly lateralDeg: number;
  /** Activity and posture as of the last tick. */
  activity: Activity;
  posture: Posture;
  /** The calibration in use (given, or found automatically); null while there is none. */
  calibration: Calibration | null;
  /** The last sample brought a new calibration. */
  calibrationChanged: boolean;
  /** The calibration no longer fits (the sensor seems to have moved on the body). */
  calibrationStale: boolean;
  /** The last sample completed a point; `point` holds it (reused: copy what you keep). */
  pointReady: boolean;
  readonly point: PosturePoint;
  /** The last sample confirmed a slouch episode (start backdated); `episode.startMs` holds its start. */
  episodeConfirmed: boolean;
  /** The last sample (or `finishPosturePipeline`) ended an episode; `episode` holds it (reused). */
  episodeEnded: boolean;
  /**
   * The last sample withdrew a confirmed episode instead of ending it: the calibration was found stale while
   * it was open, so its angles cannot be trusted. `episode` holds what it had.
   */
  episodeCancelled: boolean;
  readonly episode: SlouchEpisode;
  /** Samples accepted and dropped (time not after the previous sample). */
  samples: number;
  droppedSamples: number;
  // Internal state below.
  /** The arguments of the current update: tS, ax, ay, az, gx, gy, gz (see updatePosturePipeline). */
  readonly sample: Float64Array;
  /** Some event flag is set (they are cleared at the next sample). */
  flagged: boolean;
  prevTS: number;
  /** Tick length (`activity.blockS`), s; the open tick ends at the first sample at or after `tickEndS`. */
  readonly tickS: number;
  tickEndS: number;
  /** Grid cell of the open tick (index k of [k·tickS, (k+1)·tickS)), and the end of its point interval. */
  tickCell: number;
  binEndS: number;
  /** Samples and their time (gaps excluded) since the last tick. */
  tickN: number;
  tickStepS: number;
  /** Angles of the last tick; and where the getters of `flexionDeg`, `lateralDeg` compute theirs. */
  readonly angles: TrunkAnglesOut;
  readonly sampleAngles: TrunkAnglesOut;
  sampleAnglesAt: number;
  calStepS: number;
  calGx: number;
  calGy: number;
  calGz: number;
  readonly points: PointBinner;
}

export function createPosturePipeline(settings: Partial<PosturePipelineSettings> = {}): PosturePipeline {
  const s = Object.freeze({ ...DEFAULT_POSTURE_PIPELINE_SETTINGS, ...settings });
  if (!(s.pointIntervalS > 0) || !(s.maxStepS > 0)) throw new RangeError('posture pipeline: pointIntervalS and maxStepS must be > 0');
  return new PosturePipelineState(s);
}

class PosturePipelineState implements PosturePipeline {
  readonly settings: Readonly<PosturePipelineSettings>;
  readonly filter: OrientationFilter;
  readonly activityClassifier: ActivityClassifier;
  readonly slouch: SlouchDetector;
  readonly calibrator: PipelineCalibration;
  tS = Number.NaN;
  readonly up: Float64Array;
  activity: Activity = 'unknown';
  posture: Posture = 'unknown';
  calibration: Calibration | null;
  calibrationChanged = false;
  calibrationStale = false;
  pointReady = false;
  readonly point: PosturePoint;
  episodeConfirmed = false;
  episodeEnded = false;
  episodeCancelled = false;
  readonly episode: SlouchEpisode = { startMs: 0, endMs: 0, durationS: 0, peakFlexionDeg: 0, meanFlexionDeg: 0, doseDegS: 0 };
  samples = 0;
  droppedSamples = 0;
  readonly sample = new Float64Array(7);
  flagged = false;
  prevTS = Number.NaN;
  readonly tickS: number;
  tickEndS = Number.NaN;
  tickCell = Number.NaN;
  binEndS = Number.NaN;
  tickN = 0;
  tickStepS = 0;
  readonly angles: TrunkAnglesOut = { flexionDeg: Number.NaN, lateralDeg: Number.NaN };
  readonly sampleAngles: TrunkAnglesOut = { flexionDeg: Number.NaN, lateralDeg: Number.NaN };
  /** `samples` and calibration when `sampleAngles` was computed (-1: never, or forgotten by a reset). */
  sampleAnglesAt = -1;
  sampleAnglesCal: Calibration | null = null;
  calStepS = 0;
  calGx = 0;
  calGy = 0;
  calGz = 0;
  readonly points: PointBinner;

  constructor(s: Readonly<PosturePipelineSettings>) {
    this.settings = s;
    this.filter = createOrientationFilter(s.filter);
    this.activityClassifier = createActivityClassifier(s.activity);
    this.slouch = createSlouchDetector({ slouchDeg: s.slouchDeg, minSlouchS: s.minSlouchS, hysteresisDeg: s.hysteresisDeg, graceS: s.graceS });
    this.calibrator = createPipelineCalibration(s.calibration, s.calibrationSettings, s.calibrationMode === 'seed');
    this.up = this.filter.up;
    this.calibration = s.calibration;
    this.points = createPointBinner(s.pointIntervalS);
    this.point = this.points.point;
    this.tickS = this.activityClassifier.settings.blockS;
  }

  get flexionDeg(): number {
    return this.computeSampleAngles().flexionDeg;
  }

  get lateralDeg(): number {
    return this.computeSampleAngles().lateralDeg;
  }

  /** Computed once per sample and calibration, however often read (the analyze summary reads them five times). */
  private computeSampleAngles(): TrunkAnglesOut {
    const out = this.sampleAngles;
    const cal = this.calibration;
    if (this.sampleAnglesAt === this.samples && this.sampleAnglesCal === cal) return out;
    this.sampleAnglesAt = this.samples;
    this.sampleAnglesCal = cal;
    if (cal !== null && this.filter.initialised) {
      calibratedAngles(cal, this.up, out);
    } else {
      out.flexionDeg = Number.NaN;
      out.lateralDeg = Number.NaN;
    }
    return out;
  }
}
