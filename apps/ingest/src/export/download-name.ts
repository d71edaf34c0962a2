/**
 * File names for downloads: `stance-ada-lovelace-points-2025-11-21_2025-11-27.csv`, the wearer's name in
 * ASCII (accents dropped, other characters to `-`) and the range's first and last local day, and the
 * `Content-Disposition` header that offers it.
 */
import type { TimeRange } from '../store/store-port.js';
import { localDay } from './csv-format.js';

/** `Ada Lovelace` → `ada-lovelace`; `Zoë` → `zoe`; nothing usable → `wearer`. */
export function nameSlug(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const slug = ascii.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return slug === '' ? 'wearer' : slug;
}

/** `stance-{name}-{what}-{first day}_{last day}.{ext}`, days local to the wearer; one day gives one date. */
export function downloadName(wearerName: string, what: string, range: TimeRange, utcOffsetMin: number, ext: string): string {
  const first = localDay(range.fromMs, utcOffsetMin);
  const last = localDay(Math.max(range.fromMs, range.toMs - 1), utcOffsetMin);
  const days = first === last ? first : `${first}_${last}`;
  return `stance-${nameSlug(wearerName)}-${what}-${days}.${ext}`;
}

/** The header value that makes a browser save the answer as `fileName` (ASCII, so no `filename*` needed). */
export function attachment(fileName: string): string {
  return `attachment; filename="${fileName}"`;
}
