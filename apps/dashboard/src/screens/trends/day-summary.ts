/** The day chart in words and as a table: what a screen reader hears and what the summary line says. */
import type { AlertRecord, Episode } from '../../lib/api/types.js';
import { formatAngle, formatDuration, formatTime } from '../../lib/format.js';
import type { DaySeries } from './day-series.js';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "Worn 6 h 12 min; 5 slouch episodes (...); 3 alerts, 1 corrected; no data for 17 h 48 min." The upright
 * share is left to the day's tile, which has it from the service's own rollup.
 */
export function daySummaryText(series: DaySeries, episodes: readonly Episode[], alerts: readonly AlertRecord[], utcOffsetMin: number): string {
  const parts: string[] = [];
  parts.push(`Worn ${formatDuration(series.wornS)}`);
  if (episodes.length === 0) parts.push('no slouch episodes');
  else {
    const totalS = episodes.reduce((sum, e) => sum + e.durationS, 0);
    const longest = episodes.reduce((a, b) => (b.durationS > a.durationS ? b : a));
    parts.push(
      `${plural(episodes.length, 'slouch episode', 'slouch episodes')} (${formatDuration(totalS)} in all, the longest ${formatDuration(longest.durationS)} from ${formatTime(longest.start, utcOffsetMin)})`,
    );
  }
  if (alerts.length > 0) {
    const corrected = alerts.filter((a) => a.outcome === 'corrected').length;
    parts.push(`${plural(alerts.length, 'alert', 'alerts')}, ${corrected} corrected`);
  }
  if (series.missingS >= 60) parts.push(`no data for ${formatDuration(series.missingS)}`);
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export const EPISODE_COLUMNS: readonly string[] = ['Start', 'End', 'Length', 'Peak bend', 'Mean bend'];

export function episodeRows(episodes: readonly Episode[], utcOffsetMin: number): string[][] {
  return episodes.map((e) => [
    formatTime(e.start, utcOffsetMin),
    formatTime(e.end, utcOffsetMin),
    formatDuration(e.durationS),
    formatAngle(e.peakFlexionDeg),
    formatAngle(e.meanFlexionDeg),
  ]);
}
