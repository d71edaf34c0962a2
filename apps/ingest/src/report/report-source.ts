/**
 * Gathers a wearer's report for a period: the day rollups (summary, daily bars, hour-of-day profile), alerts,
 * recommendations as of the period's end, the exercise log against the plan, pins and goal, and the coach
 * notes. Reads through the store port and the coaching modules; the rendering is report-html.ts.
 */
import { getExercise, summariseAggregate, type PostureAggregate } from '@stance/analysis';
import type { CoachNotes } from '../coaching/coach-notes.js';
import { notesInRange } from '../coaching/coach-notes.js';
import type { ExerciseLog, ExerciseLogEntry } from '../coaching/exercise-log.js';
import type { ExercisePlans } from '../coaching/exercise-plans.js';
import type { PinnedExercise, PinnedExercises } from '../coaching/pinned-exercises.js';
import { effectiveGoals, type WearerGoalsStore } from '../coaching/wearer-goals.js';
import { DAY_MS, localDateText, localDayStartMs, localWeekStartMs, WEEK_MS } from '../insights/local-calendar.js';
import { countExerciseSessions, mergeAll } from '../insights/week-numbers.js';
import { wearerRecommendations } from '../insights/wearer-recommendations.js';
import type { AlertRecord, PostureStore, RollupBucket, TimeRange, Wearer } from '../store/store-port.js';
import type { ReportAdherence, ReportData, ReportDay, ReportExerciseAdherence, ReportHour, ReportSummary } from './report-data.js';

export interface ReportSources {
  store: PostureStore;
  exerciseLog: ExerciseLog;
  notes: CoachNotes;
  pins: PinnedExercises;
  plans: ExercisePlans;
  goals: WearerGoalsStore;
}

export async function gatherReport(src: ReportSources, wearer: Wearer, range: TimeRange, nowMs: number): Promise<ReportData> {
  const offset = wearer.utcOffsetMin;
  const rollups = await src.store.readRollups(wearer.id, 'day', range);
  const alerts = await src.store.readAlerts(wearer.id, range);
  const pins = src.pins.list(wearer.id);
  // Recommendations as they stood at the end of the period (or now, for a period still running).
  const asOfMs = Math.min(nowMs, range.toMs - 1);
  const advice = await wearerRecommendations(src.store, wearer, pins, asOfMs);
  const log = src.exerciseLog.list(wearer.id, range);
  const goals = effectiveGoals(src.goals.get(wearer.id));
  const days = reportDays(rollups, range, offset);
  return {
    wearer: { name: wearer.name, utcOffsetMin: offset },
    period: { fromMs: range.fromMs, toMs: range.toMs },
    generatedMs: nowMs,
    goals,
    summary: reportSummary(rollups.map((r) => r.aggregate), alerts, days, range),
    days,
    hours: hourProfile(rollups.map((r) => r.aggregate)),
    recommendations: {
      message: advice.message,
      disclaimer: advice.disclaimer,
      items: advice.recommendations.map((r) => ({ name: r.name, category: r.category, reason: r.reason, dose: r.dose, pinned: r.pinned })),
    },
    adherence: adherence(log, pins, src.plans.latest(wearer.id)?.startMs ?? null, goals.exerciseSessionsPerWeek, range, offset),
    notes: notesInRange(src.notes.list(wearer.id), range, offset)
      .sort((a, b) => (a.day ?? localDateText(a.createdMs, offset)).localeCompare(b.day ?? localDateText(b.createdMs, offset)) || a.createdMs - b.createdMs)
      .map((n) => ({ day: n.day, authorName: n.authorName, text: n.text, createdMs: n.createdMs })),
  };
}

/** Every local day of the period, with its rollup's numbers or zeros (a day without data stays in, as a gap). */
function reportDays(rollups: readonly RollupBucket[], range: TimeRange, utcOffsetMin: number): ReportDay[] {
  const byStart = new Map(rollups.map((r) => [r.startMs, r]));
  const starts = new Set<number>(rollups.map((r) => r.startMs));
  for (let t = localDayStartMs(range.fromMs, utcOffsetMin); t < range.toMs; t += DAY_MS) starts.add(t);
  return [...starts].sort((a, b) => a - b).map((startMs) => {
    const rollup = byStart.get(startMs);
    const s = rollup === undefined ? null : summariseAggregate(rollup.aggregate);
    return {
      day: localDateText(startMs, rollup?.aggregate.utcOffsetMin ?? utcOffsetMin),
      startMs,
      wornS: s?.wornS ?? 0,
      uprightPct: s?.uprightPct ?? null,
      slouchMin: (s?.slouchS ?? 0) / 60,
    };
  });
}

function reportSummary(aggregates: readonly PostureAggregate[], alerts: readonly AlertRecord[], days: readonly ReportDay[], range: TimeRange): ReportSummary {
  const s = summariseAggregate(mergeAll(aggregates, range.fromMs, range.toMs));
  const wornDays = days.filter((d) => d.wornS > 0).length;
  const perWornDay = (x: number): number | null => (wornDays > 0 ? x / wornDays : null);
  const responses = alerts.filter((a) => a.outcome === 'corrected' && a.responseS !== null).map((a) => a.responseS as number).sort((a, b) => a - b);
  return {
    wornS: s.wornS,
    wornDays,
    periodDays: days.length,
    assessedS: s.assessedS,
    uprightPct: s.uprightPct,
    slouchMinPerWornDay: perWornDay(s.slouchS / 60),
    episodeCount: s.episodeCount,
    episodesPerWornDay: perWornDay(s.episodeCount),
    longestEpisodeS: s.longestEpisodeS,
    meanFlexionDeg: s.meanFlexionDeg,
    p90FlexionDeg: s.p90FlexionDeg,
    meanLateralDeg: s.meanLateralDeg,
    doseDegS: s.doseDegS,
    movementBreaks: s.movementBreaks,
    longestSittingS: s.longestSittingS,
    alertCount: alerts.length,
    correctedCount: alerts.filter((a) => a.outcome === 'corrected').length,
    medianResponseS: responses.length === 0 ? null : (responses[Math.floor((responses.length - 1) / 2)] as number),
  };
}

/** Slouched and assessed seconds per local hour of day over the period. */
function hourProfile(aggregates: readonly PostureAggregate[]): ReportHour[] {
  return Array.from({ length: 24 }, (_, hour) => ({
    hour,
    assessedS: aggregates.reduce((n, a) => n + (a.assessedSByLocalHour[hour] ?? 0), 0),
    slouchS: aggregates.reduce((n, a) => n + (a.slouchSByLocalHour[hour] ?? 0), 0),
  }));
}

function adherence(
  log: readonly ExerciseLogEntry[], pins: readonly PinnedExercise[], planStartMs: number | null, goalSessionsPerWeek: number,
  range: TimeRange, utcOffsetMin: number,
): ReportAdherence {
  const weeks = [];
  for (let start = localWeekStartMs(range.fromMs, utcOffsetMin); start < range.toMs; start += WEEK_MS) {
    const from = Math.max(start, range.fromMs);
    const to = Math.min(start + WEEK_MS, range.toMs);
    weeks.push({
      startMs: start,
      sessions: countExerciseSessions(log.filter((e) => e.doneMs >= from && e.doneMs < to).map((e) => e.doneMs)),
      daysInPeriod: Math.round((to - from) / DAY_MS),
    });
  }
  const exercises: ReportExerciseAdherence[] = [];
  const row = (exerciseId: string, pin: PinnedExercise | undefined): ReportExerciseAdherence => {
    const done = log.filter((e) => e.exerciseId === exerciseId);
    const exercise = getExercise(exerciseId);
    return {
      exerciseId,
      name: exercise?.name ?? exerciseId,
      pinned: pin !== undefined,
      dose: pin?.dose ?? exercise?.dose ?? '',
      timesLogged: done.length,
      lastDoneMs: done.at(-1)?.doneMs ?? null,
    };
  };
  for (const pin of pins) exercises.push(row(pin.exerciseId, pin));
  for (const id of new Set(log.map((e) => e.exerciseId))) if (!pins.some((p) => p.exerciseId === id)) exercises.push(row(id, undefined));
  return {
    planStartMs,
    goalSessionsPerWeek,
    sessions: countExerciseSessions(log.map((e) => e.doneMs)),
    weeks,
    exercises,
  };
}
