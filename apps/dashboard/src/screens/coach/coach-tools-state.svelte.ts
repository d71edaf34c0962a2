/**
 * Whether the coach tools (notes, pins, thresholds) are shown: one choice shared by the bar above a wearer's
 * page and the tools below it, kept across wearers and visits. Without a saved choice: open on a desk screen,
 * folded on a phone (the wearer's page comes first).
 */
const OPEN_KEY = 'stance.coachToolsOpen';

function initiallyOpen(): boolean {
  const saved = localStorage.getItem(OPEN_KEY);
  return saved === null ? window.matchMedia('(min-width: 700px)').matches : saved === 'true';
}

class CoachTools {
  open = $state(initiallyOpen());

  toggle(): void {
    this.open = !this.open;
    localStorage.setItem(OPEN_KEY, String(this.open));
  }
}

export const coachTools = new CoachTools();
