/**
 * Words the exercise screen shows for the API's codes: category names, and the "how to" text split into
 * steps. Kept here so the cards, the catalogue and the history say the same thing.
 */

const CATEGORY_LABELS: Readonly<Record<string, string>> = Object.freeze({
  stretch: 'Stretch',
  strengthen: 'Strength',
  mobility: 'Mobility',
  habit: 'Habit',
  breathing: 'Breathing',
  referral: 'See a professional',
});

/** Display order of the catalogue's groups. */
export const CATEGORY_ORDER: readonly string[] = Object.freeze(['stretch', 'strengthen', 'mobility', 'breathing', 'habit', 'referral']);

export function categoryLabel(category: string): string {
  return CATEGORY_LABELS[category] ?? category.charAt(0).toUpperCase() + category.slice(1);
}

/**
 * The "how to" as steps. The API sends one text; steps are separated by new lines (or, failing that, by
 * sentences ending in a full stop followed by a capital), so a long paragraph still reads as a list.
 */
export function howToSteps(howTo: string | readonly string[] | null | undefined): string[] {
  if (howTo === null || howTo === undefined) return [];
  if (typeof howTo !== 'string') return howTo.map((s) => s.trim()).filter(Boolean);
  const lines = howTo.split(/\r?\n/).map((s) => s.replace(/^\s*(?:\d+[.)]|[-•*])\s*/, '').trim()).filter(Boolean);
  if (lines.length > 1) return lines;
  return howTo.split(/(?<=\.)\s+(?=[A-Z])/).map((s) => s.trim()).filter(Boolean);
}

/** Shown with every list of recommendations (exercises.md: guidance, not diagnosis). */
export const GUIDANCE_NOTE =
  'General fitness guidance, not a diagnosis. Move within a comfortable range and stop anything that hurts. ' +
  'If pain persists or nothing improves after a few weeks, see a physiotherapist and share your report with them.';
