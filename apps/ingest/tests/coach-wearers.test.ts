/**
 * The coach's list: the wearers a coach is assigned to (an admin: all), each with this week against last week
 * (local weeks) and attention flags: worsening, not_worn, calibration_stale, sensor_offline, no_device.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neutralOnlyCalibration } from '@stance/analysis';
import { emptyStoreBatch } from '../src/store/store-port.js';
import { DAY_MS, HOUR_MS, MONDAY_MS, resourceRig, writeWornDays, type ResourceRig, type RigAccount } from './resource-helpers.js';

const NOW = MONDAY_MS + 2 * DAY_MS + 12 * HOUR_MS; // Wednesday noon UTC

describe('coach wearers list', () => {
  let rig: ResourceRig;
  let coach: RigAccount;
  let boss: RigAccount;
  const wearers: Record<string, RigAccount> = {};
  const weekDays = (week: number, days: number, slouchShare: number) =>
    Array.from({ length: days }, (_, d) => ({ dayMs: MONDAY_MS + week * 7 * DAY_MS + d * DAY_MS, fromHour: 9, hours: 2, slouchShare }));
  const device = (wearer: RigAccount, id: string, online: boolean, lastSeenMs: number, calibratedMs: number) => {
    rig.registry.create(id, wearer.wearerId);
    rig.store.write({
      ...emptyStoreBatch(),
      statuses: [{ deviceId: id, online, battery: 0.8, fw: '1.0.0', lastSeenMs }],
      calibrations: [{ wearerId: wearer.wearerId!, deviceId: id, tMs: calibratedMs, source: 'api', calibration: neutralOnlyCalibration([0, 0, 1], 0.9, {}) }],
    });
  };

  beforeAll(async () => {
    rig = await resourceRig(NOW);
    coach = await rig.account('Cleo', ['coach']);
    boss = await rig.account('Root', ['admin', 'coach']);
    for (const name of ['Dev', 'Cara', 'Ben', 'Ada', 'Eve']) wearers[name] = await rig.account(name, ['wearer']);
    for (const name of ['Ada', 'Ben', 'Cara', 'Dev']) rig.accounts.coaches.assign(coach.id, wearers[name]!.wearerId!);
    const { Ada, Cara, Dev, Eve } = wearers as Record<string, RigAccount>;
    // Ada: upright 75 % last week, 50 % this week (worsening), sensor online, calibrated two days ago.
    writeWornDays(rig.store, Ada!.wearerId!, 0, [...weekDays(-1, 5, 0.25), ...weekDays(0, 3, 0.5)]);
    device(Ada!, 'ada-1', true, NOW - 60_000, NOW - 2 * DAY_MS);
    // Dev: the same both weeks, online, calibrated yesterday: nothing to flag.
    writeWornDays(rig.store, Dev!.wearerId!, 0, [...weekDays(-1, 5, 0.25), ...weekDays(0, 3, 0.25)]);
    device(Dev!, 'dev-1', true, NOW, NOW - DAY_MS);
    // Cara: worn last week only; sensor offline for 3 h; calibrated 20 days ago.
    writeWornDays(rig.store, Cara!.wearerId!, 0, weekDays(-1, 5, 0.25));
    device(Cara!, 'cara-1', false, NOW - 3 * HOUR_MS, NOW - 20 * DAY_MS);
    // Ben has no device. Eve is someone else's.
    device(Eve!, 'eve-1', true, NOW, NOW);
  });
  afterAll(async () => {
    await rig.stop();
  });

  it('lists the coach\'s wearers, flagged first, with their weeks and flags', async () => {
    const reply = await rig.call(coach, 'GET', '/api/coach/wearers');
    expect(reply.statusCode).toBe(200);
    const list = reply.json().wearers as { id: string; name: string; flags: string[]; lastSeenMs: number | null; thisWeek: unknown; lastWeek: unknown }[];
    expect(list.map((w) => [w.name, w.flags])).toEqual([
      ['Ada', ['worsening']],
      ['Ben', ['no_device']],
      ['Cara', ['not_worn', 'calibration_stale', 'sensor_offline']],
      ['Dev', []],
    ]);
    const ada = list[0]!;
    expect(ada.lastSeenMs).toBe(NOW - 60_000);
    expect(list[1]!.lastSeenMs).toBeNull();
    const weeks = (await rig.call(coach, 'GET', `/api/wearers/${ada.id}/week-comparison`)).json();
    expect({ thisWeek: ada.thisWeek, lastWeek: ada.lastWeek }).toEqual(weeks);
    expect(weeks.lastWeek.uprightPct).toBeCloseTo(75, 9);
    expect(weeks.thisWeek.uprightPct).toBeCloseTo(50, 9);
  });

  it('flags a rise of 20 % in slouch minutes per day even when the upright share barely moves', async () => {
    const fay = await rig.account('Fay', ['wearer']);
    rig.accounts.coaches.assign(coach.id, fay.wearerId!);
    // 2 h a day both weeks at 25 % slouched; this week 3 h a day at 24 %: 43 instead of 30 slouched minutes a day.
    writeWornDays(rig.store, fay.wearerId!, 0, [
      ...weekDays(-1, 5, 0.25),
      ...[0, 1, 2].map((d) => ({ dayMs: MONDAY_MS + d * DAY_MS, fromHour: 8, hours: 3, slouchShare: 0.24 })),
    ]);
    device(fay, 'fay-1', true, NOW, NOW);
    const list = (await rig.call(coach, 'GET', '/api/coach/wearers')).json().wearers;
    const line = list.find((w: { name: string }) => w.name === 'Fay');
    expect(line.thisWeek.uprightPct - line.lastWeek.uprightPct).toBeCloseTo(1, 9);
    expect(line.thisWeek.slouchMinPerDay / line.lastWeek.slouchMinPerDay).toBeCloseTo(43.2 / 30, 9);
    expect(line.flags).toEqual(['worsening']);
  });

  it('shows an admin every wearer, a coach without wearers none, and refuses accounts without the coach role', async () => {
    const all = (await rig.call(boss, 'GET', '/api/coach/wearers')).json().wearers.map((w: { name: string }) => w.name);
    expect(all).toContain('Eve');
    expect(all).toHaveLength(6);
    const lonely = await rig.account('Gus', ['coach']);
    expect((await rig.call(lonely, 'GET', '/api/coach/wearers')).json()).toEqual({ wearers: [] });
    const refused = await rig.call(wearers.Ada!, 'GET', '/api/coach/wearers');
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await rig.call(null, 'GET', '/api/coach/wearers')).statusCode).toBe(401);
  });
});
