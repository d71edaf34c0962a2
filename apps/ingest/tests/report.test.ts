/**
 * The printable report: through the API for a wearer with simulated wear on three local days, exercises
 * logged, a pinned exercise, a plan and coach notes (numbers checked against the JSON API, everything
 * escaped, self-contained); and the pure renderer on edge cases (no data at all, hostile text).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_START_MS } from '@stance/firmware-sim';
import { renderReport } from '../src/report/report-html.js';
import type { ReportData } from '../src/report/report-data.js';
import { niceScale } from '../src/report/svg-charts.js';
import { DEFAULT_WEARER_GOALS } from '../src/coaching/wearer-goals.js';
import { ADMIN } from './device-helpers.js';
import { startService, type RunningService } from './helpers.js';
import { accountsApi, importWear, type AccountsApi, type WearerAccount } from './wearer-accounts.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** 2025-11-21 00:00 at UTC+1 (a Friday); the scenarios start at 09:00 local. */
const DAY1_MS = DEFAULT_START_MS - 9 * HOUR_MS;
const HOSTILE = '<script>alert("x")</script> & \'co\'';

describe('report', () => {
  let running: RunningService;
  let api: AccountsApi;
  let ada: WearerAccount;
  let ben: WearerAccount;
  const from = DAY1_MS;
  const to = DAY1_MS + 7 * DAY_MS;
  const url = () => `/api/wearers/${ada.wearerId}/report?from=${from}&to=${to}`;
  const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, headers: Record<string, string>, payload?: object) =>
    running.service.app.inject({ method, url: path, headers, ...(payload === undefined ? {} : { payload }) });

  beforeAll(async () => {
    running = await startService({ adminEmail: ADMIN.email, adminPassword: ADMIN.password });
    api = await accountsApi(running.service);
    ada = await api.wearer('ada@clinic.test', `Ada ${HOSTILE}`);
    ben = await api.wearer('ben@clinic.test', 'Ben');
    const base = `/api/wearers/${ada.wearerId}`;
    const ok = async (reply: Promise<{ statusCode: number; body: string }>) => {
      const r = await reply;
      expect(r.statusCode, r.body).toBeLessThan(300);
    };
    await ok(inject('PATCH', base, api.admin, { utcOffsetMin: 60 }));
    await api.device('report-ada', ada.wearerId);
    await importWear(running.service, 'report-ada', [0, 1, 3].map((day, i) => ({
      scenario: 'desk-day', startMs: DEFAULT_START_MS + day * DAY_MS, durationS: 900, seed: 20 + i,
    })));
    // Adherence: two exercises 10 min apart (one session) on day 1, one on day 4 (a second session).
    await ok(inject('POST', `${base}/exercise-log`, ada.headers, { exerciseId: 'chest-opener', doneMs: DEFAULT_START_MS + 2 * HOUR_MS }));
    await ok(inject('POST', `${base}/exercise-log`, ada.headers, { exerciseId: 'band-row', doneMs: DEFAULT_START_MS + 2 * HOUR_MS + 600_000 }));
    await ok(inject('POST', `${base}/exercise-log`, ada.headers, { exerciseId: 'chest-opener', doneMs: DEFAULT_START_MS + 3 * DAY_MS }));
    await ok(inject('PUT', `${base}/pins/face-pull`, api.admin, { dose: '2 × 12, every other day' }));
    await ok(inject('POST', `${base}/plan`, api.admin, { startMs: DEFAULT_START_MS }));
    await ok(inject('POST', `${base}/notes`, api.admin, { text: `Good start. ${HOSTILE}`, day: '2025-11-22' }));
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
  });

  it('is one self-contained, printable HTML page with escaped text', async () => {
    const reply = await inject('GET', url(), ada.headers);
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toContain("default-src 'none'");
    expect(reply.headers['content-disposition']).toMatch(/^inline; filename="stance-ada-script-alert-x-script-co-report-2025-11-21_2025-11-27\.html"$/);
    const html = reply.body;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('Ada &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).toContain('Period 21 Nov 2025 – 27 Nov 2025 · 7 days');
  });

  it('shows the numbers of the JSON API: upright %, worn days, daily bars with gaps', async () => {
    const html = (await inject('GET', url(), ada.headers)).body;
    const days = (await inject('GET', `/api/wearers/${ada.wearerId}/summary?from=${from}&to=${to}&bucket=day`, ada.headers)).json().buckets as {
      start: number; wornS: number; uprightS: number; slouchS: number; uprightPct: number | null; episodeCount: number;
    }[];
    expect(days.length).toBe(3);
    const upright = days.reduce((n, d) => n + d.uprightS, 0);
    const slouch = days.reduce((n, d) => n + d.slouchS, 0);
    const worn = days.reduce((n, d) => n + d.wornS, 0);
    expect(html).toContain(`<dt>Upright</dt><dd>${Math.round((upright / (upright + slouch)) * 100)} %`);
    expect(html).toContain(`<dt>Worn</dt><dd>${(worn / 3600).toFixed(1)} h <small>3 of 7 days`);
    expect(html).toContain(`<dt>Slouch episodes</dt><dd>${days.reduce((n, d) => n + d.episodeCount, 0)}`);
    // Seven bars in each daily chart; the four days without data are dotted marks, not zero bars.
    expect(html.match(/class="nodata"/g)?.length).toBeGreaterThanOrEqual(2 * 4);
    for (const d of days) if (d.uprightPct !== null) expect(html).toContain(`${Math.round(d.uprightPct)} % upright`);
  });

  it('lists recommendations with reasons, adherence and coach notes', async () => {
    const html = (await inject('GET', url(), ada.headers)).body;
    expect(html).toMatch(/<strong>Face pull<\/strong><span class="tag">chosen by the coach<\/span>/);
    expect(html).toContain('2 × 12, every other day');
    expect(html).toContain('Exercise plan started on 21 Nov 2025.');
    expect(html).toContain('2 exercise sessions logged in this period; the goal is 3 a week');
    expect(html).toMatch(/<td>Chest opener<\/td><td><\/td><td>[^<]*<\/td><td class="n">2<\/td><td>24 Nov 2025<\/td>/);
    expect(html).toMatch(/<td>Face pull<\/td><td>yes<\/td><td>2 × 12, every other day<\/td><td class="n">0<\/td>/);
    expect(html).toContain('On 22 Nov 2025 · Administrator');
    expect(html).toContain('Good start. &lt;script&gt;');
  });

  it('is refused to another wearer, without a token, for an unknown wearer and for a range over a year', async () => {
    expect((await inject('GET', url(), ben.headers)).statusCode).toBe(403);
    expect((await running.service.app.inject({ url: url() })).statusCode).toBe(401);
    expect((await inject('GET', `/api/wearers/nobody/report?from=${from}&to=${to}`, api.admin)).statusCode).toBe(404);
    const long = await inject('GET', `/api/wearers/${ada.wearerId}/report?from=0&to=${400 * DAY_MS}`, ada.headers);
    expect(long.statusCode).toBe(400);
    expect(long.json().error.code).toBe('REQUEST_INVALID');
  });

  it('renders a period without any data, and escapes every text it is given', () => {
    const data: ReportData = {
      wearer: { name: '<b>Bo</b>', utcOffsetMin: -300 },
      period: { fromMs: DAY1_MS, toMs: DAY1_MS + DAY_MS },
      generatedMs: DAY1_MS + 2 * DAY_MS,
      goals: { ...DEFAULT_WEARER_GOALS },
      summary: {
        wornS: 0, wornDays: 0, periodDays: 1, assessedS: 0, uprightPct: null, slouchMinPerWornDay: null, episodeCount: 0,
        episodesPerWornDay: null, longestEpisodeS: 0, meanFlexionDeg: null, p90FlexionDeg: null, meanLateralDeg: null, doseDegS: 0,
        movementBreaks: 0, longestSittingS: 0, alertCount: 0, correctedCount: 0, medianResponseS: null,
      },
      days: [{ day: '2025-11-20', startMs: DAY1_MS, wornS: 0, uprightPct: null, slouchMin: 0 }],
      hours: Array.from({ length: 24 }, (_, hour) => ({ hour, assessedS: 0, slouchS: 0 })),
      recommendations: { message: 'not enough data yet (0 h worn, need 10 h)', disclaimer: 'Not advice <i>.', items: [{ name: '<x>', category: 'habit', reason: '"why"', dose: '&', pinned: false }] },
      adherence: { planStartMs: null, goalSessionsPerWeek: 3, sessions: 0, weeks: [], exercises: [] },
      notes: [{ day: null, authorName: null, text: '</blockquote><img src=x>', createdMs: DAY1_MS }],
    };
    const html = renderReport(data);
    expect(html).not.toMatch(/<b>Bo|<x>|<i>|<img/);
    expect(html).toContain('No assessed time in this period.');
    expect(html).toContain('The sensor was not worn in this period.');
    expect(html).toContain('Not enough assessed time to compare the hours of the day.');
    expect(html).toContain('Not enough data yet (0 h worn, need 10 h).');
    expect(html).toContain('No exercise plan has been started.');
    expect(html).toContain('General note · a former coach');
    expect(html).toContain('UTC−05:00');
  });

  it('picks round chart scales', () => {
    expect(niceScale(36)).toEqual({ yMax: 40, yTicks: [0, 10, 20, 30, 40] });
    expect(niceScale(0)).toEqual({ yMax: 1, yTicks: [0, 1] });
    expect(niceScale(100).yMax).toBe(100);
  });
});
