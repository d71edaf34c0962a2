// The public surface of @stance/analysis. Re-exports only; each concept lives in its own file.

// Vectors and the orientation filter.
export * from './vector.js';
export * from './gyro-bias.js';
export * from './orientation-filter.js';
export * from './madgwick-reference.js';
export * from './evaluation/broad.js';

// Calibration and angles.
export * from './calibration-error.js';
export * from './calibration.js';
export * from './forward-axis.js';
export * from './calibration-still.js';
export * from './walking-reference.js';
export * from './auto-calibrator.js';
export * from './calibration-staleness.js';
export * from './trunk-angles.js';

// Activity, slouch episodes, the per-device pipeline.
export * from './wear-detector.js';
export * from './activity.js';
export * from './slouch-detector.js';
export * from './point-binner.js';
export * from './pipeline-calibration.js';
export * from './posture-point.js';
export * from './posture-pipeline.js';

// Feedback to the wearer.
export * from './quiet-hours.js';
export * from './feedback.js';

// Aggregates.
export * from './flexion-histogram.js';
export * from './sitting-runs.js';
export * from './aggregates.js';
export * from './aggregate-summary.js';
export * from './aggregate-json.js';
export * from './aggregate-buckets.js';

// Exercises and recommendations.
export * from './exercise-catalogue.js';
export * from './recommendation-rules.js';
export * from './recommendations.js';
export * from './duration-text.js';
