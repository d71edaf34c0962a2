/** The error catalogue: messages filled from params, and the README table in step with it. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, ERROR_CODES, errorBody, formatMessage, stanceError } from '../src/errors.js';

const README = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../README.md'), 'utf8');

describe('error catalogue', () => {
  it('fills the template and carries code and status', () => {
    const error = stanceError('DEVICE_NOT_FOUND', { id: 'desk-9' });
    expect(error.message).toBe('device desk-9 does not exist');
    expect(error.status).toBe(404);
    expect(errorBody(error)).toEqual({ error: { code: 'DEVICE_NOT_FOUND', message: 'device desk-9 does not exist' } });
  });

  it('leaves an unknown placeholder visible', () => {
    expect(formatMessage('a {b} c', {})).toBe('a {b} c');
  });

  it('matches the README table row for row', () => {
    const rows = [...README.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (.+) \|$/gm)].map((m) => [m[1], Number(m[2]), m[3]]);
    const catalogue = ERROR_CODES.map((code) => [code, ERROR_CATALOGUE[code].status, `\`${ERROR_CATALOGUE[code].message}\``]);
    expect(rows).toEqual(catalogue);
  });
});
