/**
 * The requests the trends screens make, typed with the API's answers (lib/api/types.ts). Ranges are epoch ms,
 * `from` inclusive and `to` exclusive; the service answers for the wearer's local days and hours.
 */
import { api } from '../../lib/api/client.js';
import type {
  AlertRecord,
  AlertList,
  DistributionAnswer,
  Episode,
  EpisodeList,
  Goals,
  GoalsAnswer,
  PatternAnswer,
  PatternCell,
  PostureAnswer,
  PosturePoint,
  SummaryAnswer,
  SummaryBucket,
  WeekComparison,
  WearerSettings,
  WearerSettingsAnswer,
} from '../../lib/api/types.js';

const base = (wearerId: string) => `/api/wearers/${encodeURIComponent(wearerId)}`;

export async function fetchSettings(wearerId: string): Promise<WearerSettings> {
  return (await api.get<WearerSettingsAnswer>(`${base(wearerId)}/settings`)).settings;
}

export async function fetchGoals(wearerId: string): Promise<Goals> {
  return (await api.get<GoalsAnswer>(`${base(wearerId)}/goals`)).goals;
}

/** Points of [fromMs, toMs) every `stepMs` (1000: every second; more: averaged, empty steps left out). */
export async function fetchPoints(wearerId: string, fromMs: number, toMs: number, stepMs: number): Promise<PosturePoint[]> {
  return (await api.get<PostureAnswer>(`${base(wearerId)}/posture`, { from: fromMs, to: toMs, step: stepMs })).points;
}

export async function fetchEpisodes(wearerId: string, fromMs: number, toMs: number): Promise<Episode[]> {
  return (await api.get<EpisodeList>(`${base(wearerId)}/episodes`, { from: fromMs, to: toMs })).episodes;
}

export async function fetchAlerts(wearerId: string, fromMs: number, toMs: number): Promise<AlertRecord[]> {
  return (await api.get<AlertList>(`${base(wearerId)}/alerts`, { from: fromMs, to: toMs })).alerts;
}

export async function fetchSummary(wearerId: string, fromMs: number, toMs: number, bucket: 'hour' | 'day'): Promise<SummaryBucket[]> {
  return (await api.get<SummaryAnswer>(`${base(wearerId)}/summary`, { from: fromMs, to: toMs, bucket })).buckets;
}

export async function fetchPattern(wearerId: string, fromMs: number, toMs: number): Promise<PatternCell[]> {
  return (await api.get<PatternAnswer>(`${base(wearerId)}/pattern`, { from: fromMs, to: toMs })).cells;
}

export async function fetchDistribution(wearerId: string, fromMs: number, toMs: number): Promise<DistributionAnswer> {
  return api.get<DistributionAnswer>(`${base(wearerId)}/distribution`, { from: fromMs, to: toMs });
}

/** `weekStartMs`: the wearer's local Monday 00:00. */
export async function fetchWeekComparison(wearerId: string, weekStartMs: number): Promise<WeekComparison> {
  return api.get<WeekComparison>(`${base(wearerId)}/week-comparison`, { weekStart: weekStartMs });
}
