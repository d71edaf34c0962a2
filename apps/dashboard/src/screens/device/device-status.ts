/** A device's status in words for the list: battery, last seen, and the data gaps the service counted. */
import type { Device } from '../../lib/api/types.js';
import { formatDuration, formatRelative, formatTime, MISSING } from '../../lib/format.js';

export function batteryText(battery: number | null): string {
  return battery === null || !Number.isFinite(battery) ? MISSING : `${Math.round(battery)}%`;
}

export function batteryTone(battery: number | null): 'good' | 'warn' | 'bad' | null {
  if (battery === null) return null;
  return battery < 15 ? 'bad' : battery < 30 ? 'warn' : 'good';
}

export function lastSeenText(d: Device, nowMs = Date.now()): string {
  if (d.online) return 'now';
  return d.lastSeenMs === null ? 'never' : formatRelative(d.lastSeenMs, nowMs);
}

export function gapsText(d: Device, utcOffsetMin: number): string {
  const g = d.dataGaps;
  if (!g || g.count === 0) return 'No gaps';
  const what = `${g.count} ${g.count === 1 ? 'gap' : 'gaps'}, ${formatDuration(g.missingS)} missing`;
  if (g.lastStartMs === null || g.lastEndMs === null) return what;
  return `${what}; the last ${formatTime(g.lastStartMs, utcOffsetMin)}–${formatTime(g.lastEndMs, utcOffsetMin)}`;
}
