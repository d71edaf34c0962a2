/**
 * How the time-series records of the store port map onto InfluxDB: one measurement per record kind, the
 * record's natural key as tags + timestamp (ms), everything else as fields. Because the key is the point's
 * identity, a redelivered record overwrites itself: nothing is counted twice.
 *
 * | measurement | tags | time | fields |
 * |---|---|---|---|
 * | `posture_point` | wearer | t | device, flexion_deg, lateral_deg (left out when not calibrated), activity, posture, worn |
 * | `slouch_episode` | wearer | start | device, end_ms, duration_s, peak_flexion_deg, mean_flexion_deg, dose_deg_s |
 * | `haptic_alert` | device, wearer | buzz | slouch_start_ms, repeat, pattern, outcome, response_s, resolved_ms |
 * | `device_event` | device, type, action | t | n (always 1) |
 * | `posture_rollup` | wearer, size | bucket start | aggregate (the merged bucket, `aggregateToJson`) |
 *
 * The wearer of an alert is a tag too, so "alerts of a wearer" reads an index; a device keeps one wearer, so
 * it does not split the key.
 */
import { aggregateToJson, type PostureAggregate } from '@stance/analysis';
import { integer, line } from './influx-line-protocol.js';
import type { RollupSize, StoreBatch } from './store-port.js';

export const MEASUREMENTS = Object.freeze({
  point: 'posture_point',
  episode: 'slouch_episode',
  alert: 'haptic_alert',
  event: 'device_event',
  rollup: 'posture_rollup',
});

/** A rollup bucket after the delta was merged into it (the whole bucket is written, so a rewrite overwrites). */
export interface MergedRollup {
  wearerId: string;
  size: RollupSize;
  startMs: number;
  aggregate: PostureAggregate;
}

/** The line-protocol lines of a batch's time-series half, in the order given. */
export function timeSeriesLines(batch: StoreBatch, rollups: readonly MergedRollup[]): string[] {
  const out: string[] = [];
  for (const p of batch.points) {
    out.push(line(MEASUREMENTS.point, { wearer: p.wearerId }, {
      device: p.deviceId, flexion_deg: p.flexionDeg, lateral_deg: p.lateralDeg,
      activity: p.activity, posture: p.posture, worn: p.worn,
    }, p.tMs));
  }
  for (const e of batch.episodes) {
    out.push(line(MEASUREMENTS.episode, { wearer: e.wearerId }, {
      device: e.deviceId, end_ms: integer(e.endMs), duration_s: e.durationS, peak_flexion_deg: e.peakFlexionDeg,
      mean_flexion_deg: e.meanFlexionDeg, dose_deg_s: e.doseDegS,
    }, e.startMs));
  }
  for (const a of batch.alerts) {
    out.push(line(MEASUREMENTS.alert, { device: a.deviceId, wearer: a.wearerId }, {
      slouch_start_ms: integer(a.slouchStartMs), repeat: integer(a.repeat), pattern: a.pattern, outcome: a.outcome,
      response_s: a.responseS, resolved_ms: a.resolvedMs === null ? null : integer(a.resolvedMs),
    }, a.buzzMs));
  }
  for (const e of batch.events) {
    out.push(line(MEASUREMENTS.event, { device: e.deviceId, type: e.type, action: e.action }, { n: integer(1) }, e.tMs));
  }
  for (const r of rollups) {
    out.push(line(MEASUREMENTS.rollup, { wearer: r.wearerId, size: r.size }, {
      aggregate: JSON.stringify(aggregateToJson(r.aggregate)),
    }, r.startMs));
  }
  return out;
}
