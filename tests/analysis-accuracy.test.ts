/**
 * The posture analysis against the simulator's ground truth (firmware-sim, in process), across every mounting
 * (back-clip, collar, rotated, tilted, upside-down, random) at 25, 50 and 100 Hz.
 *
 * Issue thresholds, asserted per case for the default ('typical') sensor preset with window calibration:
 * flexion RMSE ≤ 0.5° still and ≤ 2° walking, lateral ≤ 1°, episode F1 ≥ 0.97 (an episode matches at an overlap
 * of half its length), total slouch time within 3 %, no episode at all while walking, lying or in short reaches.
 * Gyroscope bias: the typical preset draws 2 °/s 1-sigma per axis; the `BIAS_3` cases draw 3 °/s 1-sigma, so every
 * one of them has an axis at 3 °/s or beyond (the largest drawn bias is checked, so the coverage cannot silently
 * go away).
 *
 * Separately, at the levels measured (README "Calibration and angles"), with margins that still catch a
 * regression: automatic calibration (no window), the 'uncalibrated' preset (raw 20 mg accelerometer offset),
 * and staleness (a slipped clip is flagged with no false episode; long side leans are not flagged).
 * The full grid is `npx tsx tests/analysis-accuracy-grid.ts`.
 */
import { MOUNTING_NAMES } from '@stance/firmware-sim';
import { describe, expect, it } from 'vitest';
import { evaluateCase, formatFigures, pool, type AccuracyCase, type AccuracyFigures } from './analysis-accuracy-eval.js';

const RATES = [25, 50, 100] as const;
const BIAS_3 = { gyroBiasDps: 3 } as const;

function runAll(cases: AccuracyCase[]): AccuracyFigures[] {
  const rows = cases.map(evaluateCase);
  console.log(formatFigures(rows));
  return rows;
}

/** The issue's thresholds, per case. */
function expectIssueTargets(r: AccuracyFigures): void {
  expect(r.flexionStillRmseDeg, r.label).toBeLessThanOrEqual(0.5);
  if (Number.isFinite(r.flexionWalkRmseDeg)) expect(r.flexionWalkRmseDeg, r.label).toBeLessThanOrEqual(2);
  expect(r.lateralStillRmseDeg, r.label).toBeLessThanOrEqual(1);
  expect(r.f1, r.label).toBeGreaterThanOrEqual(0.97);
  expect(Math.abs(r.slouchTimeError), r.label).toBeLessThanOrEqual(0.03);
  expect(r.staleAtS, `${r.label}: calibration wrongly found stale`).toBeNaN();
}

describe('analysis accuracy, window calibration, typical sensor (issue thresholds)', () => {
  it('desk work with slouches: every mounting at 25, 50 and 100 Hz', () => {
    // desk-day (40 min: upright, slouches, reaches, a walking break) at every rate; buzz-responder at 3 °/s bias.
    const rows = runAll([
      ...MOUNTING_NAMES.flatMap((mounting, m) => RATES.map((rateHz, r): AccuracyCase => ({ scenario: 'desk-day', mounting, rateHz, seed: 2 + 3 * m + r, durationS: 2400, calibration: 'windows' }))),
      ...MOUNTING_NAMES.map((mounting, m): AccuracyCase => ({ scenario: 'buzz-responder', mounting, rateHz: RATES[m % 3]!, seed: 20 + m, durationS: 1200, calibration: 'windows', errors: BIAS_3 })),
    ]);
    for (const r of rows) expectIssueTargets(r);
    expect(pool(rows).f1).toBeGreaterThanOrEqual(0.99);
    expect(rows.filter((r) => r.truthEpisodes > 0).length).toBeGreaterThanOrEqual(20);
    expect(rows.some((r) => Number.isFinite(r.flexionWalkRmseDeg))).toBe(true);
    expect(Math.max(...rows.map((r) => r.gyroBiasMaxDps))).toBeGreaterThanOrEqual(3);
  });

  it('standing desk with side leans held for minutes: targets met and never declared stale', () => {
    const rows = runAll(MOUNTING_NAMES.flatMap((mounting, m) => [30, 32].map((seed, k): AccuracyCase => ({
      scenario: 'standing-desk', mounting, rateHz: RATES[(m + k) % 3]!, seed: seed + m, calibration: 'windows', ...(k ? { errors: BIAS_3 } : {}),
    }))));
    for (const r of rows) expectIssueTargets(r);
    expect(rows.reduce((a, r) => a + r.truthEpisodes, 0)).toBeGreaterThanOrEqual(6);
  });

  it('no episode at all while walking, lying or in short reaches (fidgety sitter)', () => {
    const rows = runAll(['walk', 'lie-down', 'fidgety-sitter'].flatMap((scenario, k) => MOUNTING_NAMES.map((mounting, m): AccuracyCase => ({
      scenario, mounting, rateHz: RATES[(k + m) % 3]!, seed: 10 + m, calibration: 'windows', ...(m % 2 ? { errors: BIAS_3 } : {}),
    }))));
    for (const r of rows) {
      expect(r.ourEpisodes, r.label).toBe(0);
      expectIssueTargets(r);
    }
    expect(Math.max(...rows.map((r) => r.gyroBiasMaxDps))).toBeGreaterThanOrEqual(3);
  });
});

describe('staleness on the simulator', () => {
  it('sensor-slip: a clip that turns sideways is flagged within 5 minutes, and no false episode is reported', () => {
    // Seeds whose slip has a sideways part (a purely forward slip looks like a slouch: see README, staleness).
    const cases: [number, AccuracyCase['mounting'], number][] = [[32, 'collar', 50], [34, 'rotated', 50], [34, 'upside-down', 100], [36, 'tilted', 25], [38, 'back-clip', 50], [32, 'random', 100]];
    const rows = runAll(cases.map(([seed, mounting, rateHz]): AccuracyCase => ({ scenario: 'sensor-slip', mounting, rateHz, seed, calibration: 'windows' })));
    for (const r of rows) {
      expect(r.staleAtS, r.label).toBeGreaterThan(r.slipAtS);
      expect(r.staleAtS - r.slipAtS, r.label).toBeLessThan(300);
      expect(r.ourEpisodes - r.matched, `${r.label}: false episodes`).toBe(0);
      // Before the slip the angles are as accurate as anywhere.
      expect(r.flexionStillRmseDeg, r.label).toBeLessThanOrEqual(0.5);
    }
  });
});

describe('automatic calibration (no window; the analyze command without --neutral)', () => {
  it('desk work and a wearer slouched 75 % of the time: episodes as with windows, angles close', () => {
    // Measured (README): flexion still 0.2-0.35°, lateral 0.55-0.65° on desk-day and 1.7° on buzz-responder (forward axis from movement, slouches only), F1 1.0,
    // slouch time within 0.5 %. Guarded at about 1.5-2× that.
    const rows = runAll([
      ...(['back-clip', 'rotated', 'random'] as const).map((mounting, m): AccuracyCase => ({ scenario: 'desk-day', mounting, rateHz: RATES[m]!, seed: 4 + m, durationS: 2400, calibration: 'auto' })),
      ...(['collar', 'upside-down'] as const).map((mounting, m): AccuracyCase => ({ scenario: 'buzz-responder', mounting, rateHz: RATES[m + 1]!, seed: 40 + m, durationS: 1200, calibration: 'auto' })),
    ]);
    for (const r of rows) {
      expect(r.calibrationMethod, r.label).toBe('auto');
      expect(r.flexionStillRmseDeg, r.label).toBeLessThanOrEqual(0.6);
      expect(r.lateralStillRmseDeg, r.label).toBeLessThanOrEqual(2.2);
      if (Number.isFinite(r.flexionWalkRmseDeg)) expect(r.flexionWalkRmseDeg, r.label).toBeLessThanOrEqual(2);
      expect(r.f1, r.label).toBeGreaterThanOrEqual(0.97);
      expect(Math.abs(r.slouchTimeError), r.label).toBeLessThanOrEqual(0.03);
    }
  });
});

describe("the 'uncalibrated' sensor preset (raw accelerometer: 20 mg offset, 1 % scale, 1-sigma)", () => {
  it('episodes still found; flexion error grows with the offset (measured levels)', () => {
    // An accelerometer offset reads as a tilt that changes with posture, which no calibration removes; measured
    // (README): flexion still 0.1-1.8° per case, lateral under 0.3°, F1 1.0 except rare edge episodes.
    const rows = runAll(MOUNTING_NAMES.map((mounting, m): AccuracyCase => ({ scenario: 'desk-day', mounting, rateHz: RATES[m % 3]!, seed: 50 + m, durationS: 2400, calibration: 'windows', errors: 'uncalibrated' })));
    const all = pool(rows);
    for (const r of rows) {
      expect(r.flexionStillRmseDeg, r.label).toBeLessThanOrEqual(2.5);
      expect(r.lateralStillRmseDeg, r.label).toBeLessThanOrEqual(1);
      expect(Math.abs(r.slouchTimeError), r.label).toBeLessThanOrEqual(0.1);
    }
    expect(all.still).toBeLessThanOrEqual(1.5);
    expect(all.f1).toBeGreaterThanOrEqual(0.9);
  });
});
