/** `npm start` runs the service with the node flags every other starter of `src/main.ts` uses. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVICE_NODE_FLAGS } from '../src/service-node-flags.js';

describe('service node flags', () => {
  it('are the flags of the start script, in order', () => {
    const manifest = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../package.json');
    const start = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start).toBe(['tsx', ...SERVICE_NODE_FLAGS, 'src/main.ts'].join(' '));
  });
});
