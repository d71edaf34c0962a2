/**
 * Scores the posture pipeline against the simulator's ground truth: flexion and lateral error per true
 * activity, slouch episodes (matched one-to-one at an overlap of at least half the longer one's length),
 * total slouch time. Used by analysis-accuracy.test.ts and the larger grid in tests/analysis-accuracy-grid.ts.
 */
import { generateScenario, truthEpisodes, type MountingName, type Recording, type SensorErrorsOption } from '@stance/firmware-sim';
import { finishPosturePipeline } from '../packages/analysis/src/posture-pipeline.js';
import { calibrateRecording, feed, primedPipeline } from '../packages/analysis/src/cli/analyze-run.js';

export interface AccuracyCase {
  scenario: string;
  mounting: MountingName;
  rateHz: number;
  seed: number;
  durationS?: number;
  errors?: SensorErrorsOption;
  /**
   * 'windows': the scenario's calibration windows (the `analyze` command with --neutral/--bend); 'auto': the
   * `analyze` command without windows (a first automatic pass seeds the second); 'stream': the service, one
   * pass, automatic calibration from nothing.
   */
  calibration: 'windows' | 'auto' | 'stream';
}

export interface AccuracyFigures {
  label: string;
  calibrationMethod: string;
  /** RMS flexion error while the wearer is truly still / walking, and lateral while still, degrees (NaN: none). */
  flexionStillRmseDeg: number;
  flexionWalkRmseDeg: number;
  lateralStillRmseDeg: number;
  truthEpisodes: number;
  ourEpisodes: number;
  matched: number;
  f1: number;
  truthSlouchS: number;
  ourSlouchS: number;
  /** ours / truth - 1 (0 when both are 0). */
  slouchTimeError: number;
  /** When the pipeline found its calibration stale (file seconds; NaN: never), and why. */
  staleAtS: number;
  staleReason: string;
  /** When the clip really moved (sensor-slip; NaN: never). */
  slipAtS: number;
  /** Largest drawn gyroscope turn-on bias of the device, any axis, °/s. */
  gyroBiasMaxDps: number;
}

export const SLOUCH_DEG = 20;
export const MIN_SLOUCH_S = 30;

export function evaluateCase(c: AccuracyCase): AccuracyFigures {
  const rec: Recording = generateScenario(c.scenario, {
    seed: c.seed, rateHz: c.rateHz, mounting: c.mounting, errors: c.errors ?? 'typical',
    ...(c.durationS !== undefined ? { durationS: c.durationS } : {}),
  });
  const cols = { count: rec.timeS.length, timeS: rec.timeS, acc: rec.acc, gyr: rec.gyr };
  const options = c.calibration === 'windows'
    ? { neutral: rec.windows.neutral, ...(rec.windows.bend ? { bend: rec.windows.bend } : {}), everyS: 1, emitUp: false }
    : { everyS: 1, emitUp: false };
  const { calibration } = c.calibration === 'stream' ? { calibration: null } : calibrateRecording(cols, options);
  const p = primedPipeline(cols, { calibration, calibrationMode: c.calibration === 'windows' ? 'fixed' : 'seed', slouchDeg: SLOUCH_DEG, minSlouchS: MIN_SLOUCH_S });
  const ours: { startS: number; endS: number }[] = [];
  let staleAtS = Number.NaN;
  const slipAtS = rec.mountingChanges[0]?.atS ?? Infinity;
  let sStill = 0, nStill = 0, sWalk = 0, nWalk = 0, sLat = 0, nLat = 0;
  const tFlex = rec.truth.flexionDeg, tLat = rec.truth.lateralDeg, tAct = rec.truth.activity;
  for (let i = 0; i < cols.count; i++) {
    feed(p, cols, i);
    if (p.calibrationStale && staleAtS !== staleAtS) staleAtS = rec.timeS[i]!;
    if (p.episodeEnded) ours.push({ startS: p.episode.startMs / 1000, endS: p.episode.endMs / 1000 });
    // After a slip the calibration is wrong by design: angles are scored only before it (episodes throughout).
    if (rec.timeS[i]! >= slipAtS) continue;
    const a = tAct[i];
    const e = p.flexionDeg - tFlex[i]!;
    // Before any calibration (automatic: the first seconds) there is no angle to score.
    if (!Number.isFinite(e)) continue;
    if (a === 'still') {
      sStill += e * e;
      nStill++;
      const el = p.lateralDeg - tLat[i]!;
      if (Number.isFinite(el)) {
        sLat += el * el;
        nLat++;
      }
    } else if (a === 'walking') {
      sWalk += e * e;
      nWalk++;
    }
  }
  finishPosturePipeline(p);
  if (p.episodeEnded) ours.push({ startS: p.episode.startMs / 1000, endS: p.episode.endMs / 1000 });
  const truth = truthEpisodes(rec, SLOUCH_DEG, MIN_SLOUCH_S);
  const used = new Set<number>();
  let matched = 0;
  for (const t of truth) {
    const len = t.endS - t.startS;
    for (let k = 0; k < ours.length; k++) {
      if (used.has(k)) continue;
      const o = ours[k]!;
      const overlap = Math.min(o.endS, t.endS) - Math.max(o.startS, t.startS);
      if (overlap >= 0.5 * Math.max(len, o.endS - o.startS)) {
        used.add(k);
        matched++;
        break;
      }
    }
  }
  const truthSlouchS = truth.reduce((a, e) => a + e.durationS, 0);
  const ourSlouchS = ours.reduce((a, e) => a + e.endS - e.startS, 0);
  const denom = truth.length + ours.length;
  return {
    label: `${c.scenario} ${c.mounting} ${c.rateHz} Hz ${c.calibration}`,
    calibrationMethod: (p.calibration ?? calibration)?.method ?? 'none',
    flexionStillRmseDeg: Math.sqrt(sStill / nStill),
    flexionWalkRmseDeg: Math.sqrt(sWalk / nWalk),
    lateralStillRmseDeg: Math.sqrt(sLat / nLat),
    truthEpisodes: truth.length,
    ourEpisodes: ours.length,
    matched,
    f1: denom === 0 ? 1 : (2 * matched) / denom,
    truthSlouchS,
    ourSlouchS,
    slouchTimeError: truthSlouchS === 0 ? (ourSlouchS === 0 ? 0 : Infinity) : ourSlouchS / truthSlouchS - 1,
    staleAtS,
    staleReason: staleAtS === staleAtS ? p.calibrator.staleness.reason : '',
    slipAtS: Number.isFinite(slipAtS) ? slipAtS : Number.NaN,
    gyroBiasMaxDps: Math.max(...rec.errors.gyroBiasDps.map(Math.abs)),
  };
}

/** A fixed-width table of figures for the log. */
export function formatFigures(rows: readonly AccuracyFigures[]): string {
  const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const head = 'case'.padEnd(44) + ' cal            still°  walk°  lat°   episodes(t/o/m)  F1    slouch s (t/o)   err%   bias°/s stale';
  return [head, ...rows.map((r) =>
    `${r.label.padEnd(44)} ${r.calibrationMethod.padEnd(14)} ${f(r.flexionStillRmseDeg).padStart(6)} ${f(r.flexionWalkRmseDeg).padStart(6)} ${f(r.lateralStillRmseDeg).padStart(5)}   ${`${r.truthEpisodes}/${r.ourEpisodes}/${r.matched}`.padEnd(16)} ${f(r.f1).padStart(4)}  ${`${f(r.truthSlouchS, 0)}/${f(r.ourSlouchS, 0)}`.padEnd(15)} ${f(100 * r.slouchTimeError, 1).padStart(6)}  ${f(r.gyroBiasMaxDps, 1).padStart(5)}  ${Number.isFinite(r.staleAtS) ? `${r.staleReason}@${r.staleAtS.toFixed(0)}` : ''}${Number.isFinite(r.slipAtS) ? ` slip@${r.slipAtS.toFixed(0)}` : ''}`)].join('\n');
}

/** Pools cases: RMS of the RMSEs weighted equally, F1 and slouch time over all episodes. */
export function pool(rows: readonly AccuracyFigures[]): { still: number; walk: number; lateral: number; f1: number; slouchTimeError: number } {
  const rms = (xs: number[]): number => {
    const ok = xs.filter(Number.isFinite);
    return Math.sqrt(ok.reduce((a, x) => a + x * x, 0) / ok.length);
  };
  const t = rows.reduce((a, r) => a + r.truthEpisodes, 0);
  const o = rows.reduce((a, r) => a + r.ourEpisodes, 0);
  const m = rows.reduce((a, r) => a + r.matched, 0);
  const ts = rows.reduce((a, r) => a + r.truthSlouchS, 0);
  const os = rows.reduce((a, r) => a + r.ourSlouchS, 0);
  return {
    still: rms(rows.map((r) => r.flexionStillRmseDeg)),
    walk: rms(rows.map((r) => r.flexionWalkRmseDeg)),
    lateral: rms(rows.map((r) => r.lateralStillRmseDeg)),
    f1: t + o === 0 ? 1 : (2 * m) / (t + o),
    slouchTimeError: ts === 0 ? 0 : os / ts - 1,
  };
}
