/**
 * Time from navigation to a screen being usable, measured in real Chromium: a fresh browser context per run
 * (empty cache, no service worker), the session stored before the page's scripts run, then the page is
 * opened and a probe in the page (installed before the dashboard's own scripts) checks every animation
 * frame and DOM change whether the screen is ready; it records `performance.now()`, which counts from the
 * navigation's start, at the first frame where it is. The figure is the median over the runs, after one
 * warm-up run that is not counted (the service's first queries and Chromium's first start are not the page).
 */
import type { Browser } from 'playwright-core';

/** A screen to open and what "ready" means for it. */
export interface ReadyScreen {
  name: string;
  /** The hash path, e.g. `/w/ID/today`. */
  path: string;
  /**
   * A JavaScript expression evaluated in the page: true once the screen is ready. It can use the probe's
   * helpers `text(selector)` (trimmed text of the first match, '' if none) and `clickable(element)` (shown,
   * enabled and the topmost element at its centre).
   */
  ready: string;
}

export interface ReadyTimings {
  name: string;
  /** One per counted run, ms from navigation start. */
  runsMs: number[];
  medianMs: number;
}

/** Installed by `addInitScript`: polls `READY` each frame and on each DOM change; records the time once. */
function probeScript(ready: string): string {
  return `(() => {
    if (window.top !== window) return;
    const text = (selector) => (document.querySelector(selector)?.textContent ?? '').trim();
    const clickable = (el) => {
      if (!el || el.disabled) return false;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.bottom < 0 || r.top > innerHeight) return false;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit !== null && (hit === el || el.contains(hit));
    };
    const check = () => {
      if (window.__stanceReadyMs !== undefined) return;
      let ok = false;
      try { ok = Boolean(${ready}); } catch { ok = false; }
      if (ok) window.__stanceReadyMs = performance.now();
      else requestAnimationFrame(check);
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    requestAnimationFrame(check);
  })();`;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

export interface ReadyRunOptions {
  browser: Browser;
  baseUrl: string;
  /** What the dashboard keeps in localStorage `stance.session`: `{token, user}`. */
  session: unknown;
  runs: number;
  viewport?: { width: number; height: number };
  /** Longest wait for one run before the bench fails, ms. */
  timeoutMs?: number;
}

export async function timeToReady(screen: ReadyScreen, options: ReadyRunOptions): Promise<ReadyTimings> {
  const runsMs: number[] = [];
  for (let run = 0; run <= options.runs; run++) {
    const context = await options.browser.newContext({ baseURL: options.baseUrl, viewport: options.viewport ?? { width: 1280, height: 900 } });
    try {
      await context.addInitScript(`localStorage.setItem('stance.session', ${JSON.stringify(JSON.stringify(options.session))});`);
      await context.addInitScript(probeScript(screen.ready));
      const page = await context.newPage();
      await page.goto(`/#${screen.path}`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction('window.__stanceReadyMs', undefined, { timeout: options.timeoutMs ?? 30_000 })
        .catch(async (error: unknown) => {
          const shown = (await page.locator('main').textContent().catch(() => '')) ?? '';
          throw new Error(`bench: ${screen.name} was not ready within the timeout (${String(error)}); the page shows: ${shown.slice(0, 400)}`);
        });
      const ms = (await handle.jsonValue()) as number;
      if (run > 0) runsMs.push(ms);
    } finally {
      await context.close();
    }
  }
  return { name: screen.name, runsMs, medianMs: median(runsMs) };
}
