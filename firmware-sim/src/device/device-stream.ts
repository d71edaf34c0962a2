/**
 * The part of a scenario stream the device uses. `openScenario(...)` (scenario/) returns a ScenarioStream that
 * satisfies it; declaring the device's needs here keeps the device testable with any sample source.
 */
export interface DeviceStreamBlock {
  /** Epoch milliseconds (sensor clock) of the block's first sample. */
  t0Ms: number;
  /** Samples in the block; 0 once the stream has ended. */
  count: number;
  /** Accelerometer, g, interleaved xyz, at least 3 * count long. */
  acc: Float64Array;
  /** Gyroscope, deg/s, interleaved xyz, at least 3 * count long. */
  gyr: Float64Array;
}

export interface DeviceStream {
  /** Nominal sample rate, hertz. */
  readonly rateHz: number;
  /** Seconds of data the stream holds; Infinity for endless streams. */
  readonly durationS: number;
  /** The next `n` samples (fewer at the end, 0 when finished). */
  next(n: number): DeviceStreamBlock;
  /** The wearer felt a haptic buzz now. */
  notifyHaptic(): void;
}
