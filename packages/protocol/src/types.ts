/**
 * Types shared by the sensor (firmware-sim), the service (apps/ingest) and the dashboard.
 * Wire field names are fixed by contracts section 2; in-memory names carry their units.
 */

/** One decoded IMU batch. Sample `i` is at `t0Ms + i * 1000 / hz` on the sensor clock. */
export interface ImuBatch {
  /** Batch counter, +1 per batch since the sensor booted; a reboot starts again at 0. uint32. */
  seq: number;
  /** Time of the first sample, milliseconds since the Unix epoch, sensor clock. */
  t0Ms: number;
  /** Sample rate, hertz. */
  hz: number;
  /** Number of samples, 1 to MAX_SAMPLES_PER_BATCH. */
  count: number;
  /** Accelerometer, g, interleaved x, y, z; length 3 * count. */
  acc: Float64Array;
  /** Gyroscope, degrees per second, interleaved x, y, z; length 3 * count. */
  gyr: Float64Array;
}

/** What the wearer is doing, as the analysis (or the simulator's ground truth) sees it. */
export type Activity = 'still' | 'moving' | 'walking' | 'lying' | 'not_worn' | 'unknown';
export const ACTIVITIES: readonly Activity[] = Object.freeze([
  'still',
  'moving',
  'walking',
  'lying',
  'not_worn',
  'unknown',
]);

/** Posture classification of one moment. */
export type Posture = 'upright' | 'slouched' | 'unknown';
export const POSTURES: readonly Posture[] = Object.freeze(['upright', 'slouched', 'unknown']);

/** `posture/ID/status`, retained, and the sensor's last will (`online: false`). */
export interface DeviceStatus {
  online: boolean;
  /** Battery charge, percent 0 to 100. Absent in a last will. */
  battery?: number;
  /** Firmware version, e.g. "1.2.0". */
  fw?: string;
}

/** `posture/ID/event`: things the wearer did on the sensor. */
export type DeviceEvent =
  | { type: 'button'; action: 'calibrate' | 'snooze' }
  | { type: 'button'; action: string };

/** Haptic buzz patterns the sensor knows. */
export type HapticPattern = 'short' | 'double' | 'long';

/** `posture/ID/cmd`: service to sensor. */
export type DeviceCommand =
  | { type: 'haptic'; pattern: HapticPattern; reason: string }
  | { type: 'config'; [key: string]: unknown };
