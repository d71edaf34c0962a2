/**
 * The built dashboard the bench measures: `STANCE_DASHBOARD_DIR` when set (a build of your own), else
 * `apps/dashboard/dist` when it is newer than every source file, else a fresh `vite build` into a temporary
 * folder (never into `dist`, which others read while they work).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DashboardBuild {
  dir: string;
  /** How the folder was found, for the report. */
  origin: 'STANCE_DASHBOARD_DIR' | 'fresh dist' | 'built for the bench';
  /** Removes a temporary build; nothing otherwise. */
  dispose(): void;
}

/** Inputs of the build: a newer one makes `dist` stale. */
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json'];

function newestMtimeMs(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtimeMs(path.join(entry, child)));
  return newest;
}

/** True when `dist/index.html` was written after the last change to any build input. */
export function distIsFresh(dashboardRoot: string): boolean {
  const index = path.join(dashboardRoot, 'dist', 'index.html');
  if (!fs.existsSync(index)) return false;
  const builtMs = fs.statSync(index).mtimeMs;
  return SOURCES.every((s) => newestMtimeMs(path.join(dashboardRoot, s)) <= builtMs);
}

export function dashboardBuild(repoRoot: string, log: (line: string) => void): DashboardBuild {
  const explicit = process.env.STANCE_DASHBOARD_DIR;
  if (explicit) return { dir: explicit, origin: 'STANCE_DASHBOARD_DIR', dispose: () => undefined };
  const root = path.join(repoRoot, 'apps', 'dashboard');
  if (distIsFresh(root)) return { dir: path.join(root, 'dist'), origin: 'fresh dist', dispose: () => undefined };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-bench-dashboard-'));
  log(`dashboard: apps/dashboard/dist is missing or older than its sources; building into ${dir}`);
  const built = spawnSync('npx', ['vite', 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`bench: vite build failed (${built.status}): ${built.stderr.slice(-2000)}`);
  }
  return { dir, origin: 'built for the bench', dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
