/**
 * Worn days for the query dataset, made by the real analysis: simulator recordings of a few hours of desk work
 * (several scenarios and seeds) run through the posture pipeline with a window calibration, giving per-second
 * points and slouch episodes. Each template is then aggregated once per start hour into the hour and day
 * buckets the service keeps (`aggregateIntoBuckets`, the function the service's rollups are built with), at a
 * canonical day; a wearer's day is a template shifted by whole days and the wearer's whole-hour UTC offset,
 * which moves every time field and nothing else (local hours stay local hours).
 */
import { generateScenario } from '@stance/firmware-sim';
import {
  aggregateIntoBuckets, aggregateToJson, createPosturePipeline, finishPosturePipeline, updatePosturePipeline,
  type PostureAggregateJson, type PosturePoint, type SlouchEpisode,
} from '@stance/analysis';
import { calibrateRecording } from '../../packages/analysis/src/cli/analyze-run.js';

const HOUR_MS = 3_600_000;
const RATE_HZ = 50;

export interface TemplateSpec {
  scenario: string;
  seed: number;
}

/** One analysed worn stretch; times are ms from its own start. */
export interface WornTemplate {
  label: string;
  points: PosturePoint[];
  episodes: SlouchEpisode[];
}

/** A template placed at `startHour` (local) of the canonical day, aggregated as the service would. */
export interface PlacedTemplate {
  template: WornTemplate;
  /** ms from local midnight to the first point. */
  startOffsetMs: number;
  /** Hour buckets and the day bucket of the canonical day (utcOffsetMin 0, day starting at epoch 0). */
  hours: PostureAggregateJson[];
  day: PostureAggregateJson;
}

/** Runs one recording through the posture pipeline; `wornS` seconds of it. */
export function analyseTemplate(spec: TemplateSpec, wornS: number): WornTemplate {
  const rec = generateScenario(spec.scenario, { seed: spec.seed, rateHz: RATE_HZ, durationS: wornS });
  const n = rec.timeS.length;
  const cols = { count: n, timeS: rec.timeS, acc: rec.acc, gyr: rec.gyr };
  const windows = { neutral: rec.windows.neutral, ...(rec.windows.bend ? { bend: rec.windows.bend } : {}) };
  const { calibration } = calibrateRecording(cols, { ...windows, everyS: 1, emitUp: false });
  const p = createPosturePipeline({ calibration });
  const points: PosturePoint[] = [];
  const episodes: SlouchEpisode[] = [];
  const collect = (): void => {
    if (p.pointReady) points.push({ ...p.point });
    if (p.episodeEnded) episodes.push({ ...p.episode });
  };
  const { timeS, acc, gyr } = rec;
  for (let i = 0; i < n; i++) {
    const j = 3 * i;
    updatePosturePipeline(p, timeS[i]!, acc[j]!, acc[j + 1]!, acc[j + 2]!, gyr[j]!, gyr[j + 1]!, gyr[j + 2]!);
    collect();
  }
  finishPosturePipeline(p);
  collect();
  const t0 = points[0]?.tMs ?? 0;
  return {
    label: `${spec.scenario}#${spec.seed}`,
    points: points.map((x) => ({ ...x, tMs: x.tMs - t0 })),
    episodes: episodes.map((e) => ({ ...e, startMs: e.startMs - t0, endMs: e.endMs - t0 })),
  };
}

export function placeTemplate(template: WornTemplate, startHour: number): PlacedTemplate {
  const startOffsetMs = startHour * HOUR_MS;
  const points = template.points.map((x) => ({ ...x, tMs: x.tMs + startOffsetMs }));
  const episodes = template.episodes.map((e) => ({ ...e, startMs: e.startMs + startOffsetMs, endMs: e.endMs + startOffsetMs }));
  const hours = aggregateIntoBuckets(points, episodes, 'hour', { utcOffsetMin: 0 }).map(aggregateToJson);
  const days = aggregateIntoBuckets(points, episodes, 'day', { utcOffsetMin: 0 }).map(aggregateToJson);
  if (days.length !== 1) throw new Error(`bench: a worn day from ${startHour}:00 crosses midnight`);
  return { template, startOffsetMs, hours, day: days[0] as PostureAggregateJson };
}

/** The canonical bucket moved by `shiftMs` to a wearer at `utcOffsetMin`, as JSON text. */
export function shiftedAggregateText(a: PostureAggregateJson, shiftMs: number, utcOffsetMin: number): string {
  return JSON.stringify({
    ...a,
    startMs: a.startMs + shiftMs,
    endMs: a.endMs + shiftMs,
    utcOffsetMin,
    firstPointMs: a.firstPointMs === null ? null : a.firstPointMs + shiftMs,
    lastPointEndMs: a.lastPointEndMs === null ? null : a.lastPointEndMs + shiftMs,
  });
}
