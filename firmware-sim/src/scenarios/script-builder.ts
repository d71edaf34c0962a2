/**
 * What a scenario script writes with: the builder keeps the wearer's current pose and time, hands out
 * motion segments that start where the last one ended, and carries what the engine tells the script
 * back (a haptic buzz cut the last hold short).
 */
import type { Activity } from '@stance/protocol';
import { poseOf, samePose, type MotionSegment, type Pose, type PoseChange } from '../model/motion-segment.js';
import type { Rng } from '../model/rng.js';
import type { Mounting } from '../model/mounting.js';

export interface ScenarioWindows {
  /** Seconds in which the wearer holds the neutral posture. */
  neutral: [number, number];
  /** Seconds containing one forward bend. */
  bend?: [number, number];
}

export class ScriptBuilder {
  /** True time at the end of the last segment handed out, seconds. */
  timeS = 0;
  /** Pose at that time. */
  pose: Pose;
  /** Set by the engine when a buzz cut the last hold short; the script clears it when it reacts. */
  buzzed = false;
  /** True time of the last haptic buzz, NaN before the first. */
  lastHapticS = Number.NaN;
  /** Where the calibration routine happened (true time). */
  windows: Partial<ScenarioWindows> = {};

  constructor(
    readonly rng: Rng,
    /** Length of the recording, seconds (Infinity for an endless stream). */
    readonly durationS: number,
    /** The mounting at the start (a script that puts the sensor down needs to know how it sits). */
    readonly mounting: Mounting,
    start: PoseChange,
  ) {
    this.pose = poseOf(start);
  }

  remainingS(): number {
    return this.durationS - this.timeS;
  }

  /** Stay in the current pose (sway and gait continue) for `durationS`. */
  hold(durationS: number, activity: Activity, hapticReactionS?: number): MotionSegment {
    const seg: MotionSegment = {
      t0S: this.timeS,
      t1S: this.timeS + Math.max(0, durationS),
      from: this.pose,
      to: this.pose,
      activity,
      hold: true,
    };
    if (hapticReactionS !== undefined) seg.hapticReactionS = hapticReactionS;
    this.timeS = seg.t1S;
    return seg;
  }

  /** Move to the changed pose along a minimum-jerk profile lasting `durationS`. */
  move(change: PoseChange, durationS: number, activity: Activity): MotionSegment {
    const to = poseOf(change, this.pose);
    const seg: MotionSegment = {
      t0S: this.timeS,
      t1S: this.timeS + Math.max(0, durationS),
      from: this.pose,
      to,
      activity,
      hold: samePose(this.pose, to),
    };
    this.pose = to;
    this.timeS = seg.t1S;
    return seg;
  }

  /** The clip turns by `angleDeg` about the sensor axis `axis` while the pose holds. */
  slip(axis: readonly [number, number, number], angleDeg: number, durationS: number): MotionSegment {
    const seg = this.hold(durationS, 'moving');
    seg.slip = { axis, angleDeg };
    return seg;
  }
}
