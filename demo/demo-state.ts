/**
 * What the demo created, kept beside the database (`DATA_DIR/demo-state.json`) so a second run reuses it:
 * the accounts (their passwords are the demo's published ones) and each sensor's token, which the service
 * stores only hashed and the live simulated sensors need to log in again.
 */
import fs from 'node:fs';
import path from 'node:path';

export const DEMO_STATE_FILE = 'demo-state.json';
/** Bumped when the layout changes: an older file means "seed again into a fresh DATA_DIR". */
export const DEMO_STATE_VERSION = 1;

export interface DemoWearerState {
  key: string;
  accountId: string;
  wearerId: string;
  deviceId: string;
  deviceToken: string;
}

export interface DemoState {
  version: number;
  createdMs: number;
  coachAccountId: string;
  wearers: DemoWearerState[];
}

export function readDemoState(dataDir: string): DemoState | null {
  const file = path.join(dataDir, DEMO_STATE_FILE);
  if (!fs.existsSync(file)) return null;
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoState;
  if (state.version !== DEMO_STATE_VERSION) {
    throw new Error(`${file} is from another version of the demo: remove ${dataDir} (or run with --fresh) and start again`);
  }
  return state;
}

export function writeDemoState(dataDir: string, state: DemoState): void {
  const file = path.join(dataDir, DEMO_STATE_FILE);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}
