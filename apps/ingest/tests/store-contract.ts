/**
 * The store port's behaviour, as one suite every adapter runs: `runStoreContract(name, makeStore)` registers
 * the tests; `makeStore` gives a fresh, empty store and a cleanup. The InfluxDB adapter will run the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  addEpisode, addPoint, createAggregate, summariseAggregate, type PosturePoint, type SlouchEpisode,
} from '@stance/analysis';
import { emptyStoreBatch, type PostureStore, type StoreBatch, type StoredPoint } from '../src/store/store-port.js';

export interface StoreUnderTest {
  store: PostureStore;
  /** Raw samples to read back come from the intake journal; the adapter's harness appends them. */
  appendRaw(deviceId: string, t0Ms: number, hz: number, acc: number[], gyr: number[]): void;
  cleanup(): void;
}

const T0 = 1_763_712_000_000; // an hour boundary (2025-11-21T08:00Z)

function point(wearerId: string, tMs: number, flexionDeg: number, posture: PosturePoint['posture'] = 'upright'): StoredPoint {
  return { wearerId, deviceId: 'dev-1', tMs, flexionDeg, lateralDeg: -1, activity: 'still', posture, worn: true };
}

function batch(parts: Partial<StoreBatch>): StoreBatch {
  return { ...emptyStoreBatch(), ...parts };
}

export function runStoreContract(name: string, makeStore: () => StoreUnderTest): void {
  describe(`store contract: ${name}`, () => {
    const open: StoreUnderTest[] = [];
    const fresh = (): PostureStore => {
      const s = makeStore();
      open.push(s);
      return s.store;
    };
    afterEach(() => {
      for (const s of open.splice(0)) s.cleanup();
    });

    it('creates, reads and lists wearers', () => {
      const store = fresh();
      const a = store.createWearer('Ada', 60, T0);
      const b = store.createWearer('Ben', 0, T0 + 1);
      expect(store.getWearer(a.id)).toEqual({ id: a.id, name: 'Ada', utcOffsetMin: 60, createdMs: T0 });
      expect(store.listWearers().map((w) => w.name)).toEqual(['Ada', 'Ben']);
      expect(store.getWearer('nobody')).toBeNull();
      expect(b.id).not.toBe(a.id);
    });

    it('stores points once per second, idempotently, and reads ranges and steps', async () => {
      const store = fresh();
      const points = Array.from({ length: 120 }, (_, i) => point('w1', T0 + i * 1000, i < 60 ? 10 : 30, i < 60 ? 'upright' : 'slouched'));
      store.write(batch({ points }));
      store.write(batch({ points: points.slice(50, 70) })); // a redelivery overwrites
      store.write(batch({ points: [{ ...point('w1', T0 + 200_000, Number.NaN), posture: 'unknown' }] }));
      const all = await store.readPoints('w1', { fromMs: T0, toMs: T0 + 120_000 });
      expect(all).toHaveLength(120);
      expect(all[0]).toEqual({ tMs: T0, flexionDeg: 10, lateralDeg: -1, activity: 'still', posture: 'upright' });
      const minutes = await store.readPoints('w1', { fromMs: T0, toMs: T0 + 120_000 }, 60_000);
      expect(minutes).toEqual([
        { tMs: T0, flexionDeg: 10, lateralDeg: -1, activity: 'still', posture: 'upright' },
        { tMs: T0 + 60_000, flexionDeg: 30, lateralDeg: -1, activity: 'still', posture: 'slouched' },
      ]);
      const uncalibrated = await store.readPoints('w1', { fromMs: T0 + 200_000, toMs: T0 + 201_000 });
      expect(uncalibrated).toEqual([{ tMs: T0 + 200_000, flexionDeg: null, lateralDeg: -1, activity: 'still', posture: 'unknown' }]);
      expect(await store.readPoints('w2', { fromMs: T0, toMs: T0 + 120_000 })).toEqual([]);
    });

    it('stores episodes and alerts, an alert rewritten when resolved', async () => {
      const store = fresh();
      const episode: SlouchEpisode = { startMs: T0 + 5000, endMs: T0 + 65_000, durationS: 60, peakFlexionDeg: 31, meanFlexionDeg: 27, doseDegS: 400 };
      store.write(batch({ episodes: [{ ...episode, wearerId: 'w1', deviceId: 'dev-1' }] }));
      store.write(batch({ episodes: [{ ...episode, wearerId: 'w1', deviceId: 'dev-1' }] }));
      expect(await store.readEpisodes('w1', { fromMs: T0, toMs: T0 + 10_000 })).toEqual([episode]);
      expect(await store.readEpisodes('w1', { fromMs: T0 + 6000, toMs: T0 + 100_000 })).toEqual([]);
      const alert = {
        wearerId: 'w1', deviceId: 'dev-1', buzzMs: T0 + 65_000, slouchStartMs: T0 + 5000, repeat: 0, pattern: 'short',
        outcome: 'pending' as const, responseS: null, resolvedMs: null,
      };
      store.write(batch({ alerts: [alert] }));
      store.write(batch({ alerts: [{ ...alert, outcome: 'corrected', responseS: 3.5, resolvedMs: T0 + 68_500 }] }));
      expect(await store.readAlerts('w1', { fromMs: T0, toMs: T0 + 100_000 })).toEqual([
        { ...alert, outcome: 'corrected', responseS: 3.5, resolvedMs: T0 + 68_500 },
      ]);
    });

    it('keeps device status current, and device events', async () => {
      const store = fresh();
      store.write(batch({ statuses: [{ deviceId: 'dev-1', online: true, battery: 80, fw: '1.2.0', lastSeenMs: T0 }] }));
      store.write(batch({ statuses: [{ deviceId: 'dev-1', online: false, battery: null, fw: null, lastSeenMs: T0 + 5000 }] }));
      expect(store.getStatus('dev-1')).toEqual({ deviceId: 'dev-1', online: false, battery: 80, fw: '1.2.0', lastSeenMs: T0 + 5000 });
      expect(store.listStatuses()).toHaveLength(1);
      expect(store.getStatus('dev-2')).toBeNull();
      store.write(batch({ seen: [{ deviceId: 'dev-1', lastSeenMs: T0 + 4000 }, { deviceId: 'dev-2', lastSeenMs: T0 + 9000 }] }));
      expect(store.getStatus('dev-1')?.lastSeenMs).toBe(T0 + 5000);
      expect(store.getStatus('dev-2')).toEqual({ deviceId: 'dev-2', online: true, battery: null, fw: null, lastSeenMs: T0 + 9000 });
      const event = { deviceId: 'dev-1', tMs: T0 + 1000, type: 'button', action: 'snooze' };
      store.write(batch({ events: [event, event] }));
      expect(await store.readEvents('dev-1', { fromMs: T0, toMs: T0 + 2000 })).toEqual([event]);
    });

    it('adds up data gaps per device, and keeps what a wearer set with their UTC offset', () => {
      const store = fresh();
      expect(store.getDataGaps('dev-1')).toEqual({ count: 0, missingS: 0, lastStartMs: null, lastEndMs: null });
      store.write(batch({ gaps: [{ deviceId: 'dev-1', startMs: T0, endMs: T0 + 30_000 }] }));
      store.write(batch({ gaps: [{ deviceId: 'dev-1', startMs: T0 + 60_000, endMs: T0 + 62_500 }] }));
      expect(store.getDataGaps('dev-1')).toEqual({ count: 2, missingS: 32.5, lastStartMs: T0 + 60_000, lastEndMs: T0 + 62_500 });
      const wearer = store.createWearer('Ada', 60);
      expect(store.getWearerSettings(wearer.id)).toBeNull();
      store.putWearerSettings(wearer.id, { slouchDeg: 25, quietHours: ['22:00-07:00'] }, -120);
      expect(store.getWearerSettings(wearer.id)).toEqual({ slouchDeg: 25, quietHours: ['22:00-07:00'] });
      expect(store.getWearer(wearer.id)?.utcOffsetMin).toBe(-120);
    });

    it('keeps calibrations with method and quality, and checkpoints', () => {
      const store = fresh();
      const calibration = {
        frame: { f: Float64Array.of(1, 0, 0), l: Float64Array.of(0, 1, 0), u: Float64Array.of(0, 0, 1) },
        method: 'windows' as const, quality: 0.9, detail: { neutralSpreadDeg: 0.4 },
      };
      store.write(batch({ calibrations: [{ wearerId: 'w1', deviceId: 'dev-1', tMs: T0, source: 'api', calibration }] }));
      const [stored] = store.listCalibrations('w1');
      expect(stored?.calibration.method).toBe('windows');
      expect(stored?.calibration.quality).toBe(0.9);
      expect(Array.from(stored?.calibration.frame.u ?? [])).toEqual([0, 0, 1]);
      store.write(batch({ checkpoints: [{ deviceId: 'dev-1', state: { a: 1 } }] }));
      store.write(batch({ checkpoints: [{ deviceId: 'dev-1', state: { a: 2 } }] }));
      expect(store.getCheckpoint('dev-1')).toEqual({ a: 2 });
      expect(store.getCheckpoint('dev-2')).toBeNull();
    });

    it('merges rollup deltas per bucket into what one aggregate of all the data gives', async () => {
      const store = fresh();
      const points = Array.from({ length: 600 }, (_, i) => point('w1', T0 + i * 1000, 5 + (i % 40), i % 40 > 15 ? 'slouched' : 'upright'));
      const whole = createAggregate(T0, T0 + 3_600_000);
      for (const p of points) addPoint(whole, p);
      const episode: SlouchEpisode = { startMs: T0 + 16_000, endMs: T0 + 40_000, durationS: 24, peakFlexionDeg: 44, meanFlexionDeg: 30, doseDegS: 100 };
      addEpisode(whole, episode);
      for (let k = 0; k < 600; k += 100) {
        const delta = createAggregate(T0, T0 + 3_600_000);
        for (const p of points.slice(k, k + 100)) addPoint(delta, p);
        if (k === 0) addEpisode(delta, episode);
        store.write(batch({ rollups: [{ wearerId: 'w1', size: 'hour', startMs: T0, aggregate: delta }] }));
      }
      const [bucket, ...rest] = await store.readRollups('w1', 'hour', { fromMs: T0, toMs: T0 + 3_600_000 });
      expect(rest).toEqual([]);
      expect(bucket?.startMs).toBe(T0);
      const got = summariseAggregate(bucket!.aggregate);
      const want = summariseAggregate(whole);
      expect(got.wornS).toBe(600);
      expect(got.slouchS).toBe(want.slouchS);
      expect(got.episodeCount).toBe(1);
      expect(got.meanFlexionDeg).toBeCloseTo(want.meanFlexionDeg!, 9);
      expect(got.longestSittingS).toBe(want.longestSittingS);
      expect(await store.readRollups('w1', 'day', { fromMs: T0, toMs: T0 + 3_600_000 })).toEqual([]);
      // A bucket overlapping the range is included although it starts before it.
      expect(await store.readRollups('w1', 'hour', { fromMs: T0 + 60_000, toMs: T0 + 120_000 })).toHaveLength(1);
      expect(await store.readRollups('w1', 'hour', { fromMs: T0 + 3_600_000, toMs: T0 + 7_200_000 })).toHaveLength(0);
    });
  });
}

/** Raw samples are checked per adapter harness (they live in the intake journal). */
export function rawContract(make: () => StoreUnderTest): void {
  it('reads raw samples of a time range back exactly', () => {
    const s = make();
    try {
      s.appendRaw('dev-1', T0, 50, [0, 0, 1, 0, 0.1, 0.99], [1, 2, 3, 4, 5, 6]);
      s.appendRaw('dev-1', T0 + 40, 50, [0.2, 0, 0.98], [7, 8, 9]);
      const raw = s.store.readRaw('dev-1', { fromMs: T0 + 10, toMs: T0 + 1000 });
      expect(Array.from(raw.tMs)).toEqual([T0 + 20, T0 + 40]);
      expect(Array.from(raw.acc)).toEqual([0, 0.1, 0.99, 0.2, 0, 0.98]);
      expect(Array.from(raw.gyr)).toEqual([4, 5, 6, 7, 8, 9]);
    } finally {
      s.cleanup();
    }
  });
}
