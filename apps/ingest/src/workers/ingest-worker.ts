/**
 * Worker mode (`WORKER_ID`): this process holds some of the partitions and does their work. Every third of the
 * lease it runs a lease round (partition-leases.ts) and acts on it: partitions claimed are started, partitions
 * lost are dropped, partitions beyond the fair share are stopped gracefully (stop taking messages, commit what
 * was taken so its PUBACKs go out, disconnect the session, let the consumers finish) and only then released,
 * so the next holder finds the session and the cursors exactly where this worker left them.
 *
 * It also answers, for the intake, under which lease a batch is journaled (`placement`, inside the journal's
 * transaction), applies the pending actions of its partitions, and runs the analyses' idle timers.
 */
import { randomUUID } from 'node:crypto';
import type { JournalPlacement } from '../intake/imu-intake.js';
import type { SequenceStates } from '../intake/sequence-state.js';
import type { Logger } from '../log.js';
import { calibrationFromJson } from '../store/calibration-json.js';
import { createHeldPartition, LeaseLostError, type HeldPartition, type HeldPartitionParts } from './held-partition.js';
import { partitionBacklog } from './partition-journal.js';
import { createPartitionLeases, type PartitionLeases } from './partition-leases.js';
import type { PendingActions } from './pending-actions.js';

export interface IngestWorkerSettings {
  workerId: string;
  partitions: number;
  /** Lease length, ms; renewed every third of it. */
  leaseMs: number;
  /** How often pending actions are looked for, ms. */
  actionPollMs: number;
  /** How often the analyses' idle timers run, ms. */
  idleCheckMs: number;
}

export interface IngestWorkerParts extends Omit<HeldPartitionParts, 'holds'> {
  sequences: SequenceStates;
  /** Commits what the intake has queued now (before a partition's session disconnects). */
  flushIntake(): void;
  /** This worker's HTTP address, for the workers table (null before it listens). */
  httpUrl(): string | null;
  /** Actions other workers queued for this worker's partitions. */
  actions: PendingActions;
  log: Logger;
}

export interface IngestWorker {
  readonly workerId: string;
  readonly leases: PartitionLeases;
  readonly actions: PendingActions;
  /** The partitions held now (starting or running). */
  held(): ReadonlyMap<number, HeldPartition>;
  /** The partition's analysis if this worker holds it. */
  local(part: number): HeldPartition | null;
  /** The intake's `placement`: the device's partition and this worker's lease epoch on it, or an Error. */
  placement(deviceId: string): JournalPlacement | Error;
  /** First lease round (claims partitions), then the timers. */
  start(): Promise<void>;
  /** Stops every partition gracefully, releases the leases, removes the heartbeat. */
  stop(): Promise<void>;
  /** Resolves once the held partitions' consumers have processed what was journaled for them so far. */
  whenIdle(): Promise<void>;
  /** Entries of the held partitions not processed yet (cached for `DEPTH_CACHE_MS`). */
  journalDepth(): number;
  /** MQTT sessions connected (one per held partition). */
  connections(): number;
}

const DEPTH_CACHE_MS = 100;
const ACTIONS_PER_POLL = 100;

export function createIngestWorker(settings: IngestWorkerSettings, parts: IngestWorkerParts): IngestWorker {
  const { db, log, partitionOf } = parts;
  const startedMs = Date.now();
  const leases = createPartitionLeases(db, { workerId: settings.workerId, instance: randomUUID(), httpUrl: parts.httpUrl, startedMs }, {
    partitions: settings.partitions, leaseMs: settings.leaseMs,
  });
  const { actions } = parts;
  const backlog = partitionBacklog(db);
  const held = new Map<number, HeldPartition>();
  /** Partitions being stopped (still leased until released). */
  const leaving = new Map<number, HeldPartition>();
  /** Partition transitions run one after another. */
  let transitions: Promise<void> = Promise.resolve();
  let stopping = false;
  const timers: NodeJS.Timeout[] = [];
  let depth = { value: 0, atMs: 0 };

  const forgetDevicesOf = (part: number): void => parts.sequences.forget((deviceId) => partitionOf(deviceId) === part);

  const enqueue = (work: () => Promise<void>): Promise<void> => {
    transitions = transitions.then(work).catch((error: unknown) => log.error({ err: error }, 'partition transition failed'));
    return transitions;
  };

  const startPartition = (part: number, epoch: number): Promise<void> =>
    enqueue(async () => {
      if (stopping) return;
      forgetDevicesOf(part); // another worker journaled its devices meanwhile: reload their sequence state
      const p = createHeldPartition(part, epoch, { ...parts, holds: (k, e) => leases.holds(k, e) });
      held.set(part, p);
      try {
        await p.start();
        log.info({ workerId: settings.workerId, part, epoch }, 'partition taken');
      } catch (error) {
        log.error({ part, err: error instanceof Error ? error.message : String(error) }, 'partition could not start; giving it back');
        held.delete(part);
        await p.close().catch(() => {});
        leases.release(part, epoch, Date.now());
      }
    });

  /** Stops a partition's work; `release`: then gives its lease back (a lost one is not ours to give). */
  const stopPartition = (part: number, release: boolean): Promise<void> => {
    const p = held.get(part);
    if (p === undefined || leaving.has(part)) return Promise.resolve();
    leaving.set(part, p);
    return enqueue(async () => {
      await p.stopAccepting();
      parts.flushIntake(); // what was taken is committed, and its PUBACKs leave while the session is connected
      await p.close();
      held.delete(part);
      leaving.delete(part);
      forgetDevicesOf(part);
      if (release) leases.release(part, p.epoch, Date.now());
      log.info({ workerId: settings.workerId, part, epoch: p.epoch, released: release }, release ? 'partition given back' : 'partition lost');
    });
  };

  const round = (): void => {
    let result;
    try {
      result = leases.round(new Map([...held].map(([k, p]) => [k, p.epoch])), Date.now(), stopping);
    } catch (error) {
      log.error({ err: error }, 'lease round failed; retrying at the next');
      return;
    }
    for (const part of result.lost) void stopPartition(part, false);
    for (const [part, epoch] of result.claimed) void startPartition(part, epoch);
    for (const part of result.surplus) void stopPartition(part, true);
  };

  const applyActions = (): void => {
    const mine = [...held.keys()].filter((k) => !leaving.has(k));
    if (mine.length === 0) return;
    let pending;
    try {
      pending = actions.of(mine, ACTIONS_PER_POLL);
    } catch (error) {
      log.error({ err: error }, 'reading pending actions failed');
      return;
    }
    for (const action of pending) {
      const p = held.get(action.part);
      if (p === undefined) continue;
      try {
        db.transaction(() => {
          p.fence();
          if (!actions.remove(action.id)) return;
          if (action.kind === 'wearer-settings') p.analysis.wearerSettingsChanged(action.subject);
          else if (action.kind === 'calibration') p.analysis.adoptCalibration(action.subject, calibrationFromJson(action.body));
          else if (action.kind === 'button') p.analysis.buttonPressed(action.subject, String((action.body as { action?: unknown } | null)?.action));
          else if (action.kind === 'device-paired') p.analysis.devicePaired(action.subject);
        })();
      } catch (error) {
        if (!(error instanceof LeaseLostError)) log.error({ action, err: error }, 'pending action failed; retrying');
      }
    }
  };

  const releaseIdle = (): void => {
    for (const [part, p] of held) {
      if (leaving.has(part)) continue;
      try {
        p.analysis.releaseIdle();
      } catch (error) {
        if (!(error instanceof LeaseLostError)) log.error({ part, err: error }, 'releasing idle devices failed; retrying');
      }
    }
  };

  const every = (ms: number, fn: () => void): void => {
    timers.push(setInterval(fn, ms).unref());
  };

  return {
    workerId: settings.workerId,
    leases,
    actions,
    held: () => held,
    local: (part) => (leaving.has(part) ? null : held.get(part) ?? null),
    placement(deviceId) {
      const part = partitionOf(deviceId);
      const p = held.get(part);
      if (p === undefined) return new LeaseLostError(part, 0);
      return leases.holds(part, p.epoch) ? { part, leaseEpoch: p.epoch } : new LeaseLostError(part, p.epoch);
    },
    async start() {
      round();
      await transitions;
      every(settings.leaseMs / 3, round);
      every(settings.actionPollMs, applyActions);
      every(settings.idleCheckMs, releaseIdle);
    },
    async stop() {
      stopping = true;
      for (const t of timers) clearInterval(t);
      await Promise.all([...held.keys()].map((part) => stopPartition(part, true)));
      await transitions;
      try {
        leases.leave(); // no heartbeat: the others count one worker less and take the partitions at their next round
      } catch (error) {
        log.warn({ err: error }, 'leaving the workers table failed (the heartbeat expires by itself)');
      }
    },
    whenIdle: () => Promise.all([...held.values()].map((p) => p.group.whenIdle())).then(() => {}),
    journalDepth() {
      const nowMs = Date.now();
      if (nowMs - depth.atMs >= DEPTH_CACHE_MS) {
        let n = 0;
        for (const p of held.values()) n += backlog(p.part, Math.min(...p.group.runners.map((r) => r.applied())));
        depth = { value: n, atMs: nowMs };
      }
      return depth.value;
    },
    connections: () => [...held.values()].filter((p) => p.broker.connected).length,
  };
}
