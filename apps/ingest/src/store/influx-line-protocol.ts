/**
 * InfluxDB line protocol, the one text format every InfluxDB version writes (1.x `/write`, 2.x and 3.x
 * `/api/v2/write` and their v1 compatibility endpoint):
 *
 *     measurement,tag=value,tag=value field=1.5,field=2i,field="text",field=true 1763712000000
 *
 * Escaping follows the reference: in measurements `,` and space; in tag keys, tag values and field keys
 * `,`, `=` and space (a backslash there is taken literally); in string field values `"` and `\`. Timestamps here are always milliseconds
 * (`precision=ms`). A point's identity is measurement + tag set + timestamp: writing it again overwrites the
 * fields it names, which is what makes a retried write idempotent.
 */

/** An integer field (`42i`); plain numbers are written as floats. */
export interface IntegerField {
  int: number;
}

/** A field value; `null` and non-finite numbers are left out of the line (InfluxDB has no null or NaN). */
export type FieldValue = number | IntegerField | string | boolean | null;

export function integer(value: number): IntegerField {
  return { int: value };
}

const MEASUREMENT_SPECIAL = /[, ]/g;
const KEY_SPECIAL = /[,= ]/g;
const STRING_SPECIAL = /["\\]/g;

function escapeWith(text: string, special: RegExp): string {
  return text.replace(special, (c) => `\\${c}`).replace(/\n/g, '\\n');
}

function fieldText(value: Exclude<FieldValue, null>): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return `"${value.replace(STRING_SPECIAL, (c) => `\\${c}`)}"`;
  return Number.isFinite(value.int) ? `${Math.round(value.int)}i` : null;
}

/**
 * One line. Tags are sorted by key (InfluxDB's recommendation: it saves the server a sort); empty tag
 * values are left out (the protocol does not allow them). Throws when no field has a value, since such a
 * line would be refused by the server and block the outbox behind it.
 */
export function line(
  measurement: string,
  tags: Readonly<Record<string, string>>,
  fields: Readonly<Record<string, FieldValue>>,
  timeMs: number,
): string {
  let text = escapeWith(measurement, MEASUREMENT_SPECIAL);
  for (const key of Object.keys(tags).sort()) {
    const value = tags[key] as string;
    if (value === '') continue;
    text += `,${escapeWith(key, KEY_SPECIAL)}=${escapeWith(value, KEY_SPECIAL)}`;
  }
  let separator = ' ';
  for (const [key, value] of Object.entries(fields)) {
    if (value === null) continue;
    const formatted = fieldText(value);
    if (formatted === null) continue;
    text += `${separator}${escapeWith(key, KEY_SPECIAL)}=${formatted}`;
    separator = ',';
  }
  if (separator === ' ') throw new RangeError(`line protocol: ${measurement} at ${timeMs} has no field with a value`);
  return `${text} ${Math.round(timeMs)}`;
}
