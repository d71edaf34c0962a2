/**
 * The live stream over a real socket: the service on loopback ports, an MQTT.js device publishing a simulated
 * `desk-day` (firmware-sim) batch by batch, and the stream read with fetch as the dashboard reads it. Checks
 * the snapshot, that point events carry the angles the store kept, the offline state, refusals (401, 403,
 * 404, 429) and that a closed stream frees its slot. Prints the latency from PUBLISH to point event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScenario } from '@stance/firmware-sim';
import type { ImuBatch } from '@stance/protocol';
import { ADMIN, analysed, testDevice, type TestDevice } from './device-helpers.js';
import { startService, waitFor, type RunningService } from './helpers.js';
import { accountsApi, readSse, type AccountsApi, type ReceivedEvent, type WearerAccount } from './wearer-accounts.js';

const STREAMS_PER_ACCOUNT = 2;
/** Short, so the keep-alive and the session check it carries happen within the test. */
const HEARTBEAT_S = 0.3;

interface PointData {
  t: number;
  flexionDeg: number | null;
  lateralDeg: number | null;
  activity: string;
  posture: string;
}

describe('live stream', () => {
  let running: RunningService;
  let api: AccountsApi;
  let ada: WearerAccount;
  let ben: WearerAccount;
  let device: TestDevice;
  let base = '';
  const startMs = Math.floor(Date.now() / 1000) * 1000 - 120_000;
  const scenario = openScenario('desk-day', { seed: 5, rateHz: 50, durationS: 120, startMs });
  let seq = 0;
  const nextBatch = (): ImuBatch => {
    const block = scenario.next(50);
    return { seq: seq++, t0Ms: block.t0Ms, hz: 50, count: block.count, acc: block.acc, gyr: block.gyr };
  };

  beforeAll(async () => {
    running = await startService({ adminEmail: ADMIN.email, adminPassword: ADMIN.password }, { live: { maxStreamsPerAccount: STREAMS_PER_ACCOUNT, heartbeatS: HEARTBEAT_S } });
    base = `http://127.0.0.1:${running.service.httpPort}`;
    api = await accountsApi(running.service);
    ada = await api.wearer('ada@clinic.test', 'Ada');
    ben = await api.wearer('ben@clinic.test', 'Ben');
    const token = await api.device('live-ada', ada.wearerId);
    device = await testDevice(running.mqttUrl, 'live-ada', token);
  });
  afterAll(async () => {
    await device?.end();
    await running?.stop();
  });

  it('streams a snapshot, then each point with the stored angles, and the state', async () => {
    const { service } = running;
    await device.status(true);
    await waitFor(() => service.store.getStatus('live-ada')?.online === true, 5000, 'device online');
    // Some history first: the snapshot carries its latest point.
    await device.publish(Array.from({ length: 20 }, nextBatch));
    await analysed(service);

    const live = await readSse(`${base}/api/wearers/${ada.wearerId}/live`, ada.headers);
    expect(live.status).toBe(200);
    expect(live.contentType).toBe('text/event-stream; charset=utf-8');
    const snapshot = (await live.next((e) => e.event === 'snapshot')).data as {
      point: PointData | null; state: { state: string; since: number } | null; devices: { id: string; online: boolean; battery: number | null }[];
    };
    expect(live.events[0]?.event).toBe('snapshot');
    expect(snapshot.devices).toEqual([expect.objectContaining({ id: 'live-ada', online: true, battery: 80 })]);
    expect(snapshot.point).not.toBeNull();
    expect(snapshot.state?.state).toMatch(/^(upright|slouched|moving|walking|lying|not_worn)$/);
    const stored = (await jsonPoints(ada, snapshot.point?.t ?? 0, (snapshot.point?.t ?? 0) + 1000))[0];
    expect(snapshot.point).toEqual(stored);

    // Live: one batch at a time, each published once the previous one's point arrived (PUBLISH → event latency).
    const latenciesMs: number[] = [];
    for (let i = 0; i < 40; i++) {
      const from = live.events.length;
      const sentMs = performance.now();
      await device.publish([nextBatch()]);
      const event = await live.next((e) => e.event === 'point', 10_000, from);
      latenciesMs.push(event.atMs - sentMs);
    }
    // A burst: 40 s of data as fast as it is acknowledged.
    await device.publish(Array.from({ length: 40 }, nextBatch));
    await analysed(service);

    const all = await jsonPoints(ada, startMs, startMs + 200_000);
    // Every point after the snapshot's came live, exactly as stored, in time order.
    const after = all.filter((p) => p.t > (snapshot.point?.t ?? 0));
    const streamedPoints = (): PointData[] => live.events.filter((e) => e.event === 'point').map((e) => e.data as PointData);
    await waitFor(() => streamedPoints().length >= after.length, 5000, 'every point live');
    const streamed = streamedPoints();
    expect(streamed).toEqual(after);
    expect(streamed.length).toBeGreaterThanOrEqual(78);

    // The first state event after a snapshot with a point only comes on a change; the states told match the points.
    const states = live.events.filter((e: ReceivedEvent) => e.event === 'state').map((e) => e.data as { state: string; since: number });
    for (const s of states) expect(all.some((p) => p.t === s.since)).toBe(true);

    const sorted = latenciesMs.slice().sort((a, b) => a - b);
    const q = (f: number): number => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] as number;
    console.info(`live: PUBLISH → point event latency over ${sorted.length} batches: p50 ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, max ${q(1).toFixed(1)} ms`);
    live.close();
  }, 60_000);

  it('tells a device status and the offline state, and back', async () => {
    const live = await readSse(`${base}/api/wearers/${ada.wearerId}/live`, ada.headers);
    await live.next((e) => e.event === 'snapshot');
    const from = live.events.length;
    await device.status(false);
    expect((await live.next((e) => e.event === 'status', 5000, from)).data).toEqual({ deviceId: 'live-ada', online: false, battery: 80 });
    expect((await live.next((e) => e.event === 'state', 5000, from)).data).toMatchObject({ state: 'offline' });
    const back = live.events.length;
    await device.status(true);
    await live.next((e) => e.event === 'status' && (e.data as { online: boolean }).online, 5000, back);
    const state = (await live.next((e) => e.event === 'state', 5000, back)).data as { state: string };
    expect(state.state).not.toBe('offline');
    live.close();
  });

  it('refuses another wearer (403), no token (401), an unknown wearer for an admin (404)', async () => {
    const other = await readSse(`${base}/api/wearers/${ada.wearerId}/live`, ben.headers);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const none = await readSse(`${base}/api/wearers/${ada.wearerId}/live`, {});
    expect(none.status).toBe(401);
    const missing = await readSse(`${base}/api/wearers/nobody/live`, api.admin);
    expect(missing.status).toBe(404);
    // The admin may watch anyone.
    const admin = await readSse(`${base}/api/wearers/${ada.wearerId}/live`, api.admin);
    expect(admin.status).toBe(200);
    await admin.next((e) => e.event === 'snapshot');
    admin.close();
  });

  it('caps the streams per account; a closed stream frees its slot', async () => {
    const url = `${base}/api/wearers/${ben.wearerId}/live`;
    const open = [];
    for (let i = 0; i < STREAMS_PER_ACCOUNT; i++) {
      const s = await readSse(url, ben.headers);
      await s.next((e) => e.event === 'snapshot');
      open.push(s);
    }
    const over = await readSse(url, ben.headers);
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ error: { code: 'LIVE_STREAM_LIMIT' } });
    // Another account is not affected.
    const admin = await readSse(url, api.admin);
    expect(admin.status).toBe(200);
    admin.close();

    open.shift()?.close();
    let again = await readSse(url, ben.headers);
    for (let tries = 0; again.status === 429 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await readSse(url, ben.headers);
    }
    expect(again.status).toBe(200);
    again.close();
    for (const s of open) s.close();
  });

  it('keeps the stream alive with comments, and ends it after a log-out', async () => {
    const { app } = running.service;
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ada@clinic.test', password: 'a long enough password 1' } });
    const headers = { authorization: `Bearer ${login.json().token as string}` };
    const live = await readSse(`${base}/api/wearers/${ada.wearerId}/live`, headers);
    await live.next((e) => e.event === 'snapshot');
    await waitFor(() => live.comments >= 2, 5000, 'keep-alive comments');
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(204);
    await live.ended;
    // The other session of the same account is not affected.
    const still = await readSse(`${base}/api/wearers/${ada.wearerId}/live`, ada.headers);
    expect(still.status).toBe(200);
    still.close();
  });

  it('ends open streams when the service stops', async () => {
    const other = await startService({ adminEmail: ADMIN.email, adminPassword: ADMIN.password });
    const accounts = await accountsApi(other.service);
    const cy = await accounts.wearer('cy@clinic.test', 'Cy');
    const live = await readSse(`http://127.0.0.1:${other.service.httpPort}/api/wearers/${cy.wearerId}/live`, cy.headers);
    const snapshot = await live.next((e) => e.event === 'snapshot');
    expect(snapshot.data).toEqual({ point: null, state: expect.objectContaining({ state: 'offline' }), devices: [] });
    await other.stop();
    await live.ended;
  });

  async function jsonPoints(who: WearerAccount, from: number, to: number): Promise<PointData[]> {
    const reply = await running.service.app.inject({ url: `/api/wearers/${who.wearerId}/posture?from=${from}&to=${to}`, headers: who.headers });
    expect(reply.statusCode, reply.body).toBe(200);
    return reply.json().points as PointData[];
  }
});
