/**
 * What a coach should look at first, per wearer: a few plain flags from numbers the caller has gathered.
 * Pure; the thresholds are settings with their units.
 */
import type { WeekNumbers } from './week-numbers.js';

export type AttentionFlag = 'worsening' | 'not_worn' | 'calibration_stale' | 'sensor_offline' | 'no_device';

export const ATTENTION_FLAGS: readonly AttentionFlag[] = Object.freeze(['worsening', 'not_worn', 'calibration_stale', 'sensor_offline', 'no_device']);

export interface AttentionSettings {
  /** worsening: this week's upright share at least this many percentage points below last week's... */
  uprightDropPp: number;
  /** ...or slouch minutes per worn day up by at least this fraction (0.2 = 20 %). */
  slouchRiseFraction: number;
  /** not_worn: less than this many worn seconds... */
  notWornMinS: number;
  /** ...over this many hours before now. */
  notWornWindowH: number;
  /** calibration_stale: the last calibration is older than this many days. */
  calibrationMaxAgeDays: number;
  /** sensor_offline: no device online and none heard from for this many minutes. */
  offlineAfterMin: number;
}

export const DEFAULT_ATTENTION_SETTINGS: Readonly<AttentionSettings> = Object.freeze({
  uprightDropPp: 5,
  slouchRiseFraction: 0.2,
  notWornMinS: 3600,
  notWornWindowH: 48,
  calibrationMaxAgeDays: 14,
  offlineAfterMin: 60,
});

/** A device of the wearer (paired, not disabled), as the flags see it. */
export interface AttentionDevice {
  online: boolean;
  lastSeenMs: number | null;
  /** The live pipeline finds its calibration no longer fits (the sensor moved on the body). */
  calibrationStale: boolean;
}

export interface AttentionInput {
  nowMs: number;
  thisWeek: WeekNumbers;
  lastWeek: WeekNumbers;
  /** Worn seconds in the `notWornWindowH` hours before now. */
  recentWornS: number;
  devices: readonly AttentionDevice[];
  /** The newest calibration recorded for the wearer (API or button), epoch ms; null when none. */
  lastCalibrationMs: number | null;
}

export function attentionFlags(input: AttentionInput, settings: Readonly<AttentionSettings> = DEFAULT_ATTENTION_SETTINGS): AttentionFlag[] {
  const flags: AttentionFlag[] = [];
  if (isWorsening(input.thisWeek, input.lastWeek, settings)) flags.push('worsening');
  if (input.devices.length === 0) {
    flags.push('no_device');
    return flags;
  }
  if (input.recentWornS < settings.notWornMinS) flags.push('not_worn');
  const calibrationOld =
    input.lastCalibrationMs !== null && input.nowMs - input.lastCalibrationMs > settings.calibrationMaxAgeDays * 86_400_000;
  if (calibrationOld || input.devices.some((d) => d.calibrationStale)) flags.push('calibration_stale');
  const online = input.devices.some((d) => d.online);
  const lastSeenMs = Math.max(...input.devices.map((d) => d.lastSeenMs ?? -Infinity));
  if (!online && input.nowMs - lastSeenMs > settings.offlineAfterMin * 60_000) flags.push('sensor_offline');
  return flags;
}

function isWorsening(thisWeek: WeekNumbers, lastWeek: WeekNumbers, s: Readonly<AttentionSettings>): boolean {
  if (thisWeek.uprightPct !== null && lastWeek.uprightPct !== null && thisWeek.uprightPct <= lastWeek.uprightPct - s.uprightDropPp) {
    return true;
  }
  const before = lastWeek.slouchMinPerDay;
  const now = thisWeek.slouchMinPerDay;
  return before !== null && now !== null && before > 0 && now >= before * (1 + s.slouchRiseFraction);
}
