/**
 * `service.importBatches`: history that did not come over MQTT goes through the same intake and consumers as a
 * sensor's batches (journaled, de-duplicated, refused when invalid, analysed), and only for a known device.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { encodeBinaryBatch } from '@stance/protocol';
import { jsonBatch, makeBatch, startService, type RunningService } from './helpers.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('batch import', () => {
  const cleanups: RunningService[] = [];
  afterEach(async () => {
    for (const r of cleanups.splice(0)) await r.stop();
  });

  it('journals batches like MQTT intake: once each, duplicates dropped, invalid ones refused', async () => {
    const running = await startService();
    cleanups.push(running);
    const { service } = running;
    service.registry.create('imp-1');
    const first = await service.importBatches('imp-1', [0, 1, 2].map((seq) => encode(jsonBatch(seq, 25))));
    expect(first).toEqual({ queued: 3, rejected: 0 });
    // A resend of 1 and 2 (as after a lost PUBACK), one new batch in binary, and one that is not a batch.
    const second = await service.importBatches('imp-1', [
      encode(jsonBatch(1, 25)),
      encode(jsonBatch(2, 25)),
      encodeBinaryBatch(makeBatch(3, 25)),
      encode('{"seq": "x"}'),
    ]);
    expect(second).toEqual({ queued: 3, rejected: 1 });
    await service.whenIdle();
    expect(service.sampleCounts.countOf('imp-1')).toEqual({ deviceId: 'imp-1', batches: 4, samples: 4 * 25 });
    expect(service.metrics.batchesDuplicate.value()).toBe(2);
    expect(service.journal.readAfter(0, 10).map((e) => e.batch.seq)).toEqual([0, 1, 2, 3]);
  });

  it('refuses an unknown device and a disabled one', async () => {
    const running = await startService();
    cleanups.push(running);
    const { service } = running;
    await expect(service.importBatches('nobody', [encode(jsonBatch(0))])).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    service.registry.create('imp-off');
    service.registry.setDisabled('imp-off', true);
    await expect(service.importBatches('imp-off', [encode(jsonBatch(0))])).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(service.journal.size()).toBe(0);
  });
});
