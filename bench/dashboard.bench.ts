/**
 * The dashboard's quality bar in figures (issue 6): the first load's JavaScript and CSS gzipped (what
 * `index.html` loads eagerly; lazy chunks apart, the largest reported), and in real Chromium against a real
 * service on loopback (tests/browser/browser-harness.ts: seeded accounts, 3 h of a wearer's history, a live
 * simulated sensor at 25 Hz) the time from navigation to the wearer's home being usable (the live figure
 * and angle, today's upright %, a control of the screen clickable) and to the trends day view being usable (the
 * day chart drawn with its summary, the day's numbers, the "previous day" button clickable): medians of
 * several cold-cache runs. Targets: < 250 KB JS gzipped initially; usable within 1 s on loopback.
 *
 * Environment: STANCE_BENCH_DASHBOARD_RUNS (default 7), STANCE_DASHBOARD_DIR (measure this build instead),
 * CHROMIUM_PATH (default /usr/bin/chromium).
 */
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { dashboardBuild } from './dashboard/dashboard-build.js';
import { measureBundle, totalGzip, totalRaw } from './dashboard/bundle-size.js';
import { timeToReady, type ReadyScreen } from './dashboard/time-to-interactive.js';
import { launchBrowser, startStanceForBrowser } from '../tests/browser/browser-harness.js';

const TARGET_INITIAL_JS_KB = 250;
const TARGET_READY_MS = 1000;

const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

function envInt(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? '');
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

/** The wearer's home: the figure and live angle, today's upright share, and a control of the screen (a tab, a link, a button) that takes a click. */
function homeScreen(wearerId: string): ReadyScreen {
  return {
    name: 'home (today)',
    path: `/w/${wearerId}/today`,
    ready: `document.querySelector('main figure svg[role="img"]') !== null
      && /^\\d+°$/.test(text('[data-testid="live-angle"] .num'))
      && [...document.querySelectorAll('main .tile')].some((t) => /^Upright/.test(t.textContent.trim()) && /\\d+%/.test(t.textContent))
      && [...document.querySelectorAll('main button, main a[href]')].some(clickable)`,
  };
}

/** The trends day view: the chart initialised by Chart.js with its text summary, the day's numbers, the period buttons. */
function trendsDayScreen(wearerId: string): ReadyScreen {
  return {
    name: 'trends day view',
    path: `/w/${wearerId}/trends?view=day`,
    ready: `(() => {
      const canvas = document.querySelector('[data-chart="day"] canvas');
      return canvas !== null && canvas.style.boxSizing === 'border-box' && canvas.width > 0
        && text('[data-chart="day"] [data-summary]').length > 0
        && /\\d+%/.test(text('[data-testid="day-tiles"] .tile .value'))
        && clickable(document.querySelector('main button[aria-label^="Previous"]'));
    })()`,
  };
}

export async function run(): Promise<BenchResult[]> {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  const runs = envInt('STANCE_BENCH_DASHBOARD_RUNS', 7);
  const build = dashboardBuild(repoRoot, log);
  const results: BenchResult[] = [];
  try {
    const sizes = measureBundle(build.dir);
    const initialJs = totalGzip(sizes.initialJs);
    const largestLazy = sizes.lazyJs[0];
    results.push(
      {
        name: 'initial JS, gzipped',
        value: kb(initialJs),
        unit: 'KB',
        note: `target < ${TARGET_INITIAL_JS_KB} KB; ${sizes.initialJs.length} files (${kb(totalRaw(sizes.initialJs))} KB raw); ${build.origin}`,
      },
      { name: 'initial CSS, gzipped', value: kb(totalGzip(sizes.initialCss)), unit: 'KB', note: `${sizes.initialCss.length} files (${kb(totalRaw(sizes.initialCss))} KB raw)` },
      {
        name: 'largest lazy JS chunk, gzipped',
        value: kb(largestLazy?.gzipBytes ?? 0),
        unit: 'KB',
        note: `${largestLazy?.file.replace(/^assets\//, '') ?? 'none'}; ${sizes.lazyJs.length} lazy chunks, ${kb(totalGzip(sizes.lazyJs))} KB gzipped in all`,
      },
    );
    log(`dashboard: initial JS ${sizes.initialJs.map((a) => `${a.file} ${kb(a.gzipBytes)} KB`).join(', ')}`);

    const stance = await startStanceForBrowser({ historyHours: 3, dashboardDir: build.dir });
    const browser = await launchBrowser();
    try {
      const token = await stance.tokenOf(stance.wearerA);
      const { user } = await stance.api<{ user: unknown }>(token, 'GET', '/api/me');
      const session = { token, user };
      for (const screen of [homeScreen(stance.wearerA.wearerId), trendsDayScreen(stance.wearerA.wearerId)]) {
        const t = await timeToReady(screen, { browser, baseUrl: stance.baseUrl, session, runs });
        log(`dashboard: ${screen.name}: ${t.runsMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);
        results.push({
          name: `${screen.name}, navigation to usable`,
          value: Math.round(t.medianMs),
          unit: 'ms',
          note: `target < ${TARGET_READY_MS} ms on loopback; median of ${t.runsMs.length} cold-cache runs, ` +
            `range ${Math.round(Math.min(...t.runsMs))}-${Math.round(Math.max(...t.runsMs))} ms; Chromium headless, 1280×900; ` +
            `load average ${os.loadavg()[0]?.toFixed(1)} on ${os.availableParallelism()} cores`,
        });
      }
    } finally {
      await browser.close();
      await stance.stop();
    }
  } finally {
    build.dispose();
  }
  return results;
}
