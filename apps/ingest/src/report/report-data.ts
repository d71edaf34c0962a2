/**
 * Everything the printable report shows, gathered beforehand (report-source.ts) so that rendering is a pure
 * function of it (report-html.ts). Times are epoch ms; days are the wearer's local days.
 */
import type { WearerGoals } from '../coaching/wearer-goals.js';

export interface ReportSummary {
  wornS: number;
  /** Local days in the period with any worn time, and all days of the period. */
  wornDays: number;
  periodDays: number;
  assessedS: number;
  uprightPct: number | null;
  /** Slouched minutes per worn day; null when not worn. */
  slouchMinPerWornDay: number | null;
  episodeCount: number;
  episodesPerWornDay: number | null;
  longestEpisodeS: number;
  meanFlexionDeg: number | null;
  p90FlexionDeg: number | null;
  meanLateralDeg: number | null;
  doseDegS: number;
  movementBreaks: number;
  longestSittingS: number;
  alertCount: number;
  correctedCount: number;
  /** Median seconds from buzz to sitting up, over corrected alerts; null without any. */
  medianResponseS: number | null;
}

export interface ReportDay {
  /** 'YYYY-MM-DD', local. */
  day: string;
  startMs: number;
  wornS: number;
  uprightPct: number | null;
  slouchMin: number;
}

export interface ReportHour {
  /** Local hour of day, 0..23. */
  hour: number;
  assessedS: number;
  slouchS: number;
}

export interface ReportRecommendation {
  name: string;
  category: string;
  reason: string;
  dose: string;
  pinned: boolean;
}

export interface ReportAdherenceWeek {
  /** Local Monday 00:00. */
  startMs: number;
  sessions: number;
  /** Days of this week inside the period (a partial week at either end has fewer). */
  daysInPeriod: number;
}

export interface ReportExerciseAdherence {
  exerciseId: string;
  name: string;
  /** Pinned by a coach, with the coach's dose (else the catalogue's). */
  pinned: boolean;
  dose: string;
  timesLogged: number;
  lastDoneMs: number | null;
}

export interface ReportAdherence {
  /** The latest exercise plan's start, if one was started. */
  planStartMs: number | null;
  goalSessionsPerWeek: number;
  sessions: number;
  weeks: ReportAdherenceWeek[];
  /** Pinned exercises first, then others logged in the period. */
  exercises: ReportExerciseAdherence[];
}

export interface ReportNote {
  /** The local day it is about, or null for a note on the wearer. */
  day: string | null;
  authorName: string | null;
  text: string;
  createdMs: number;
}

export interface ReportData {
  wearer: { name: string; utcOffsetMin: number };
  period: { fromMs: number; toMs: number };
  generatedMs: number;
  goals: WearerGoals;
  summary: ReportSummary;
  days: ReportDay[];
  hours: ReportHour[];
  recommendations: {
    /** Why the list is short or empty; null when there are findings. */
    message: string | null;
    disclaimer: string;
    items: ReportRecommendation[];
  };
  adherence: ReportAdherence;
  notes: ReportNote[];
}
