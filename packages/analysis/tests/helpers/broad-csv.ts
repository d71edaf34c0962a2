/**
 * Reads the BROAD trials of /work/shared/data/broad (project CSV format) for tests and evaluation, and runs a
 * filter over one. Test-only: the analysis package itself never touches the disk.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { addInclinationSample, createInclinationScore, inclinationRmseDeg } from '../../src/evaluation/broad.js';

export const BROAD_DIR = process.env['BROAD_DIR'] ?? '/work/shared/data/broad';

export const BROAD_TRIALS = [
  '02_undisturbed_slow_rotation_B',
  '07_undisturbed_fast_rotation_B',
  '10_undisturbed_slow_translation_A',
  '15_undisturbed_fast_translation_A',
  '24_disturbed_tapping_A',
  '27_disturbed_phone_vibration_B',
] as const;

export interface BroadTrial {
  name: string;
  count: number;
  timeS: Float64Array;
  /** Interleaved xyz, g. */
  acc: Float64Array;
  /** Interleaved xyz, °/s. */
  gyr: Float64Array;
  /** Interleaved wxyz; NaN where the cameras lost the marker. */
  quat: Float64Array;
  /** 1 in the scored phases. */
  movement: Uint8Array;
}

export function broadAvailable(): boolean {
  return BROAD_TRIALS.every((t) => existsSync(join(BROAD_DIR, `${t}.csv`)) && existsSync(join(BROAD_DIR, `${t}.ref.csv`)));
}

function parseNumber(text: string | undefined): number {
  return text === undefined || text === '' ? NaN : Number(text);
}

/** Rows of a CSV file as arrays of cells, header checked against `columns`. */
function readRows(path: string, columns: readonly string[]): string[][] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = (lines[0] ?? '').trim().split(',');
  if (columns.some((c, i) => header[i] !== c)) throw new Error(`${path}: unexpected header ${lines[0]}`);
  const rows: string[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line !== '') rows.push(line.split(','));
  }
  return rows;
}

export function readBroadTrial(name: string): BroadTrial {
  const imu = readRows(join(BROAD_DIR, `${name}.csv`), ['time_s', 'ax_g', 'ay_g', 'az_g', 'gx_dps', 'gy_dps', 'gz_dps']);
  const ref = readRows(join(BROAD_DIR, `${name}.ref.csv`), ['time_s', 'qw', 'qx', 'qy', 'qz', 'movement']);
  if (imu.length !== ref.length) throw new Error(`${name}: ${imu.length} IMU rows but ${ref.length} reference rows`);
  const n = imu.length;
  const t: BroadTrial = {
    name,
    count: n,
    timeS: new Float64Array(n),
    acc: new Float64Array(3 * n),
    gyr: new Float64Array(3 * n),
    quat: new Float64Array(4 * n),
    movement: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = imu[i]!;
    const q = ref[i]!;
    t.timeS[i] = parseNumber(r[0]);
    if (parseNumber(q[0]) !== t.timeS[i]) throw new Error(`${name}: row ${i + 2} times differ`);
    for (let k = 0; k < 3; k++) {
      t.acc[3 * i + k] = parseNumber(r[1 + k]);
      t.gyr[3 * i + k] = parseNumber(r[4 + k]);
    }
    for (let k = 0; k < 4; k++) t.quat[4 * i + k] = parseNumber(q[1 + k]);
    t.movement[i] = q[5] === '1' ? 1 : 0;
  }
  return t;
}

/** A filter seen through what scoring needs: one update per sample and the up vector after it. */
export interface UpEstimator {
  readonly up: ArrayLike<number>;
  update(dtS: number, ax: number, ay: number, az: number, gx: number, gy: number, gz: number): void;
}

/** Runs `est` over the trial (dt from the timestamps) and returns the inclination RMSE over scored samples, °. */
export function scoreTrial(trial: BroadTrial, est: UpEstimator): number {
  const score = createInclinationScore();
  const { timeS, acc, gyr, quat, movement } = trial;
  let prevT = timeS[0]!;
  for (let i = 0; i < trial.count; i++) {
    const t = timeS[i]!;
    const dt = i === 0 ? 1 / 285.7 : t - prevT;
    prevT = t;
    est.update(dt, acc[3 * i]!, acc[3 * i + 1]!, acc[3 * i + 2]!, gyr[3 * i]!, gyr[3 * i + 1]!, gyr[3 * i + 2]!);
    const qw = quat[4 * i]!;
    if (movement[i] === 1 && !Number.isNaN(qw)) {
      addInclinationSample(score, est.up, qw, quat[4 * i + 1]!, quat[4 * i + 2]!, quat[4 * i + 3]!);
    }
  }
  return inclinationRmseDeg(score);
}
