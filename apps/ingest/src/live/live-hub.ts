/**
 * The live hub: who is watching which wearer, and what each of them is told. It is fed after every analysis
 * commit (`publishStored`, the consumer's `onStored`) and by device status messages (`publishStatus`), and
 * turns that into the stream's events for the wearer's subscribers:
 *
 * - `snapshot` `{point, state, devices}` first, on subscribing;
 * - `point` for each new per-second point (newer than the latest sent; a backfilled offline buffer is not replayed);
 * - `state` `{state, since}` when the derived state changes (live-state.ts), `offline` while no device of the
 *   wearer is online;
 * - `alert` `{deviceId, buzzMs, slouchStartMs, outcome, repeat}` at a buzz and again when it resolves;
 * - `status` `{deviceId, online, battery}`.
 *
 * The latest point and its state run are remembered for every wearer (a few hundred bytes each) so a snapshot
 * needs no query; after a restart the store is asked for the last `snapshotLookbackMs`. Work per stored point
 * for a wearer nobody watches: one map lookup and a comparison.
 */
import { stanceError } from '../errors.js';
import type { Logger } from '../log.js';
import type { DeviceRegistry } from '../devices/device-registry.js';
import type { DeviceStatusRecord, PostureStore, StoreBatch, StoredPoint } from '../store/store-port.js';
import { DEFAULT_LIVE_SETTINGS, type LiveSettings } from './live-settings.js';
import { latestRun, pointState, type LivePoint, type LiveState } from './live-state.js';

/** Where a subscriber's events go (an SSE connection, or a test's list). */
export interface LiveSink {
  /** False when the sink is gone (the hub then forgets it). */
  send(event: string, data: unknown): boolean;
}

export interface LiveDevice {
  id: string;
  online: boolean;
  battery: number | null;
  lastSeenMs: number | null;
}

export interface LiveSnapshot {
  point: LivePoint | null;
  state: LiveState | null;
  devices: LiveDevice[];
}

export interface LiveSubscription {
  /** Idempotent. */
  unsubscribe(): void;
}

export interface LiveHub {
  readonly settings: Readonly<LiveSettings>;
  /**
   * Registers `sink` for `wearerId` on behalf of `accountId` and sends it the snapshot. Throws LIVE_STREAM_LIMIT
   * when the account or the service holds its most streams.
   */
  subscribe(wearerId: string, accountId: string, sink: LiveSink): Promise<LiveSubscription>;
  /** After each analysis commit, with what it stored. Never throws. */
  publishStored(batch: StoreBatch): void;
  /** A device's status changed (status message, last will, lost connection), after it was stored. Never throws. */
  publishStatus(status: DeviceStatusRecord): void;
  /** Open subscriptions, all wearers. */
  readonly streamCount: number;
  streamsOf(accountId: string): number;
}

export interface LiveHubParts {
  store: PostureStore;
  registry: DeviceRegistry;
  settings?: Partial<LiveSettings>;
  /** A failure while publishing is logged, never thrown into the analysis commit or the broker. */
  log?: Logger;
  now?: () => number;
}

/** A wearer's latest point and the run of its state, kept for every wearer that sent data since the start. */
interface Latest {
  point: LivePoint;
  run: LiveState;
}

/** The watched wearer: its subscribers, its devices and the last state they were told. */
interface Watched {
  sinks: Map<LiveSink, string>;
  deviceIds: Set<string>;
  online: boolean;
  told: LiveState | null;
}

export function createLiveHub(parts: LiveHubParts): LiveHub {
  const { store, registry } = parts;
  const settings: Readonly<LiveSettings> = Object.freeze({ ...DEFAULT_LIVE_SETTINGS, ...parts.settings });
  const now = parts.now ?? Date.now;
  const latest = new Map<string, Latest>();
  const watched = new Map<string, Watched>();
  const perAccount = new Map<string, number>();
  let streams = 0;

  const devicesOf = (wearerId: string): LiveDevice[] =>
    registry.list()
      .filter((d) => d.wearerId === wearerId && !d.disabled)
      .map((d) => {
        const s = store.getStatus(d.id);
        return { id: d.id, online: s?.online ?? false, battery: s?.battery ?? null, lastSeenMs: s?.lastSeenMs ?? null };
      });

  const anyOnline = (w: Watched): boolean => [...w.deviceIds].some((id) => store.getStatus(id)?.online === true);

  /** The state to tell: offline (since the last time anything was heard) or the latest point's run. */
  const stateOf = (online: boolean, run: LiveState | null, offlineSinceMs: number): LiveState | null =>
    online ? run : { state: 'offline', since: offlineSinceMs };

  const tell = (wearerId: string, w: Watched, event: string, data: unknown): void => {
    for (const sink of w.sinks.keys()) if (!sink.send(event, data)) drop(wearerId, sink);
  };

  const tellState = (wearerId: string, w: Watched, state: LiveState | null): void => {
    if (state === null || state.state === w.told?.state) return;
    w.told = state;
    tell(wearerId, w, 'state', state);
  };

  const release = (accountId: string): void => {
    streams--;
    const left = (perAccount.get(accountId) ?? 1) - 1;
    if (left > 0) perAccount.set(accountId, left);
    else perAccount.delete(accountId);
  };

  const drop = (wearerId: string, sink: LiveSink): void => {
    const w = watched.get(wearerId);
    const accountId = w?.sinks.get(sink);
    if (w === undefined || accountId === undefined) return;
    w.sinks.delete(sink);
    release(accountId);
    if (w.sinks.size === 0) watched.delete(wearerId);
  };

  /** Remembers `p` as the wearer's latest (if newer) and extends or restarts its state run; the new latest or null. */
  const remember = (wearerId: string, p: LivePoint): Latest | null => {
    const before = latest.get(wearerId);
    if (before !== undefined && p.t <= before.point.t) return null;
    const state = pointState(p);
    const continues = before !== undefined && before.run.state === state && p.t - before.point.t <= settings.stateGapMs;
    const next: Latest = { point: p, run: continues ? before.run : { state, since: p.t } };
    latest.set(wearerId, next);
    return next;
  };

  /** The latest point and run from memory, else from the store's recent points (after a restart). */
  const latestOf = async (wearerId: string): Promise<Latest | null> => {
    const known = latest.get(wearerId);
    if (known !== undefined) return known;
    const t = now();
    const recent = await store.readPoints(wearerId, { fromMs: t - settings.snapshotLookbackMs, toMs: t + 60_000 });
    const points = recent.map((p): LivePoint => ({ t: p.tMs, flexionDeg: p.flexionDeg, lateralDeg: p.lateralDeg, activity: p.activity, posture: p.posture }));
    const run = latestRun(points, settings.stateGapMs);
    const point = points[points.length - 1];
    if (run === null || point === undefined || latest.has(wearerId)) return latest.get(wearerId) ?? null;
    const found = { point, run };
    latest.set(wearerId, found);
    return found;
  };

  const refreshOnline = (wearerId: string, w: Watched): void => {
    const online = anyOnline(w);
    if (online === w.online) return;
    w.online = online;
    tellState(wearerId, w, stateOf(online, latest.get(wearerId)?.run ?? null, now()));
  };

  return {
    settings,
    get streamCount() {
      return streams;
    },
    streamsOf: (accountId) => perAccount.get(accountId) ?? 0,

    async subscribe(wearerId, accountId, sink) {
      if (streams >= settings.maxStreams) throw stanceError('LIVE_STREAM_LIMIT', { reason: `the service holds its most (${settings.maxStreams})` });
      const mine = perAccount.get(accountId) ?? 0;
      if (mine >= settings.maxStreamsPerAccount) {
        throw stanceError('LIVE_STREAM_LIMIT', { reason: `this account holds ${mine} open, the most allowed; close another tab or view` });
      }
      // Counted before the first await, so concurrent subscribes cannot overshoot the caps.
      streams++;
      perAccount.set(accountId, mine + 1);
      try {
        await latestOf(wearerId);
      } catch (error) {
        release(accountId);
        throw error;
      }
      // From here on synchronous: nothing is published between the snapshot and the sink's first event.
      const devices = devicesOf(wearerId);
      const lastHeardMs = Math.max(0, ...devices.map((d) => d.lastSeenMs ?? 0));
      const online = devices.some((d) => d.online);
      const found = latest.get(wearerId) ?? null;
      const state = stateOf(online, found?.run ?? null, lastHeardMs || now());
      let w = watched.get(wearerId);
      if (w === undefined) {
        w = { sinks: new Map(), deviceIds: new Set(), online, told: state };
        watched.set(wearerId, w);
      } else {
        w.online = online;
        tellState(wearerId, w, state);
      }
      w.deviceIds = new Set(devices.map((d) => d.id));
      w.sinks.set(sink, accountId);
      const subscription = { unsubscribe: () => drop(wearerId, sink) };
      const snapshot: LiveSnapshot = { point: found?.point ?? null, state, devices };
      if (!sink.send('snapshot', snapshot)) subscription.unsubscribe();
      return subscription;
    },

    publishStored: (batch) => guarded('stored data', () => publishStored(batch)),
    publishStatus: (status) => guarded('a device status', () => publishStatus(status)),
  };

  function guarded(what: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      parts.log?.error({ err: error }, `live stream: publishing ${what} failed`);
    }
  }

  function publishStored(batch: StoreBatch): void {
    if (watched.size > 0 && batch.seen.length + batch.statuses.length > 0) {
      // Devices that sent data may have become online (a first `seen` creates an online status).
      const heard = new Set<string>();
      for (const s of batch.seen) heard.add(s.deviceId);
      for (const s of batch.statuses) heard.add(s.deviceId);
      for (const [wearerId, w] of watched) {
        for (const id of w.deviceIds) {
          if (heard.has(id)) {
            refreshOnline(wearerId, w);
            break;
          }
        }
      }
    }
    for (const p of sortedByTime(batch.points)) {
      const point: LivePoint = { t: p.tMs, flexionDeg: p.flexionDeg, lateralDeg: p.lateralDeg, activity: p.activity, posture: p.posture };
      const next = remember(p.wearerId, point);
      const w = watched.get(p.wearerId);
      if (next === null || w === undefined) continue;
      tell(p.wearerId, w, 'point', point);
      if (w.online) tellState(p.wearerId, w, next.run);
    }
    for (const a of batch.alerts) {
      const w = watched.get(a.wearerId);
      if (w === undefined) continue;
      tell(a.wearerId, w, 'alert', { deviceId: a.deviceId, buzzMs: a.buzzMs, slouchStartMs: a.slouchStartMs, outcome: a.outcome, repeat: a.repeat });
    }
  }

  function publishStatus(status: DeviceStatusRecord): void {
    const wearerId = registry.get(status.deviceId)?.wearerId;
    const w = wearerId ? watched.get(wearerId) : undefined;
    if (wearerId === null || wearerId === undefined || w === undefined) return;
    w.deviceIds.add(status.deviceId);
    tell(wearerId, w, 'status', { deviceId: status.deviceId, online: status.online, battery: status.battery });
    refreshOnline(wearerId, w);
  }
}

function sortedByTime(points: readonly StoredPoint[]): readonly StoredPoint[] {
  for (let i = 1; i < points.length; i++) {
    if ((points[i] as StoredPoint).tMs < (points[i - 1] as StoredPoint).tMs) return points.slice().sort((a, b) => a.tMs - b.tMs);
  }
  return points;
}
