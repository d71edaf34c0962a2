/**
 * The live hub and one SSE connection without a socket: the state each point means, state runs and their
 * `since`, offline while no device is online, points from a backfilled buffer not replayed, the snapshot
 * read from the store after a restart, the stream caps, and a slow reader dropped (fake timers for the
 * keep-alive).
 */
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Device, DeviceRegistry } from '../src/devices/device-registry.js';
import { StanceError } from '../src/errors.js';
import { createLiveHub, type LiveSink } from '../src/live/live-hub.js';
import { latestRun, pointState, type LivePoint } from '../src/live/live-state.js';
import { openSseConnection } from '../src/live/sse-connection.js';
import { emptyStoreBatch, type DeviceStatusRecord, type PointSummary, type PostureStore, type StoredPoint } from '../src/store/store-port.js';

const T0 = 1_763_712_000_000;

function fakes(devices: Device[], stored: PointSummary[] = []) {
  const statuses = new Map<string, DeviceStatusRecord>();
  const store = {
    getStatus: (id: string) => statuses.get(id) ?? null,
    readPoints: async () => stored,
  } as unknown as PostureStore;
  const registry = {
    list: () => devices,
    get: (id: string) => devices.find((d) => d.id === id) ?? null,
  } as unknown as DeviceRegistry;
  const setStatus = (deviceId: string, online: boolean): DeviceStatusRecord => {
    const record = { deviceId, online, battery: 50, fw: '1', lastSeenMs: T0 };
    statuses.set(deviceId, record);
    return record;
  };
  return { store, registry, setStatus };
}

function recorder(): LiveSink & { events: { event: string; data: unknown }[] } {
  const events: { event: string; data: unknown }[] = [];
  return { events, send: (event, data) => (events.push({ event, data }), true) };
}

function point(i: number, activity: StoredPoint['activity'], posture: StoredPoint['posture'], wearerId = 'w1'): StoredPoint {
  return { wearerId, deviceId: 'd1', tMs: T0 + i * 1000, flexionDeg: i, lateralDeg: -i, activity, posture, worn: activity !== 'not_worn' };
}

describe('live state', () => {
  it('names what a point says', () => {
    expect(pointState({ activity: 'still', posture: 'slouched' })).toBe('slouched');
    expect(pointState({ activity: 'still', posture: 'upright' })).toBe('upright');
    expect(pointState({ activity: 'still', posture: 'unknown' })).toBe('upright');
    expect(pointState({ activity: 'walking', posture: 'unknown' })).toBe('walking');
    expect(pointState({ activity: 'not_worn', posture: 'unknown' })).toBe('not_worn');
    expect(pointState({ activity: 'lying', posture: 'unknown' })).toBe('lying');
    expect(pointState({ activity: 'moving', posture: 'upright' })).toBe('moving');
  });

  it('finds where the latest run began, broken by a change or a gap', () => {
    const p = (s: number, posture: LivePoint['posture']): LivePoint => ({ t: T0 + s * 1000, flexionDeg: 0, lateralDeg: 0, activity: 'still', posture });
    expect(latestRun([p(0, 'upright'), p(1, 'slouched'), p(2, 'slouched')], 60_000)).toEqual({ state: 'slouched', since: T0 + 1000 });
    expect(latestRun([p(0, 'slouched'), p(100, 'slouched')], 60_000)).toEqual({ state: 'slouched', since: T0 + 100_000 });
    expect(latestRun([], 60_000)).toBeNull();
  });
});

describe('live hub', () => {
  const device: Device = { id: 'd1', wearerId: 'w1', createdMs: T0, disabled: false };

  it('sends the snapshot, then points and state changes; offline while no device is online', async () => {
    const f = fakes([device]);
    f.setStatus('d1', true);
    const hub = createLiveHub({ store: f.store, registry: f.registry, now: () => T0 + 500_000 });
    const sink = recorder();
    await hub.subscribe('w1', 'a1', sink);
    expect(sink.events).toEqual([{ event: 'snapshot', data: { point: null, state: null, devices: [{ id: 'd1', online: true, battery: 50, lastSeenMs: T0 }] } }]);

    hub.publishStored({ ...emptyStoreBatch(), points: [point(1, 'still', 'upright'), point(0, 'still', 'upright'), point(2, 'still', 'slouched')] });
    expect(sink.events.slice(1).map((e) => e.event)).toEqual(['point', 'state', 'point', 'point', 'state']);
    expect(sink.events[1]?.data).toEqual({ t: T0, flexionDeg: 0, lateralDeg: -0, activity: 'still', posture: 'upright' });
    expect(sink.events.at(-1)?.data).toEqual({ state: 'slouched', since: T0 + 2000 });
    // A backfilled older point is remembered nowhere and not sent.
    hub.publishStored({ ...emptyStoreBatch(), points: [point(1, 'walking', 'unknown')] });
    expect(sink.events.length).toBe(6);

    hub.publishStatus(f.setStatus('d1', false));
    expect(sink.events.slice(6)).toEqual([
      { event: 'status', data: { deviceId: 'd1', online: false, battery: 50 } },
      { event: 'state', data: { state: 'offline', since: T0 + 500_000 } },
    ]);
    hub.publishStatus(f.setStatus('d1', true));
    expect(sink.events.at(-1)).toEqual({ event: 'state', data: { state: 'slouched', since: T0 + 2000 } });

    hub.publishStored({ ...emptyStoreBatch(), alerts: [{ wearerId: 'w1', deviceId: 'd1', buzzMs: T0 + 3000, slouchStartMs: T0 + 2000, repeat: 0, pattern: 'p', outcome: 'pending', responseS: null, resolvedMs: null }] });
    expect(sink.events.at(-1)).toEqual({ event: 'alert', data: { deviceId: 'd1', buzzMs: T0 + 3000, slouchStartMs: T0 + 2000, outcome: 'pending', repeat: 0 } });
    // Another wearer's data reaches no one here.
    const before = sink.events.length;
    hub.publishStored({ ...emptyStoreBatch(), points: [point(9, 'still', 'upright', 'w2')] });
    expect(sink.events.length).toBe(before);
  });

  it('snapshots the latest point from memory, or from the store after a restart, with the run it ends', async () => {
    const stored: PointSummary[] = [0, 1, 2].map((i) => ({ tMs: T0 + i * 1000, flexionDeg: 30, lateralDeg: 0, activity: 'still', posture: i === 0 ? 'upright' : 'slouched' }));
    const f = fakes([device], stored);
    f.setStatus('d1', true);
    const hub = createLiveHub({ store: f.store, registry: f.registry });
    const sink = recorder();
    await hub.subscribe('w1', 'a1', sink);
    expect(sink.events[0]?.data).toMatchObject({ point: { t: T0 + 2000, posture: 'slouched' }, state: { state: 'slouched', since: T0 + 1000 } });
    // Points in memory win; a state run goes on across points.
    hub.publishStored({ ...emptyStoreBatch(), points: [point(3, 'still', 'slouched')] });
    const second = recorder();
    await hub.subscribe('w1', 'a2', second);
    expect(second.events[0]?.data).toMatchObject({ point: { t: T0 + 3000 }, state: { state: 'slouched', since: T0 + 1000 } });
  });

  it('caps streams per account and in all; unsubscribing frees the slot', async () => {
    const f = fakes([device]);
    const hub = createLiveHub({ store: f.store, registry: f.registry, settings: { maxStreamsPerAccount: 2, maxStreams: 3 } });
    const a = await hub.subscribe('w1', 'a1', recorder());
    await hub.subscribe('w1', 'a1', recorder());
    await expect(hub.subscribe('w1', 'a1', recorder())).rejects.toThrow(StanceError);
    await expect(hub.subscribe('w1', 'a1', recorder())).rejects.toMatchObject({ code: 'LIVE_STREAM_LIMIT', status: 429 });
    await hub.subscribe('w1', 'a2', recorder());
    await expect(hub.subscribe('w1', 'a3', recorder())).rejects.toMatchObject({ code: 'LIVE_STREAM_LIMIT' });
    a.unsubscribe();
    a.unsubscribe();
    expect(hub.streamsOf('a1')).toBe(1);
    expect(hub.streamCount).toBe(2);
    await hub.subscribe('w1', 'a1', recorder());
  });

  it('forgets a sink that refuses an event', async () => {
    const f = fakes([device]);
    const hub = createLiveHub({ store: f.store, registry: f.registry });
    let open = true;
    await hub.subscribe('w1', 'a1', { send: () => open });
    open = false;
    hub.publishStored({ ...emptyStoreBatch(), points: [point(1, 'still', 'upright')] });
    expect(hub.streamCount).toBe(0);
  });
});

/** A ServerResponse stand-in whose client never reads: everything written stays queued. */
class StalledResponse extends EventEmitter {
  written: string[] = [];
  writableLength = 0;
  destroyed = false;
  ended = false;
  status = 0;
  writeHead(status: number): this {
    this.status = status;
    return this;
  }
  flushHeaders(): void {}
  write(text: string): boolean {
    this.written.push(text);
    this.writableLength += Buffer.byteLength(text);
    return false;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

describe('SSE connection', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('formats events, keeps alive, and drops a reader that stopped reading', () => {
    vi.useFakeTimers();
    const res = new StalledResponse();
    const reasons: string[] = [];
    const sse = openSseConnection(res as unknown as ServerResponse, { heartbeatMs: 15_000, maxQueuedBytes: 1000, onClose: (r) => reasons.push(r) });
    expect(res.status).toBe(200);
    expect(sse.send('point', { t: 1 })).toBe(true);
    expect(res.written[0]).toBe('event: point\ndata: {"t":1}\n\n');
    vi.advanceTimersByTime(15_000);
    expect(res.written[1]).toBe(': keep-alive\n\n');
    let sent = 0;
    while (sse.send('point', { t: sent, padding: 'x'.repeat(100) })) sent++;
    expect(sent).toBeLessThan(10);
    expect(res.destroyed).toBe(true);
    expect(reasons).toEqual(['slow_reader']);
    expect(sse.closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(res.written.filter((w) => w.startsWith(':')).length).toBe(1);
  });

  it('ends when access is withdrawn, and once when the client leaves', () => {
    vi.useFakeTimers();
    let allowed = true;
    const res = new StalledResponse();
    const reasons: string[] = [];
    openSseConnection(res as unknown as ServerResponse, { heartbeatMs: 1000, maxQueuedBytes: 1e6, stillAllowed: () => allowed, onClose: (r) => reasons.push(r) });
    vi.advanceTimersByTime(1000);
    allowed = false;
    vi.advanceTimersByTime(1000);
    expect(res.ended).toBe(true);
    res.emit('close');
    expect(reasons).toEqual(['access']);

    const other = new StalledResponse();
    const otherReasons: string[] = [];
    openSseConnection(other as unknown as ServerResponse, { heartbeatMs: 1000, maxQueuedBytes: 1e6, onClose: (r) => otherReasons.push(r) });
    other.emit('close');
    other.emit('close');
    expect(otherReasons).toEqual(['client']);
  });
});
