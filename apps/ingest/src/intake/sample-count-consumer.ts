/**
 * The first journal consumer: batches and samples per device, kept in the database. It stands in for the
 * analysis pipeline until that is wired in, and proves the journal's exactly-once delivery: after any
 * crash, the counts equal exactly what the sensors were acknowledged for.
 */
import type { SqliteDatabase } from '../db/open-database.js';
import type { JournalConsumer } from './journal-consumer.js';

export interface DeviceSampleCount {
  deviceId: string;
  batches: number;
  samples: number;
}

export interface SampleCountConsumer extends JournalConsumer {
  /** Counts of one device (zeros if none). */
  countOf(deviceId: string): DeviceSampleCount;
  all(): DeviceSampleCount[];
}

/** `name` is the cursor's key: `sample-count`, or `sample-count@pK` for partition K's consumer in worker mode. */
export function createSampleCountConsumer(db: SqliteDatabase, name = 'sample-count'): SampleCountConsumer {
  const add = db.prepare(
    `INSERT INTO device_sample_count (device_id, batches, samples) VALUES (?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET batches = batches + excluded.batches, samples = samples + excluded.samples`,
  );
  const one = db.prepare<[string], { batches: number; samples: number }>(
    'SELECT batches, samples FROM device_sample_count WHERE device_id = ?',
  );
  const every = db.prepare<[], { device_id: string; batches: number; samples: number }>(
    'SELECT device_id, batches, samples FROM device_sample_count ORDER BY device_id',
  );
  return {
    name,
    apply(entries) {
      const perDevice = new Map<string, { batches: number; samples: number }>();
      for (const entry of entries) {
        const sums = perDevice.get(entry.deviceId) ?? { batches: 0, samples: 0 };
        sums.batches += 1;
        sums.samples += entry.batch.count;
        perDevice.set(entry.deviceId, sums);
      }
      for (const [deviceId, sums] of perDevice) add.run(deviceId, sums.batches, sums.samples);
    },
    countOf(deviceId) {
      const row = one.get(deviceId);
      return { deviceId, batches: row?.batches ?? 0, samples: row?.samples ?? 0 };
    },
    all: () => every.all().map((r) => ({ deviceId: r.device_id, batches: r.batches, samples: r.samples })),
  };
}
