/**
 * The API's answers as the dashboard reads them (team notes "The API to build"; contracts section 4).
 * Times are epoch ms; durations carry their unit in the name (`wornS`); a null number means "no data", never 0.
 * Request bodies are typed where they are built.
 */
import type { Role, User } from '../session.svelte.js';

export type { Role, User };

// ---- accounts ----

/** `POST /api/setup`, `POST /api/auth/login`, `POST /api/invitations/accept`. */
export interface SessionAnswer {
  token: string;
  expiresMs: number;
  user: User;
}

export interface SetupState {
  needed: boolean;
}

export interface Me {
  user: User;
  /** Wearer ids assigned to this account as a coach. */
  coachOf: string[];
}

export interface Account {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  wearerId: string | null;
  createdMs: number;
  disabled: boolean;
}

export interface AccountList {
  accounts: Account[];
}

export interface AccountCreated {
  id: string;
  wearerId?: string | null;
}

export interface CoachRef {
  id: string;
  name: string;
  email: string;
}

export interface CoachList {
  coaches: CoachRef[];
}

export interface Invitation {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  createdMs: number;
  expiresMs: number;
  acceptedMs: number | null;
}

export interface InvitationList {
  invitations: Invitation[];
}

/** The token is in this answer only: the link is `/#/invite?token=TOKEN`. */
export interface InvitationCreated {
  id: string;
  token: string;
  expiresMs: number;
}

export interface InvitationLookup {
  email: string;
  name: string;
  roles: Role[];
  expiresMs: number;
}

// ---- wearers ----

export interface Wearer {
  id: string;
  name: string;
  /** Minutes east of UTC; local days and hours are the wearer's. */
  utcOffsetMin: number;
  createdMs: number;
}

export interface WearerList {
  wearers: Wearer[];
}

export interface WearerSettings {
  /** Flexion beyond which sitting counts as slouched, degrees. */
  slouchDeg: number;
  alertDelayS: number;
  repeatIntervalS: number;
  maxRepeats: number;
  snoozeMin: number;
  quietHours: string[];
  utcOffsetMin: number;
}

/** `GET /api/wearers/:id/settings`: the effective settings and the defaults they override. */
export interface WearerSettingsAnswer {
  settings: WearerSettings;
  defaults: Omit<WearerSettings, 'utcOffsetMin'>;
}

export interface Goals {
  uprightPctTarget: number;
  maxSlouchMinPerDay: number;
  exerciseSessionsPerWeek: number;
  wornHoursPerDay: number;
}

export interface GoalsAnswer {
  goals: Goals;
  defaults: Goals;
}

// ---- devices ----

export interface DataGaps {
  count: number;
  missingS: number;
  lastStartMs: number | null;
  lastEndMs: number | null;
}

export interface Device {
  id: string;
  name: string;
  wearerId: string | null;
  createdMs: number;
  disabled: boolean;
  online: boolean;
  /** 0..100, or null before the first status. */
  battery: number | null;
  fw: string | null;
  lastSeenMs: number | null;
  dataGaps: DataGaps;
}

export interface DeviceList {
  devices: Device[];
}

/** Token shown once. */
export interface DeviceCreated {
  id: string;
  wearerId: string;
  name: string;
  token: string;
  mqtt: { username: string; tcpPort: number; wsPath: string };
}

export interface PairingCode {
  code: string;
  expiresMs: number;
}

// ---- posture data ----

export type Activity = string;
export type PostureClass = string;

export interface PosturePoint {
  t: number;
  flexionDeg: number | null;
  lateralDeg: number | null;
  activity: Activity;
  posture: PostureClass;
}

export interface PostureAnswer {
  points: PosturePoint[];
}

export interface Episode {
  start: number;
  end: number;
  durationS: number;
  peakFlexionDeg: number;
  meanFlexionDeg: number;
  doseDegS?: number;
}

export interface EpisodeList {
  episodes: Episode[];
}

export interface SummaryBucket {
  start: number;
  wornS: number;
  uprightS: number;
  slouchS: number;
  /** upright / assessed × 100; null without assessed time. */
  uprightPct: number | null;
  episodeCount: number;
  meanFlexionDeg: number | null;
  // Added this session (optional until every deployment has them):
  assessedS?: number;
  longestEpisodeS?: number;
  doseDegS?: number;
  meanLateralDeg?: number | null;
  movementBreaks?: number;
  longestSittingS?: number;
  stillS?: number;
  movingS?: number;
  walkingS?: number;
  lyingS?: number;
  alertCount?: number;
  correctedCount?: number;
}

export interface SummaryAnswer {
  buckets: SummaryBucket[];
}

export interface AlertRecord {
  deviceId: string;
  buzzMs: number;
  slouchStartMs: number;
  repeat: number;
  /** 'corrected', 'snoozed', 'ignored', 'pending'... as the service names them. */
  outcome: string;
  responseS: number | null;
  resolvedMs: number | null;
}

export interface AlertList {
  alerts: AlertRecord[];
}

export interface CalibrationInfo {
  deviceId: string;
  tMs: number;
  source: string;
  method: string;
  quality: number | null;
  stale?: boolean;
}

export interface CalibrationList {
  calibrations: CalibrationInfo[];
}

export interface PatternCell {
  /** 0 = Monday, local. */
  weekday: number;
  hour: number;
  assessedS: number;
  slouchS: number;
  slouchPct: number | null;
}

export interface PatternAnswer {
  cells: PatternCell[];
}

export interface DistributionAnswer {
  flexion: { binStartDeg: number[]; seconds: number[] };
  lateral: { meanDeg: number | null };
}

export interface WeekNumbers {
  start: number;
  wornS: number;
  uprightPct: number | null;
  slouchMinPerDay: number | null;
  episodesPerDay: number | null;
  doseDegS: number | null;
  meanFlexionDeg: number | null;
  meanLateralDeg: number | null;
  exerciseSessions: number;
}

export interface WeekComparison {
  thisWeek: WeekNumbers;
  lastWeek: WeekNumbers;
}

// ---- exercises ----

export interface Recommendation {
  exerciseId: string;
  name: string;
  category: string;
  /** Why, quoting the wearer's numbers. */
  reason: string;
  dose: string;
  pinned: boolean;
  howTo: string;
}

export interface RecommendationList {
  recommendations: Recommendation[];
}

export interface Exercise {
  id: string;
  name: string;
  category: string;
  dose: string;
  howTo: string;
  targets: string[];
}

export interface ExerciseCatalogue {
  exercises: Exercise[];
}

export interface ExerciseLogEntry {
  id: string;
  exerciseId: string;
  name: string;
  doneMs: number;
  loggedBy: string;
  note: string | null;
}

export interface ExerciseLog {
  entries: ExerciseLogEntry[];
}

export interface CoachNote {
  id: string;
  authorName: string;
  /** 'YYYY-MM-DD', wearer-local. */
  day: string;
  text: string;
  createdMs: number;
}

export interface NoteList {
  notes: CoachNote[];
}

export interface Pin {
  exerciseId: string;
  name: string;
  dose: string;
  pinnedMs: number;
  pinnedBy: string;
}

export interface PinList {
  pins: Pin[];
}

export interface BeforeAfter {
  planStartMs: number | null;
  before: WeekNumbers[];
  after: WeekNumbers[];
}

// ---- coach ----

export type CoachFlag = 'worsening' | 'not_worn' | 'calibration_stale' | 'sensor_offline' | 'no_device';

export interface CoachWearer {
  id: string;
  name: string;
  thisWeek: WeekNumbers;
  lastWeek: WeekNumbers;
  lastSeenMs: number | null;
  flags: CoachFlag[];
}

export interface CoachWearerList {
  wearers: CoachWearer[];
}

// ---- live stream (`GET /api/wearers/:id/live`, text/event-stream) ----

export type LiveStateName = 'upright' | 'slouched' | 'moving' | 'walking' | 'lying' | 'not_worn' | 'offline';

export interface LiveState {
  state: LiveStateName;
  /** When this state began, epoch ms. */
  since: number;
}

export interface LiveDeviceStatus {
  id: string;
  online: boolean;
  battery: number | null;
  lastSeenMs: number | null;
}

/** First event on every connection. */
export interface LiveSnapshot {
  point: PosturePoint | null;
  state: LiveState | null;
  devices: LiveDeviceStatus[];
}

export interface LiveAlert {
  buzzMs: number;
  outcome: string;
  repeat: number;
}

export interface LiveStatus {
  deviceId: string;
  online: boolean;
  battery: number | null;
}
