/**
 * A recording as files: the analysis input of contracts section 3 (`FILE.csv`), the per-sample truth
 * (`FILE.truth.csv`) and a summary with the episodes (`FILE.truth.json`).
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import type { Recording } from '../scenarios/scenario-types.js';
import { DEFAULT_TRUTH_MIN_SLOUCH_S, DEFAULT_TRUTH_SLOUCH_DEG, truthEpisodes } from '../truth/episodes.js';

export const ANALYSIS_CSV_HEADER = 'time_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps';
export const TRUTH_CSV_HEADER = 'time_s,flexion_deg,lateral_deg,activity,up_x,up_y,up_z';

/** Decimals: time 1 µs; acc 1 µg (16-bit LSB at ±4 g is 122 µg); gyro 0.00001 deg/s (LSB 0.015). */
const TIME_DECIMALS = 6;
const ACC_DECIMALS = 6;
const GYR_DECIMALS = 5;
const ROWS_PER_WRITE = 20000;

/** Paths of the truth files that go beside `csvPath`. */
export function truthPaths(csvPath: string): { csv: string; json: string } {
  const base = csvPath.endsWith('.csv') ? csvPath.slice(0, -4) : csvPath;
  return { csv: `${base}.truth.csv`, json: `${base}.truth.json` };
}

function fix(x: number, d: number): string {
  const s = x.toFixed(d);
  // "-0.000000" reads as zero; write it as such.
  return s.charCodeAt(0) === 45 && Number(s) === 0 ? s.slice(1) : s;
}

/** Analysis CSV rows `from` to `to` (exclusive), each ending in a newline. */
export function analysisRows(rec: Recording, from: number, to: number): string {
  const parts: string[] = [];
  const { timeS: t, acc: a, gyr: g } = rec;
  for (let i = from; i < to; i++) {
    const j = 3 * i;
    parts.push(
      `${fix(t[i]!, TIME_DECIMALS)},${fix(a[j]!, ACC_DECIMALS)},${fix(a[j + 1]!, ACC_DECIMALS)},${fix(a[j + 2]!, ACC_DECIMALS)},` +
        `${fix(g[j]!, GYR_DECIMALS)},${fix(g[j + 1]!, GYR_DECIMALS)},${fix(g[j + 2]!, GYR_DECIMALS)}\n`,
    );
  }
  return parts.join('');
}

export function truthRows(rec: Recording, from: number, to: number): string {
  const parts: string[] = [];
  const { flexionDeg: f, lateralDeg: l, activity, upSensor: u } = rec.truth;
  for (let i = from; i < to; i++) {
    const j = 3 * i;
    parts.push(
      `${fix(rec.timeS[i]!, TIME_DECIMALS)},${fix(f[i]!, 4)},${fix(l[i]!, 4)},${activity[i]},` +
        `${fix(u[j]!, 6)},${fix(u[j + 1]!, 6)},${fix(u[j + 2]!, 6)}\n`,
    );
  }
  return parts.join('');
}

function writeCsv(path: string, header: string, n: number, rows: (from: number, to: number) => string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `${header}\n`);
    for (let i = 0; i < n; i += ROWS_PER_WRITE) writeSync(fd, rows(i, Math.min(n, i + ROWS_PER_WRITE)));
  } finally {
    closeSync(fd);
  }
}

const round = (x: number, d: number): number => Number(x.toFixed(d));
const rows3 = (m: Float64Array): number[][] => [0, 1, 2].map((r) => [0, 1, 2].map((c) => round(m[r * 3 + c]!, 9)));

/** The truth summary written to FILE.truth.json. */
export function truthSummary(rec: Recording, slouchDeg = DEFAULT_TRUTH_SLOUCH_DEG, minSlouchS = DEFAULT_TRUTH_MIN_SLOUCH_S): object {
  const counts: Record<string, number> = {};
  for (const a of rec.truth.activity) counts[a] = (counts[a] ?? 0) + 1;
  const activityS: Record<string, number> = {};
  for (const [a, c] of Object.entries(counts)) activityS[a] = round(c / rec.rateHz, 2);
  const n = rec.timeS.length;
  return {
    scenario: rec.name,
    seed: rec.seed,
    rateHz: rec.rateHz,
    samples: n,
    durationS: n > 0 ? round(n / rec.rateHz, 6) : 0,
    mounting: { name: rec.mounting.name, sensorToTrunk: rows3(rec.mounting.sensorToTrunk), leverArmM: Array.from(rec.mounting.leverArmM) },
    mountingChanges: rec.mountingChanges.map((c) => ({ atS: round(c.atS, 3), name: c.mounting.name, sensorToTrunk: rows3(c.mounting.sensorToTrunk) })),
    errors: rec.errors,
    windows: rec.windows,
    activityS,
    episodes: {
      slouchDeg,
      minSlouchS,
      rule: 'flexion above slouchDeg for at least minSlouchS, not walking, lying or not_worn; start/end at the interpolated crossing',
      list: truthEpisodes(rec, slouchDeg, minSlouchS).map((e) => ({
        start: round(e.startS, 3),
        end: round(e.endS, 3),
        durationS: round(e.durationS, 3),
        peakFlexionDeg: round(e.peakFlexionDeg, 2),
        meanFlexionDeg: round(e.meanFlexionDeg, 2),
      })),
    },
  };
}

/** Writes the three files; returns their paths. */
export function writeRecordingFiles(rec: Recording, csvPath: string): { csv: string; truthCsv: string; truthJson: string } {
  const n = rec.timeS.length;
  const truth = truthPaths(csvPath);
  writeCsv(csvPath, ANALYSIS_CSV_HEADER, n, (a, b) => analysisRows(rec, a, b));
  writeCsv(truth.csv, TRUTH_CSV_HEADER, n, (a, b) => truthRows(rec, a, b));
  writeFileSync(truth.json, `${JSON.stringify(truthSummary(rec), null, 2)}\n`);
  return { csv: csvPath, truthCsv: truth.csv, truthJson: truth.json };
}
