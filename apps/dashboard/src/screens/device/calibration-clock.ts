/**
 * The guided calibration happens on the browser's clock; the API wants its windows in the sensor's clock
 * (contracts section 4: "windows in sensor time"). The two differ by the sensor's clock error, and the only
 * sensor times the browser sees are those of the live posture points, which arrive some time after the
 * samples they describe. So the offset is estimated from the points: for each, `t - arrival` is the offset
 * minus that point's delay; the largest over the last half minute is the least delayed, and the pipeline's
 * usual delay (`pipelineLagMs`) is added back. The windows then get margins that keep an error of a second or
 * two harmless: the still window is trimmed, the bend window widened (its extra neutral samples do no harm).
 */

export interface CalibrationClockSettings {
  /**
   * Usual delay from a point's time to its arrival in the browser, ms (the 1 s batch, the analysis's reorder
   * hold, the stream). Measured on loopback with a clock-synchronised simulated sensor sending 1 s batches:
   * the least delayed points arrive 2.2-2.3 s after their time.
   */
  pipelineLagMs: number;
  /** Observations older than this are forgotten (a sensor that reconnects may change its clock), ms. */
  memoryMs: number;
  /** Trimmed from the start of the still window (settling into the position), ms. */
  neutralTrimStartMs: number;
  /** Trimmed from its end (starting to move on "now bend"), ms. */
  neutralTrimEndMs: number;
  /** Added before the bend window, ms. */
  bendLeadMs: number;
  /** Added after it (coming back up late), ms. */
  bendTailMs: number;
}

export const DEFAULT_CALIBRATION_CLOCK_SETTINGS: Readonly<CalibrationClockSettings> = Object.freeze({
  pipelineLagMs: 2250,
  memoryMs: 30_000,
  neutralTrimStartMs: 1000,
  neutralTrimEndMs: 500,
  bendLeadMs: 500,
  bendTailMs: 1500,
});

interface Observation {
  arrivedMs: number;
  offsetBoundMs: number;
}

export class SensorClock {
  readonly #settings: CalibrationClockSettings;
  #observations: Observation[] = [];
  #lastPointT = Number.NaN;

  constructor(settings: Partial<CalibrationClockSettings> = {}) {
    this.#settings = { ...DEFAULT_CALIBRATION_CLOCK_SETTINGS, ...settings };
  }

  /** A live point with sensor time `pointT` seen at browser time `arrivedMs`; repeats are ignored. */
  observe(pointT: number, arrivedMs: number): void {
    if (pointT === this.#lastPointT) return;
    this.#lastPointT = pointT;
    this.#observations.push({ arrivedMs, offsetBoundMs: pointT - arrivedMs });
    const oldest = arrivedMs - this.#settings.memoryMs;
    this.#observations = this.#observations.filter((o) => o.arrivedMs >= oldest);
  }

  /** Sensor time minus browser time, ms; null before any point. */
  offsetMs(): number | null {
    if (this.#observations.length === 0) return null;
    let best = -Infinity;
    for (const o of this.#observations) best = Math.max(best, o.offsetBoundMs);
    return best + this.#settings.pipelineLagMs;
  }

  /** Points seen in the `withinMs` before `nowMs` (two or more: the sensor is sending now). */
  recentCount(nowMs: number, withinMs: number): number {
    return this.#observations.filter((o) => o.arrivedMs >= nowMs - withinMs).length;
  }

  /** The newest sensor time seen (to wait until the data of a window has arrived). */
  get lastPointT(): number {
    return this.#lastPointT;
  }

  /** The API's windows for the two steps, timed on the browser's clock. */
  windows(steps: CalibrationSteps, offsetMs: number): { neutral: { from: number; to: number }; bend: { from: number; to: number } } {
    const s = this.#settings;
    const at = (wallMs: number) => Math.round(wallMs + offsetMs);
    return {
      neutral: { from: at(steps.stillFromMs + s.neutralTrimStartMs), to: at(steps.stillToMs - s.neutralTrimEndMs) },
      bend: { from: at(steps.bendFromMs - s.bendLeadMs), to: at(steps.bendToMs + s.bendTailMs) },
    };
  }
}

/** When the two steps ran, browser epoch ms. */
export interface CalibrationSteps {
  stillFromMs: number;
  stillToMs: number;
  bendFromMs: number;
  bendToMs: number;
}
