import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BATCH_REJECT_REASON_DESCRIPTIONS,
  BATCH_REJECT_REASONS,
  MESSAGE_REJECT_REASON_DESCRIPTIONS,
  MESSAGE_REJECT_REASONS,
} from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** `reason → meaning` rows of the table under `heading`. */
function readmeTable(heading: string): Record<string, string> {
  const start = readme.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rows: Record<string, string> = {};
  for (const line of readme.slice(start + heading.length).split('\n').slice(1)) {
    if (line.startsWith('#')) break;
    const match = /^\| `([a-z_]+)` \| (.*) \|$/.exec(line);
    if (match) rows[match[1] as string] = (match[2] as string).replace(/\\\|/g, '|');
  }
  return rows;
}

describe('reject reason catalogues', () => {
  it('list every reason once', () => {
    expect(new Set(BATCH_REJECT_REASONS).size).toBe(BATCH_REJECT_REASONS.length);
    expect(new Set(MESSAGE_REJECT_REASONS).size).toBe(MESSAGE_REJECT_REASONS.length);
  });

  it('match the README tables word for word', () => {
    expect(readmeTable('### Batch reject reasons')).toEqual({ ...BATCH_REJECT_REASON_DESCRIPTIONS });
    expect(readmeTable('### Message reject reasons')).toEqual({ ...MESSAGE_REJECT_REASON_DESCRIPTIONS });
  });
});
