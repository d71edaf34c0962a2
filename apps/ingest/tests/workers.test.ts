/**
 * Two ingest workers behind a real Mosquitto (Debian's 2.0.11, password file and ACL from the registry), as
 * child processes running `src/main.ts` with `WORKER_ID` on one DATA_DIR, and a fleet of MQTT.js devices
 * publishing seeded one-second 50 Hz batches throughout:
 *
 * 1. both workers take half of the 8 partitions, and both journal batches;
 * 2. one worker is SIGKILLed mid-run, with batches it journaled but whose PUBACKs never reached Mosquitto (it
 *    talks to Mosquitto through a proxy that swallows them at the end): the other takes its partitions once
 *    their leases expire and resumes their MQTT sessions; Mosquitto redelivers those batches (dropped as
 *    duplicates) and what it queued meanwhile;
 * 3. the killed worker is started again: it gets partitions back (rebalance) while the fleet keeps publishing,
 *    and both journal the last phase;
 * 4. at the end every (device, seq) sent is journaled and counted exactly once, each partition's entries were
 *    journaled by one lease holder at a time (lease epoch per entry, in order), and the analysis stored exactly
 *    the points of an uninterrupted single-process run of the same data, with rollups that add up to them
 *    (a batch analysed twice would count its seconds twice there).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { generateScenario } from '@stance/firmware-sim';
import { encodeBinaryBatch } from '@stance/protocol';
import { openDatabase, type SqliteDatabase } from '../src/db/open-database.js';
import { createDeviceRegistry } from '../src/devices/device-registry.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import { partitioner } from '../src/workers/partition-of.js';
import { connectDevice, startService, tempDir, waitFor } from './helpers.js';
import { freePort, SERVICE_USER, startMosquitto } from './mosquitto-broker.js';
import { exited, metric, startServiceProcess, startSwallowingProxy } from './helpers/service-process.js';

const DEVICES = 40;
/** Batches per device and phase (before the kill, until the restart, during it, after the rebalance). */
const PHASE_BATCHES = 30;
const BATCHES = 4 * PHASE_BATCHES;
/** Per device, batches per second of wall time (sensor time runs faster: a backlog is what a fleet resends). */
const RATE_PER_S = 8;
const PARTITIONS = 8;
const LEASE_S = 2;
const T0_MS = 1_763_712_000_000;
const ids = Array.from({ length: DEVICES }, (_, i) => `wk-${String(i).padStart(2, '0')}`);

/** Device i's batches: consecutive seconds of one `desk-day` recording, from its own offset. */
function fleetPayloads(): Map<string, Uint8Array[]> {
  const rec = generateScenario('desk-day', { seed: 11, rateHz: 50, durationS: BATCHES + DEVICES });
  const out = new Map<string, Uint8Array[]>();
  ids.forEach((id, i) => {
    const batches: Uint8Array[] = [];
    for (let seq = 0; seq < BATCHES; seq++) {
      const from = 3 * 50 * (i + seq);
      batches.push(encodeBinaryBatch({
        seq, t0Ms: T0_MS + seq * 1000, hz: 50, count: 50, acc: rec.acc.subarray(from, from + 150), gyr: rec.gyr.subarray(from, from + 150),
      }));
    }
    out.set(id, batches);
  });
  return out;
}

/** Registers the fleet, each device with its own wearer; returns the tokens. */
function registerFleet(dataDir: string): Record<string, string> {
  const db = openDatabase({ dataDir, sync: 'normal' });
  try {
    const registry = createDeviceRegistry(db);
    const store = createSqliteStore(db);
    return db.transaction(() => Object.fromEntries(ids.map((id) => [id, registry.create(id, store.createWearer(`wearer of ${id}`, 0).id).token])))();
  } finally {
    db.close();
  }
}

interface Analysed {
  points: number;
  /** Seconds the hour rollups count (pointS), summed. */
  rollupPointS: number;
}

/** Points and rollup seconds per device (of its wearer). */
function analysedPerDevice(db: SqliteDatabase): Map<string, Analysed> {
  const rows = db.prepare(
    `SELECT d.id AS id,
       (SELECT count(*) FROM posture_point p WHERE p.wearer_id = d.wearer_id) AS points,
       (SELECT coalesce(sum(json_extract(r.aggregate, '$.pointS')), 0) FROM rollup r WHERE r.wearer_id = d.wearer_id AND r.size = 'hour') AS rollupPointS
     FROM device d ORDER BY d.id`,
  ).all() as { id: string; points: number; rollupPointS: number }[];
  return new Map(rows.map((r) => [r.id, { points: r.points, rollupPointS: r.rollupPointS }]));
}

/** The same data through one in-process service, uninterrupted (`importBatches`, the intake's own path). */
async function uninterruptedRun(payloads: Map<string, Uint8Array[]>): Promise<Map<string, Analysed>> {
  const running = await startService({}, {});
  try {
    const { service } = running;
    for (const id of ids) service.registry.create(id, service.store.createWearer(`wearer of ${id}`, 0).id);
    for (const id of ids) await service.importBatches(id, payloads.get(id) as Uint8Array[]);
    await service.whenIdle();
    // What the reorder windows still hold goes on once the devices have been quiet for idleReleaseMs.
    await waitFor(() => ids.every((id) => (service.analysis.device(id)?.reorder.held.length ?? 0) === 0), 30_000, 'reference run released', 100);
    return analysedPerDevice(service.db);
  } finally {
    await running.stop();
  }
}

describe('ingest workers behind Mosquitto', () => {
  const dataDir = tempDir('stance-workers-');
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const errors: string[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const c of cleanups.reverse()) await c().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('splits the devices, survives a SIGKILL, rebalances on restart: every batch stored exactly once', async () => {
    const payloads = fleetPayloads();
    const reference = await uninterruptedRun(payloads);
    const tokens = registerFleet(dataDir);
    const mosquitto = await startMosquitto(dataDir);
    cleanups.push(() => mosquitto.close());
    const reader = openDatabase({ dataDir, sync: 'normal' });
    cleanups.push(async () => {
      reader.close();
    });
    const leasesHeld = (): Map<string, number> => {
      const rows = reader.prepare('SELECT worker_id AS w, count(*) AS n FROM partition_lease WHERE expires_ms > ? GROUP BY worker_id')
        .all(Date.now()) as { w: string; n: number }[];
      return new Map(rows.map((r) => [r.w, r.n]));
    };

    // The first w1 reaches Mosquitto through a proxy that can swallow what it sends (its PUBACKs).
    const proxy = await startSwallowingProxy(mosquitto.port, 'requests');
    cleanups.push(() => proxy.close());
    const ports = new Map<string, string>();
    const startWorker = async (workerId: string, brokerUrl = mosquitto.url): Promise<ChildProcess> => {
      ports.set(workerId, String(await freePort()));
      const child = await startServiceProcess({
        HOST: '127.0.0.1', PORT: ports.get(workerId) as string, DATA_DIR: dataDir, LOG_LEVEL: 'info', JOURNAL_SYNC: 'normal',
        MQTT_URL: brokerUrl, MQTT_USERNAME: SERVICE_USER.username, MQTT_PASSWORD: SERVICE_USER.password,
        MQTT_CLIENT_ID: 'stance-workers-test', WORKER_ID: workerId, INGEST_PARTITIONS: String(PARTITIONS), PARTITION_LEASE_S: String(LEASE_S),
      });
      // Errors and warnings of the workers, shown if the test fails.
      child.stdout?.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (/"level":(40|50|60)/.test(line)) errors.push(`${workerId}: ${line.slice(0, 400)}`);
      });
      children.push(child);
      return child;
    };
    const w1 = await startWorker('w1', `mqtt://127.0.0.1:${proxy.port}`);
    await startWorker('w2');
    await waitFor(() => leasesHeld().get('w1') === 4 && leasesHeld().get('w2') === 4, 30_000, 'the partitions split 4 and 4', 100);

    const devices = new Map<string, MqttClient>();
    for (const id of ids) {
      const client = await connectDevice(mosquitto.url, id, tokens[id] as string, { clientId: id });
      devices.set(id, client);
      cleanups.push(() => client.endAsync(true));
    }
    /** Every device publishes seqs [from, to) at RATE_PER_S, QoS 1, a few in flight; resolves when Mosquitto has them all. */
    const publish = (from: number, to: number): Promise<void> =>
      Promise.all(ids.map(async (id) => {
        const client = devices.get(id) as MqttClient;
        const inFlight = new Set<Promise<unknown>>();
        for (let seq = from; seq < to; seq++) {
          const p: Promise<unknown> = client.publishAsync(`posture/${id}/imu`, Buffer.from(payloads.get(id)?.[seq] as Uint8Array), { qos: 1 })
            .finally(() => inFlight.delete(p));
          inFlight.add(p);
          if (inFlight.size >= 5) await Promise.race(inFlight);
          await new Promise((resolve) => setTimeout(resolve, 1000 / RATE_PER_S));
        }
        await Promise.all(inFlight);
      })).then(() => {});

    // 1. Both workers at work.
    await publish(0, PHASE_BATCHES);
    // 2. SIGKILL w1 while the fleet goes on publishing; w2 takes its partitions after their leases expire.
    const phase2 = publish(PHASE_BATCHES, 2 * PHASE_BATCHES);
    const accepted = () => metric(ports.get('w1') as string, 'posture_batches_accepted_total');
    proxy.swallow(true);
    const atSwallow = await accepted(); // read after swallowing: everything journaled from now on is unacknowledged
    let journaledUnacked = 0;
    for (let i = 0; i < 100 && journaledUnacked < 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      journaledUnacked = (await accepted()) - atSwallow;
    }
    const killedMs = Date.now();
    w1.kill('SIGKILL');
    await exited(w1);
    proxy.cutAll();
    proxy.swallow(false);
    await waitFor(() => leasesHeld().get('w2') === PARTITIONS, 30_000, 'w2 holds every partition', 50);
    const takeoverMs = Date.now() - killedMs;
    await phase2;
    expect(journaledUnacked).toBeGreaterThan(0);
    // 3. w1 again, while the fleet publishes: the partitions are split again; then the last phase.
    const phase3 = publish(2 * PHASE_BATCHES, 3 * PHASE_BATCHES);
    await startWorker('w1');
    await waitFor(() => leasesHeld().get('w1') === 4 && leasesHeld().get('w2') === 4, 30_000, 'the partitions split again', 100);
    await phase3;
    await publish(3 * PHASE_BATCHES, BATCHES);

    // 4. Everything counted and analysed (the reorder windows release once the devices are quiet).
    const counted = reader.prepare('SELECT coalesce(sum(batches), 0) AS n FROM device_sample_count');
    try {
      await waitFor(() => (counted.get() as { n: number }).n >= DEVICES * BATCHES, 60_000, 'every batch counted', 200);
      await waitFor(() => {
        const analysed = analysedPerDevice(reader);
        return ids.every((id) => analysed.get(id)?.points === reference.get(id)?.points);
      }, 60_000, 'every point analysed', 200);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nworker log:\n${errors.slice(-30).join('\n')}`);
    }
    // w2 resumed w1's sessions: Mosquitto redelivered what w1 had journaled without acknowledging it.
    const duplicates = await metric(ports.get('w2') as string, 'posture_batches_duplicate_total');
    expect(duplicates).toBeGreaterThanOrEqual(journaledUnacked);
    for (const child of children.filter((c) => c.exitCode === null && c.signalCode === null)) {
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }

    const journal = reader.prepare('SELECT pos, device_id AS deviceId, seq, part, lease_epoch AS epoch FROM journal ORDER BY pos').all() as
      { pos: number; deviceId: string; seq: number; part: number; epoch: number }[];
    // Exactly once: every (device, seq) sent, once, in the journal and in the counts.
    expect(journal).toHaveLength(DEVICES * BATCHES);
    expect(new Set(journal.map((e) => `${e.deviceId}/${e.seq}`)).size).toBe(DEVICES * BATCHES);
    const counts = reader.prepare('SELECT device_id AS id, batches, samples FROM device_sample_count ORDER BY device_id').all();
    expect(counts).toEqual(ids.map((id) => ({ id, batches: BATCHES, samples: BATCHES * 50 })));
    // One holder at a time: each entry under a lease epoch of its device's partition, epochs only ever rising.
    const partitionOf = partitioner(PARTITIONS);
    const holder = new Map(
      (reader.prepare("SELECT part, epoch, worker_id AS w FROM partition_lease_event WHERE event = 'claimed'").all() as { part: number; epoch: number; w: string }[])
        .map((r) => [`${r.part}/${r.epoch}`, r.w]),
    );
    const lastEpoch = new Map<number, number>();
    const journaledBy = new Map<string, number>();
    for (const e of journal) {
      expect(e.part).toBe(partitionOf(e.deviceId));
      expect(e.epoch).toBeGreaterThanOrEqual(lastEpoch.get(e.part) ?? 0);
      lastEpoch.set(e.part, e.epoch);
      const w = holder.get(`${e.part}/${e.epoch}`);
      expect(w).toBeDefined();
      journaledBy.set(w as string, (journaledBy.get(w as string) ?? 0) + 1);
    }
    expect(journaledBy.get('w1')).toBeGreaterThan(0);
    expect(journaledBy.get('w2')).toBeGreaterThan(0);
    // w2 took w1's partitions because their leases expired; w1, restarted, journaled again under new epochs.
    const expired = reader.prepare("SELECT count(*) AS n FROM partition_lease_event WHERE event = 'expired' AND worker_id = 'w1'").get() as { n: number };
    expect(expired.n).toBe(PARTITIONS / 2);
    const restartedEntries = journal.filter((e) => holder.get(`${e.part}/${e.epoch}`) === 'w1' && e.epoch >= 3);
    expect(restartedEntries.length).toBeGreaterThan(0);
    // The analysis: the points of an uninterrupted run, and rollups counting each second once.
    const analysed = analysedPerDevice(reader);
    for (const id of ids) {
      expect(analysed.get(id), id).toEqual(reference.get(id));
      expect(analysed.get(id)?.rollupPointS, id).toBe(analysed.get(id)?.points);
    }
    console.log(`workers: takeover ${takeoverMs} ms after the kill (lease ${LEASE_S} s); ${journaledUnacked} journaled unacknowledged at the kill, ${duplicates} duplicates dropped by w2; journaled by w1 ${journaledBy.get('w1')}, by w2 ${journaledBy.get('w2')}`);
  }, 300_000);
});
