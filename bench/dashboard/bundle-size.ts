/**
 * What the dashboard's first load downloads, read from the built files: the JavaScript `index.html` loads
 * eagerly (its module script, its modulepreload links, and whatever those import statically) and its
 * stylesheets, each gzipped at level 9 as a server or CDN would send them; the rest of the JavaScript is
 * lazy (loaded by `import()` when a screen needs it), of which the largest chunk is reported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface AssetSize {
  /** Path relative to the build folder, e.g. `assets/index-C2x.js`. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleSizes {
  initialJs: AssetSize[];
  initialCss: AssetSize[];
  lazyJs: AssetSize[];
}

const sum = (assets: AssetSize[], key: 'bytes' | 'gzipBytes'): number => assets.reduce((total, a) => total + a[key], 0);
export const totalGzip = (assets: AssetSize[]): number => sum(assets, 'gzipBytes');
export const totalRaw = (assets: AssetSize[]): number => sum(assets, 'bytes');

function sizeOf(dir: string, file: string): AssetSize {
  const bytes = fs.readFileSync(path.join(dir, file));
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

/** `/assets/x.js` or `./assets/x.js` → `assets/x.js`. */
const local = (href: string): string => href.replace(/^\.?\//, '');

/** Attribute values of the tags in `html` that match `tag` (a regex source) and carry `attr`. */
function attributes(html: string, tag: RegExp, attr: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(tag)) {
    const value = new RegExp(`\\b${attr}="([^"]+)"`).exec(match[0])?.[1];
    if (value !== undefined && !/^(https?:|data:)/.test(value)) found.push(local(value));
  }
  return found;
}

/**
 * Chunks a chunk imports statically (`import{a}from"./x.js"`, `import"./x.js"`, `export{a}from"./x.js"`);
 * `import("./x.js")` is lazy and not matched (a parenthesis follows `import`).
 */
function staticImports(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)].map((m) => m[1] as string);
}

export function measureBundle(dir: string): BundleSizes {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const entries = [
    ...attributes(html, /<script\b[^>]*type="module"[^>]*>/g, 'src'),
    ...attributes(html, /<link\b[^>]*rel="modulepreload"[^>]*>/g, 'href'),
  ];
  const eager = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (eager.has(file)) continue;
    eager.add(file);
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const spec of staticImports(source)) queue.push(path.posix.join(path.posix.dirname(file), spec));
  }
  const css = attributes(html, /<link\b[^>]*rel="stylesheet"[^>]*>/g, 'href');
  const allJs = fs.readdirSync(path.join(dir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  return {
    initialJs: [...eager].map((f) => sizeOf(dir, f)),
    initialCss: css.map((f) => sizeOf(dir, f)),
    lazyJs: allJs.filter((f) => !eager.has(f)).map((f) => sizeOf(dir, f)).sort((a, b) => b.gzipBytes - a.gzipBytes),
  };
}
