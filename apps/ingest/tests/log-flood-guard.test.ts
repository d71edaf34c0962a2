import { describe, expect, it } from 'vitest';
import { createRecordingLogger } from '../src/log.js';
import { createFloodGuardedLogger } from '../src/log-flood-guard.js';

const SETTINGS = { windowMs: 60_000, perSender: 3, perKind: 5 };

function guarded() {
  const log = createRecordingLogger();
  let t = 1_000_000;
  const guard = createFloodGuardedLogger(log, SETTINGS, () => t);
  return { log, guard, advance: (ms: number) => (t += ms) };
}

describe('flood-guarded logger', () => {
  it('writes a sender\'s first lines of a kind, holds back the rest and sums them up when the window ends', () => {
    const { log, guard, advance } = guarded();
    for (let i = 0; i < 50; i++) guard.warn({ deviceId: 'junk', reason: 'bad_json' }, 'imu batch refused');
    expect(log.records).toHaveLength(3);
    advance(60_000);
    guard.warn({ deviceId: 'junk', reason: 'bad_json' }, 'imu batch refused'); // a new window: written again
    const summary = log.records[3]!;
    expect(summary.message).toBe('imu batch refused: 47 more like it in the last 60 s not logged (all counted in /metrics)');
    expect(summary.fields).toMatchObject({ kind: 'imu batch refused:bad_json', held: 47, heldFrom: ['junk'], windowS: 60 });
    expect(log.records[4]).toMatchObject({ message: 'imu batch refused', fields: { deviceId: 'junk' } });
    guard.stop();
    expect(log.records).toHaveLength(5); // nothing held in the new window: no summary
  });

  it('counts kinds (code or message, with the reason) and senders apart', () => {
    const { log, guard } = guarded();
    for (let i = 0; i < 10; i++) {
      guard.warn({ deviceId: 'a', reason: 'bad_json' }, 'imu batch refused');
      guard.warn({ deviceId: 'a', reason: 'out_of_range' }, 'imu batch refused');
      guard.warn({ code: 'MQTT_BAD_CREDENTIALS', username: `u${i % 2}`, reason: 'bad_token' }, `MQTT login refused for u${i % 2}: bad_token`);
    }
    expect(log.records.filter((r) => r.fields.reason === 'bad_json')).toHaveLength(3);
    expect(log.records.filter((r) => r.fields.reason === 'out_of_range')).toHaveLength(3);
    expect(log.records.filter((r) => r.fields.code === 'MQTT_BAD_CREDENTIALS')).toHaveLength(5); // 3 + 2: perKind
  });

  it('caps a kind across senders (a storm of logins under ever new names) and names some of them', () => {
    const { log, guard } = guarded();
    for (let i = 0; i < 1000; i++) guard.warn({ code: 'MQTT_BAD_CREDENTIALS', username: `guess-${i}`, reason: 'unknown_device' }, `MQTT login refused for guess-${i}: unknown_device`);
    expect(log.records).toHaveLength(5);
    guard.stop();
    expect(log.records).toHaveLength(6);
    expect(log.records[5]!.fields).toMatchObject({ held: 995 });
    expect(log.records[5]!.fields.heldFrom).toHaveLength(10);
    expect(log.records[5]!.message).toMatch(/^MQTT login refused for guess-5: unknown_device: 995 more like it/);
  });

  it('sums up on its own timer once the flood stops, and lets other levels through', async () => {
    const log = createRecordingLogger();
    const guard = createFloodGuardedLogger(log, { windowMs: 50, perSender: 1, perKind: 1 });
    guard.warn({ deviceId: 'x' }, 'too big');
    guard.warn({ deviceId: 'x' }, 'too big');
    guard.error({ deviceId: 'x' }, 'broken');
    guard.info({}, 'hello');
    expect(log.records.map((r) => r.level)).toEqual(['warn', 'error', 'info']);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(log.records.at(-1)).toMatchObject({ level: 'warn', fields: { held: 1, heldFrom: ['x'] } });
    guard.stop();
  });
});
