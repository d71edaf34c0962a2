/**
 * The accessibility checks as small functions that run in the page (no axe-core: it is not installed). The
 * source below (and the contrast check, a11y-contrast-probe.ts) is installed once per page (`installA11yProbes`)
 * as `window.__a11y`; each check answers a list of problems, each naming the element (`tag#id.class "text"`),
 * so a failing test says what to fix.
 * Kept as JavaScript text because this project's TypeScript has no DOM types and the functions run in
 * Chromium, not in Node.
 *
 * | check | what it asks |
 * |---|---|
 * | `overflow()` | the page is no wider than the window; names the elements that stick out |
 * | `labels()` | every input, select and textarea has an accessible name (label, aria-label(ledby), title) |
 * | `names()` | every button and link has an accessible name |
 * | `images()` | every img has alt; every svg and canvas not hidden from assistive technology has a text alternative |
 * | `charts()` | every chart (canvas, `[data-chart]`) has a sentence of text summary in its frame |
 * | `headings()` | one h1, and no level skipped on the way down |
 * | `contrast()` | text (SVG text, placeholders) against its background: ≥ 4.5:1, or ≥ 3:1 for large text (WCAG AA); a field's edge ≥ 3:1 |
 * | `focused()` | the focused element: a key for it, its name and whether the focus is visible (outline or shadow) |
 */
import type { Page } from 'playwright-core';
import { CONTRAST_PROBE } from './a11y-contrast-probe.js';

const PROBES = String.raw`
window.__a11y = (() => {
  const hiddenFromAt = (el) => el.closest('[aria-hidden="true"], [hidden], [inert]') !== null;
  const rendered = (el) => el.checkVisibility({ visibilityProperty: true });
  const shown = (el) => rendered(el) && !hiddenFromAt(el);
  const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

  function describe(el) {
    let d = el.tagName.toLowerCase();
    if (el.id) d += '#' + el.id;
    const cls = typeof el.className === 'string' ? el.className.split(/\s+/).filter((c) => c && !c.startsWith('svelte-')) : [];
    if (cls.length) d += '.' + cls.slice(0, 3).join('.');
    for (const a of ['type', 'role', 'name', 'href', 'aria-label', 'data-testid', 'data-chart']) {
      const v = el.getAttribute(a);
      if (v) d += '[' + a + '="' + v.slice(0, 40) + '"]';
    }
    const t = squash(el.textContent).slice(0, 50);
    if (t) d += ' "' + t + '"';
    const region = el.closest('section[aria-label], section[aria-labelledby], [role=region], nav[aria-label], header, form');
    if (region && region !== el) {
      const label = region.getAttribute('aria-label') ?? squash(document.getElementById(region.getAttribute('aria-labelledby') ?? '')?.textContent);
      d += ' in ' + region.tagName.toLowerCase() + (label ? ' "' + label.slice(0, 40) + '"' : '');
    }
    return d;
  }

  /** Text a screen reader would read inside node (leaving out self): aria-hidden parts left out, img alt and aria-label used. */
  function textOf(node, self) {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent;
    if (node === self) return ''; // a field inside its own label does not name itself with its value
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    const el = node;
    if (el.getAttribute('aria-hidden') === 'true' || el.hidden) return '';
    if (el.tagName === 'STYLE' || el.tagName === 'SCRIPT') return '';
    const label = el.getAttribute('aria-label');
    if (label && squash(label)) return ' ' + label + ' ';
    if (el.tagName === 'IMG') return ' ' + (el.getAttribute('alt') ?? '') + ' ';
    if (el.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes(el.type)) return ' ' + el.value + ' ';
    // A control inside a label speaks its value, not its options.
    if (el.tagName === 'SELECT') return ' ' + (el.selectedOptions[0]?.textContent ?? '') + ' ';
    if (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && !['checkbox', 'radio'].includes(el.type))) return ' ' + el.value + ' ';
    if (el.tagName === 'INPUT') return '';
    const inner = Array.from(el.childNodes).map((child) => textOf(child, self)).join('');
    // As Chromium does: a block (or a blockified absolute span, like .sr-only) is set apart by spaces.
    return getComputedStyle(el).display.startsWith('inline') ? inner : ' ' + inner + ' ';
  }

  /** The accessible name, the usual ways a page gives one (not every rule of accname, but the ones we use). */
  function nameOf(el) {
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const t = squash(by.split(/\s+/).map((id) => { const r = document.getElementById(id); return r ? textOf(r) : ''; }).join(' '));
      if (t) return t;
    }
    const label = squash(el.getAttribute('aria-label'));
    if (label) return label;
    if (el.labels && el.labels.length) {
      const t = squash(Array.from(el.labels).map((label) => textOf(label, el)).join(' '));
      if (t) return t;
    }
    if (el.tagName === 'svg' || el.tagName === 'SVG') {
      const title = el.querySelector(':scope > title');
      if (title && squash(title.textContent)) return squash(title.textContent);
    } else if (!['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) {
      const t = squash(textOf(el));
      if (t) return t;
    } else if (el.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes(el.type) && squash(el.value)) {
      return squash(el.value);
    }
    return squash(el.getAttribute('title'));
  }

  function overflow() {
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth <= width) return [];
    // Elements whose box ends past the window and are not inside something that scrolls or clips sideways.
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox !== 'visible' && p.getBoundingClientRect().right <= width + 1) return true;
      }
      return false;
    };
    const out = Array.from(document.body.querySelectorAll('*')).filter((el) => {
      if (!rendered(el)) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > width + 1 && !clipped(el);
    });
    // The innermost offenders say most: drop those that only contain another offender.
    const innermost = out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
    return ['page is ' + root.scrollWidth + ' px wide in a ' + width + ' px window', ...innermost.slice(0, 6).map((el) => 'sticks out: ' + describe(el) + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + ' px)')];
  }

  function labels() {
    return Array.from(document.querySelectorAll('input, select, textarea'))
      .filter((el) => el.type !== 'hidden' && !hiddenFromAt(el) && (rendered(el) || el.closest('label')))
      .filter((el) => !nameOf(el))
      .map((el) => 'no label: ' + describe(el));
  }

  function names() {
    return Array.from(document.querySelectorAll('button, a[href], [role=button], [role=link], summary'))
      .filter(shown)
      .filter((el) => !nameOf(el))
      .map((el) => 'no accessible name: ' + describe(el));
  }

  function images() {
    const problems = [];
    for (const img of document.querySelectorAll('img')) {
      if (!img.hasAttribute('alt') && !hiddenFromAt(img)) problems.push('img without alt: ' + describe(img));
    }
    for (const svg of document.querySelectorAll('svg')) {
      if (!shown(svg) || svg.parentElement?.closest('svg')) continue;
      const role = svg.getAttribute('role');
      if (role === 'presentation' || role === 'none') continue;
      // Inside a named control the control speaks; the svg itself is decoration.
      const control = svg.closest('button, a[href], [role=button], label');
      if (control && nameOf(control)) continue;
      if (!nameOf(svg)) problems.push('svg without a text alternative (aria-hidden, or role=img with a label): ' + describe(svg));
      else if (role !== 'img') problems.push('svg with a label but no role=img: ' + describe(svg));
    }
    for (const canvas of document.querySelectorAll('canvas')) {
      if (!shown(canvas)) continue;
      const image = canvas.closest('[role=img]');
      if (!nameOf(canvas) && !(image && nameOf(image))) problems.push('canvas without a text alternative: ' + describe(canvas));
    }
    return problems;
  }

  function charts() {
    const found = new Set();
    for (const c of document.querySelectorAll('canvas, [data-chart]')) {
      if (!rendered(c)) continue;
      const frame = c.closest('[data-chart]') ?? c.closest('figure, section, article, .card') ?? c.parentElement;
      if (frame) found.add(frame);
    }
    const problems = [];
    const sentencesIn = (box) => Array.from(box.querySelectorAll('[data-summary], figcaption, p, caption'))
      .filter((t) => !t.closest('button, [aria-hidden="true"]'))
      .map((t) => squash(textOf(t)))
      .filter((t) => t.split(' ').length >= 5);
    for (const frame of found) {
      // In the chart's own frame, or beside it in the section or card that holds it.
      const around = frame.parentElement?.closest('section, article, .card');
      if (sentencesIn(frame).length === 0 && (!around || sentencesIn(around).length === 0)) problems.push('chart without a text summary: ' + describe(frame));
    }
    return problems;
  }

  function headings() {
    const list = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]'))
      .filter((h) => rendered(h) && !hiddenFromAt(h))
      .map((h) => ({ level: Number(h.getAttribute('aria-level') ?? h.tagName.slice(1)), el: h }));
    const problems = [];
    const ones = list.filter((h) => h.level === 1);
    if (ones.length !== 1) problems.push(ones.length + ' h1 headings (one expected)' + ones.map((h) => ': ' + describe(h.el)).join(''));
    let previous = 0;
    for (const h of list) {
      if (h.level > previous + 1) problems.push('heading level skipped (h' + previous + ' to h' + h.level + '): ' + describe(h.el));
      previous = h.level;
    }
    return problems;
  }

  const keys = new WeakMap();
  let lastKey = 0;
  /** The focused element, its name, and whether its focus shows (its own outline or shadow, or a label's or wrapper's). */
  function focused() {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const indicator = (e) => { const s = getComputedStyle(e); return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; };
    const r = el.getBoundingClientRect();
    const visibleBox = r.width > 1 && r.height > 1;
    const wrappers = [el.parentElement, el.parentElement?.parentElement, ...(el.labels ?? [])].filter(Boolean);
    const shows = (visibleBox && indicator(el)) || wrappers.some((w) => w.getBoundingClientRect().width > 1 && indicator(w));
    if (!keys.has(el)) keys.set(el, ++lastKey);
    return { key: keys.get(el), name: nameOf(el), role: el.getAttribute('role') ?? el.tagName.toLowerCase(), description: describe(el), focusVisible: shows };
  }

  return { overflow, labels, names, images, charts, headings, focused, describe, rendered, squash };
})();
`;

/** Installs `window.__a11y` in the page as it is now (call again after a full navigation). */
export async function installA11yProbes(page: Page): Promise<void> {
  await page.evaluate(PROBES);
  await page.evaluate(CONTRAST_PROBE);
}

export interface FocusStop {
  /** The same number for the same element, while the probes stay installed. */
  key: number;
  name: string;
  role: string;
  description: string;
  focusVisible: boolean;
}

export async function probe<T>(page: Page, check: string): Promise<T> {
  return (await page.evaluate(`window.__a11y.${check}()`)) as T;
}

/**
 * Presses Tab from the top of the page until focus comes round again (or `max` presses) and answers where
 * it stopped, in order.
 */
export async function tabStops(page: Page, max = 150): Promise<FocusStop[]> {
  // Blurring keeps Chromium's starting point for Tab where focus was: focus a throwaway element at the top.
  await page.evaluate(`(() => {
    const start = document.createElement('span');
    start.tabIndex = -1;
    start.id = '__a11y-start';
    document.body.prepend(start);
    start.focus();
    window.scrollTo(0, 0);
  })()`);
  const stops: FocusStop[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (i === 0) await page.evaluate("document.getElementById('__a11y-start')?.remove()");
    const stop = await probe<FocusStop | null>(page, 'focused');
    if (stop === null) break;
    if (stops.length > 0 && stop.key === stops[0]?.key) break;
    stops.push(stop);
  }
  return stops;
}
