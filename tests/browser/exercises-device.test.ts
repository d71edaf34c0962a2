/**
 * The exercises and device screens in Chromium: an exercise marked done shows at once, lands in the history
 * and in `GET exercise-log`; a plan started shows its before/after; a sensor paired shows its password once;
 * a changed alert setting is what `GET settings` answers, and a wrong one is explained beside its field; a
 * sensor is unpaired after a confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  horizontalOverflowPx, launchBrowser, newPage, screenshot, signInWithToken, startStanceForBrowser, type StanceForBrowser,
} from './browser-harness.js';

describe('exercises and device screens', () => {
  let stance: StanceForBrowser;
  let browser: Browser;

  beforeAll(async () => {
    // Eleven hours this week: enough wear for ranked recommendations (the service asks for ten).
    stance = await startStanceForBrowser({ historyHours: 11 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stance?.stop();
  });

  it('marks an exercise done: feedback at once, in the history, and in GET exercise-log', async () => {
    const { page, consoleErrors, context } = await newPage(browser, stance);
    context.setDefaultTimeout(15_000);
    const wearerId = stance.wearerA.wearerId;
    await signInWithToken(page, stance, stance.wearerA, `/w/${wearerId}/exercises`);
    await expect.poll(() => page.getByRole('heading', { name: 'Exercises', level: 1 }).count()).toBe(1);

    // The ranked list quotes the wearer's own numbers.
    const cards = page.locator('ol.recs > li');
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const first = cards.first();
    const name = (await first.locator('h3').textContent())?.trim() ?? '';
    expect(name).not.toBe('');
    expect(await first.locator('.reason').textContent()).toMatch(/\d/);
    await first.getByText('How to do it').click();
    expect(await first.locator('details ol li').count()).toBeGreaterThan(0);

    await expect.poll(() => page.getByText('Nothing logged yet').count()).toBe(1);
    await first.getByRole('button', { name: `Mark ${name} as done` }).click();
    await expect.poll(() => first.getByText(/Logged at \d\d:\d\d/).count()).toBe(1);
    const history = page.getByRole('region', { name: "What you've done" });
    await expect.poll(() => history.textContent()).toContain(name);
    expect(await history.textContent()).toMatch(/Today/);
    const token = await stance.tokenOf(stance.wearerA);
    const now = Date.now();
    const log = await stance.api<{ entries: { name: string; exerciseId: string }[] }>(
      token, 'GET', `/api/wearers/${wearerId}/exercise-log?from=${now - 3_600_000}&to=${now + 60_000}`,
    );
    expect(log.entries.map((e) => e.name)).toContain(name);

    // One from the full catalogue too (not recommended), then undo it.
    await page.getByText(/Show all \d+ exercises/).click();
    const catalogue = page.locator('details.catalogue');
    await catalogue.getByRole('button', { name: 'Mark Diaphragmatic breathing as done' }).click();
    await expect.poll(() => history.textContent()).toContain('Diaphragmatic breathing');
    await catalogue.getByRole('button', { name: 'Undo Diaphragmatic breathing' }).click();
    await expect.poll(() => history.textContent()).not.toContain('Diaphragmatic breathing');

    // The plan: started here, then its before/after numbers are shown with a text summary.
    const plan = page.getByRole('region', { name: 'Your plan: before and after' });
    await plan.getByRole('button', { name: 'Start my plan today' }).click();
    await expect.poll(() => plan.textContent()).toContain('The plan started on');
    const answer = await stance.api<{ planStartMs: number | null }>(token, 'GET', `/api/wearers/${wearerId}/before-after?weeks=4`);
    expect(answer.planStartMs).not.toBeNull();
    await screenshot(page, 'exercises-wearer');

    await page.setViewportSize({ width: 360, height: 780 });
    expect(await horizontalOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'exercises-wearer-360');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('pairs a sensor and shows its password once, then unpairs it after a confirmation', async () => {
    const { page, consoleErrors, context } = await newPage(browser, stance);
    context.setDefaultTimeout(15_000);
    const wearerId = stance.wearerA.wearerId;
    await signInWithToken(page, stance, stance.wearerA, `/w/${wearerId}/device`);
    const sensors = page.getByRole('region', { name: 'Sensors' });
    // The live simulated sensor is listed, online.
    await expect.poll(() => sensors.locator('li', { hasText: stance.deviceA.id }).textContent(), { timeout: 15_000 }).toContain('Online');

    await page.getByLabel(/Sensor name/).fill('Desk clip');
    await page.getByRole('button', { name: 'Pair a sensor' }).click();
    await expect.poll(() => page.getByText("You won't see this password again.").count()).toBe(1);
    const password = await page.getByLabel('MQTT password (device token)').inputValue();
    const deviceId = await page.getByLabel('Device id').inputValue();
    expect(password.length).toBeGreaterThan(15);
    expect(await page.getByLabel('MQTT username').inputValue()).toBe(deviceId);
    await expect.poll(() => sensors.textContent()).toContain('Desk clip');
    await screenshot(page, 'device-paired-token');

    await page.getByRole('button', { name: "I've copied it" }).click();
    expect(await page.content()).not.toContain(password);
    // Nothing brings it back: the list has no copy of it either.
    const token = await stance.tokenOf(stance.wearerA);
    const listed = await stance.api<{ devices: Record<string, unknown>[] }>(token, 'GET', `/api/wearers/${wearerId}/devices`);
    expect(JSON.stringify(listed)).not.toContain(password);

    // A pairing code instead: eight characters, shown once.
    await page.getByRole('button', { name: 'get a pairing code' }).click();
    const code = await page.getByLabel('Enter this code on the sensor').inputValue();
    expect(code).toMatch(/^[A-Za-z0-9]{8}$/);
    await page.getByRole('button', { name: 'Done' }).click();

    // Unpair the new sensor: a confirmation first, then it leaves the list.
    await sensors.getByRole('button', { name: 'Unpair Desk clip' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('data it recorded is kept');
    await dialog.getByRole('button', { name: 'Unpair' }).click();
    await expect.poll(() => sensors.textContent()).not.toContain('Desk clip');
    expect(consoleErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    await context.close();
  });

  it('saves the alert settings (GET settings agrees) and explains a wrong value beside its field', async () => {
    const { page, consoleErrors, context } = await newPage(browser, stance);
    context.setDefaultTimeout(15_000);
    const wearerId = stance.wearerA.wearerId;
    await signInWithToken(page, stance, stance.wearerA, `/w/${wearerId}/device`);
    const threshold = page.getByLabel('Slouch threshold');
    await expect.poll(() => threshold.inputValue(), { timeout: 15_000 }).toBe('20');

    await threshold.fill('99');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByText('Must be between 5 and 60°.').count()).toBe(1);
    expect(await threshold.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'device-settings-invalid');

    await threshold.fill('25');
    await page.getByLabel('Buzz after').fill('90');
    await page.getByRole('button', { name: 'Add quiet hours' }).click();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByText(/^Saved\./).count()).toBe(1);
    const token = await stance.tokenOf(stance.wearerA);
    const answer = await stance.api<{ settings: { slouchDeg: number; alertDelayS: number; quietHours: string[] } }>(
      token, 'GET', `/api/wearers/${wearerId}/settings`,
    );
    expect(answer.settings.slouchDeg).toBe(25);
    expect(answer.settings.alertDelayS).toBe(90);
    expect(answer.settings.quietHours).toEqual(['22:00-07:00']);
    await screenshot(page, 'device-wearer');

    await page.setViewportSize({ width: 360, height: 780 });
    expect(await horizontalOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'device-wearer-360');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
