/**
 * The contrast check of the accessibility probes (a11y-probes.ts installs it after the others, as
 * `window.__a11y.contrast()`): text, SVG text and placeholders against the colour behind them, computed from
 * getComputedStyle (backgrounds painted from the root down, opacity applied), WCAG AA: 4.5:1, or 3:1 for large
 * text (≥ 24 px, or ≥ 18.66 px bold); a field's edge (its border or its own background) 3:1 against what is
 * around it (WCAG 1.4.11). Disabled controls are exempt, as in WCAG. Answers the problems, how many colours
 * could not be read (over a background image), how many were checked and the lowest ratio over its minimum.
 */

/** WCAG AA: normal text, and large text (≥ 24 px, or ≥ 18.66 px bold); also the minimum for a field's edge. */
export const MIN_CONTRAST = 4.5;
export const MIN_CONTRAST_LARGE = 3;

export const CONTRAST_PROBE = String.raw`
(() => {
  const MIN = ${MIN_CONTRAST}, MIN_LARGE = ${MIN_CONTRAST_LARGE};
  const { describe, rendered, squash } = window.__a11y;

  // Colours: rgb()/rgba() and color(srgb r g b / a), which is what color-mix() in srgb computes to.
  function parseColour(text) {
    let m = /^rgba?\(([\d.]+),?\s*([\d.]+),?\s*([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\)$/.exec(text);
    if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), alpha(m[4])];
    m = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+%?))?\)$/.exec(text);
    if (m) return [Number(m[1]) * 255, Number(m[2]) * 255, Number(m[3]) * 255, alpha(m[4])];
    return null;
  }
  function alpha(a) {
    if (a === undefined) return 1;
    return a.endsWith('%') ? Number(a.slice(0, -1)) / 100 : Number(a);
  }
  const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3])).concat(1);
  function luminance(c) {
    const [r, g, b] = c.slice(0, 3).map((v) => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  const ratio = (a, b) => { const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };

  /** The opaque colour behind el: its ancestors' backgrounds painted from the root down; null over an image. */
  function backgroundOf(el) {
    const layers = [];
    for (let p = el; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.backgroundImage !== 'none') return null;
      const c = parseColour(s.backgroundColor);
      if (c === null) return null;
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    let colour = dark ? [18, 18, 18, 1] : [255, 255, 255, 1];
    for (const c of layers.reverse()) colour = over(c, colour);
    return colour;
  }

  function opacityOf(el) {
    let o = 1;
    for (let p = el; p; p = p.parentElement) o *= Number(getComputedStyle(p).opacity);
    return o;
  }

  function contrast() {
    const problems = [];
    let unknown = 0, checked = 0, lowest = Infinity;
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || seen.has(el) || !squash(node.textContent)) continue;
      seen.add(el);
      if (['SCRIPT', 'STYLE', 'OPTION', 'TITLE'].includes(el.tagName) || !rendered(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue; // visually hidden (sr-only)
      if (el.closest(':disabled, [aria-disabled="true"]')) continue; // WCAG exempts inactive controls
      const s = getComputedStyle(el);
      const inSvg = el instanceof SVGElement;
      const fg = parseColour(inSvg ? s.fill : s.color);
      const bg = backgroundOf(inSvg ? el.closest('svg').parentElement : el);
      if (fg === null || bg === null) { unknown++; continue; }
      const opacity = opacityOf(el);
      if (opacity === 0) continue;
      const text = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      const need = large ? MIN_LARGE : MIN;
      const got = ratio(text, bg);
      checked++;
      lowest = Math.min(lowest, got / need);
      if (got < need) problems.push('contrast ' + got.toFixed(2) + ':1 < ' + need + ':1 (' + (inSvg ? s.fill : s.color) + ' on rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + '), ' + size + ' px): ' + describe(el));
    }
    // A field's edge (WCAG 1.4.11, non-text contrast): its border, or its own background, ≥ 3:1 against what is around it.
    for (const field of document.querySelectorAll('input, select, textarea')) {
      if (['hidden', 'checkbox', 'radio', 'range', 'color'].includes(field.type) || !rendered(field) || field.disabled) continue;
      const r = field.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue;
      const s = getComputedStyle(field);
      const around = backgroundOf(field.parentElement);
      const inside = backgroundOf(field);
      const border = parseColour(s.borderBottomColor);
      if (around === null || inside === null || border === null) { unknown++; continue; }
      const edge = parseFloat(s.borderBottomWidth) > 0 ? ratio(over(border, around), around) : 1;
      const got = Math.max(edge, ratio(inside, around));
      checked++;
      lowest = Math.min(lowest, got / MIN_LARGE);
      if (got < MIN_LARGE) problems.push('field edge contrast ' + got.toFixed(2) + ':1 < ' + MIN_LARGE + ':1 (border ' + s.borderBottomColor + '): ' + describe(field));
    }
    // Placeholder text is text too (an empty field shows only it).
    for (const field of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
      if (field.value || !field.placeholder.trim() || !rendered(field) || field.disabled) continue;
      const s = getComputedStyle(field, '::placeholder');
      const fg = parseColour(s.color);
      const bg = backgroundOf(field);
      if (fg === null || bg === null) { unknown++; continue; }
      const text = over([fg[0], fg[1], fg[2], fg[3] * Number(s.opacity) * opacityOf(field)], bg);
      const got = ratio(text, bg);
      checked++;
      lowest = Math.min(lowest, got / MIN);
      if (got < MIN) problems.push('placeholder contrast ' + got.toFixed(2) + ':1 < ' + MIN + ':1 (' + s.color + '): ' + describe(field) + ' "' + field.placeholder + '"');
    }
    return { problems, unknown, checked, lowestMargin: lowest };
  }

  window.__a11y.contrast = contrast;
})();
`;
