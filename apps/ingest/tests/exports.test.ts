/**
 * CSV exports against the JSON API for the same range: two days of simulated wear (firmware-sim `desk-day`
 * through the real intake and analysis) of a wearer at UTC+1; points at 1 s and at a 1 min step, episodes,
 * daily summaries in local days. Also the chunked points stream across chunk edges, headers, refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_START_MS } from '@stance/firmware-sim';
import { pointsCsv, POINTS_CSV_HEADER } from '../src/export/points-csv.js';
import { nameSlug } from '../src/export/download-name.js';
import { csvField } from '../src/export/csv-format.js';
import { ADMIN } from './device-helpers.js';
import { startService, type RunningService } from './helpers.js';
import { accountsApi, importWear, type AccountsApi, type WearerAccount } from './wearer-accounts.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** 2025-11-21 00:00 at UTC+1 (the scenarios start at 08:00 UTC, 09:00 local). */
const DAY1_MS = DEFAULT_START_MS - 9 * HOUR_MS;

/** RFC 4180 rows (quoted fields allowed), without the final empty line. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Header and rows as objects keyed by the header. */
function csvRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const [header = [], ...rows] = parseCsv(text);
  return { header, records: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

const near = (csv: string, json: number | null, tolerance: number): boolean =>
  json === null ? csv === '' : Math.abs(Number(csv) - json) <= tolerance;

describe('CSV exports', () => {
  let running: RunningService;
  let api: AccountsApi;
  let ada: WearerAccount;
  let ben: WearerAccount;
  const range = { from: DAY1_MS, to: DAY1_MS + 2 * DAY_MS };
  const get = (who: WearerAccount | { headers: { authorization: string } }, url: string) =>
    running.service.app.inject({ url, headers: who.headers });

  beforeAll(async () => {
    running = await startService({ adminEmail: ADMIN.email, adminPassword: ADMIN.password });
    api = await accountsApi(running.service);
    ada = await api.wearer('ada@clinic.test', 'Zoë "Ada" Lovelace');
    ben = await api.wearer('ben@clinic.test', 'Ben');
    const patched = await running.service.app.inject({ method: 'PATCH', url: `/api/wearers/${ada.wearerId}`, headers: api.admin, payload: { utcOffsetMin: 60 } });
    expect(patched.statusCode, patched.body).toBe(200);
    await api.device('csv-ada', ada.wearerId);
    await importWear(running.service, 'csv-ada', [
      { scenario: 'desk-day', startMs: DEFAULT_START_MS, durationS: 1200, seed: 11 },
      { scenario: 'desk-day', startMs: DEFAULT_START_MS + DAY_MS + 5 * HOUR_MS, durationS: 900, seed: 12 },
    ]);
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
  });

  it('points.csv holds exactly the points of GET /posture, per second and per minute', async () => {
    // GET /posture answers at most 100,000 points: one day per second, both days per minute.
    for (const [step, days] of [[1000, 1], [60_000, 2]] as const) {
      const query = `from=${range.from}&to=${range.from + days * DAY_MS}&step=${step}`;
      const csv = await get(ada, `/api/wearers/${ada.wearerId}/export/points.csv?${query}`);
      expect(csv.statusCode, csv.body).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      const dayNames = days === 1 ? '2025-11-21' : '2025-11-21_2025-11-22';
      expect(csv.headers['content-disposition']).toBe(`attachment; filename="stance-zoe-ada-lovelace-points-${dayNames}.csv"`);
      const { header, records } = csvRecords(csv.body);
      expect(header).toEqual([...POINTS_CSV_HEADER]);
      const json = (await get(ada, `/api/wearers/${ada.wearerId}/posture?${query}`)).json().points as {
        t: number; flexionDeg: number | null; lateralDeg: number | null; activity: string; posture: string;
      }[];
      expect(json.length).toBeGreaterThan(step === 1000 ? 1000 : 30);
      expect(records.length).toBe(json.length);
      records.forEach((r, i) => {
        const p = json[i]!;
        expect(Number(r['t_ms'])).toBe(p.t);
        expect(near(r['flexion_deg']!, p.flexionDeg, 5e-4) && near(r['lateral_deg']!, p.lateralDeg, 5e-4), `row ${i}`).toBe(true);
        expect([r['activity'], r['posture']]).toEqual([p.activity, p.posture]);
        expect(new Date(r['time_local']!.replace('+01:00', 'Z')).getTime() - HOUR_MS).toBe(Math.floor(p.t / 1000) * 1000);
      });
      expect(records[0]!['time_local']).toMatch(/^2025-11-21T09:0\d:\d\d\+01:00$/);
    }
  });

  it('streams points in chunks whose edges keep every row (and every averaged step) intact', async () => {
    const { store } = running.service;
    const from = DEFAULT_START_MS + 1234;
    const to = DEFAULT_START_MS + 1200_000;
    for (const stepMs of [1000, 7000]) {
      const chunks: string[] = [];
      for await (const chunk of pointsCsv(store, ada.wearerId, { fromMs: from, toMs: to }, stepMs, 60, { rowsPerChunk: 13, angleDecimals: 3 })) chunks.push(chunk);
      const whole = await store.readPoints(ada.wearerId, { fromMs: from, toMs: to }, stepMs);
      expect(chunks.length).toBeGreaterThan(whole.length / 13);
      const rows = parseCsv(chunks.join('')).slice(1);
      expect(rows.map((r) => Number(r[1]))).toEqual(whole.map((p) => p.tMs));
      expect(rows.map((r) => r[2])).toEqual(whole.map((p) => (p.flexionDeg === null ? '' : String(Math.round(p.flexionDeg * 1000) / 1000))));
    }
  });

  it('episodes.csv holds the episodes of GET /episodes', async () => {
    const query = `from=${range.from}&to=${range.to}`;
    const csv = await get(ada, `/api/wearers/${ada.wearerId}/export/episodes.csv?${query}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('stance-zoe-ada-lovelace-episodes-2025-11-21_2025-11-22.csv');
    const json = (await get(ada, `/api/wearers/${ada.wearerId}/episodes?${query}`)).json().episodes as {
      start: number; end: number; durationS: number; peakFlexionDeg: number; meanFlexionDeg: number; doseDegS: number;
    }[];
    const { header, records } = csvRecords(csv.body);
    expect(header).toEqual(['start_local', 'start_ms', 'end_ms', 'duration_s', 'peak_flexion_deg', 'mean_flexion_deg', 'dose_deg_s']);
    expect(json.length).toBeGreaterThan(0);
    expect(records.length).toBe(json.length);
    records.forEach((r, i) => {
      const e = json[i]!;
      expect([Number(r['start_ms']), Number(r['end_ms'])]).toEqual([e.start, e.end]);
      expect(near(r['duration_s']!, e.durationS, 5e-4) && near(r['peak_flexion_deg']!, e.peakFlexionDeg, 5e-4)).toBe(true);
      expect(near(r['mean_flexion_deg']!, e.meanFlexionDeg, 5e-4) && near(r['dose_deg_s']!, e.doseDegS, 5e-3)).toBe(true);
    });
  });

  it('daily.csv holds the day summaries of GET /summary in local days', async () => {
    const query = `from=${range.from}&to=${range.to}`;
    const csv = await get(ada, `/api/wearers/${ada.wearerId}/export/daily.csv?${query}`);
    expect(csv.statusCode).toBe(200);
    const json = (await get(ada, `/api/wearers/${ada.wearerId}/summary?${query}&bucket=day`)).json().buckets as Record<string, number | null>[];
    const { header, records } = csvRecords(csv.body);
    expect(header.slice(0, 8)).toEqual(['day_local', 'start_ms', 'worn_s', 'assessed_s', 'upright_s', 'slouch_s', 'upright_pct', 'episode_count']);
    expect(header.every((h) => /_(local|ms|s|pct|count|deg|deg_s)$|^movement_breaks$/.test(h))).toBe(true);
    expect(records.map((r) => r['day_local'])).toEqual(['2025-11-21', '2025-11-22']);
    expect(records.length).toBe(json.length);
    records.forEach((r, i) => {
      const b = json[i]!;
      expect(Number(r['start_ms'])).toBe(b['start']);
      expect([r['worn_s'], r['upright_s'], r['slouch_s'], r['episode_count']].map(Number)).toEqual([b['wornS'], b['uprightS'], b['slouchS'], b['episodeCount']]);
      expect(near(r['upright_pct']!, b['uprightPct'] ?? null, 5e-3) && near(r['mean_flexion_deg']!, b['meanFlexionDeg'] ?? null, 5e-4)).toBe(true);
      for (const [csvName, jsonName] of [['assessed_s', 'assessedS'], ['longest_sitting_s', 'longestSittingS'], ['movement_breaks', 'movementBreaks'], ['alert_count', 'alertCount']]) {
        if (b[jsonName!] !== undefined) expect(Number(r[csvName!]), csvName).toBe(b[jsonName!]);
      }
    });
    // Local days: the first day bucket starts at local midnight.
    expect(Number(records[0]!['start_ms'])).toBe(DAY1_MS);
  });

  it('refuses another wearer, an unknown wearer, a reversed range and more than a year of points', async () => {
    const base = `/api/wearers/${ada.wearerId}/export`;
    for (const what of ['points', 'episodes', 'daily']) {
      const other = await get(ben, `${base}/${what}.csv?from=${range.from}&to=${range.to}`);
      expect(other.statusCode).toBe(403);
      expect(other.json().error.code).toBe('FORBIDDEN');
      expect((await get({ headers: api.admin }, `/api/wearers/nobody/export/${what}.csv?from=0&to=1000`)).statusCode).toBe(404);
      expect((await running.service.app.inject({ url: `${base}/${what}.csv?from=0&to=1000` })).statusCode).toBe(401);
      const reversed = await get(ada, `${base}/${what}.csv?from=5000&to=1000`);
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json().error.code).toBe('REQUEST_INVALID');
    }
    expect((await get(ada, `${base}/points.csv?from=0&to=${400 * DAY_MS}`)).statusCode).toBe(400);
    expect((await get(ada, `${base}/points.csv?from=0&to=${400 * DAY_MS}&step=60000`)).statusCode).toBe(200);
  });

  it('names files in ASCII and quotes CSV fields only when needed', () => {
    expect(nameSlug('Zoë "Ada" Lovelace')).toBe('zoe-ada-lovelace');
    expect(nameSlug('李雷')).toBe('wearer');
    expect([csvField('plain'), csvField('a,b'), csvField('say "hi"'), csvField(null), csvField(1.5)]).toEqual(['plain', '"a,b"', '"say ""hi"""', '', '1.5']);
  });
});
