/**
 * Seeds the demo into a running service: accounts, devices and coach assignments through the API (first run
 * only, remembered in demo-state.json), then each wearer's history from where their stored data ends (two
 * weeks on the first run; only the gap since the last run afterwards) through `service.importBatches`, and on
 * the first run a few coach notes, a pinned exercise and exercise log entries.
 */
import type { IngestService } from '@stance/ingest';
import { DEMO_ADMIN, DEMO_COACH, DEMO_PASSWORD, DEMO_WEARERS, type DemoWearer } from './demo-people.js';
import { readDemoState, writeDemoState, DEMO_STATE_VERSION, type DemoState, type DemoWearerState } from './demo-state.js';
import { InjectApiError, injectApi, type InjectApi } from './inject-api.js';
import { clipSession, importHistory, type WornSession } from './simulated-history.js';
import type { HabitDay } from './wearer-habits.js';

const DAY_MS = 86_400_000;
/** History stops this long before the start, so the live sensor's first data never overlaps it, ms. */
const LIVE_MARGIN_MS = 2 * 60_000;
/** Today's history covers at least this much (when the hour allows), ms. */
const TODAY_MIN_MS = 3 * 3_600_000;

export interface SeedOptions {
  /** Days of history on a first run (today included). */
  days: number;
  nowMs: number;
  /** Progress lines. */
  log: (line: string) => void;
}

export interface SeedReport {
  state: DemoState;
  /** The accounts were created by this run (false: reused). */
  created: boolean;
  /** Sensor hours imported by this run, per wearer key. */
  hoursByWearer: Record<string, number>;
  batches: number;
  seedingMs: number;
}

export async function seedDemo(service: IngestService, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const api = injectApi(service);
  const admin = await api.login(DEMO_ADMIN.email, DEMO_PASSWORD);
  let state = readDemoState(service.settings.dataDir);
  const created = state === null;
  if (state === null) {
    state = await createPeople(api, admin.token);
    writeDemoState(service.settings.dataDir, state);
  }
  const hoursByWearer: Record<string, number> = {};
  let batches = 0;
  for (const wearer of DEMO_WEARERS) {
    const saved = state.wearers.find((w) => w.key === wearer.key);
    if (saved === undefined) throw new Error(`demo-state.json has no wearer ${wearer.key}: remove the DATA_DIR and start again`);
    const sessions = await sessionsToImport(service, wearer, saved, options);
    const hours = sessions.reduce((sum, s) => sum + s.parts.reduce((h, p) => h + (p.durationS ?? 0) / 3600, 0), 0);
    const imported = await importHistory(service, saved.deviceId, sessions);
    hoursByWearer[wearer.key] = hours;
    batches += imported.batches;
    options.log(`  ${wearer.name}: ${hours.toFixed(1)} h of history in ${sessions.length} worn session(s)`);
  }
  if (created) await addCoachingExtras(api, admin.token, state, options);
  return { state, created, hoursByWearer, batches, seedingMs: performance.now() - started };
}

async function createPeople(api: InjectApi, adminToken: string): Promise<DemoState> {
  const tzOffsetMin = -new Date().getTimezoneOffset();
  const coach = await api.call<{ id: string }>(adminToken, 'POST', '/api/accounts', {
    email: DEMO_COACH.email, password: DEMO_PASSWORD, name: DEMO_COACH.name, roles: ['coach'],
  });
  const wearers: DemoWearerState[] = [];
  for (const wearer of DEMO_WEARERS) {
    const account = await api.call<{ id: string; wearerId: string | null }>(adminToken, 'POST', '/api/accounts', {
      email: wearer.email, password: DEMO_PASSWORD, name: wearer.name, roles: ['wearer'],
    });
    if (account.wearerId === null) throw new Error(`POST /api/accounts gave ${wearer.email} no wearer profile`);
    // The wearer's day starts at local midnight of this machine: set before any data, the day rollups use it.
    await api.call(adminToken, 'PUT', `/api/wearers/${account.wearerId}/settings`, { utcOffsetMin: tzOffsetMin });
    await api.call(adminToken, 'POST', `/api/wearers/${account.wearerId}/coaches`, { accountId: coach.id });
    const deviceId = `demo-${wearer.key}`;
    const device = await api.call<{ token: string }>(adminToken, 'POST', '/api/devices', { id: deviceId, wearerId: account.wearerId });
    wearers.push({ key: wearer.key, accountId: account.id, wearerId: account.wearerId, deviceId, deviceToken: device.token });
  }
  return { version: DEMO_STATE_VERSION, createdMs: Date.now(), coachAccountId: coach.id, wearers };
}

/** The wearer's planned sessions of the last `days` days, clipped to after their newest stored data. */
async function sessionsToImport(service: IngestService, wearer: DemoWearer, saved: DemoWearerState, options: SeedOptions): Promise<WornSession[]> {
  const toMs = options.nowMs - LIVE_MARGIN_MS;
  const fromMs = Math.max(options.nowMs - options.days * DAY_MS, (await lastDataMs(service, saved.wearerId, options.nowMs)) + 60_000);
  const sessions: WornSession[] = [];
  const today = new Date(options.nowMs);
  for (let back = options.days - 1; back >= 0; back--) {
    const midnight = new Date(today.getFullYear(), today.getMonth(), today.getDate() - back);
    const day: HabitDay = { midnightMs: midnight.getTime(), index: options.days - 1 - back, days: options.days, weekday: (midnight.getDay() + 6) % 7 };
    let planned = wearer.habit.session(day, wearer.seed);
    if (planned !== null && back === 0) planned = { ...planned, startMs: todayStartMs(planned.startMs, midnight.getTime(), toMs) };
    const clipped = planned === null ? null : clipSession(planned, fromMs, toMs);
    if (clipped !== null) sessions.push(clipped);
  }
  return sessions;
}

/**
 * Today's session starts early enough that today has some data however early the demo runs (from 06:00 at
 * the earliest): someone trying the demo at 08:00 sees a morning, not an empty day.
 */
function todayStartMs(plannedStartMs: number, midnightMs: number, toMs: number): number {
  if (plannedStartMs <= toMs - TODAY_MIN_MS) return plannedStartMs;
  return Math.max(midnightMs + 6 * 3_600_000, toMs - TODAY_MIN_MS);
}

/** Time of the wearer's newest stored point, or 0 when none. */
async function lastDataMs(service: IngestService, wearerId: string, nowMs: number): Promise<number> {
  const hours = await service.store.readRollups(wearerId, 'hour', { fromMs: 0, toMs: nowMs + DAY_MS });
  const last = hours.at(-1);
  if (last === undefined) return 0;
  const points = await service.store.readPoints(wearerId, { fromMs: last.startMs, toMs: last.startMs + 3_600_000 });
  return points.at(-1)?.tMs ?? last.startMs;
}

/**
 * What a coach would have done over the fortnight: notes, a pinned exercise, a plan, and the exercises the
 * improving wearer logged. Best effort: a route this service does not have yet is reported and skipped.
 */
async function addCoachingExtras(api: InjectApi, adminToken: string, state: DemoState, options: SeedOptions): Promise<void> {
  const coach = await api.login(DEMO_COACH.email, DEMO_PASSWORD);
  const [ada, ben, cleo] = state.wearers;
  if (ada === undefined || ben === undefined || cleo === undefined) return;
  const dayOf = (msAgo: number): string => localDay(options.nowMs - msAgo);
  const attempt = async (what: string, action: () => Promise<unknown>): Promise<void> => {
    try {
      await action();
    } catch (error) {
      const reason = error instanceof InjectApiError ? `${error.status} ${error.code}` : String(error);
      options.log(`  (skipped: ${what}: ${reason})`);
    }
  };
  let exerciseIds: string[] = [];
  await attempt('the exercise catalogue', async () => {
    const { exercises } = await api.call<{ exercises: { id: string }[] }>(coach.token, 'GET', '/api/exercises');
    exerciseIds = exercises.map((e) => e.id);
  });
  const [first, second] = exerciseIds;
  await attempt('coach notes', async () => {
    await api.call(coach.token, 'POST', `/api/wearers/${ada.wearerId}/notes`, { text: 'Standing desk from Monday on: see how the afternoons change.', day: dayOf(10 * DAY_MS) });
    await api.call(coach.token, 'POST', `/api/wearers/${ada.wearerId}/notes`, { text: 'Great fortnight: fewer long slouches every week. Keep the walking breaks.' });
    await api.call(coach.token, 'POST', `/api/wearers/${ben.wearerId}/notes`, { text: 'Deadline weeks: slouching creeps up after lunch. Talk about the chair height.' });
    await api.call(coach.token, 'POST', `/api/wearers/${cleo.wearerId}/notes`, { text: 'Sensor mostly on the desk. Agree on wearing it mornings only?' });
  });
  if (first !== undefined) {
    await attempt('a pinned exercise', () => api.call(coach.token, 'PUT', `/api/wearers/${ben.wearerId}/pins/${first}`, {}));
    await attempt('an exercise plan', () => api.call(adminToken, 'POST', `/api/wearers/${ada.wearerId}/plan`, { startMs: options.nowMs - 7 * DAY_MS }));
    await attempt('the exercise log', async () => {
      for (let back = 6; back >= 0; back--) {
        const exerciseId = back % 2 === 0 || second === undefined ? first : second;
        await api.call(adminToken, 'POST', `/api/wearers/${ada.wearerId}/exercise-log`, { exerciseId, doneMs: options.nowMs - back * DAY_MS - 3 * 3_600_000 });
      }
    });
  }
}

/** YYYY-MM-DD of `ms` in this machine's time zone. */
function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
