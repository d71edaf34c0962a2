/** Public types of the scenario API (team notes, "firmware-sim scenarios"). */
import type { Activity } from '@stance/protocol';
import type { Mounting, MountingName } from '../model/mounting.js';
import type { SensorErrorSettings } from '../model/sensor-errors.js';
import type { ScenarioWindows } from './script-builder.js';

export interface ScenarioOptions {
  /** Everything random derives from it. */
  seed: number;
  /** Nominal sample rate, 25..300 Hz. */
  rateHz: number;
  /** Seconds; scenario-specific default. Infinity for an endless stream (openScenario only). */
  durationS?: number;
  /** Default: the scenario's own (usually 'back-clip'). */
  mounting?: MountingName | Mounting;
  /** Default 'typical'. A partial object is merged over DEFAULT_SENSOR_ERROR_SETTINGS. */
  errors?: 'none' | 'typical' | 'uncalibrated' | Partial<SensorErrorSettings>;
  /** Epoch ms of the first sample (sensor clock). Default 1763712000000. */
  startMs?: number;
}

export const DEFAULT_START_MS = 1763712000000;
export const MIN_RATE_HZ = 25;
export const MAX_RATE_HZ = 300;

/** The clip moved on the wearer at `atS` (file time): from then on it sits as `mounting`. */
export interface MountingChange {
  atS: number;
  mounting: Mounting;
}

export interface Recording {
  name: string;
  rateHz: number;
  seed: number;
  /** The mounting at the start. */
  mounting: Mounting;
  /** Later changes of the mounting (sensor-slip), in order; empty for most scenarios. */
  mountingChanges: MountingChange[];
  /** The error settings used, and what this device drew from them. */
  errors: {
    settings: Readonly<SensorErrorSettings>;
    gyroBiasDps: number[];
    gyroScale: number[];
    accBiasG: number[];
    accScale: number[];
    clockErrorPpm: number;
  };
  /** Sensor timestamps in seconds from the start (jitter, clock error). */
  timeS: Float64Array;
  /** Interleaved xyz, g, sensor frame, with the sensor errors. */
  acc: Float64Array;
  /** Interleaved xyz, deg/s, sensor frame, with the sensor errors. */
  gyr: Float64Array;
  truth: {
    /** Exact, contracts section 1, per sample. */
    flexionDeg: Float64Array;
    lateralDeg: Float64Array;
    /** Heading (rotation about world up, deg, counter-clockwise from above); not part of the contract's angles. */
    headingDeg: Float64Array;
    activity: Activity[];
    /** Interleaved xyz: true unit up vector in the sensor frame. */
    upSensor: Float64Array;
  };
  /** Where the calibration routine is, seconds in the file's time base. */
  windows: ScenarioWindows;
}

export interface ScenarioBlock {
  /** Epoch ms of the block's first sample on the sensor clock (rounded to the millisecond). */
  t0Ms: number;
  count: number;
  acc: Float64Array;
  gyr: Float64Array;
}

export interface ScenarioStream {
  readonly rateHz: number;
  /** Infinity for endless streams. */
  readonly durationS: number;
  /** Next `n` samples (fewer at the end, 0 when finished), an ImuBatch-shaped block without seq. */
  next(n: number): ScenarioBlock;
  /** The device felt a haptic buzz now; scenarios that model it make the wearer sit up. */
  notifyHaptic(): void;
}

/** Ground-truth slouch episode, file time base. */
export interface TruthEpisode {
  startS: number;
  endS: number;
  durationS: number;
  peakFlexionDeg: number;
  meanFlexionDeg: number;
}
