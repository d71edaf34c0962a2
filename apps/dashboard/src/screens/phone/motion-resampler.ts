/**
 * DeviceMotion events arrive when the browser likes (about 60 Hz on most phones, unevenly, slower when the page
 * is busy); a Stance batch needs evenly spaced samples (contracts section 2: sample `i` at `t0 + i * 1000 / hz`).
 * So the events are resampled onto a fixed grid by linear interpolation and cut into batches of one second.
 * A pause longer than `maxGapMs` (the page was hidden) ends the batch in progress and starts a new grid, so
 * the service sees a gap in time, never invented samples.
 */
import type { ImuBatch } from '@stance/protocol';

export interface MotionResamplerSettings {
  /** Output rate, Hz; 1000 / hz must be a whole number of ms so every `t0` is an integer. */
  hz: number;
  /** Samples per batch (at 50 Hz, 50 is one batch a second). */
  samplesPerBatch: number;
  /** Longest pause between two events that is still bridged by interpolation, ms. */
  maxGapMs: number;
}

export const DEFAULT_MOTION_RESAMPLER_SETTINGS: Readonly<MotionResamplerSettings> = Object.freeze({
  hz: 50,
  samplesPerBatch: 50,
  maxGapMs: 250,
});

/** One motion reading in the protocol's units. */
export interface MotionSample {
  /** Epoch ms (fractional allowed). */
  tMs: number;
  /** Accelerometer, g, reads +1 g up when still. */
  acc: readonly [number, number, number];
  /** Gyroscope, degrees per second. */
  gyr: readonly [number, number, number];
}

export class MotionResampler {
  readonly settings: MotionResamplerSettings;
  readonly #stepMs: number;
  #seq = 0;
  #prev: MotionSample | null = null;
  /** Time of the next grid sample, epoch ms (an integer). */
  #nextMs = 0;
  #t0Ms = 0;
  #count = 0;
  #acc: Float64Array;
  #gyr: Float64Array;

  constructor(settings: Partial<MotionResamplerSettings> = {}) {
    this.settings = { ...DEFAULT_MOTION_RESAMPLER_SETTINGS, ...settings };
    this.#stepMs = 1000 / this.settings.hz;
    if (!Number.isInteger(this.#stepMs)) throw new RangeError(`1000 / hz must be whole ms, got ${this.#stepMs}`);
    this.#acc = new Float64Array(3 * this.settings.samplesPerBatch);
    this.#gyr = new Float64Array(3 * this.settings.samplesPerBatch);
  }

  /** The seq the next batch will carry. */
  get nextSeq(): number {
    return this.#seq;
  }

  /** Adds one reading; answers the batches it completed (usually none or one). */
  push(sample: MotionSample): ImuBatch[] {
    const out: ImuBatch[] = [];
    const prev = this.#prev;
    if (prev === null || sample.tMs - prev.tMs > this.settings.maxGapMs || sample.tMs < prev.tMs) {
      const partial = this.flush();
      if (partial) out.push(partial);
      this.#prev = sample;
      this.#nextMs = Math.ceil(sample.tMs);
      return out;
    }
    const span = sample.tMs - prev.tMs;
    while (this.#nextMs <= sample.tMs) {
      const f = span > 0 ? (this.#nextMs - prev.tMs) / span : 1;
      if (this.#count === 0) this.#t0Ms = this.#nextMs;
      const k = 3 * this.#count;
      for (let axis = 0; axis < 3; axis++) {
        this.#acc[k + axis] = prev.acc[axis]! + f * (sample.acc[axis]! - prev.acc[axis]!);
        this.#gyr[k + axis] = prev.gyr[axis]! + f * (sample.gyr[axis]! - prev.gyr[axis]!);
      }
      this.#count++;
      this.#nextMs += this.#stepMs;
      if (this.#count === this.settings.samplesPerBatch) out.push(this.#emit());
    }
    this.#prev = sample;
    return out;
  }

  /** The batch in progress, if any (on stop or after a pause); the grid restarts with the next reading. */
  flush(): ImuBatch | null {
    this.#prev = null;
    return this.#count > 0 ? this.#emit() : null;
  }

  #emit(): ImuBatch {
    const n = 3 * this.#count;
    const batch: ImuBatch = {
      seq: this.#seq,
      t0Ms: this.#t0Ms,
      hz: this.settings.hz,
      count: this.#count,
      acc: this.#acc.slice(0, n),
      gyr: this.#gyr.slice(0, n),
    };
    this.#seq = (this.#seq + 1) >>> 0;
    this.#count = 0;
    return batch;
  }
}
