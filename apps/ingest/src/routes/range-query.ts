/** The `from`/`to` query of the export and report routes: epoch ms, `from` inclusive, `to` exclusive, `to` after `from`. */
import { stanceError } from '../errors.js';
import type { TimeRange } from '../store/store-port.js';
import { rangeProperties } from './api-parts.js';

export interface RangeQuery {
  from: number;
  to: number;
}

export const rangeQuerySchema = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: rangeProperties,
} as const;

/** The range, or REQUEST_INVALID when `to` is not after `from` or the range is longer than `maxMs`. */
export function rangeOf(q: RangeQuery, maxMs = Infinity): TimeRange {
  if (!(q.to > q.from)) throw stanceError('REQUEST_INVALID', { reason: 'to must be after from' });
  if (q.to - q.from > maxMs) throw stanceError('REQUEST_INVALID', { reason: `the range is longer than ${Math.round(maxMs / 86_400_000)} days` });
  return { fromMs: q.from, toMs: q.to };
}
