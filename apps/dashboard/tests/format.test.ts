/** The dashboard's shared formatting: durations, percentages, angles, the wearer's local days and times. */
import { describe, expect, it } from 'vitest';
import {
  formatAngle, formatDuration, formatMinutes, formatPercent, formatRelative, formatSigned, formatTime, localDayKey,
  localMidnight, localWeekStart, MISSING,
} from '../src/lib/format.js';

describe('format', () => {
  it('writes durations as s, min, and h with two-digit minutes', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(12 * 60 + 20)).toBe('12 min');
    expect(formatDuration(3600 + 5 * 60)).toBe('1 h 05 min');
    expect(formatDuration(3599.9)).toBe('1 h 00 min');
    expect(formatDuration(null)).toBe(MISSING);
    expect(formatMinutes(29 * 60 + 40)).toBe('30');
  });

  it('never turns a missing value into zero', () => {
    expect(formatPercent(null)).toBe(MISSING);
    expect(formatAngle(undefined)).toBe(MISSING);
    expect(formatPercent(Number.NaN)).toBe(MISSING);
  });

  it('writes percentages, angles and signed changes', () => {
    expect(formatPercent(87.4)).toBe('87%');
    expect(formatPercent(87.45, 1)).toBe('87.5%');
    expect(formatAngle(23.4)).toBe('23°');
    expect(formatAngle(-0.2)).toBe('0°');
    expect(formatSigned(4)).toBe('+4');
    expect(formatSigned(-2.5, 1)).toBe('−2.5');
    expect(formatSigned(0.04, 1)).toBe('0.0');
  });

  it('reads local days and times in the wearer\'s offset, not the browser\'s', () => {
    const t = Date.UTC(2025, 10, 21, 23, 30); // Friday 21 Nov 23:30 UTC
    expect(formatTime(t, 0)).toBe('23:30');
    expect(formatTime(t, 60)).toBe('00:30');
    expect(localDayKey(t, 60)).toBe('2025-11-22');
    expect(localMidnight(t, 60)).toBe(Date.UTC(2025, 10, 21, 23, 0));
    expect(localMidnight(t, -300)).toBe(Date.UTC(2025, 10, 21, 5, 0));
    // Saturday 22 Nov local (UTC+1) belongs to the week of Monday 17 Nov.
    expect(localWeekStart(t, 60)).toBe(Date.UTC(2025, 10, 16, 23, 0));
    expect(localWeekStart(Date.UTC(2025, 10, 17, 0, 0), 0)).toBe(Date.UTC(2025, 10, 17));
  });

  it('says how long ago in words', () => {
    const now = Date.UTC(2025, 10, 21, 12);
    expect(formatRelative(now - 10_000, now)).toBe('just now');
    expect(formatRelative(now - 2 * 60_000, now)).toBe('2 min ago');
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatRelative(now - 30 * 3_600_000, now)).toBe('yesterday');
    expect(formatRelative(now - 5 * 86_400_000, now)).toBe('5 days ago');
    expect(formatRelative(now + 4 * 60_000, now)).toBe('in 4 min');
  });
});
