/**
 * A wearer's profile and goals: the wearers each account sees, renaming and moving the UTC offset (the
 * analysis reads it from the next data), goals over their defaults with validation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEARER_GOALS } from '../src/coaching/wearer-goals.js';
import { MONDAY_MS, createCast, resourceRig, type ResourceRig, type RigAccount } from './resource-helpers.js';

describe('wearer profile and goals', () => {
  let rig: ResourceRig;
  let admin: RigAccount;
  let ada: RigAccount;
  let ben: RigAccount;
  let coach: RigAccount;
  beforeAll(async () => {
    rig = await resourceRig(MONDAY_MS);
    ({ admin, ada, ben, coach } = await createCast(rig));
  });
  afterAll(async () => {
    await rig.stop();
  });

  it('lists the wearers each account may see, and lets only an admin create one', async () => {
    const names = async (who: RigAccount) => (await rig.call(who, 'GET', '/api/wearers')).json().wearers.map((w: { name: string }) => w.name).sort();
    expect(await names(ada)).toEqual(['Ada']);
    expect(await names(coach)).toEqual(['Ada']);
    expect(await names(admin)).toEqual(['Ada', 'Ben']);
    expect((await rig.call(coach, 'POST', '/api/wearers', { name: 'Zed' })).statusCode).toBe(403);
    const created = await rig.call(admin, 'POST', '/api/wearers', { name: 'Zed', utcOffsetMin: 330 });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Zed', utcOffsetMin: 330, createdMs: MONDAY_MS });
  });

  it('renames a wearer and moves their UTC offset, keeping their settings', async () => {
    const url = `/api/wearers/${ada.wearerId}`;
    await rig.call(ada, 'PUT', `${url}/settings`, { slouchDeg: 25 });
    const renamed = await rig.call(coach, 'PATCH', url, { name: 'Ada L.' });
    expect([renamed.statusCode, renamed.json().name]).toEqual([200, 'Ada L.']);
    const moved = await rig.call(ada, 'PATCH', url, { utcOffsetMin: -240 });
    expect(moved.json()).toMatchObject({ id: ada.wearerId, name: 'Ada L.', utcOffsetMin: -240 });
    expect((await rig.call(ada, 'GET', `${url}/settings`)).json().settings).toMatchObject({ slouchDeg: 25, utcOffsetMin: -240 });
    for (const bad of [{ utcOffsetMin: 900 }, { name: '' }, { nickname: 'A' }]) {
      expect((await rig.call(ada, 'PATCH', url, bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await rig.call(ben, 'PATCH', url, { name: 'Mine' })).statusCode).toBe(403);
    const missing = await rig.call(admin, 'PATCH', '/api/wearers/nobody', { name: 'X' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'WEARER_NOT_FOUND']);
    expect((await rig.call(ben, 'PATCH', '/api/wearers/nobody', { name: 'X' })).statusCode).toBe(403);
  });

  it('answers goals over their defaults; PUT replaces what was set', async () => {
    const url = `/api/wearers/${ada.wearerId}/goals`;
    expect((await rig.call(ada, 'GET', url)).json()).toEqual({ goals: DEFAULT_WEARER_GOALS, defaults: DEFAULT_WEARER_GOALS });
    const set = await rig.call(coach, 'PUT', url, { uprightPctTarget: 85, exerciseSessionsPerWeek: 4 });
    expect(set.statusCode).toBe(200);
    expect(set.json().goals).toEqual({ ...DEFAULT_WEARER_GOALS, uprightPctTarget: 85, exerciseSessionsPerWeek: 4 });
    expect((await rig.call(ada, 'PUT', url, { wornHoursPerDay: 8 })).json().goals).toEqual({ ...DEFAULT_WEARER_GOALS, wornHoursPerDay: 8 });
    expect((await rig.call(ada, 'GET', url)).json().goals.wornHoursPerDay).toBe(8);
    for (const bad of [{ uprightPctTarget: 120 }, { exerciseSessionsPerWeek: 2.5 }, { steps: 10000 }, { wornHoursPerDay: 'lots' }]) {
      const reply = await rig.call(ada, 'PUT', url, bad);
      expect([reply.statusCode, reply.json().error.code], JSON.stringify(bad)).toEqual([400, 'REQUEST_INVALID']);
    }
    expect((await rig.call(ben, 'GET', url)).statusCode).toBe(403);
    expect((await rig.call(ben, 'GET', `/api/wearers/${ben.wearerId}/goals`)).json().goals).toEqual(DEFAULT_WEARER_GOALS);
  });
});
