/**
 * The query benchmark's database: the service's own SQLite schema (migrations run by `openDatabase`) holding a
 * year of data for 100 wearers, generated once and cached under `.tmp/bench-queries/` keyed by the generator's
 * version and the schema's migration count, so reruns start at once.
 *
 * What is in it, per wearer (each with one device and a whole-hour UTC offset):
 * - every day of the year, an 8-hour worn stretch from 7, 8 or 9 h local time (a template, see
 *   wearer-day-templates.ts): its hour and day rollups, its slouch episodes, and an alert for each episode
 *   long enough to be buzzed (60 s);
 * - per-second points for the LAST `pointDays` days only (8 h x 3,600 = 28,800 a day). A year of them for 100
 *   wearers is 1.05e9 rows (about 100 GB in this schema), not feasible here. The point queries read at most a
 *   week of one wearer, a contiguous key range (wearer, t); what the rest of the table changes is the B-tree's
 *   depth (one more page per lookup at 1e9 rows) and whether the pages are in memory (see bench/README.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createDeviceRegistry, openDatabase } from '@stance/ingest';
import { MIGRATIONS } from '../../apps/ingest/src/db/migrations.js';
import { rebuildPointMinutes } from '../../apps/ingest/src/store/point-minutes.js';
import { analyseTemplate, placeTemplate, shiftedAggregateText, type PlacedTemplate, type TemplateSpec } from './wearer-day-templates.js';

/** Bump when the generated data changes; the cache key holds it. */
export const QUERY_DATASET_VERSION = 1;

const DAY_MS = 86_400_000;

export interface QueryDatasetSettings {
  wearers: number;
  /** Days of rollups, episodes and alerts, ending at `endDayMs`. */
  days: number;
  /** Days of per-second points, the last ones. */
  pointDays: number;
  /** Worn hours a day. */
  wornH: number;
  /** End of the data, exclusive: a UTC midnight (a Monday, so "this week" is a whole week). */
  endDayMs: number;
  /** Recordings the worn days are made from. */
  templates: readonly TemplateSpec[];
  /** Local start hours of the worn stretch. */
  startHours: readonly number[];
  /** UTC offsets of the wearers, minutes (whole hours), assigned in turn. */
  utcOffsetsMin: readonly number[];
}

export const DEFAULT_QUERY_DATASET_SETTINGS: Readonly<QueryDatasetSettings> = Object.freeze({
  wearers: 100,
  days: 365,
  pointDays: 7,
  wornH: 8,
  endDayMs: Date.UTC(2025, 10, 17), // Monday 17 November 2025
  templates: [
    { scenario: 'desk-day', seed: 11 }, { scenario: 'desk-day', seed: 12 }, { scenario: 'desk-day', seed: 13 },
    { scenario: 'fidgety-sitter', seed: 14 }, { scenario: 'standing-desk', seed: 15 },
  ],
  startHours: [7, 8, 9],
  utcOffsetsMin: [0, 60, 120, -300, -480, 540],
});

export interface QueryWearer {
  id: string;
  deviceId: string;
  utcOffsetMin: number;
}

export interface QueryDataset {
  dataDir: string;
  settings: Readonly<QueryDatasetSettings>;
  wearers: QueryWearer[];
  /** Rows per table, for the report. */
  rows: Record<string, number>;
  bytes: number;
}

export function datasetWearers(s: QueryDatasetSettings): QueryWearer[] {
  return Array.from({ length: s.wearers }, (_, i) => ({
    // uuid-shaped, as the service makes them (the key's size matters to the B-tree).
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    deviceId: `q-sensor-${String(i).padStart(4, '0')}`,
    utcOffsetMin: s.utcOffsetsMin[i % s.utcOffsetsMin.length] as number,
  }));
}

/** A deterministic choice in [0, n) for wearer w on day d. */
function pick(w: number, d: number, salt: number, n: number): number {
  let h = Math.imul(w + 1, 0x9e3779b1) ^ Math.imul(d + 7, 0x85ebca77) ^ Math.imul(salt, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) % n;
}

/** The cached dataset, generated first if missing (a minute or two on the 2-core machine). */
export function ensureQueryDataset(repoRoot: string, settings = DEFAULT_QUERY_DATASET_SETTINGS, progress: (l: string) => void = () => {}): QueryDataset {
  const key = `v${QUERY_DATASET_VERSION}-m${MIGRATIONS.length}-w${settings.wearers}-d${settings.days}-p${settings.pointDays}`;
  const dataDir = path.join(repoRoot, '.tmp', 'bench-queries', key);
  const wearers = datasetWearers(settings);
  const doneFile = path.join(dataDir, 'done.json');
  if (!fs.existsSync(doneFile)) {
    // An older version's dataset (another generator or schema) is 4 GB of nothing now: only one is kept.
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    const started = Date.now();
    generate(dataDir, settings, wearers, progress);
    const db = openDatabase({ dataDir, sync: 'normal' });
    try {
      const rows: Record<string, number> = {};
      for (const table of ['posture_point', 'posture_minute', 'rollup', 'episode', 'alert']) {
        rows[table] = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      }
      const bytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
      fs.writeFileSync(doneFile, JSON.stringify({ date: new Date().toISOString(), seconds: (Date.now() - started) / 1000, rows, bytes }) + '\n');
    } finally {
      db.close();
    }
  }
  const done = JSON.parse(fs.readFileSync(doneFile, 'utf8')) as { rows: Record<string, number>; bytes: number };
  return { dataDir, settings, wearers, rows: done.rows, bytes: done.bytes };
}

function generate(dataDir: string, s: QueryDatasetSettings, wearers: QueryWearer[], progress: (l: string) => void): void {
  progress(`queries: generating the dataset in ${dataDir} (once; cached)`);
  const templates = s.templates.map((spec) => analyseTemplate(spec, s.wornH * 3600));
  const placed: PlacedTemplate[][] = templates.map((t) => s.startHours.map((h) => placeTemplate(t, h)));
  progress(`queries: ${templates.length} worn-day templates analysed (${templates.map((t) => `${t.label}: ${t.points.length} points, ${t.episodes.length} episodes`).join('; ')})`);

  const db = openDatabase({ dataDir, sync: 'normal' });
  db.pragma('synchronous = OFF');
  const registry = createDeviceRegistry(db);
  const q = {
    wearer: db.prepare('INSERT INTO wearer (id, name, utc_offset_min, created_ms) VALUES (?, ?, ?, ?)'),
    point: db.prepare(
      `INSERT INTO posture_point (wearer_id, t_ms, device_id, flexion_deg, lateral_deg, activity, posture, worn) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    episode: db.prepare(
      `INSERT INTO episode (wearer_id, start_ms, device_id, end_ms, duration_s, peak_flexion_deg, mean_flexion_deg, dose_deg_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    alert: db.prepare(
      `INSERT OR REPLACE INTO alert (device_id, buzz_ms, wearer_id, slouch_start_ms, repeat, pattern, outcome, response_s, resolved_ms)
       VALUES (?, ?, ?, ?, 0, 'short', ?, ?, ?)`,
    ),
    rollup: db.prepare('INSERT INTO rollup (wearer_id, size, start_ms, aggregate) VALUES (?, ?, ?, ?)'),
    status: db.prepare('INSERT OR REPLACE INTO device_status (device_id, online, battery, fw, last_seen_ms) VALUES (?, 0, 80, ?, ?)'),
  };
  const firstDayMs = s.endDayMs - s.days * DAY_MS;
  const firstPointDay = s.days - s.pointDays;
  const outcomes = ['corrected', 'corrected', 'ignored', 'snoozed'];
  wearers.forEach((w, wi) => {
    db.transaction(() => {
      q.wearer.run(w.id, `Query wearer ${wi}`, w.utcOffsetMin, firstDayMs - DAY_MS);
      registry.create(w.deviceId, w.id);
      let lastSeenMs = 0;
      for (let d = 0; d < s.days; d++) {
        const p = (placed[pick(wi, d, 1, placed.length)] as PlacedTemplate[])[pick(wi, d, 2, s.startHours.length)] as PlacedTemplate;
        // The canonical day starts at epoch 0, local = UTC; this wearer's local day d starts at:
        const shiftMs = firstDayMs + d * DAY_MS - w.utcOffsetMin * 60_000;
        for (const h of p.hours) q.rollup.run(w.id, 'hour', h.startMs + shiftMs, shiftedAggregateText(h, shiftMs, w.utcOffsetMin));
        q.rollup.run(w.id, 'day', p.day.startMs + shiftMs, shiftedAggregateText(p.day, shiftMs, w.utcOffsetMin));
        const base = shiftMs + p.startOffsetMs;
        for (const [k, e] of p.template.episodes.entries()) {
          const start = Math.round(e.startMs + base);
          q.episode.run(w.id, start, w.deviceId, Math.round(e.endMs + base), e.durationS, e.peakFlexionDeg, e.meanFlexionDeg, e.doseDegS);
          if (e.durationS >= 60) {
            const outcome = outcomes[pick(wi, d * 100 + k, 3, outcomes.length)] as string;
            const responseS = outcome === 'corrected' ? 3 + pick(wi, d * 100 + k, 4, 20) : null;
            q.alert.run(w.deviceId, start + 60_000, w.id, start, outcome, responseS, outcome === 'ignored' ? null : start + 60_000 + (responseS ?? 30) * 1000);
          }
        }
        if (d >= firstPointDay) {
          for (const pt of p.template.points) {
            const f = Number.isFinite(pt.flexionDeg) ? pt.flexionDeg : null;
            const l = Number.isFinite(pt.lateralDeg) ? pt.lateralDeg : null;
            q.point.run(w.id, Math.round(pt.tMs + base), w.deviceId, f, l, pt.activity, pt.posture, pt.worn ? 1 : 0);
          }
        }
        lastSeenMs = base + (p.template.points.at(-1)?.tMs ?? 0);
      }
      q.status.run(w.deviceId, '1.2.0', Math.round(lastSeenMs));
    })();
    if (wi % 10 === 9) progress(`queries: ${wi + 1} of ${wearers.length} wearers written`);
  });
  // The points went in around the store: compute their minute rows as the store would have.
  rebuildPointMinutes(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
