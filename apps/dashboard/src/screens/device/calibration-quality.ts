/**
 * What a calibration's quality means, in words a wearer understands: a verdict, what to do about it, and the
 * figures behind it (`detail` of `POST calibration`, see packages/analysis calibration.ts) as sentences.
 */

export interface QualityVerdict {
  label: string;
  tone: 'good' | 'warn' | 'bad';
  advice: string;
}

export function qualityVerdict(quality: number | null): QualityVerdict {
  if (quality === null || !Number.isFinite(quality)) {
    return { label: 'Unknown', tone: 'warn', advice: 'The service did not say how good this calibration is.' };
  }
  if (quality >= 0.75) {
    return { label: 'Very good', tone: 'good', advice: 'You held still and bent forward clearly: the angles will be accurate.' };
  }
  if (quality >= 0.45) {
    return {
      label: 'Good enough', tone: 'warn',
      advice: 'The angles are usable. Calibrating again, sitting stiller in step 1 and bending a little further in step 2, makes them more accurate.',
    };
  }
  return {
    label: 'Poor', tone: 'bad',
    advice: 'The angles may be off. Please calibrate again: keep completely still in step 1, then bend straight forward (not sideways) as far as is comfortable.',
  };
}

const METHOD_TEXT: Readonly<Record<string, string>> = Object.freeze({
  windows: 'from your still posture and your forward bend',
  'neutral+motion': 'from your still posture; the forward direction was learnt from your movement',
  'neutral-only': 'from your still posture only; the forward direction is not known yet and will be learnt as you move',
  auto: 'automatically, from your movement over time',
});

export function methodText(method: string): string {
  return METHOD_TEXT[method] ?? method;
}

const SOURCE_TEXT: Readonly<Record<string, string>> = Object.freeze({
  api: 'guided',
  button: 'sensor button',
  auto: 'automatic',
  cli: 'import',
});

export function sourceText(source: string): string {
  return SOURCE_TEXT[source] ?? source;
}

function num(detail: Record<string, number | string>, key: string): number | null {
  const v = detail[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The figures behind the quality, as sentences (only those the answer carries). */
export function detailSentences(detail: Record<string, number | string>): string[] {
  const lines: string[] = [];
  const spread = num(detail, 'neutralSpreadDeg');
  if (spread !== null) {
    lines.push(`While holding still you moved about ${spread.toFixed(1)}° (under 1° is ideal; over 4° is refused).`);
  }
  const kept = num(detail, 'neutralKeptFraction');
  if (kept !== null && kept < 0.95) lines.push(`${Math.round(kept * 100)}% of the still step was steady enough to use.`);
  const depth = num(detail, 'bendDepthDeg');
  if (depth !== null) lines.push(`You bent forward about ${Math.round(depth)}° (30° or more gives the best result; under 12° is refused).`);
  const lateral = num(detail, 'bendLateralRatio');
  if (lateral !== null) {
    lines.push(lateral < 0.1
      ? 'The bend was straight forward.'
      : `The bend leaned sideways a little (${Math.round(lateral * 100)}% of its size; more than 30% is refused).`);
  }
  return lines;
}

/** Why a calibration was refused, with what to do, from the service's message. */
export function refusalAdvice(message: string): string {
  const m = message.toLowerCase();
  if (m.includes('not holding still') || m.includes('moving')) return 'Sit completely still during step 1, then try again.';
  if (m.includes('too shallow')) return 'Bend further forward in step 2 (as far as is comfortable), then come back up.';
  if (m.includes('clean forward bend') || m.includes('sideways')) return 'Bend straight forward in step 2, without twisting or leaning to one side.';
  if (m.includes('too few samples') || m.includes('no raw samples') || m.includes('last 10 minutes')) {
    return 'The sensor\'s data for those seconds has not arrived. Check that it is online and sending, then try again.';
  }
  if (m.includes('no device') || m.includes('has_no_device')) return 'Pair a sensor and wear it first.';
  return 'Try again; if it keeps failing, check the sensor is online in the list above.';
}
