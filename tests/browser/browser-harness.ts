/**
 * The browser tests' harness: a real ingest service in this process on free loopback ports, serving the built
 * dashboard, with accounts made through the API (an admin, a coach, two wearers, the coach assigned to wearer A
 * only), wearer A's recent history fed through the real pipeline, and a live simulated sensor of wearer A
 * publishing over MQTT to the embedded broker; Debian's Chromium through playwright-core; sign-in and
 * screenshot helpers. Read tests/README.md ("Browser tests") for how to run them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openScenario, SimDevice } from '@stance/firmware-sim';
import { createIngestService, DEFAULT_INGEST_SETTINGS, type IngestService, type IngestSettings } from '@stance/ingest';
import { injectApi, type ApiMethod } from '../../demo/inject-api.js';
import { importHistory, type WornSession } from '../../demo/simulated-history.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'artifacts', 'screenshots');

export interface StanceForBrowserOptions {
  /** Hours of wearer A's history, ending a few minutes ago (0: none). Default 3. */
  historyHours?: number;
  /** The live sensor's scenario (firmware-sim); default `fidgety-sitter`: the trunk angle changes every few seconds. */
  liveScenario?: string;
  /** Start wearer A's live sensor. Default true. */
  live?: boolean;
  /** The built dashboard; default STANCE_DASHBOARD_DIR, else apps/dashboard/dist. */
  dashboardDir?: string;
  /** Settings over the harness's (ports 0, loopback, temporary DATA_DIR, silent). */
  settings?: Partial<IngestSettings>;
}

/** A seeded account; `wearerId` for wearer accounts. */
export interface SeededAccount {
  id: string;
  email: string;
  password: string;
  name: string;
  wearerId: string | null;
}

export interface StanceForBrowser {
  service: IngestService;
  /** http://127.0.0.1:PORT (the dashboard at `/`, the API at `/api`). */
  baseUrl: string;
  mqttUrl: string;
  admin: SeededAccount;
  /** Assigned to wearer A only. */
  coach: SeededAccount;
  wearerA: SeededAccount & { wearerId: string };
  wearerB: SeededAccount & { wearerId: string };
  /** Wearer A's sensor: its history and the live sensor use it. */
  deviceA: { id: string; token: string };
  /** Wearer A's live sensor on MQTT (null with `live: false`). */
  liveSensor: SimDevice | null;
  /** Batches of history imported for wearer A. */
  historyBatches: number;
  /** A session token of the account (logs in through the API once per account, then reuses it). */
  tokenOf(account: SeededAccount): Promise<string>;
  /** An API call through `inject` as `token`; throws with the error body on a non-2xx answer. */
  api<T = unknown>(token: string, method: ApiMethod, url: string, body?: unknown): Promise<T>;
  /** Stops the sensor and the service and removes the temporary DATA_DIR. */
  stop(): Promise<void>;
}

const PASSWORD = 'browser-test-password-1';

/** The built dashboard folder, or a clear error saying how to build it. */
export function dashboardDir(explicit?: string): string {
  const dir = explicit ?? process.env.STANCE_DASHBOARD_DIR ?? path.join(REPO_ROOT, 'apps', 'dashboard', 'dist');
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(
      `the dashboard is not built: ${dir}/index.html is missing. Build it with \`npm run build\` (into apps/dashboard/dist), ` +
        'or into your own folder with `cd apps/dashboard && npx vite build --outDir /tmp/NAME-dist --emptyOutDir` and run the ' +
        'tests with STANCE_DASHBOARD_DIR=/tmp/NAME-dist',
    );
  }
  return dir;
}

export async function startStanceForBrowser(options: StanceForBrowserOptions = {}): Promise<StanceForBrowser> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-browser-'));
  const admin: SeededAccount = { id: '', email: 'admin@example.org', password: 'admin-password-1', name: 'Administrator', wearerId: null };
  const settings: IngestSettings = {
    ...DEFAULT_INGEST_SETTINGS,
    host: '127.0.0.1',
    httpPort: 0,
    mqttPort: 0,
    logLevel: 'silent',
    adminEmail: admin.email,
    adminPassword: admin.password,
    ...options.settings,
    dataDir,
    dashboardDir: dashboardDir(options.dashboardDir),
  };
  const service = await createIngestService(settings);
  let liveSensor: SimDevice | null = null;
  const stop = async (): Promise<void> => {
    await liveSensor?.stop().catch(() => undefined);
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await service.start();
    const tokens = new Map<string, string>();
    const http = injectApi(service);
    const api = <T>(token: string, method: ApiMethod, url: string, body?: unknown): Promise<T> => http.call<T>(token, method, url, body);
    const tokenOf = async (account: SeededAccount): Promise<string> => {
      const known = tokens.get(account.email);
      if (known !== undefined) return known;
      const { token, user } = await http.login(account.email, account.password);
      account.id = user.id;
      tokens.set(account.email, token);
      return token;
    };
    const adminToken = await tokenOf(admin);
    const create = async (name: string, email: string, roles: string[]): Promise<SeededAccount> => {
      const made = await api<{ id: string; wearerId?: string | null }>(adminToken, 'POST', '/api/accounts', { email, password: PASSWORD, name, roles });
      return { id: made.id, email, password: PASSWORD, name, wearerId: made.wearerId ?? null };
    };
    const coach = await create('Carla Coach', 'coach@example.org', ['coach']);
    const wearerA = await create('Ada Wearer', 'ada@example.org', ['wearer']);
    const wearerB = await create('Ben Wearer', 'ben@example.org', ['wearer']);
    if (wearerA.wearerId === null || wearerB.wearerId === null) throw new Error('POST /api/accounts gave a wearer account no wearerId');
    await api(adminToken, 'POST', `/api/wearers/${wearerA.wearerId}/coaches`, { accountId: coach.id });

    const deviceId = 'sim-ada';
    const { token: deviceToken } = await api<{ token: string }>(adminToken, 'POST', '/api/devices', { id: deviceId, wearerId: wearerA.wearerId });
    const historyHours = options.historyHours ?? 3;
    let historyBatches = 0;
    // "Today" is the wearer's local day (UTC by default). Early in the UTC day the history would fall on yesterday and
    // today's numbers would be empty: then the wearer lives where it is early afternoon.
    const utcHour = (Date.now() % 86_400_000) / 3_600_000;
    if (historyHours > 0 && utcHour < historyHours + 1) {
      await api(adminToken, 'PUT', `/api/wearers/${wearerA.wearerId}/settings`, { utcOffsetMin: (14 - Math.floor(utcHour)) * 60 });
    }
    if (historyHours > 0) {
      const endMs = Date.now() - 5 * 60_000;
      historyBatches = (await importHistory(service, deviceId, [recentSession(endMs, historyHours)])).batches;
    }
    const mqttUrl = `mqtt://127.0.0.1:${service.broker.tcpPort}`;
    if (options.live ?? true) {
      liveSensor = new SimDevice({
        deviceId,
        token: deviceToken,
        brokerUrl: mqttUrl,
        stream: openScenario(options.liveScenario ?? 'fidgety-sitter', { seed: 7, rateHz: 25, durationS: Infinity, startMs: Date.now() }),
        format: 'binary',
        speed: 1,
        reconnectPeriodMs: 200,
      });
      const sensor = liveSensor;
      const firstAck = new Promise<void>((resolve) => sensor.once('ack', () => resolve()));
      sensor.start();
      await firstAck;
    }
    return {
      service,
      baseUrl: `http://127.0.0.1:${service.httpPort}`,
      mqttUrl,
      admin,
      coach,
      wearerA: { ...wearerA, wearerId: wearerA.wearerId },
      wearerB: { ...wearerB, wearerId: wearerB.wearerId },
      deviceA: { id: deviceId, token: deviceToken },
      liveSensor,
      historyBatches,
      tokenOf,
      api,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** `hours` of desk work with a walk and a standing-desk stretch, ending at `endMs`. */
function recentSession(endMs: number, hours: number): WornSession {
  const totalS = Math.round(hours * 3600);
  const walkS = Math.min(300, Math.round(totalS * 0.05));
  const standS = Math.min(1200, Math.round(totalS * 0.15));
  const deskS = Math.max(60, totalS - walkS - standS);
  return {
    startMs: endMs - (deskS + walkS + standS) * 1000,
    seed: 11,
    parts: [
      { scenario: 'desk-day', durationS: deskS },
      { scenario: 'walk', durationS: walkS },
      { scenario: 'standing-desk', durationS: standS },
    ],
  };
}

/** Debian's Chromium (CHROMIUM_PATH overrides), headless. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

export interface BrowserPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far (text). */
  consoleErrors: string[];
}

/**
 * A fresh context (its own storage: signed out) with the service as base URL, so `page.goto('/#/coach')`
 * works, at a desk-size viewport unless given; console errors are collected.
 */
export async function newPage(browser: Browser, stance: StanceForBrowser, viewport = { width: 1280, height: 900 }): Promise<BrowserPage> {
  const context = await browser.newContext({ baseURL: stance.baseUrl, viewport });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  return { context, page, consoleErrors };
}

/**
 * Signs in through the sign-in screen (the e-mail and password fields by their labels, then the "Sign in"
 * button) and waits until the dashboard has left it.
 */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/#/signin');
  await page.getByLabel(/e-?mail/i).fill(email);
  await page.getByLabel(/^password/i).fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
  // Strings, not functions: they run in the page, and this project's types have no DOM.
  await page.waitForFunction("!window.location.hash.startsWith('#/signin')", undefined, { timeout: 10_000 });
}

/**
 * Signs in without the sign-in screen: a session from the API, stored where the dashboard keeps it
 * (localStorage `stance.session`), then `path` is opened. For tests about other screens.
 */
export async function signInWithToken(page: Page, stance: StanceForBrowser, account: SeededAccount, path = '/'): Promise<void> {
  const { token, user } = await injectApi(stance.service).login(account.email, account.password);
  await page.goto('/#/signin');
  await page.evaluate(`localStorage.setItem('stance.session', ${JSON.stringify(JSON.stringify({ token, user }))})`);
  // A full load (not a hash change) so the dashboard starts with the stored session.
  await page.goto('about:blank');
  await page.goto(`/#${path}`);
}

/** How much wider than its window the page is, px: 0 or less when nothing sticks out sideways (phone widths). */
export async function horizontalOverflowPx(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
}

/** A full-page screenshot into artifacts/screenshots/NAME.png; returns the file. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
