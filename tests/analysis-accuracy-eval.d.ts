/**
 * Scores the posture pipeline against the simulator's ground truth: flexion and lateral error per true
 * activity, slouch episodes (matched one-to-one at an overlap of at least half the longer one's length),
 * total slouch time. Used by analysis-accuracy.test.ts and the larger grid in bench/analysis-accuracy-grid.ts.
 */
import { type MountingName, type SensorErrorsOption } from '@stance/firmware-sim';
export interface AccuracyCase {
    scenario: string;
    mounting: MountingName;
    rateHz: number;
    seed: number;
    durationS?: number;
    errors?: SensorErrorsOption;
    /** 'windows': the scenario's calibration windows; 'auto': the service's automatic calibration. */
    calibration: 'windows' | 'auto';
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
}
export declare const SLOUCH_DEG = 20;
export declare const MIN_SLOUCH_S = 30;
export declare function evaluateCase(c: AccuracyCase): AccuracyFigures;
/** A fixed-width table of figures for the log. */
export declare function formatFigures(rows: readonly AccuracyFigures[]): string;
/** Pools cases: RMS of the RMSEs weighted equally, F1 and slouch time over all episodes. */
export declare function pool(rows: readonly AccuracyFigures[]): {
    still: number;
    walk: number;
    lateral: number;
    f1: number;
    slouchTimeError: number;
};
