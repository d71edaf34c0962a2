/** A wearer's posture data: points, episodes, summaries, alerts, calibrations, patterns, weeks. */

export type Activity = string;
export type PostureClass = string;

export interface PosturePoint {
  t: number;
  flexionDeg: number | null;
  lateralDeg: number | null;
  activity: Activity;
  posture: PostureClass;
}

export interface PostureAnswer {
  points: PosturePoint[];
}

export interface Episode {
  start: number;
  end: number;
  durationS: number;
  peakFlexionDeg: number;
  meanFlexionDeg: number;
  doseDegS?: number;
}

export interface EpisodeList {
  episodes: Episode[];
}

export interface SummaryBucket {
  start: number;
  wornS: number;
  uprightS: number;
  slouchS: number;
  /** upright / assessed × 100; null without assessed time. */
  uprightPct: number | null;
  episodeCount: number;
  meanFlexionDeg: number | null;
  // Added this session (optional until every deployment has them):
  assessedS?: number;
  longestEpisodeS?: number;
  doseDegS?: number;
  meanLateralDeg?: number | null;
  movementBreaks?: number;
  longestSittingS?: number;
  stillS?: number;
  movingS?: number;
  walkingS?: number;
  lyingS?: number;
  alertCount?: number;
  correctedCount?: number;
}

export interface SummaryAnswer {
  buckets: SummaryBucket[];
}

export interface AlertRecord {
  deviceId: string;
  buzzMs: number;
  slouchStartMs: number;
  repeat: number;
  /** 'corrected', 'snoozed', 'ignored', 'pending'... as the service names them. */
  outcome: string;
  responseS: number | null;
  resolvedMs: number | null;
}

export interface AlertList {
  alerts: AlertRecord[];
}

export interface CalibrationInfo {
  deviceId: string;
  tMs: number;
  source: string;
  method: string;
  quality: number | null;
  stale?: boolean;
}

export interface CalibrationList {
  calibrations: CalibrationInfo[];
}

export interface PatternCell {
  /** 0 = Monday, local. */
  weekday: number;
  hour: number;
  assessedS: number;
  slouchS: number;
  slouchPct: number | null;
}

export interface PatternAnswer {
  cells: PatternCell[];
}

export interface DistributionAnswer {
  flexion: { binStartDeg: number[]; seconds: number[] };
  lateral: { meanDeg: number | null };
}

export interface WeekNumbers {
  start: number;
  wornS: number;
  uprightPct: number | null;
  slouchMinPerDay: number | null;
  episodesPerDay: number | null;
  doseDegS: number | null;
  meanFlexionDeg: number | null;
  meanLateralDeg: number | null;
  exerciseSessions: number;
}

export interface WeekComparison {
  thisWeek: WeekNumbers;
  lastWeek: WeekNumbers;
}
