/**
 * The harness itself: the service serves the built dashboard, sign-in through the screen works, and the
 * page logs no console errors on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn, startStanceForBrowser, type StanceForBrowser } from './browser-harness.js';

describe('browser harness', () => {
  let stance: StanceForBrowser;
  let browser: Browser;

  beforeAll(async () => {
    stance = await startStanceForBrowser({ historyHours: 1 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stance?.stop();
  });

  it('seeds wearer A with history and a live sensor', async () => {
    expect(stance.historyBatches).toBeGreaterThan(0);
    const token = await stance.tokenOf(stance.admin);
    const summary = await stance.api<{ buckets: unknown[] }>(
      token, 'GET', `/api/wearers/${stance.wearerA.wearerId}/summary?from=0&to=${Date.now() + 3_600_000}&bucket=hour`,
    );
    expect(summary.buckets.length).toBeGreaterThan(0);
    expect(stance.liveSensor?.counters.acknowledged).toBeGreaterThan(0);
  });

  it('loads the dashboard and signs in without console errors', async () => {
    const { page, consoleErrors, context } = await newPage(browser, stance);
    await page.goto('/');
    await expect.poll(() => page.title()).toMatch(/stance/i);
    await signIn(page, stance.wearerA.email, stance.wearerA.password);
    // Not 'networkidle': the today screen keeps its live stream open.
    await page.locator('main h1').first().waitFor();
    await screenshot(page, 'harness-signed-in');
    expect(page.url()).not.toContain('#/signin');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
