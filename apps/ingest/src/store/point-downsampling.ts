/**
 * Points for a chart: per-second rows averaged into steps of `stepMs` (mean angles over the seconds that have
 * them, the most common activity and posture). Shared by the adapters so they answer the same.
 */
import type { Activity, Posture } from '@stance/protocol';
import type { PointSummary } from './store-port.js';

export interface PointRow {
  t_ms: number;
  flexion_deg: number | null;
  lateral_deg: number | null;
  activity: string;
  posture: string;
}

export function downsamplePoints(rows: readonly PointRow[], stepMs: number): PointSummary[] {
  if (stepMs <= 1000) {
    return rows.map((r) => ({
      tMs: r.t_ms, flexionDeg: r.flexion_deg, lateralDeg: r.lateral_deg,
      activity: r.activity as Activity, posture: r.posture as Posture,
    }));
  }
  const out: PointSummary[] = [];
  let i = 0;
  while (i < rows.length) {
    const start = Math.floor((rows[i] as PointRow).t_ms / stepMs) * stepMs;
    let flexSum = 0, flexN = 0, latSum = 0, latN = 0;
    const activities = new Map<string, number>();
    const postures = new Map<string, number>();
    for (; i < rows.length && (rows[i] as PointRow).t_ms < start + stepMs; i++) {
      const r = rows[i] as PointRow;
      if (r.flexion_deg !== null) (flexSum += r.flexion_deg), flexN++;
      if (r.lateral_deg !== null) (latSum += r.lateral_deg), latN++;
      activities.set(r.activity, (activities.get(r.activity) ?? 0) + 1);
      postures.set(r.posture, (postures.get(r.posture) ?? 0) + 1);
    }
    out.push({
      tMs: start,
      flexionDeg: flexN > 0 ? flexSum / flexN : null,
      lateralDeg: latN > 0 ? latSum / latN : null,
      activity: mostCommon(activities) as Activity,
      posture: mostCommon(postures) as Posture,
    });
  }
  return out;
}

function mostCommon(counts: Map<string, number>): string {
  let best = '';
  let bestN = -1;
  for (const [key, n] of counts) if (n > bestN) (best = key), (bestN = n);
  return best;
}
