/** The `from`/`to` query of the routes that read a period: epoch ms, `from` inclusive, `to` exclusive, `to` after `from`. */
import { stanceError } from '../errors.js';
import type { TimeRange } from '../store/store-port.js';

export interface RangeQuery {
  from: number;
  to: number;
}

/** `from` and `to`, epoch ms; `to` after `from`. */
export const rangeProperties = {
  from: { type: 'integer', minimum: 0 },
  to: { type: 'integer', minimum: 0 },
} as const;

export const rangeQuerySchema = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: rangeProperties,
} as const;

/** The range query with more parameters (`step`, `bucket`, `binDeg`). */
export function rangeQueryWith<Extra extends Record<string, object>>(extra: Extra) {
  return { ...rangeQuerySchema, properties: { ...rangeProperties, ...extra } } as const;
}

/** Optional `from`, `to` (both or neither). */
export const optionalRangeQuerySchema = {
  type: 'object',
  properties: rangeProperties,
} as const;

/** `step`, ms: points averaged over each step (1 s to a day), as `GET /posture` and the points export take it. */
export const stepProperty = { type: 'integer', minimum: 1000, maximum: 86_400_000 } as const;

/** The range, or REQUEST_INVALID when `to` is not after `from` or the range is longer than `maxMs`. */
export function rangeOf(q: RangeQuery, maxMs = Infinity): TimeRange {
  if (!(q.to > q.from)) throw stanceError('REQUEST_INVALID', { reason: 'to must be after from' });
  if (q.to - q.from > maxMs) throw stanceError('REQUEST_INVALID', { reason: `the range is longer than ${Math.round(maxMs / 86_400_000)} days` });
  return { fromMs: q.from, toMs: q.to };
}

/** An optional range: both or neither of `from` and `to`. */
export function optionalRangeOf(q: Partial<RangeQuery>): TimeRange | null {
  if (q.from === undefined && q.to === undefined) return null;
  if (q.from === undefined || q.to === undefined) throw stanceError('REQUEST_INVALID', { reason: 'give both from and to, or neither' });
  return rangeOf({ from: q.from, to: q.to });
}
