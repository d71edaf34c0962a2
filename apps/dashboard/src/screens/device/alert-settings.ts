/**
 * The alert settings form as data: each number field with its unit, the range the service accepts
 * (`apps/ingest/src/routes/wearer-settings.ts`), and the plain-language explanation shown beside it; plus the
 * checks that run before saving, so a person sees "between 5 and 60" beside the field instead of a 400.
 */
import type { WearerSettings } from '../../lib/api/types.js';

export type NumberSettingKey = 'slouchDeg' | 'alertDelayS' | 'repeatIntervalS' | 'maxRepeats' | 'snoozeMin';

export interface NumberField {
  key: NumberSettingKey;
  label: string;
  unit: string;
  min: number;
  max: number;
  step: number;
  integer: boolean;
  /** What it does, in plain words (the default is appended by the form). */
  explain: string;
}

export const NUMBER_FIELDS: readonly NumberField[] = Object.freeze([
  {
    key: 'slouchDeg', label: 'Slouch threshold', unit: '°', min: 5, max: 60, step: 1, integer: false,
    explain: 'How far you may lean forward from your calibrated upright posture before it counts as slouching. ' +
      'Lower is stricter. It also decides what the charts call slouched.',
  },
  {
    key: 'alertDelayS', label: 'Buzz after', unit: 's', min: 0, max: 3600, step: 5, integer: false,
    explain: 'How long a slouch must last before the sensor buzzes. A short delay catches every slouch; ' +
      'a longer one lets brief leans (reaching for a cup, reading something) pass.',
  },
  {
    key: 'repeatIntervalS', label: 'Remind again every', unit: 's', min: 10, max: 3600, step: 10, integer: false,
    explain: 'If you stay slouched after a buzz, the sensor buzzes again after this long.',
  },
  {
    key: 'maxRepeats', label: 'Reminders per slouch', unit: '', min: 0, max: 10, step: 1, integer: true,
    explain: 'The most extra buzzes for one slouch after the first. 0 means a single buzz, so a lean you chose ' +
      'is not nagged.',
  },
  {
    key: 'snoozeMin', label: 'Snooze for', unit: 'min', min: 1, max: 1440, step: 5, integer: false,
    explain: 'How long a press of the snooze button keeps the sensor quiet. Posture is still recorded.',
  },
]);

export const QUIET_HOURS_EXPLAIN =
  'Times of day when the sensor never buzzes (meetings, driving, sleep), in your local time. A range may ' +
  'cross midnight (22:00 to 07:00). Posture is still recorded.';

/** At most this many quiet ranges (the service's limit). */
export const MAX_QUIET_RANGES = 8;

export interface QuietRange {
  from: string;
  to: string;
}

/** What the form edits: numbers as the inputs give them (null for an empty box) and quiet ranges. */
export interface SettingsDraft {
  numbers: Record<NumberSettingKey, number | null>;
  quiet: QuietRange[];
}

export function draftOf(s: WearerSettings): SettingsDraft {
  const numbers = {} as Record<NumberSettingKey, number | null>;
  for (const f of NUMBER_FIELDS) numbers[f.key] = s[f.key];
  return { numbers, quiet: s.quietHours.map(parseQuietText).filter((r): r is QuietRange => r !== null) };
}

const HM = /^(\d{1,2}):(\d{2})$/;

function parseQuietText(text: string): QuietRange | null {
  const [from, to] = text.split('-').map((s) => s.trim());
  if (!from || !to || !HM.test(from) || !HM.test(to)) return null;
  const pad = (t: string) => t.padStart(5, '0');
  return { from: pad(from), to: pad(to === '24:00' ? '00:00' : to) };
}

/** Field key (or `quiet-N`) → message; empty when the draft can be saved. */
export type DraftErrors = Partial<Record<string, string>>;

export function validateDraft(d: SettingsDraft): DraftErrors {
  const errors: DraftErrors = {};
  for (const f of NUMBER_FIELDS) {
    const value = d.numbers[f.key];
    const range = `between ${f.min} and ${f.max}${f.unit === '°' ? '°' : f.unit ? ` ${f.unit}` : ''}`;
    if (value === null || typeof value !== 'number' || !Number.isFinite(value)) errors[f.key] = `Enter a number ${range}.`;
    else if (f.integer && !Number.isInteger(value)) errors[f.key] = `Enter a whole number ${range}.`;
    else if (value < f.min || value > f.max) errors[f.key] = `Must be ${range}.`;
  }
  if (d.quiet.length > MAX_QUIET_RANGES) errors.quiet = `At most ${MAX_QUIET_RANGES} quiet ranges.`;
  d.quiet.forEach((r, i) => {
    if (!HM.test(r.from) || !HM.test(r.to)) errors[`quiet-${i}`] = 'Enter both times.';
    else if (r.from === r.to) errors[`quiet-${i}`] = 'Start and end are the same: the range would be empty.';
  });
  return errors;
}

/** The PUT body (every field, so what is on screen is what is stored); call only when valid. */
export function bodyOf(d: SettingsDraft): Omit<WearerSettings, 'utcOffsetMin'> {
  const n = (k: NumberSettingKey) => Number(d.numbers[k]);
  return {
    slouchDeg: n('slouchDeg'),
    alertDelayS: n('alertDelayS'),
    repeatIntervalS: n('repeatIntervalS'),
    maxRepeats: n('maxRepeats'),
    snoozeMin: n('snoozeMin'),
    quietHours: d.quiet.map((r) => `${r.from}-${r.to}`),
  };
}

/** "1 min 30 s" beside a number of seconds, when it is a minute or more. */
export function secondsInWords(s: number | null): string {
  if (s === null || !Number.isFinite(s) || s < 60) return '';
  const m = Math.floor(s / 60);
  const rest = Math.round(s % 60);
  return rest === 0 ? `= ${m} min` : `= ${m} min ${rest} s`;
}
