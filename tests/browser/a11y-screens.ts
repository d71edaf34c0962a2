/**
 * Every screen of the dashboard, as the accessibility test opens it: who is signed in, the address, what
 * shows that the screen has loaded, and its main actions (accessible names the keyboard must reach by Tab).
 */
import type { Page } from 'playwright-core';
import type { SeededAccount, StanceForBrowser } from './browser-harness.js';

export interface A11yScreen {
  name: string;
  /** Signed in as this account; null: signed out. */
  account: (stance: StanceForBrowser) => SeededAccount | null;
  path: (stance: StanceForBrowser, extra: A11yExtras) => string;
  /** A selector that is in the page once the screen has loaded (besides `main h1`). */
  loaded?: string;
  /** Accessible names (patterns) of the main actions; each must be a Tab stop. */
  mainActions: RegExp[];
  /** Fills the form (not sent) so its submit button is enabled and takes part in the Tab order. */
  fill?: (page: Page) => Promise<void>;
  /** Requests the page should see answered differently (e.g. first-run setup on a set-up service). */
  prepare?: (page: Page) => Promise<void>;
  /** The screen needs the API to show anything: its error state is checked with the API unreachable. */
  usesApi: boolean;
}

/** Made once per run: an invitation's token for the invitation screen. */
export interface A11yExtras {
  invitationToken: string;
}

const wearerA = (s: StanceForBrowser) => s.wearerA;
const wearerPath = (tab: string) => (s: StanceForBrowser) => `/w/${s.wearerA.wearerId}/${tab}`;

export const A11Y_SCREENS: A11yScreen[] = [
  {
    name: 'sign in',
    account: () => null,
    path: () => '/signin',
    loaded: 'main input[type=password]',
    fill: async (page) => {
      await page.getByLabel(/e-?mail/i).fill('someone@example.org');
      await page.getByLabel(/^password/i).fill('a-password-123');
    },
    mainActions: [/e-?mail/i, /^password/i, /^sign in$/i],
    usesApi: false,
  },
  {
    name: 'first-run setup',
    account: () => null,
    path: () => '/setup',
    loaded: 'main input[type=password]',
    // The harness's service is set up already: the page is told setup is needed, to show the form.
    prepare: async (page) => {
      await page.route('**/api/setup', (route) =>
        route.request().method() === 'GET' ? route.fulfill({ json: { needed: true } }) : route.continue());
    },
    fill: async (page) => {
      await page.getByLabel('Your name').fill('Sam Setup');
      await page.getByLabel(/e-?mail/i).fill('sam@example.org');
      await page.getByLabel('Password', { exact: true }).fill('sam-password-123');
      await page.getByLabel('Password again').fill('sam-password-123');
    },
    mainActions: [/your name/i, /e-?mail/i, /^password$/i, /create account/i],
    usesApi: true,
  },
  {
    name: 'invitation',
    account: () => null,
    path: (_s, extra) => `/invite?token=${extra.invitationToken}`,
    loaded: 'main input[type=password]',
    fill: async (page) => {
      await page.getByLabel('Choose a password').fill('new-password-123');
      await page.getByLabel('Password again').fill('new-password-123');
    },
    mainActions: [/choose a password/i, /password again/i, /accept and sign in/i],
    usesApi: true,
  },
  {
    name: 'today',
    account: wearerA,
    path: wearerPath('today'),
    loaded: '[data-testid="live-state"]',
    mainActions: [/^skip to content$/i, /^trends$/i, /^exercises$/i, /^sign out$/i],
    usesApi: true,
  },
  {
    name: 'trends day',
    account: wearerA,
    path: (s) => `/w/${s.wearerA.wearerId}/trends?view=day`,
    loaded: '[data-chart="day"] canvas',
    // The view picker is a radio group: one Tab stop (the checked view), arrows move within it.
    mainActions: [/^previous day$/i, /^day$/i, /^zoom in$/i, /show table/i],
    usesApi: true,
  },
  {
    name: 'trends week',
    account: wearerA,
    path: (s) => `/w/${s.wearerA.wearerId}/trends?view=week`,
    loaded: '[data-chart="pattern"]',
    mainActions: [/^previous week$/i, /^week$/i],
    usesApi: true,
  },
  {
    name: 'exercises',
    account: wearerA,
    path: wearerPath('exercises'),
    // The test starts a plan first: its before/after chart is part of the screen.
    loaded: 'main canvas',
    // Three hours of history are too few for recommendations: the catalogue is where "Done" is reached.
    mainActions: [/^show all \d+ exercises/i, /restart the plan/i],
    usesApi: true,
  },
  {
    name: 'device',
    account: wearerA,
    path: wearerPath('device'),
    // Calibration can start once the live sensor is seen sending.
    loaded: 'main button:has-text("Start calibration"):not([disabled])',
    mainActions: [/^pair a sensor$/i, /start calibration/i, /slouch threshold/i, /save settings/i],
    usesApi: true,
  },
  {
    name: 'phone',
    account: wearerA,
    path: wearerPath('phone'),
    loaded: 'main button',
    mainActions: [/pair this phone/i],
    // Nothing is loaded until the phone is paired.
    usesApi: false,
  },
  {
    name: 'coach home',
    account: (s) => s.coach,
    path: () => '/coach',
    loaded: '[data-testid="coach-wearer"]',
    mainActions: [/ada wearer/i, /invite a wearer/i],
    usesApi: true,
  },
  {
    name: 'coach panel',
    account: (s) => s.coach,
    path: wearerPath('today'),
    loaded: '[data-testid="coach-panel"] select',
    fill: async (page) => {
      // On a phone the tools start folded (the wearer's pages come first).
      const show = page.getByRole('button', { name: 'Notes, pins, thresholds', expanded: false });
      if ((await show.count()) > 0) await show.click();
      await page.getByLabel(/^new note/i).fill('Well done this week.');
    },
    mainActions: [/^new note/i, /^add note$/i, /printable report/i],
    usesApi: true,
  },
  {
    name: 'compare weeks',
    account: (s) => s.coach,
    path: (s) => `/coach/compare/${s.wearerA.wearerId}`,
    loaded: 'main table, main [data-chart]',
    mainActions: [/^first week/i, /^second week/i],
    usesApi: true,
  },
  {
    name: 'admin',
    account: (s) => s.admin,
    path: () => '/admin',
    loaded: '[data-testid="accounts"]',
    fill: async (page) => {
      const invitations = page.getByRole('region', { name: 'Invitations' });
      await invitations.getByLabel('Name').fill('Ivy Invited');
      await invitations.getByLabel('E-mail address').fill('ivy@example.org');
    },
    mainActions: [/create an account directly/i, /^create invitation link$/i, /^disable ada wearer$/i],
    usesApi: true,
  },
];
