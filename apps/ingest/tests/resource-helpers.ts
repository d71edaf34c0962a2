/**
 * A rig for the wearer-resource tests: the real app (`buildApp`) over a real database, with the analysis
 * consumer of analysis-helpers.ts (batches go into the journal and through the posture pipeline), accounts
 * signed in without scrypt's time, and a clock the test moves. Plus synthetic data written through the store
 * (`writeWornDays`) for the figures that need weeks of it.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { aggregateIntoBuckets, type PosturePoint } from '@stance/analysis';
import { buildApp } from '../src/app.js';
import { createAccounts, DEFAULT_ACCOUNTS_SETTINGS, type Accounts, type Role } from '../src/auth/accounts.js';
import { createLiveHub } from '../src/live/live-hub.js';
import { emptyStoreBatch, type PostureStore, type RollupDelta } from '../src/store/store-port.js';
import { analysisRig, type AnalysisRig } from './analysis-helpers.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Monday 2025-11-17 00:00 UTC. */
export const MONDAY_MS = Date.UTC(2025, 10, 17);

export interface RigAccount {
  id: string;
  name: string;
  wearerId: string | null;
}

export interface ResourceRig extends AnalysisRig {
  app: FastifyInstance;
  accounts: Accounts;
  clock: { nowMs: number };
  /** An account with `roles` (a wearer account gets its wearer profile). */
  account(name: string, roles: Role[]): Promise<RigAccount>;
  /** GET/POST/... as `who` (a session made at the current clock), or with no token. */
  call(who: RigAccount | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  stop(): Promise<void>;
}

let emails = 0;

export async function resourceRig(nowMs: number): Promise<ResourceRig> {
  const rig = analysisRig();
  const clock = { nowMs };
  const now = (): number => clock.nowMs;
  const accounts = createAccounts(rig.db, DEFAULT_ACCOUNTS_SETTINGS, rig.store);
  const live = createLiveHub({ store: rig.store, registry: rig.registry, now });
  const app = await buildApp({
    api: { accounts, store: rig.store, registry: rig.registry, analysis: rig.analysis, db: rig.db, live, now },
    metrics: rig.metrics.registry,
    health: () => ({ status: 'ok', uptimeS: 0, mqttConnections: 0, journalDepth: 0, pendingCommits: 0 }),
    routeAccessCheck: 'strict',
  });
  return {
    ...rig,
    app,
    accounts,
    clock,
    async account(name, roles) {
      const record = await accounts.create({ email: `${name.toLowerCase()}.${++emails}@clinic.test`, password: `${name} has a long password 1`, name, roles }, clock.nowMs);
      return { id: record.id, name, wearerId: record.wearerId };
    },
    call(who, method, url, payload) {
      const headers = who === null ? {} : { authorization: `Bearer ${accounts.signIn(who.id, clock.nowMs).token}` };
      return app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    },
    async stop() {
      await app.close();
      rig.close();
    },
  };
}

/** The accounts most resource tests use: Root (admin), Ada and Ben (wearers), Cleo (a coach assigned to Ada only). */
export interface Cast {
  admin: RigAccount;
  ada: RigAccount;
  ben: RigAccount;
  coach: RigAccount;
}

export async function createCast(rig: ResourceRig): Promise<Cast> {
  const admin = await rig.account('Root', ['admin']);
  const ada = await rig.account('Ada', ['wearer']);
  const ben = await rig.account('Ben', ['wearer']);
  const coach = await rig.account('Cleo', ['coach']);
  rig.accounts.coaches.assign(coach.id, ada.wearerId!);
  return { admin, ada, ben, coach };
}

/** One worn stretch of a local day: `hours` from local `fromHour`, slouched for the first `slouchShare` of each hour. */
export interface WornDay {
  /** Local midnight of the day, epoch ms. */
  dayMs: number;
  fromHour: number;
  hours: number;
  slouchShare: number;
  /** Flexion while slouched and while upright, degrees. */
  slouchDeg?: number;
  uprightDeg?: number;
  lateralDeg?: number;
}

/** Per-second points of `days` aggregated into hour and day rollups at `utcOffsetMin`, written through the store. */
export function writeWornDays(store: PostureStore, wearerId: string, utcOffsetMin: number, days: readonly WornDay[]): PosturePoint[] {
  const points: PosturePoint[] = [];
  for (const d of days) {
    const startMs = d.dayMs + d.fromHour * HOUR_MS;
    for (let s = 0; s < d.hours * 3600; s++) {
      const slouched = s % 3600 < d.slouchShare * 3600;
      points.push({
        tMs: startMs + s * 1000,
        flexionDeg: slouched ? (d.slouchDeg ?? 28) : (d.uprightDeg ?? 4),
        lateralDeg: d.lateralDeg ?? 1.5,
        activity: 'still',
        posture: slouched ? 'slouched' : 'upright',
        worn: true,
      });
    }
  }
  const rollups: RollupDelta[] = [];
  for (const size of ['hour', 'day'] as const) {
    for (const aggregate of aggregateIntoBuckets(points, [], size, { utcOffsetMin })) {
      rollups.push({ wearerId, size, startMs: aggregate.startMs, aggregate });
    }
  }
  store.write({ ...emptyStoreBatch(), rollups });
  return points;
}
