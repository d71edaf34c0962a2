/**
 * The MQTT handlers under generated input (fast-check), through a real MQTT.js client and the embedded broker:
 * - on the device's own topics, payloads of every kind (random bytes, random JSON, batch-shaped JSON with wrong
 *   types, binary batches with bytes flipped or cut, valid batches at odd times and rates): every message is
 *   acknowledged, the connection stays, and every imu message is accounted for exactly once as accepted,
 *   duplicate or refused under one of the protocol's named reasons; bad statuses and events are counted by
 *   reason; the analysis consumes whatever was accepted without an error;
 * - on random topics (raw packets, so nothing is filtered client-side): a topic the device may not publish on
 *   closes the connection, one it may is acknowledged; nothing of the former is journaled.
 * The service answers /api/health afterwards.
 */
import fc from 'fast-check';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BATCH_REJECT_REASONS, MESSAGE_REJECT_REASONS, encodeBinaryBatch, mayPublish, parseEvent, parseStatus, type ImuBatch,
} from '@stance/protocol';
import { createRecordingLogger } from '../src/log.js';
import { analysed } from './device-helpers.js';
import { connectDevice, makeBatch, startService, type RunningService } from './helpers.js';
import { publishPacket, rawConnect } from './helpers/raw-mqtt.js';

const DEVICE = 'fz-1';
const T0 = 1_763_712_000_000;

const anyNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.NaN, Infinity, -0, 2 ** 53, 1e308));
const anyValue = fc.oneof(anyNumber, fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null), fc.array(anyNumber, { maxLength: 4 }));

/** A valid batch at an odd but allowed time, rate and length. */
const validBatch = fc.record({
  seq: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  t0Ms: fc.integer({ min: T0 - 86_400_000, max: T0 + 86_400_000 }),
  hz: fc.constantFrom(25, 50, 52, 100, 200, 1000),
  count: fc.integer({ min: 1, max: 200 }),
}).map((b): ImuBatch => ({ ...makeBatch(b.seq % 1000, b.count, b.t0Ms, b.hz), seq: b.seq }));

const imuPayload: fc.Arbitrary<Uint8Array | string> = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }),
  fc.json().map((s) => s),
  fc.record(
    { v: anyValue, seq: anyValue, t0: anyValue, hz: anyValue, acc: fc.array(anyValue, { maxLength: 12 }), gyr: fc.array(anyValue, { maxLength: 12 }) },
    { requiredKeys: [] },
  ).map((o) => JSON.stringify(o)),
  // A valid binary batch with some bytes changed, or cut, or grown.
  fc.tuple(validBatch, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.integer({ min: -40, max: 40 })).map(([b, flips, resize]) => {
    const bytes = Uint8Array.from(encodeBinaryBatch(b));
    for (const [at, value] of flips) bytes[at % bytes.length] = value;
    if (resize < 0) return bytes.subarray(0, Math.max(0, bytes.length + resize));
    return Uint8Array.from([...bytes, ...new Uint8Array(resize)]);
  }),
  validBatch.map((b) => encodeBinaryBatch(b)),
);

const statusPayload = fc.oneof(
  fc.json(),
  fc.record({ online: anyValue, battery: anyValue, fw: anyValue }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.uint8Array({ maxLength: 200 }),
);
const eventPayload = fc.oneof(
  fc.json(),
  fc.record({ type: fc.oneof(fc.constantFrom('button', 'teleport'), anyValue), action: fc.oneof(fc.constantFrom('calibrate', 'snooze', 'x'), anyValue) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.uint8Array({ maxLength: 200 }),
);

describe('MQTT handlers under generated input', () => {
  let running: RunningService;
  let client: MqttClient;
  let token: string;
  const log = createRecordingLogger();

  beforeAll(async () => {
    running = await startService({ deviceRatePerS: 1e5, deviceBurst: 1e5 }, { log });
    const wearer = running.service.store.createWearer('Fuzz');
    token = running.service.registry.create(DEVICE, wearer.id).token;
    client = await connectDevice(running.mqttUrl, DEVICE, token);
  });
  afterAll(async () => {
    await client.endAsync();
    await running.stop();
  });

  it('acknowledges every payload on its own topics and accounts for each under a named reason', async () => {
    const { metrics } = running.service;
    const sum = (f: (reason: string) => number, reasons: readonly string[]) => reasons.reduce((n, r) => n + f(r), 0);
    let imu = 0;
    const badStatus = { sent: 0, bad: 0 };
    const badEvent = { sent: 0, bad: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          imuPayload.map((p) => ({ kind: 'imu' as const, p })),
          statusPayload.map((p) => ({ kind: 'status' as const, p })),
          eventPayload.map((p) => ({ kind: 'event' as const, p })),
        ),
        async ({ kind, p }) => {
          const payload = typeof p === 'string' ? p : Buffer.from(p);
          await client.publishAsync(`posture/${DEVICE}/${kind}`, payload, { qos: 1 });
          if (kind === 'imu') imu += 1;
          else if (kind === 'status') (badStatus.sent += 1), (badStatus.bad += parseStatus(p).ok ? 0 : 1);
          else (badEvent.sent += 1), (badEvent.bad += parseEvent(p).ok ? 0 : 1);
          expect(client.connected).toBe(true);
        },
      ),
      { numRuns: 600 },
    );
    const accepted = metrics.batchesAccepted.value();
    const duplicates = metrics.batchesDuplicate.value();
    const refused = sum((reason) => metrics.batchesRejected.value({ reason }), BATCH_REJECT_REASONS);
    expect(accepted + duplicates + refused).toBe(imu);
    expect(sum((reason) => metrics.messagesRejected.value({ kind: 'status', reason }), MESSAGE_REJECT_REASONS)).toBe(badStatus.bad);
    expect(sum((reason) => metrics.messagesRejected.value({ kind: 'event', reason }), MESSAGE_REJECT_REASONS)).toBe(badEvent.bad);
    await analysed(running.service);
    expect(log.records.filter((r) => r.level === 'error')).toEqual([]);
    const byReason = BATCH_REJECT_REASONS.map((r) => [r, metrics.batchesRejected.value({ reason: r })] as const).filter(([, n]) => n > 0);
    console.log(
      `MQTT fuzz, own topics: ${imu} imu payloads = ${accepted} accepted + ${duplicates} duplicates + ${refused} refused ` +
        `(${byReason.map(([r, n]) => `${r} ${n}`).join(', ')}); status ${badStatus.sent} sent, ${badStatus.bad} refused; ` +
        `event ${badEvent.sent} sent, ${badEvent.bad} refused; points stored ${metrics.pointsStored.value()}; no error logged`,
    );
  });

  it('closes the connection on any topic the device may not publish on, and journals nothing from it', async () => {
    const { service } = running;
    const port = service.broker.tcpPort;
    const journaledBefore = service.journal.size();
    await service.broker.settled();
    const aclBefore = service.metrics.mqttAclRefusals.value({ action: 'publish' });
    let closedCount = 0;
    let allowed = 0;
    const level = fc.oneof(
      fc.constantFrom('posture', DEVICE, 'imu', 'status', 'event', 'cmd', '+', '#', '$SYS', 'fz-2', '', '..', ' '),
      fc.string({ maxLength: 10 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(level, { minLength: 1, maxLength: 6 }).map((l) => l.join('/')), async (topic) => {
        const { code, client: raw } = await rawConnect(port, `${DEVICE}-raw`, DEVICE, token);
        expect(code).toBe(0);
        raw.socket.write(publishPacket(topic, Buffer.from('{"online": true}'), 1, 9));
        const may = mayPublish(DEVICE, topic) && topic.endsWith('/status');
        if (may) {
          allowed += 1;
          await new Promise<void>((resolve) => {
            const check = (): void => (raw.received().subarray(4).includes(0x40) ? resolve() : undefined);
            raw.socket.on('data', check);
            check();
          });
          raw.socket.destroy();
        } else {
          await raw.closed;
          closedCount += 1;
        }
      }),
      { numRuns: 150 },
    );
    expect(service.journal.size()).toBe(journaledBefore);
    // Refused by the ACL (counted) or, for a topic that is not even valid MQTT (wildcards, empty), by the parser.
    await service.broker.settled();
    const aclRefusals = service.metrics.mqttAclRefusals.value({ action: 'publish' }) - aclBefore;
    expect(aclRefusals).toBeLessThanOrEqual(closedCount);
    expect((await service.app.inject({ url: '/api/health' })).statusCode).toBe(200);
    console.log(`MQTT fuzz, random topics: ${closedCount} connections closed (${aclRefusals} counted as ACL refusals, the rest invalid MQTT), ${allowed} allowed and acknowledged`);
  });
});
