/**
 * Picks a short, ranked list of exercises from a wearer's daily aggregates: runs the rules over the current
 * period (and the one before, and the weeks before that), then fills up to `maxRecommendations` slots taking
 * each firing finding's best exercise in turn (strongest finding first), so two findings both get answered.
 * A coach's pins come first, with the coach's note as the reason; a coach's removals are never shown.
 * Too little data gives a clear "not enough data yet" result rather than advice built on noise.
 */
import type { PostureAggregate } from './aggregates.js';
import { createAggregate, mergeAggregates } from './aggregates.js';
import { CATALOGUE_VERSION, DISCLAIMER_TEXT, getExercise, type Exercise, type FindingId } from './exercise-catalogue.js';
import { formatNumber } from './duration-text.js';
import {
  DEFAULT_RECOMMENDATION_SETTINGS,
  RULES,
  RULES_VERSION,
  type Finding,
  type RecommendationSettings,
  type Rule,
  type RuleContext,
} from './recommendation-rules.js';

export interface CoachPin {
  exerciseId: string;
  /** Shown as the reason. */
  note: string;
}

export interface CoachAdjustments {
  /** Always shown, first, in this order. */
  pins: readonly CoachPin[];
  /** Never shown (wins over a pin of the same exercise). */
  removed: readonly string[];
}

export interface RecommendationInput {
  /** Daily aggregates, any order; days before the current period feed the comparison and progress rules. */
  days: readonly PostureAggregate[];
  /** End (exclusive) of the current period, epoch ms, normally the wearer's local midnight today. */
  periodEndMs: number;
  coach?: CoachAdjustments;
}

export interface Recommendation {
  exerciseId: string;
  name: string;
  reason: string;
  dose: string;
  /** The finding it answers, or 'coach' for a pin. */
  findingId: FindingId | 'coach';
  /** Finding score, less 10% per round of picking (a finding's second choice is 0.9 of it); null for pins. */
  score: number | null;
}

export interface RecommendationResult {
  status: 'ok' | 'not-enough-data' | 'nothing-found';
  /** For people: why the list is short or empty; null when status is ok. */
  message: string | null;
  wornH: number;
  neededH: number;
  findings: Finding[];
  recommendations: Recommendation[];
  /** Pins naming exercises the catalogue does not have. */
  unknownPins: string[];
  catalogueVersion: string;
  rulesVersion: string;
  disclaimer: string;
}

const DAY_MS = 86_400_000;

function mergeAll(aggs: readonly PostureAggregate[], startMs: number, endMs: number): PostureAggregate {
  return aggs.reduce((acc, a) => mergeAggregates(acc, a), createAggregate(startMs, endMs, aggs[0] ?? {}));
}

/** Builds the rule context from daily aggregates. Exported for tests and for showing findings alone. */
export function buildRuleContext(
  days: readonly PostureAggregate[],
  periodEndMs: number,
  settings: Readonly<RecommendationSettings>,
): RuleContext {
  const periodMs = settings.periodDays * DAY_MS;
  const inPeriod = (k: number) => (d: PostureAggregate) =>
    d.startMs >= periodEndMs - (k + 1) * periodMs && d.startMs < periodEndMs - k * periodMs;
  const wearing = (d: PostureAggregate) => d.assessedS >= settings.minDayAssessedH * 3600;
  const sorted = days.slice().sort((a, b) => a.startMs - b.startMs);
  const currentDays = sorted.filter(inPeriod(0));
  const previousDays = sorted.filter(inPeriod(1));
  const weeks: PostureAggregate[] = [];
  for (let k = 0; ; k++) {
    const start = periodEndMs - (k + 1) * periodMs;
    const week = mergeAll(sorted.filter(inPeriod(k)), start, start + periodMs);
    if (week.wornS < settings.minWornH * 3600) break; // the run of usable weeks ends at the first thin one
    weeks.unshift(week);
  }
  return {
    settings,
    days: currentDays.filter(wearing),
    current: mergeAll(currentDays, periodEndMs - periodMs, periodEndMs),
    previous: previousDays.length > 0 ? mergeAll(previousDays, periodEndMs - 2 * periodMs, periodEndMs - periodMs) : null,
    previousDayCount: previousDays.filter(wearing).length,
    weeks,
  };
}

export function recommend(input: RecommendationInput, settings: Partial<RecommendationSettings> = {}): RecommendationResult {
  const s: Readonly<RecommendationSettings> = { ...DEFAULT_RECOMMENDATION_SETTINGS, ...settings };
  const ctx = buildRuleContext(input.days, input.periodEndMs, s);
  const wornH = ctx.current.wornS / 3600;
  const removed = new Set(input.coach?.removed ?? []);
  const chosen: Recommendation[] = [];
  const unknownPins: string[] = [];
  for (const pin of input.coach?.pins ?? []) {
    const e = getExercise(pin.exerciseId);
    if (e === undefined) unknownPins.push(pin.exerciseId);
    else if (!removed.has(e.id) && !chosen.some((c) => c.exerciseId === e.id)) {
      chosen.push({ exerciseId: e.id, name: e.name, reason: pin.note.trim() || 'Chosen by your coach.', dose: e.dose, findingId: 'coach', score: null });
    }
  }
  const base = {
    wornH, neededH: s.minWornH, unknownPins,
    catalogueVersion: CATALOGUE_VERSION, rulesVersion: RULES_VERSION, disclaimer: DISCLAIMER_TEXT,
  };
  if (wornH < s.minWornH) {
    const message = `not enough data yet (${formatNumber(wornH)} h worn, need ${s.minWornH} h)`;
    return { ...base, status: 'not-enough-data', message, findings: [], recommendations: chosen };
  }

  const fired: Fired[] = [];
  for (const rule of RULES) {
    const finding = rule.evaluate(ctx);
    if (finding !== null) fired.push({ finding, rule });
  }
  fired.sort((a, b) => b.finding.score - a.finding.score);
  pickExercises(fired, removed, chosen, s.maxRecommendations);
  const findings = fired.map((f) => f.finding);
  if (findings.length === 0) {
    const message = 'nothing stands out this week: keep up your routine';
    return { ...base, status: 'nothing-found', message, findings, recommendations: chosen };
  }
  return { ...base, status: 'ok', message: null, findings, recommendations: chosen };
}

type Fired = { finding: Finding; rule: Rule };

/**
 * Appends to `chosen` up to `max` entries: each round, every finding (strongest first) takes its next exercise
 * that is neither removed nor already chosen, so the second finding is answered before the first one's third
 * exercise. One-sided exercises start on the weaker side whichever finding picked them (bird-dog for endurance).
 */
function pickExercises(fired: readonly Fired[], removed: ReadonlySet<string>, chosen: Recommendation[], max: number): void {
  const trainFirst = fired.find((f) => f.finding.trainFirst !== undefined)?.finding.trainFirst ?? null;
  const cursors = fired.map(() => 0);
  const next = (i: number): Exercise | undefined => {
    const ids = fired[i]!.rule.exerciseIds;
    while ((cursors[i] ?? ids.length) < ids.length) {
      const e = getExercise(ids[cursors[i]!]!);
      cursors[i] = cursors[i]! + 1;
      if (e !== undefined && !removed.has(e.id) && !chosen.some((c) => c.exerciseId === e.id)) return e;
    }
    return undefined;
  };
  for (let round = 0; chosen.length < max; round++) {
    let added = 0;
    for (let i = 0; i < fired.length && chosen.length < max; i++) {
      const e = next(i);
      if (e === undefined) continue;
      const { finding, rule } = fired[i]!;
      const side = e.unilateral ? trainFirst : null;
      chosen.push({
        exerciseId: e.id,
        name: e.name,
        reason: capitalise(`${finding.text}; ${rule.why}.`) + (side !== null ? ` Start with your ${side} side.` : ''),
        dose: side !== null ? `${e.dose}; ${side} side first` : e.dose,
        findingId: finding.id,
        score: Math.round(finding.score * Math.max(0.1, 1 - 0.1 * round) * 100) / 100,
      });
      added++;
    }
    if (added === 0) break;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
