/**
 * The coach's view in Chromium: a coach signs in and sees the wearer assigned to them (A) and not the other
 * (B); invites a new wearer; opens A; adds a note and pins an exercise, which A then sees; opens the printable
 * report; and the list and the panel at phone width.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  horizontalOverflowPx, launchBrowser, newPage, screenshot, signIn, signInWithToken, startStanceForBrowser, type BrowserPage, type StanceForBrowser,
} from './browser-harness.js';

describe('coach screens', () => {
  let stance: StanceForBrowser;
  let browser: Browser;
  let coach: BrowserPage;
  const noteText = `Lovely progress this week, keep the walking breaks (${Date.now() % 10_000})`;
  let pinnedName = '';

  beforeAll(async () => {
    stance = await startStanceForBrowser({ historyHours: 2 });
    browser = await launchBrowser();
    coach = await newPage(browser, stance);
  });

  afterAll(async () => {
    await browser?.close();
    await stance?.stop();
  });

  it('lists the assigned wearer and not another', async () => {
    const { page } = coach;
    await signIn(page, stance.coach.email, stance.coach.password);
    await page.waitForFunction("location.hash === '#/coach'");
    const rows = page.getByTestId('coach-wearer');
    await rows.first().waitFor();
    const names = await rows.locator('h2').allTextContents();
    expect(names).toEqual([stance.wearerA.name]);
    expect(await page.getByText(stance.wearerB.name).count()).toBe(0);
    // This week's numbers are there (A has history from today).
    expect(await rows.first().locator('dd').first().textContent()).toMatch(/\d+%/);
    await screenshot(page, 'coach-home');
  });

  it('invites a wearer and shows the link once', async () => {
    const { page } = coach;
    await page.getByRole('button', { name: 'Invite a wearer' }).first().click();
    const invite = page.locator('section.invite');
    await invite.getByLabel('Name').fill('Dora Newcomer');
    await invite.getByLabel('E-mail address').fill('dora@example.org');
    await invite.getByRole('button', { name: 'Create invitation link' }).click();
    const link = invite.getByLabel('Invitation link for dora@example.org');
    await link.waitFor();
    expect(await link.inputValue()).toMatch(/#\/invite\?token=[^&]+$/);
    await invite.getByText('Waiting for an answer').waitFor();
    await screenshot(page, 'coach-invite');
    await invite.getByRole('button', { name: 'Close' }).click();
  });

  it('opens the wearer, adds a note and pins an exercise', async () => {
    const { page } = coach;
    await page.getByRole('link', { name: stance.wearerA.name }).first().click();
    await page.waitForFunction(`location.hash === '#/w/${stance.wearerA.wearerId}/today'`);
    await page.getByTestId('coach-panel').getByText(stance.wearerA.name).first().waitFor();
    // The tools are below the wearer's page (their headings follow its h1).
    const panel = page.getByTestId('coach-tools');

    await panel.getByLabel(`New note for ${stance.wearerA.name}`).fill(noteText);
    await panel.getByRole('button', { name: 'Add note' }).click();
    await panel.getByTestId('coach-notes').getByText(noteText).waitFor();

    const select = panel.getByLabel('Exercise to pin');
    const firstOption = select.locator('option').nth(1);
    pinnedName = ((await firstOption.textContent()) ?? '').replace(/\s*\(.*\)\s*$/, '').trim();
    await select.selectOption({ index: 1 });
    await panel.getByRole('button', { name: 'Pin', exact: true }).click();
    await panel.getByTestId('coach-pins').locator('strong', { hasText: pinnedName }).waitFor();
    await screenshot(page, 'coach-wearer-panel');
    expect(coach.consoleErrors).toEqual([]);
  });

  it('opens the printable report in a new tab', async () => {
    const { page, context } = coach;
    const [report] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Printable report' }).click()]);
    await report.waitForURL(/^blob:/, { timeout: 20_000 });
    await report.waitForLoadState('load');
    const text = await report.locator('body').innerText();
    expect(text).toContain(stance.wearerA.name);
    expect(text).toContain(noteText);
    await screenshot(report, 'coach-printable-report');
    await report.close();
  });

  it('shows the wearer what the coach did', async () => {
    const token = await stance.tokenOf(stance.wearerA);
    const notes = await stance.api<{ notes: { text: string }[] }>(token, 'GET', `/api/wearers/${stance.wearerA.wearerId}/notes`);
    expect(notes.notes.map((n) => n.text)).toContain(noteText);
    const wearer = await newPage(browser, stance);
    await signInWithToken(wearer.page, stance, stance.wearerA, `/w/${stance.wearerA.wearerId}/exercises`);
    const recommendations = await stance.api<{ recommendations: { name: string; pinned: boolean }[] }>(
      token, 'GET', `/api/wearers/${stance.wearerA.wearerId}/recommendations`,
    );
    expect(recommendations.recommendations.filter((r) => r.pinned).map((r) => r.name)).toEqual([pinnedName]);
    await wearer.page.getByText('Pinned by coach').first().waitFor();
    expect(await wearer.page.getByText(pinnedName).count()).toBeGreaterThan(0);
    // Wearers get no coach tools.
    expect(await wearer.page.getByTestId('coach-panel').count()).toBe(0);
    expect(await wearer.page.getByTestId('coach-tools').count()).toBe(0);
    await screenshot(wearer.page, 'coach-pin-seen-by-wearer');
    // The note is on the wearer's home, under "From your coach".
    await wearer.page.goto(`/#/w/${stance.wearerA.wearerId}/today`);
    await wearer.page.getByTestId('notes-from-coach').getByText(noteText).waitFor();
    await wearer.context.close();
  });

  it('works at phone width', async () => {
    const phone = await newPage(browser, stance, { width: 360, height: 780 });
    await signInWithToken(phone.page, stance, stance.coach, '/coach');
    await phone.page.getByTestId('coach-wearer').first().waitFor();
    await screenshot(phone.page, 'coach-home-phone');
    await phone.page.goto(`/#/w/${stance.wearerA.wearerId}/today`);
    // On a phone the tools start folded, so the wearer's page comes first.
    await phone.page.getByRole('button', { name: 'Notes, pins, thresholds' }).click();
    await phone.page.getByTestId('coach-tools').getByText('Add note').waitFor();
    await screenshot(phone.page, 'coach-wearer-panel-phone');
    expect(await horizontalOverflowPx(phone.page)).toBeLessThanOrEqual(0);
    await phone.context.close();
  });
});
