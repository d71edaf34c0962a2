/**
 * The dashboard's quality bar (issue 6) checked on every screen in Chromium, at a desk width and at 360 px:
 * nothing wider than the window; every field labelled, every button and link named, figures with a text
 * alternative and charts with a text summary; one h1 and headings in order; the main actions reached by Tab
 * with the focus visible; text contrast of at least 4.5:1 (3:1 for large text) in the light and the dark
 * scheme. Then the states around the content: loading while the API is slow, an error that says what to do
 * when it is unreachable or failing, and empty states for a wearer with no sensor and no data.
 *
 * The checks are small functions in the page (a11y-probes.ts); each failure names the screen and the element.
 * Problems in screens owned by others that are not fixed yet are listed in KNOWN_PROBLEMS with their owner:
 * they are reported on every run, and the test fails once one is fixed so the entry is removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signInWithToken, startStanceForBrowser, type StanceForBrowser } from './browser-harness.js';
import { installA11yProbes, probe, tabStops, type FocusStop } from './a11y-probes.js';
import { A11Y_SCREENS, type A11yExtras, type A11yScreen } from './a11y-screens.js';

const DESK = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 780 };

/** Known, reported, not yet fixed: `screen: check: text` patterns, each with who owns the fix. */
const KNOWN_PROBLEMS: { pattern: RegExp; owner: string }[] = [
];

interface ContrastAnswer {
  problems: string[];
  unknown: number;
  checked: number;
}

const frames = (page: Page) => page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');

/** Opens the screen as its account, waits until it has loaded, installs the probes. */
async function openScreen(page: Page, stance: StanceForBrowser, screen: A11yScreen, extras: A11yExtras): Promise<void> {
  await screen.prepare?.(page);
  const account = screen.account(stance);
  const path = screen.path(stance, extras);
  if (account) await signInWithToken(page, stance, account, path);
  else await page.goto(`/#${path}`);
  await page.locator('main h1').first().waitFor({ timeout: 15_000 });
  if (screen.loaded) await page.locator(screen.loaded).first().waitFor({ timeout: 15_000 });
  // The loading states of the parts below the first one are gone.
  await page.waitForFunction(
    "![...document.querySelectorAll('main [role=status]')].some((e) => /^Loading/.test(e.textContent.trim()))", undefined, { timeout: 15_000 },
  );
  await installA11yProbes(page);
}

/** One Tab stop per control: a date field's day, month, year and picker are the same input. */
function controlStops(stops: FocusStop[]): FocusStop[] {
  const merged: FocusStop[] = [];
  for (const stop of stops) {
    const last = merged[merged.length - 1];
    if (last && last.key === stop.key) last.focusVisible ||= stop.focusVisible;
    else merged.push({ ...stop });
  }
  return merged;
}

/** Every check on the page as it is, at its current width; answers the problems, each prefixed with where. */
async function checkScreen(page: Page, screen: A11yScreen, width: number): Promise<string[]> {
  const where = `${screen.name} @${width}px`;
  const problems: string[] = [];
  const add = (check: string, found: string[]) => problems.push(...found.map((p) => `${where}: ${check}: ${p}`));
  for (const check of ['overflow', 'labels', 'names', 'images', 'charts', 'headings']) add(check, await probe<string[]>(page, check));
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await frames(page);
    const contrast = await probe<ContrastAnswer>(page, 'contrast');
    add(`contrast (${scheme})`, contrast.problems);
    if (contrast.checked === 0) add(`contrast (${scheme})`, ['no text found to check']);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  await screen.fill?.(page);
  const stops = controlStops(await tabStops(page));
  const names = stops.map((s) => s.name);
  for (const action of screen.mainActions) {
    if (!names.some((n) => action.test(n))) add('keyboard', [`main action ${action} not reached by Tab (stops: ${names.join(' | ')})`]);
  }
  add('keyboard', stops.filter((s) => !s.focusVisible).map((s) => `focus not visible on ${s.description}`));
  return problems;
}

/** Problems not in KNOWN_PROBLEMS; the known ones found are marked in `seen`. */
function unexpected(problems: string[], seen: Set<RegExp>): string[] {
  return problems.filter((p) => {
    const known = KNOWN_PROBLEMS.find((k) => k.pattern.test(p));
    if (known) seen.add(known.pattern);
    return !known;
  });
}

const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

/** What main says, once it says something other than "Loading…". */
async function mainText(page: Page): Promise<string> {
  return ((await page.locator('main').innerText()) ?? '').replace(/\s+/g, ' ').trim();
}

describe('accessibility and states of every screen', () => {
  let stance: StanceForBrowser;
  let browser: Browser;
  const extras: A11yExtras = { invitationToken: '' };
  const seenKnown = new Set<RegExp>();
  let screensChecked = 0;

  beforeAll(async () => {
    stance = await startStanceForBrowser({ historyHours: 3 });
    browser = await launchBrowser();
    const adminToken = await stance.tokenOf(stance.admin);
    const invitation = await stance.api<{ token: string }>(adminToken, 'POST', '/api/invitations', {
      email: 'nia@example.org', name: 'Nia Invited', roles: ['wearer'],
    });
    extras.invitationToken = invitation.token;
    // A plan started an hour ago, so the exercises screen shows its before/after chart.
    const wearerToken = await stance.tokenOf(stance.wearerA);
    await stance.api(wearerToken, 'POST', `/api/wearers/${stance.wearerA.wearerId}/plan`, { startMs: Date.now() - 3_600_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await stance?.stop();
  });

  it('the probes find the faults they look for', async () => {
    const { page, context } = await newPage(browser, stance, { width: 360, height: 600 });
    await page.setContent(`<!doctype html><html lang="en"><body style="margin:0;background:#fff;color:#000">
      <h1>One</h1><h3>Skipped a level</h3><h1>Two</h1>
      <input id="bare"><select><option>a</option></select><label>Named <input id="ok"></label>
      <button></button><a href="#x"><svg viewBox="0 0 1 1"></svg></a><button aria-label="Close">×</button>
      <svg viewBox="0 0 1 1"><circle r="1"/></svg><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <section><canvas></canvas></section>
      <p style="color:#aaa">Pale grey text on white</p><p style="color:#767676">Just dark enough grey</p>
      <div style="width:500px">Too wide for a phone</div>
      <button style="outline:none" id="plain">No ring</button></body></html>`);
    await installA11yProbes(page);
    const found = async (check: string) => (await probe<string[]>(page, check)).join('\n');
    expect(await found('overflow')).toMatch(/page is 500 px wide[\s\S]*div "Too wide for a phone"/);
    expect(await found('labels')).toMatch(/input#bare[\s\S]*select/);
    expect(await found('labels')).not.toMatch(/input#ok/);
    expect(await found('names')).toMatch(/no accessible name: button\n[\s\S]*a\[href="#x"\]/);
    expect(await found('names')).not.toMatch(/Close/);
    expect(await found('images')).toMatch(/img without alt[\s\S]*svg without a text alternative[\s\S]*canvas without/);
    expect(await found('charts')).toMatch(/chart without a text summary: section/);
    expect(await found('headings')).toMatch(/2 h1 headings[\s\S]*h1 to h3/);
    const contrast = await probe<ContrastAnswer>(page, 'contrast');
    expect(contrast.problems.join('\n')).toMatch(/contrast 2\.\d+:1 < 4\.5:1 .*Pale grey/);
    expect(contrast.problems.join('\n')).not.toMatch(/Just dark enough/);
    await page.focus('#plain');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await probe<FocusStop>(page, 'focused')).toMatchObject({ name: 'No ring', focusVisible: false });
    await context.close();
  });

  for (const screen of A11Y_SCREENS) {
    it(`${screen.name}: labels, names, text alternatives, headings, keyboard, contrast and width, at ${DESK.width} and ${PHONE.width} px`, async () => {
      const { page, context, consoleErrors } = await newPage(browser, stance, DESK);
      context.setDefaultTimeout(15_000);
      await openScreen(page, stance, screen, extras);
      const problems = await checkScreen(page, screen, DESK.width);
      await screenshot(page, `a11y-${slug(screen.name)}-desk`);

      await page.setViewportSize(PHONE);
      await frames(page);
      await page.reload();
      await openScreen(page, stance, screen, extras);
      problems.push(...(await checkScreen(page, screen, PHONE.width)));
      await page.emulateMedia({ colorScheme: 'dark' });
      await frames(page);
      // Still no wider than the phone once the form is filled and the keyboard has been through it.
      problems.push(...(await probe<string[]>(page, 'overflow')).map((p) => `${screen.name} @${PHONE.width}px, after use: overflow: ${p}`));
      await screenshot(page, `a11y-${slug(screen.name)}-phone-dark`);

      for (const p of problems.filter((p) => KNOWN_PROBLEMS.some((k) => k.pattern.test(p)))) console.warn(`known, not fixed yet: ${p}`);
      screensChecked++;
      expect(unexpected(problems, seenKnown)).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await context.close();
    });
  }

  it('lists no known problem that is fixed already', () => {
    // Only meaningful after every screen ran (vitest runs a file's tests in order; `-t` may pick a few).
    if (screensChecked < A11Y_SCREENS.length) return;
    const fixed = KNOWN_PROBLEMS.filter((k) => !seenKnown.has(k.pattern)).map((k) => `${k.pattern} (${k.owner})`);
    expect(fixed, 'remove these from KNOWN_PROBLEMS').toEqual([]);
  });

  const apiScreens = A11Y_SCREENS.filter((s) => s.usesApi);

  for (const screen of apiScreens) {
    it(`${screen.name}: shows loading while the API is slow, then an error that says what to do when it is unreachable`, async () => {
      const { page, context } = await newPage(browser, stance, PHONE);
      context.setDefaultTimeout(15_000);
      await screen.prepare?.(page);
      let release: (how: 'abort') => void = () => undefined;
      const gate = new Promise<'abort'>((resolve) => (release = resolve));
      await page.route('**/api/**', async (route) => {
        await gate;
        await route.abort('connectionrefused').catch(() => undefined);
      });
      const account = screen.account(stance);
      const path = screen.path(stance, extras);
      if (account) await signInWithToken(page, stance, account, path);
      else await page.goto(`/#${path}`);
      await expect.poll(() => mainText(page), { timeout: 10_000 }).toMatch(/loading|connecting|waiting/i);
      release('abort');
      await expect
        .poll(() => mainText(page), { timeout: 15_000, message: `${screen.name}: no error state with advice in main` })
        .toMatch(/(could not|cannot be reached|not available)[\s\S]*(check|try again|reload)/i);
      expect(await page.locator('main [role=alert], main [role=status], .notice').count(), `${screen.name}: the error is announced`).toBeGreaterThan(0);
      await screenshot(page, `a11y-${slug(screen.name)}-unreachable`);
      await context.close();
    });
  }

  it('every screen says what to do when the service answers with a server error', async () => {
    const { page, context } = await newPage(browser, stance, DESK);
    context.setDefaultTimeout(15_000);
    const failures: string[] = [];
    for (const screen of apiScreens) {
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      await screen.prepare?.(page);
      const account = screen.account(stance);
      const path = screen.path(stance, extras);
      if (account) await signInWithToken(page, stance, account, path);
      // Signing in above used the API; from here every call fails as a broken service would.
      await page.route('**/api/**', (route) => route.fulfill({
        status: 500, json: { error: { code: 'INTERNAL', message: 'The service failed unexpectedly.' } },
      }));
      await page.goto('about:blank');
      await page.goto(`/#${path}`);
      const shown = await expect
        .poll(() => mainText(page), { timeout: 15_000 })
        .toMatch(/could not[\s\S]*(try again|tell your administrator|reload)/i)
        .then(() => true, () => false);
      if (!shown) failures.push(`${screen.name}: main shows no error with advice: "${(await mainText(page)).slice(0, 200)}"`);
    }
    expect(failures).toEqual([]);
    await context.close();
  });

  it('sign-in says what to do when the service cannot be reached', async () => {
    const { page, context } = await newPage(browser, stance, PHONE);
    await page.goto('/#/signin');
    await page.getByLabel(/e-?mail/i).fill(stance.wearerA.email);
    await page.getByLabel(/^password/i).fill(stance.wearerA.password);
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: /sign in/i }).click();
    const alert = page.getByRole('alert').filter({ hasText: /could not sign in/i });
    await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1);
    expect(await alert.innerText()).toMatch(/check the connection/i);
    await screenshot(page, 'a11y-sign-in-unreachable');
    await context.close();
  });

  it('a wearer with no sensor and no data sees empty states that say what to do, never a blank page', async () => {
    const { page, context, consoleErrors } = await newPage(browser, stance, PHONE);
    context.setDefaultTimeout(15_000);
    const id = stance.wearerB.wearerId;
    const expectations: [string, RegExp][] = [
      [`/w/${id}/today`, /no sensor paired yet[\s\S]*pair a sensor/i],
      [`/w/${id}/trends?view=day`, /no data for this day/i],
      [`/w/${id}/trends?view=week`, /no data|nothing|not worn/i],
      [`/w/${id}/exercises`, /no recommendations yet|nothing to correct/i],
      [`/w/${id}/device`, /no sensor|pair/i],
    ];
    const failures: string[] = [];
    await signInWithToken(page, stance, stance.wearerB, '/');
    for (const [path, expected] of expectations) {
      await page.goto('about:blank');
      await page.goto(`/#${path}`);
      const ok = await expect.poll(() => mainText(page), { timeout: 15_000 }).toMatch(expected).then(() => true, () => false);
      const text = await mainText(page);
      if (!ok) failures.push(`${path}: expected ${expected}, main shows "${text.slice(0, 200)}"`);
      if (await page.locator('main [role=alert]').count()) failures.push(`${path}: an error is shown for a wearer who simply has no data: "${text.slice(0, 200)}"`);
      await screenshot(page, `a11y-empty-${slug(path.split('/').slice(3).join('-'))}`);
    }
    // A coach with nobody assigned yet (the bootstrap admin is also a coach).
    await signInWithToken(page, stance, stance.admin, '/coach');
    const ok = await expect.poll(() => mainText(page), { timeout: 15_000 }).toMatch(/no wearers|nobody|invite/i).then(() => true, () => false);
    if (!ok) failures.push(`/coach as a coach with no wearers: main shows "${(await mainText(page)).slice(0, 200)}"`);
    expect(failures).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
