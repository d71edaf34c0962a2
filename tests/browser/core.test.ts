/**
 * The dashboard's core in Chromium: the wearer's home (the live angle moves with the simulated sensor, today's
 * numbers are filled in), administration (accounts listed, an invitation link made and accepted), and first-run
 * setup on a service with no account at all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createIngestService, DEFAULT_INGEST_SETTINGS } from '@stance/ingest';
import {
  dashboardDir, horizontalOverflowPx, launchBrowser, newPage, screenshot, signIn, signInWithToken, startStanceForBrowser, type StanceForBrowser,
} from './browser-harness.js';

/** The live angle's text ("23°"), read in the page. */
async function liveAngle(page: Page): Promise<string> {
  return (await page.getByTestId('live-angle').locator('.num').textContent())?.trim() ?? '';
}

describe('dashboard core', () => {
  let stance: StanceForBrowser;
  let browser: Browser;

  beforeAll(async () => {
    stance = await startStanceForBrowser({ historyHours: 2 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stance?.stop();
  });

  it('shows the wearer their live angle, which moves with the sensor, and today\'s numbers', async () => {
    const { page, consoleErrors, context } = await newPage(browser, stance);
    context.setDefaultTimeout(10_000);
    await signIn(page, stance.wearerA.email, stance.wearerA.password);
    await expect.poll(() => page.url()).toContain(`#/w/${stance.wearerA.wearerId}/today`);
    await expect.poll(() => page.getByTestId('live-angle').count(), { timeout: 15_000 }).toBe(1);

    // The simulated sensor fidgets: the angle on screen changes within a few readings.
    const first = await liveAngle(page);
    expect(first).toMatch(/^\d+°$/);
    await expect.poll(() => liveAngle(page), { timeout: 20_000, interval: 500 }).not.toBe(first);
    await expect.poll(async () => (await page.getByTestId('live-state').textContent()) ?? '').toMatch(/upright|slouched|moving|walking|lying|not worn/i);

    // Today's numbers come from the two hours of history: filled in, not dashes.
    const upright = page.locator('.tile', { hasText: 'Upright' }).locator('.value');
    await expect.poll(async () => (await upright.textContent())?.trim() ?? '', { timeout: 15_000 }).toMatch(/^\d+%$/);
    expect(await page.getByText(/^Sensor worn \d+ (min|h)/).count()).toBe(1);
    expect((await page.locator('.tile', { hasText: 'Slouching' }).locator('.value').textContent())?.trim()).toMatch(/^\d+\s*min$/);
    await expect.poll(() => page.getByText(/slouch episodes? today|no slouch episodes/i).count()).toBeGreaterThan(0);
    await screenshot(page, 'core-home-wearer');

    // A phone's width, in the dark: still one column, nothing cut off.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await horizontalOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'core-home-wearer-phone-dark');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('says when the sensor goes offline, and when it was last heard from', async () => {
    const { page, consoleErrors, context } = await newPage(browser, stance, { width: 390, height: 844 });
    context.setDefaultTimeout(10_000);
    await signInWithToken(page, stance, stance.wearerA, `/w/${stance.wearerA.wearerId}/today`);
    await expect.poll(() => page.getByTestId('live-angle').count(), { timeout: 15_000 }).toBe(1);
    await stance.liveSensor?.stop(); // publishes {online: false}, as a sensor switched off does
    await expect.poll(() => page.getByText('Sensor offline').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('last-seen').textContent()).toMatch(/Last heard from (just now|\d+ min ago) \(\d\d:\d\d\)/);
    expect(await page.getByTestId('live-angle').count()).toBe(0);
    await screenshot(page, 'core-home-offline');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('tells a wearer without a sensor how to pair one', async () => {
    const { page, context } = await newPage(browser, stance);
    await signInWithToken(page, stance, stance.wearerB, `/w/${stance.wearerB.wearerId}/today`);
    await expect.poll(() => page.getByText('No sensor paired yet').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('link', { name: 'Pair a sensor' }).getAttribute('href')).toBe(`#/w/${stance.wearerB.wearerId}/device`);
    await screenshot(page, 'core-home-no-device');
    await context.close();
  });

  it('lists the accounts to an admin, and an invitation link signs the new person in', async () => {
    const { page, consoleErrors, context } = await newPage(browser, stance);
    context.setDefaultTimeout(10_000); // a missing element fails with its name, not the test's timeout
    await signInWithToken(page, stance, stance.admin, '/admin');
    const accounts = page.getByTestId('accounts');
    await expect.poll(() => accounts.textContent(), { timeout: 15_000 }).toContain(stance.wearerA.email);
    for (const a of [stance.coach, stance.wearerB]) expect(await accounts.textContent()).toContain(a.email);

    // Invite a wearer through the form; the link is shown once.
    const invitations = page.getByRole('region', { name: 'Invitations' });
    await invitations.getByLabel('Name').fill('Ivy Invited');
    await invitations.getByLabel('E-mail address').fill('ivy@example.org');
    await invitations.getByRole('button', { name: 'Create invitation link' }).click();
    const linkField = page.getByLabel('Invitation link for ivy@example.org');
    await expect.poll(() => linkField.count()).toBe(1);
    const link = await linkField.inputValue();
    expect(link).toMatch(/#\/invite\?token=/);
    await expect.poll(() => page.getByTestId('invitations').textContent()).toContain('ivy@example.org');
    await screenshot(page, 'core-admin');
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await horizontalOverflowPx(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(consoleErrors).toEqual([]);

    // The invited person opens the link in their own browser.
    const invited = await newPage(browser, stance, { width: 390, height: 844 });
    await invited.page.goto(link);
    await expect.poll(() => invited.page.getByText(/invited to see your posture/i).count(), { timeout: 10_000 }).toBe(1);
    expect(await invited.page.getByLabel('E-mail address').inputValue()).toBe('ivy@example.org');
    await invited.page.getByLabel('Choose a password').fill('ivy-password-123');
    await invited.page.getByLabel('Password again').fill('ivy-password-123');
    await screenshot(invited.page, 'core-invitation');
    await invited.page.getByRole('button', { name: 'Accept and sign in' }).click();
    await invited.page.waitForFunction("/^#\\/w\\/[^/]+\\/today$/.test(window.location.hash)", undefined, { timeout: 10_000 });
    await expect.poll(() => invited.page.getByRole('heading', { name: 'Your posture today' }).count()).toBe(1);
    // A brand-new wearer has no sensor: the home says so rather than showing empty numbers as good ones.
    await expect.poll(() => invited.page.getByText('No sensor paired yet').count(), { timeout: 15_000 }).toBe(1);
    expect(invited.consoleErrors).toEqual([]);
    await invited.context.close();

    // The admin's list now shows the invitation accepted.
    await page.reload();
    await expect.poll(() => page.getByTestId('invitations').textContent(), { timeout: 10_000 }).toMatch(/ivy@example\.org[\s\S]*accepted/);
    await context.close();
  });
});

describe('first-run setup', () => {
  it('sends the first visitor of an empty service to setup and signs the new admin in', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-setup-'));
    const service = await createIngestService({
      ...DEFAULT_INGEST_SETTINGS, host: '127.0.0.1', httpPort: 0, mqttPort: 0, logLevel: 'silent',
      adminEmail: null, adminPassword: null, dataDir, dashboardDir: dashboardDir(),
    });
    const browser = await launchBrowser();
    try {
      await service.start();
      const context = await browser.newContext({ baseURL: `http://127.0.0.1:${service.httpPort}`, viewport: { width: 1024, height: 800 } });
      const page = await context.newPage();
      await page.goto('/');
      await page.waitForFunction("window.location.hash === '#/setup'", undefined, { timeout: 10_000 });
      await page.getByLabel('Your name').fill('Sam Setup');
      await page.getByLabel('E-mail address').fill('sam@example.org');
      await page.getByLabel('Password', { exact: true }).fill('sam-password-123');
      await page.getByLabel('Password again').fill('sam-password-123');
      await screenshot(page, 'core-setup');
      await page.getByRole('button', { name: 'Create account and sign in' }).click();
      await page.waitForFunction("!window.location.hash.startsWith('#/setup')", undefined, { timeout: 10_000 });
      await expect.poll(() => page.getByText('Sam Setup').count()).toBeGreaterThan(0);
      const answer = await service.app.inject({ method: 'GET', url: '/api/setup' });
      expect(answer.json()).toEqual({ needed: false });
      await context.close();
    } finally {
      await browser.close();
      await service.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
