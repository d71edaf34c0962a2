/**
 * Devices as wearers manage them: created from the dashboard (token shown once, id generated when absent),
 * listed per wearer and per viewer, renamed, paired by a short-lived single-use code (rate limited), unpaired
 * (token revoked, wearer detached, data kept) and paired again to another wearer, whose data it then feeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAIRING_CODE_ALPHABET } from '../src/devices/pairing-codes.js';
import { scenarioBatches } from './analysis-helpers.js';
import { DAY_MS, createCast, resourceRig, type ResourceRig, type RigAccount } from './resource-helpers.js';

const T0 = 1_763_712_000_000;
const ALL = { fromMs: 0, toMs: T0 + DAY_MS };

describe('devices and pairing', () => {
  let rig: ResourceRig;
  let admin: RigAccount;
  let ada: RigAccount;
  let ben: RigAccount;
  let coach: RigAccount;
  beforeAll(async () => {
    rig = await resourceRig(T0);
    ({ admin, ada, ben, coach } = await createCast(rig));
  });
  afterAll(async () => {
    await rig.stop();
  });

  const pair = (payload: unknown, remoteAddress = '192.0.2.1') =>
    rig.app.inject({ method: 'POST', url: '/api/devices/pair', payload: payload as Record<string, unknown>, remoteAddress });

  it('creates a device for a wearer with its token once, and lists it to those who see the wearer', async () => {
    const created = await rig.call(ada, 'POST', `/api/wearers/${ada.wearerId}/devices`, { name: 'Desk clip' });
    expect(created.statusCode).toBe(201);
    const device = created.json();
    expect(device).toMatchObject({ wearerId: ada.wearerId, name: 'Desk clip', mqtt: { username: device.id, tcpPort: null, wsPath: null } });
    expect(device.id).toMatch(/^sensor-[a-z0-9]{10}$/);
    expect(rig.registry.verify(device.id, device.token)).toBe('ok');

    const named = await rig.call(coach, 'POST', `/api/wearers/${ada.wearerId}/devices`, { id: 'ada-2' });
    expect(named.statusCode).toBe(201);
    expect(named.json()).toMatchObject({ id: 'ada-2', name: 'ada-2' });
    const again = await rig.call(ada, 'POST', `/api/wearers/${ada.wearerId}/devices`, { id: 'ada-2' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'DEVICE_EXISTS']);
    expect((await rig.call(ada, 'POST', `/api/wearers/${ada.wearerId}/devices`, { id: 'has space' })).statusCode).toBe(400);
    expect((await rig.call(ben, 'POST', `/api/wearers/${ada.wearerId}/devices`, {})).statusCode).toBe(403);

    const listed = (await rig.call(ada, 'GET', `/api/wearers/${ada.wearerId}/devices`)).json().devices;
    expect(listed.map((d: { id: string }) => d.id).sort()).toEqual([device.id, 'ada-2'].sort());
    expect(listed.find((d: { id: string }) => d.id === device.id)).toEqual({
      id: device.id, name: 'Desk clip', wearerId: ada.wearerId, createdMs: T0, disabled: false, online: false, battery: null,
      fw: null, lastSeenMs: null, dataGaps: { count: 0, missingS: 0, lastStartMs: null, lastEndMs: null },
    });
    expect(JSON.stringify(listed)).not.toContain(device.token);
    expect((await rig.call(ben, 'GET', `/api/wearers/${ada.wearerId}/devices`)).statusCode).toBe(403);
    expect((await rig.call(ben, 'GET', '/api/devices')).json().devices).toEqual([]);
    expect((await rig.call(coach, 'GET', '/api/devices')).json().devices).toHaveLength(2);
    expect((await rig.call(admin, 'GET', '/api/devices')).json().devices.length).toBeGreaterThanOrEqual(2);

    const renamed = await rig.call(ada, 'PATCH', `/api/devices/ada-2`, { name: 'Spare' });
    expect([renamed.statusCode, renamed.json().name]).toEqual([200, 'Spare']);
    expect((await rig.call(ben, 'PATCH', `/api/devices/ada-2`, { name: 'Mine' })).statusCode).toBe(403);
    expect((await rig.call(ben, 'PATCH', `/api/devices/nothing`, { name: 'Mine' })).statusCode).toBe(403);
    const unknown = await rig.call(admin, 'PATCH', `/api/devices/nothing`, { name: 'Mine' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'DEVICE_NOT_FOUND']);
  });

  it('pairs a device by a code once, within 10 minutes', async () => {
    const issued = await rig.call(ben, 'POST', `/api/wearers/${ben.wearerId}/pairing-codes`);
    expect(issued.statusCode).toBe(201);
    const { code, expiresMs } = issued.json();
    expect(code).toHaveLength(8);
    expect([...code].every((c) => PAIRING_CODE_ALPHABET.includes(c))).toBe(true);
    expect(expiresMs).toBe(T0 + 600_000);
    expect((await rig.call(ada, 'POST', `/api/wearers/${ben.wearerId}/pairing-codes`)).statusCode).toBe(403);

    // Typed the way people type it: lower case, with a dash.
    rig.clock.nowMs = T0 + 599_000;
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    const paired = await pair({ code: typed, name: 'Phone' });
    expect(paired.statusCode).toBe(201);
    expect(paired.json()).toMatchObject({ wearerId: ben.wearerId, name: 'Phone' });
    expect(rig.registry.verify(paired.json().id, paired.json().token)).toBe('ok');
    const reused = await pair({ code });
    expect([reused.statusCode, reused.json().error.code]).toEqual([400, 'PAIRING_CODE_INVALID']);

    rig.clock.nowMs = T0;
    const late = (await rig.call(ben, 'POST', `/api/wearers/${ben.wearerId}/pairing-codes`)).json();
    rig.clock.nowMs = T0 + 600_000;
    expect((await pair({ code: late.code })).json().error.code).toBe('PAIRING_CODE_INVALID');
    rig.clock.nowMs = T0;
  });

  it('keeps a code usable when the device it would create cannot be (a taken id)', async () => {
    const { code } = (await rig.call(ben, 'POST', `/api/wearers/${ben.wearerId}/pairing-codes`)).json();
    const taken = await pair({ code, id: 'ada-2' });
    expect([taken.statusCode, taken.json().error.code]).toEqual([409, 'DEVICE_EXISTS']);
    const ok = await pair({ code, id: 'ben-2' });
    expect([ok.statusCode, ok.json().id, ok.json().wearerId]).toEqual([201, 'ben-2', ben.wearerId]);
  });

  it('rate limits wrong codes per address, with Retry-After', async () => {
    const { code } = (await rig.call(ben, 'POST', `/api/wearers/${ben.wearerId}/pairing-codes`)).json();
    for (let i = 0; i < 10; i++) expect((await pair({ code: `WRONG${i}AB` }, '198.51.100.7')).statusCode).toBe(400);
    const limited = await pair({ code }, '198.51.100.7');
    expect([limited.statusCode, limited.json().error.code]).toEqual([429, 'PAIRING_RATE_LIMITED']);
    expect(Number(limited.headers['retry-after'])).toBe(600);
    // Another address is not held back by this one, and the code is still unused.
    expect((await pair({ code }, '198.51.100.8')).statusCode).toBe(201);
    rig.clock.nowMs = T0 + 600_001;
    expect((await pair({ code: 'ALSOWRNG' }, '198.51.100.7')).json().error.code).toBe('PAIRING_CODE_INVALID');
    rig.clock.nowMs = T0;
  });

  it('unpairs: token revoked, wearer detached, data kept; paired again, the device feeds its new wearer', async () => {
    const { token } = (await rig.call(admin, 'POST', `/api/wearers/${ada.wearerId}/devices`, { id: 'move-1', name: 'Clip' })).json();
    const batches = scenarioBatches('desk-day', 120);
    for (const batch of batches.slice(0, 60)) rig.append('move-1', batch);
    rig.runner.drain();
    const adaPoints = (await rig.store.readPoints(ada.wearerId!, ALL)).length;
    expect(adaPoints).toBeGreaterThan(50);
    // Ada calibrates: her neutral posture, not the next wearer's.
    expect((await rig.call(ada, 'POST', `/api/wearers/${ada.wearerId}/calibration`, {})).statusCode).toBe(200);
    expect(rig.analysis.device('move-1')?.calibrationGiven).toBe(true);

    expect((await rig.call(ben, 'DELETE', '/api/devices/move-1')).statusCode).toBe(403);
    expect((await rig.call(ada, 'DELETE', '/api/devices/move-1')).statusCode).toBe(204);
    expect(rig.registry.verify('move-1', token)).not.toBe('ok');
    expect(rig.registry.get('move-1')).toMatchObject({ wearerId: null, disabled: true });
    expect((await rig.call(ada, 'GET', `/api/wearers/${ada.wearerId}/devices`)).json().devices.map((d: { id: string }) => d.id)).not.toContain('move-1');
    expect((await rig.call(ada, 'PATCH', '/api/devices/move-1', { name: 'x' })).statusCode).toBe(403);
    expect((await rig.call(admin, 'GET', '/api/devices')).json().devices.find((d: { id: string }) => d.id === 'move-1'))
      .toMatchObject({ wearerId: null, disabled: true, name: 'Clip' });
    expect((await rig.store.readPoints(ada.wearerId!, ALL)).length).toBe(adaPoints);

    // Paired again (same id) to Ben: a new token, and the next data is Ben's.
    const again = await rig.call(ben, 'POST', `/api/wearers/${ben.wearerId}/devices`, { id: 'move-1' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ id: 'move-1', wearerId: ben.wearerId, name: 'Clip' });
    expect(rig.registry.verify('move-1', again.json().token)).toBe('ok');
    expect(rig.registry.verify('move-1', token)).not.toBe('ok');
    // Ada's last second, still open in the device's pipeline, went to her when it was paired again.
    const adaFinal = (await rig.store.readPoints(ada.wearerId!, ALL)).length;
    expect(adaFinal).toBe(adaPoints + 1);
    for (const batch of batches.slice(60)) rig.append('move-1', batch);
    rig.runner.drain();
    // Ben's analysis started afresh: Ada's calibration was not carried over.
    expect(rig.analysis.device('move-1')).toMatchObject({ wearerId: ben.wearerId, calibrationGiven: false });
    expect((await rig.store.readPoints(ada.wearerId!, ALL)).length).toBe(adaFinal);
    expect((await rig.store.readPoints(ben.wearerId!, ALL)).length).toBeGreaterThan(40);
    // A paired device cannot be taken over by someone else.
    expect((await rig.call(ada, 'POST', `/api/wearers/${ada.wearerId}/devices`, { id: 'move-1' })).statusCode).toBe(409);
  });
});
