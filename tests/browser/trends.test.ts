/**
 * The trends screens in Chromium against a wearer whose history the simulator made: the day chart shades the
 * slouch episodes the service found (the same list as `GET episodes`) and those match the simulator's ground
 * truth; missing data shows as missing; the week view draws its daily charts and the heat map its cells; the
 * coach's comparison of two weeks shows both. Screenshots go to artifacts/screenshots/trends-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_TRUTH_MIN_SLOUCH_S, DEFAULT_TRUTH_SLOUCH_DEG, generateScenario, truthEpisodes } from '@stance/firmware-sim';
import { importHistory, type WornSession } from '../../demo/simulated-history.js';
import { horizontalOverflowPx, launchBrowser, newPage, screenshot, signInWithToken, startStanceForBrowser, type StanceForBrowser } from './browser-harness.js';

const DAY_MS = 86_400_000;
/** Truth interpolates the threshold crossing; the service works in whole seconds (edges measured within 1 s). */
const EDGE_TOLERANCE_MS = 3_000;

interface ShownEpisodes {
  count: number;
  starts: number[];
  ends: number[];
  summary: string;
  tableRows: number;
}

/** The episodes the day chart shades, as the page exposes them (data attributes, summary, table). */
async function shownEpisodes(page: Page): Promise<ShownEpisodes> {
  const figure = page.locator('[data-chart="day"]');
  const numbers = (s: string | null) => (s ? s.split(',').map(Number) : []);
  return {
    count: Number(await figure.getAttribute('data-episode-count')),
    starts: numbers(await figure.getAttribute('data-episode-starts')),
    ends: numbers(await figure.getAttribute('data-episode-ends')),
    summary: (await figure.locator('[data-summary]').textContent()) ?? '',
    tableRows: await figure.locator('table tbody tr').count(),
  };
}

const dayKey = (ms: number, offsetMin: number) => new Date(ms + offsetMin * 60_000).toISOString().slice(0, 10);

describe('trends', () => {
  let stance: StanceForBrowser;
  let browser: Browser;
  let session: WornSession;
  let offsetMin = 0;
  let dayStartMs = 0;

  beforeAll(async () => {
    stance = await startStanceForBrowser({ historyHours: 0, live: false });
    const token = await stance.tokenOf(stance.wearerA);
    const { settings } = await stance.api<{ settings: { utcOffsetMin: number } }>(token, 'GET', `/api/wearers/${stance.wearerA.wearerId}/settings`);
    offsetMin = settings.utcOffsetMin;
    // An hour at the desk from 10:00 yesterday, wearer-local (seed 3: four slouches), the rest of that day without data.
    const todayStart = Math.floor((Date.now() + offsetMin * 60_000) / DAY_MS) * DAY_MS - offsetMin * 60_000;
    dayStartMs = todayStart - DAY_MS;
    session = { startMs: dayStartMs + 10 * 3_600_000, seed: 3, parts: [{ scenario: 'desk-day', durationS: 3600 }] };
    await importHistory(stance.service, stance.deviceA.id, [session]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stance?.stop();
  });

  it('shades the slouch episodes the simulator made in the day chart, and shows the rest of the day as missing', async () => {
    const { page, consoleErrors, context } = await newPage(browser, stance);
    const key = dayKey(dayStartMs, offsetMin);
    await signInWithToken(page, stance, stance.wearerA, `/w/${stance.wearerA.wearerId}/trends?view=day&day=${key}`);
    await expect.poll(() => page.locator('[data-chart="day"]').count(), { timeout: 20_000 }).toBe(1);
    const shown = await shownEpisodes(page);

    // The page shades exactly what the service stored.
    const token = await stance.tokenOf(stance.wearerA);
    const { episodes } = await stance.api<{ episodes: { start: number; end: number }[] }>(
      token, 'GET', `/api/wearers/${stance.wearerA.wearerId}/episodes?from=${dayStartMs}&to=${dayStartMs + DAY_MS}`,
    );
    expect(shown.starts).toEqual(episodes.map((e) => e.start));
    expect(shown.ends).toEqual(episodes.map((e) => e.end));
    expect(shown.count).toBe(episodes.length);
    expect(shown.tableRows).toBe(episodes.length);
    expect(shown.summary).toContain(`${episodes.length} slouch episode`);

    // ... and that is what the simulator made: every true episode shaded, at the same time, and nothing else.
    const part = session.parts[0]!;
    const recording = generateScenario(part.scenario, { seed: session.seed * 101, rateHz: 25, startMs: session.startMs, durationS: part.durationS });
    const truth = truthEpisodes(recording, DEFAULT_TRUTH_SLOUCH_DEG, DEFAULT_TRUTH_MIN_SLOUCH_S).map((e) => ({
      start: session.startMs + e.startS * 1000,
      end: session.startMs + e.endS * 1000,
    }));
    expect(truth.length).toBeGreaterThan(0);
    expect(shown.count).toBe(truth.length);
    truth.forEach((t, i) => {
      expect(Math.abs((shown.starts[i] ?? 0) - t.start)).toBeLessThan(EDGE_TOLERANCE_MS);
      expect(Math.abs((shown.ends[i] ?? 0) - t.end)).toBeLessThan(EDGE_TOLERANCE_MS);
    });

    // One hour worn: the other 23 are missing data, not a flat line.
    const figure = page.locator('[data-chart="day"]');
    expect(Number(await figure.getAttribute('data-missing-s'))).toBeGreaterThan(22 * 3600);
    expect(shown.summary).toMatch(/no data for 2\d h/);

    // The zoom buttons work and reset.
    const reset = page.getByRole('button', { name: 'Reset zoom' });
    expect(await reset.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => reset.isDisabled()).toBe(false);
    await reset.click();
    await expect.poll(() => reset.isDisabled()).toBe(true);

    await screenshot(page, 'trends-day');
    await page.setViewportSize({ width: 360, height: 780 });
    await expect.poll(() => horizontalOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'trends-day-phone');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('draws the week: daily numbers, the hour-by-weekday heat map, the distribution', async () => {
    const { page, consoleErrors, context } = await newPage(browser, stance);
    await signInWithToken(page, stance, stance.wearerA, `/w/${stance.wearerA.wearerId}/trends?view=week&day=${dayKey(dayStartMs, offsetMin)}`);
    const upright = page.locator('[data-chart="daily-uprightPct"]');
    await expect.poll(() => upright.count(), { timeout: 20_000 }).toBe(1);
    expect(Number(await upright.getAttribute('data-days'))).toBe(1);
    expect(await upright.locator('[data-summary]').textContent()).toMatch(/Upright \d+% of the judged time/);
    for (const name of ['daily-slouchMin', 'daily-doseDegMin', 'daily-episodes', 'lateral', 'distribution', 'week-change']) {
      await expect.poll(() => page.locator(`[data-chart="${name}"]`).count(), { timeout: 10_000 }).toBe(1);
    }
    const heat = page.locator('[data-chart="pattern"]');
    await expect.poll(() => heat.count(), { timeout: 10_000 }).toBe(1);
    expect(Number(await heat.getAttribute('data-cells'))).toBeGreaterThan(0);
    expect(await heat.locator('td[data-pct]').count()).toBeGreaterThan(0);
    expect(await heat.locator('td.none').count()).toBeGreaterThan(100); // one worn hour of 168: the rest says "no data"
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'trends-week');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it("shows a coach two weeks side by side", async () => {
    const { page, consoleErrors, context } = await newPage(browser, stance);
    const second = dayKey(dayStartMs, offsetMin);
    const first = dayKey(dayStartMs - 7 * DAY_MS, offsetMin);
    await signInWithToken(page, stance, stance.coach, `/coach/compare/${stance.wearerA.wearerId}?first=${first}&second=${second}`);
    const numbers = page.locator('[data-chart="compare-numbers"]');
    await expect.poll(() => numbers.count(), { timeout: 20_000 }).toBe(1);
    expect(await numbers.locator('tbody tr').count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('[data-chart^="overlay-"]').count()).toBe(4);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'trends-compare-weeks');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
