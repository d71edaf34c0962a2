/**
 * When to buzz: a pure state machine the service runs once per device, fed once per second (or whenever the
 * slouch state changes). Time comes in with every update; nothing here reads a clock or sets a timer.
 *
 * Lifecycle: `createFeedback(settings)`, then `updateFeedback(state, input)` per point; `snoozeFeedback` when
 * the wearer presses snooze. Each update returns an action (none, or buzz with pattern and repeat number) and
 * the alert outcomes resolved by that update (did the wearer correct after a buzz, and how fast).
 */
import type { Activity, HapticPattern, Posture } from '@stance/protocol';
import { isInQuietHours, localMinuteOfDay, type QuietHoursRange } from './quiet-hours.js';

export interface FeedbackSettings {
  /** Seconds a slouch must last before the first buzz. Short slouches (reaching for something) pass unremarked. */
  firstBuzzDelayS: number;
  /** Seconds between buzzes while the same slouch lasts. */
  repeatIntervalS: number;
  /** Buzzes after the first one for the same slouch; 0 = buzz once. Keeps a wearer who chose to lean from being nagged. */
  maxRepeats: number;
  /** Pattern of the first buzz, the first repeat, ...; the last one is reused. Escalates so repeats feel different. */
  patterns: readonly HapticPattern[];
  /** Minutes the snooze button silences feedback. */
  snoozeMin: number;
  /** Seconds after a buzz within which sitting up counts as `corrected`; later, the alert is `ignored`. */
  correctionWindowS: number;
  /** Local time-of-day ranges without buzzing (e.g. 22:00 to 07:00). */
  quietHours: readonly QuietHoursRange[];
  /** Activities during which a slouch flag is not acted on: the posture of a walker, a lying or absent wearer means nothing. */
  silentActivities: readonly Activity[];
}

export const DEFAULT_FEEDBACK_SETTINGS: Readonly<FeedbackSettings> = Object.freeze({
  firstBuzzDelayS: 60,
  repeatIntervalS: 120,
  maxRepeats: 2,
  patterns: Object.freeze(['short', 'double', 'long'] as HapticPattern[]),
  snoozeMin: 30,
  correctionWindowS: 30,
  quietHours: Object.freeze([]) as readonly QuietHoursRange[],
  silentActivities: Object.freeze(['walking', 'lying', 'not_worn'] as Activity[]),
});

/** One update's input: the pipeline's view of this moment. */
export interface FeedbackInput {
  /** Epoch milliseconds of this moment. */
  tMs: number;
  posture: Posture;
  activity: Activity;
  /** When the current slouch began (epoch ms), null while not slouched. A new value means a new slouch. */
  slouchStartMs: number | null;
  /** Wearer's offset from UTC in minutes (east positive) at `tMs`, resolved by the caller from the IANA zone; used only for quiet hours. Default 0. */
  utcOffsetMin?: number;
  /** The wearer's local minute of the day (0..1439), if the caller has it already; wins over `utcOffsetMin`. */
  localMinuteOfDay?: number;
}

/** Why no buzz went out although the wearer was slouched long enough. */
export type FeedbackSilenceReason = 'activity' | 'snoozed' | 'quiet-hours';

export type FeedbackAction =
  | { kind: 'none'; silencedBy?: FeedbackSilenceReason }
  | { kind: 'buzz'; pattern: HapticPattern; reason: 'slouch'; /** 0 for the first buzz of a slouch, then 1, 2... */ repeat: number };

/** What became of one buzz. */
export interface AlertOutcome {
  buzzMs: number;
  slouchStartMs: number;
  repeat: number;
  pattern: HapticPattern;
  /** corrected: sat up (or got up and walked) within the window; ignored: did not; snoozed: pressed snooze instead. */
  outcome: 'corrected' | 'ignored' | 'snoozed';
  /** Seconds from the buzz to the correction; null unless corrected. */
  responseS: number | null;
  /** When the outcome was decided, epoch ms. */
  resolvedMs: number;
}

export interface FeedbackResult {
  action: FeedbackAction;
  /** Outcomes decided by this update (usually none, at most two). */
  outcomes: readonly AlertOutcome[];
}

interface PendingAlert {
  buzzMs: number;
  slouchStartMs: number;
  repeat: number;
  pattern: HapticPattern;
}

/** Caller-owned state. Plain data, so a device's feedback can be checkpointed with JSON and moved between workers. */
export interface FeedbackState {
  readonly settings: Readonly<FeedbackSettings>;
  /** Start of the slouch the buzz counter belongs to, or null. */
  slouchStartMs: number | null;
  /** Buzzes sent for that slouch. */
  buzzCount: number;
  lastBuzzMs: number | null;
  /** Feedback is silent before this epoch ms (snooze); 0 = not snoozed (finite, so the state survives JSON). */
  snoozedUntilMs: number;
  /** The last buzz, waiting for the wearer's response. */
  pending: PendingAlert | null;
}

const NONE: FeedbackAction = Object.freeze({ kind: 'none' });
const NO_OUTCOMES: readonly AlertOutcome[] = Object.freeze([]);
const SILENCED: Readonly<Record<FeedbackSilenceReason, FeedbackAction>> = Object.freeze({
  activity: Object.freeze({ kind: 'none', silencedBy: 'activity' }),
  snoozed: Object.freeze({ kind: 'none', silencedBy: 'snoozed' }),
  'quiet-hours': Object.freeze({ kind: 'none', silencedBy: 'quiet-hours' }),
});

export function createFeedback(settings: Partial<FeedbackSettings> = {}): FeedbackState {
  const merged = Object.freeze({ ...DEFAULT_FEEDBACK_SETTINGS, ...settings });
  if (merged.patterns.length === 0) throw new RangeError('FeedbackSettings.patterns must not be empty');
  return { settings: merged, slouchStartMs: null, buzzCount: 0, lastBuzzMs: null, snoozedUntilMs: 0, pending: null };
}

/** The wearer pressed snooze at `tMs`: silence for `snoozeMin`; a buzz still awaiting a response resolves as `snoozed`. */
export function snoozeFeedback(state: FeedbackState, tMs: number): AlertOutcome | null {
  state.snoozedUntilMs = tMs + state.settings.snoozeMin * 60_000;
  const pending = state.pending;
  if (pending === null) return null;
  state.pending = null;
  return { ...pending, outcome: 'snoozed', responseS: null, resolvedMs: tMs };
}

/** Ends a snooze early (e.g. the wearer pressed snooze again, or a coach turned feedback back on). */
export function clearSnooze(state: FeedbackState): void {
  state.snoozedUntilMs = 0;
}

export function updateFeedback(state: FeedbackState, input: FeedbackInput): FeedbackResult {
  const s = state.settings;
  const { tMs } = input;
  let outcomes: AlertOutcome[] | null = null;

  // 1. Did the wearer respond to the last buzz? Sitting up, or getting up and walking, both answer it.
  const pending = state.pending;
  if (pending !== null) {
    const sinceBuzzMs = tMs - pending.buzzMs;
    const windowMs = s.correctionWindowS * 1000;
    const correctedNow = input.posture === 'upright' || input.activity === 'walking';
    if (correctedNow && sinceBuzzMs <= windowMs) {
      outcomes = [{ ...pending, outcome: 'corrected', responseS: sinceBuzzMs / 1000, resolvedMs: tMs }];
      state.pending = null;
    } else if (sinceBuzzMs > windowMs) {
      outcomes = [{ ...pending, outcome: 'ignored', responseS: null, resolvedMs: tMs }];
      state.pending = null;
    }
  }

  // 2. Track which slouch we are counting buzzes for.
  if (input.slouchStartMs !== state.slouchStartMs) {
    state.slouchStartMs = input.slouchStartMs;
    state.buzzCount = 0;
    state.lastBuzzMs = null;
  }
  const done = (action: FeedbackAction): FeedbackResult => ({ action, outcomes: outcomes ?? NO_OUTCOMES });
  if (input.slouchStartMs === null || input.posture !== 'slouched') return done(NONE);

  // 3. Is a buzz due?
  const due =
    state.buzzCount === 0
      ? tMs - input.slouchStartMs >= s.firstBuzzDelayS * 1000
      : state.buzzCount <= s.maxRepeats && state.lastBuzzMs !== null && tMs - state.lastBuzzMs >= s.repeatIntervalS * 1000;
  if (!due) return done(NONE);

  // 4. Reasons to stay silent, checked only when a buzz is due so the caller can count silenced alerts.
  if (s.silentActivities.includes(input.activity)) return done(SILENCED.activity);
  if (tMs < state.snoozedUntilMs) return done(SILENCED.snoozed);
  if (s.quietHours.length > 0) {
    const minute = input.localMinuteOfDay ?? localMinuteOfDay(tMs, input.utcOffsetMin ?? 0);
    if (isInQuietHours(s.quietHours, minute)) return done(SILENCED['quiet-hours']);
  }

  // 5. Buzz. A still-pending earlier buzz (repeat interval shorter than the window) was not answered: ignored.
  const repeat = state.buzzCount;
  const pattern = s.patterns[Math.min(repeat, s.patterns.length - 1)] as HapticPattern;
  if (state.pending !== null) {
    (outcomes ??= []).push({ ...state.pending, outcome: 'ignored', responseS: null, resolvedMs: tMs });
  }
  state.pending = { buzzMs: tMs, slouchStartMs: input.slouchStartMs, repeat, pattern };
  state.buzzCount += 1;
  state.lastBuzzMs = tMs;
  return done({ kind: 'buzz', pattern, reason: 'slouch', repeat });
}
