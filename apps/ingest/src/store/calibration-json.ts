/** A Calibration as plain JSON (its frame vectors are Float64Arrays) and back, validated. */
import type { Calibration, CalibrationMethod } from '@stance/analysis';

export interface CalibrationJson {
  frame: { f: number[]; l: number[]; u: number[] };
  method: CalibrationMethod;
  quality: number;
  detail: Record<string, number | string>;
}

export function calibrationToJson(c: Calibration): CalibrationJson {
  return {
    frame: { f: Array.from(c.frame.f), l: Array.from(c.frame.l), u: Array.from(c.frame.u) },
    method: c.method,
    quality: c.quality,
    detail: { ...c.detail },
  };
}

const METHODS: readonly string[] = ['windows', 'neutral+motion', 'auto', 'neutral-only'];

export function calibrationFromJson(json: unknown): Calibration {
  const o = json as Partial<CalibrationJson> | null;
  const vec = (v: unknown, name: string): Float64Array => {
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new RangeError(`calibration JSON: frame.${name} is not three finite numbers`);
    }
    return Float64Array.from(v as number[]);
  };
  if (o === null || typeof o !== 'object' || typeof o.frame !== 'object' || o.frame === null) {
    throw new RangeError('calibration JSON: no frame');
  }
  if (typeof o.method !== 'string' || !METHODS.includes(o.method)) throw new RangeError('calibration JSON: unknown method');
  return {
    frame: { f: vec(o.frame.f, 'f'), l: vec(o.frame.l, 'l'), u: vec(o.frame.u, 'u') },
    method: o.method,
    quality: typeof o.quality === 'number' ? o.quality : 0,
    detail: typeof o.detail === 'object' && o.detail !== null ? { ...o.detail } : {},
  };
}
