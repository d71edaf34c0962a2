/**
 * Coach notes and pins: read by the wearer and their assigned coaches, written only by those coaches (or an
 * admin); a note on a local day found by ranges over that day; deleted by its author or an admin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getExercise } from '@stance/analysis';
import { DAY_MS, HOUR_MS, MONDAY_MS, createCast, resourceRig, type ResourceRig, type RigAccount } from './resource-helpers.js';

const NOW = MONDAY_MS + 2 * DAY_MS + 12 * HOUR_MS; // Wednesday noon UTC
const OFFSET_MIN = 600; // UTC+10: Tuesday 2025-11-18 local is Monday 14:00 to Tuesday 14:00 UTC

describe('coach notes and pins', () => {
  let rig: ResourceRig;
  let ada: RigAccount;
  let ben: RigAccount;
  let coach: RigAccount;
  let otherCoach: RigAccount;
  let admin: RigAccount;
  let notes: string;
  beforeAll(async () => {
    rig = await resourceRig(NOW);
    ({ admin, ada, ben, coach } = await createCast(rig));
    otherCoach = await rig.account('Dan', ['coach']);
    rig.accounts.coaches.assign(otherCoach.id, ben.wearerId!);
    rig.store.putWearerSettings(ada.wearerId!, {}, OFFSET_MIN);
    notes = `/api/wearers/${ada.wearerId}/notes`;
  });
  afterAll(async () => {
    await rig.stop();
  });

  it('lets only the wearer\'s coaches (and admins) write notes, and the wearer and those coaches read them', async () => {
    const onDay = await rig.call(coach, 'POST', notes, { text: '  Long sit after lunch; try a walk.  ', day: '2025-11-18' });
    expect(onDay.statusCode).toBe(201);
    expect(onDay.json()).toEqual({ id: onDay.json().id, authorName: 'Cleo', day: '2025-11-18', text: 'Long sit after lunch; try a walk.', createdMs: NOW });
    rig.clock.nowMs = NOW + 1000;
    const general = await rig.call(admin, 'POST', notes, { text: 'Welcome!' });
    expect(general.statusCode).toBe(201);
    rig.clock.nowMs = NOW;

    for (const who of [ada, ben, otherCoach]) {
      expect((await rig.call(who, 'POST', notes, { text: 'hi' })).statusCode, who.name).toBe(403);
    }
    expect((await rig.call(null, 'POST', notes, { text: 'hi' })).statusCode).toBe(401);
    for (const bad of [{ text: '' }, { text: '   ' }, { text: 'x', day: '2025-02-30' }, { text: 'x', day: 'Tuesday' }]) {
      const reply = await rig.call(coach, 'POST', notes, bad);
      expect(reply.statusCode, JSON.stringify(bad)).toBe(400);
    }

    for (const who of [ada, coach, admin]) {
      const listed = (await rig.call(who, 'GET', notes)).json().notes;
      expect(listed.map((n: { text: string }) => n.text), who.name).toEqual(['Welcome!', 'Long sit after lunch; try a walk.']);
    }
    for (const who of [ben, otherCoach]) expect((await rig.call(who, 'GET', notes)).statusCode, who.name).toBe(403);
  });

  it('finds a day note by any range overlapping that local day, and other notes by when they were written', async () => {
    const tuesdayLocal = MONDAY_MS + DAY_MS - OFFSET_MIN * 60_000; // 2025-11-18 00:00 at UTC+10
    const texts = async (from: number, to: number) =>
      (await rig.call(ada, 'GET', `${notes}?from=${from}&to=${to}`)).json().notes.map((n: { text: string }) => n.text);
    expect(await texts(tuesdayLocal + 23 * HOUR_MS, tuesdayLocal + 24 * HOUR_MS)).toEqual(['Long sit after lunch; try a walk.']);
    expect(await texts(tuesdayLocal + DAY_MS, tuesdayLocal + DAY_MS + HOUR_MS)).toEqual([]);
    expect(await texts(NOW, NOW + 2000)).toEqual(['Welcome!']);
    expect(await texts(NOW - HOUR_MS, NOW)).toEqual([]);
  });

  it('deletes a note by its author or an admin', async () => {
    const written = (await rig.call(coach, 'POST', notes, { text: 'To be removed' })).json();
    const adminNote = (await rig.call(admin, 'GET', notes)).json().notes.find((n: { text: string }) => n.text === 'Welcome!');
    const notMine = await rig.call(coach, 'DELETE', `${notes}/${adminNote.id}`);
    expect([notMine.statusCode, notMine.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await rig.call(ada, 'DELETE', `${notes}/${written.id}`)).statusCode).toBe(403);
    expect((await rig.call(coach, 'DELETE', `${notes}/${written.id}`)).statusCode).toBe(204);
    const gone = await rig.call(coach, 'DELETE', `${notes}/${written.id}`);
    expect([gone.statusCode, gone.json().error.code]).toEqual([404, 'NOTE_NOT_FOUND']);
    expect((await rig.call(admin, 'DELETE', `${notes}/${adminNote.id}`)).statusCode).toBe(204);
    expect((await rig.call(ada, 'GET', notes)).json().notes.map((n: { text: string }) => n.text)).toEqual(['Long sit after lunch; try a walk.']);
  });

  it('lets the wearer\'s coaches pin exercises (with their dose) and the wearer see them', async () => {
    const pins = `/api/wearers/${ada.wearerId}/pins`;
    expect((await rig.call(ada, 'GET', pins)).json()).toEqual({ pins: [] });
    const pinned = await rig.call(coach, 'PUT', `${pins}/wall-angel`, { dose: '2 x 8, slowly' });
    expect(pinned.statusCode).toBe(200);
    expect(pinned.json()).toEqual({ exerciseId: 'wall-angel', name: getExercise('wall-angel')!.name, dose: '2 x 8, slowly', pinnedMs: NOW, pinnedBy: 'Cleo' });
    rig.clock.nowMs = NOW + 5000;
    await rig.call(coach, 'PUT', `${pins}/plank`, {});
    rig.clock.nowMs = NOW;
    for (const who of [ada, ben, otherCoach]) expect((await rig.call(who, 'PUT', `${pins}/plank`, {})).statusCode, who.name).toBe(403);
    expect((await rig.call(otherCoach, 'GET', pins)).statusCode).toBe(403);
    const unknown = await rig.call(coach, 'PUT', `${pins}/juggling`, {});
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'EXERCISE_NOT_FOUND']);

    const listed = (await rig.call(ada, 'GET', pins)).json().pins;
    expect(listed.map((p: { exerciseId: string; dose: string }) => [p.exerciseId, p.dose])).toEqual([
      ['wall-angel', '2 x 8, slowly'], ['plank', getExercise('plank')!.dose],
    ]);
    expect((await rig.call(ada, 'DELETE', `${pins}/plank`)).statusCode).toBe(403);
    expect((await rig.call(coach, 'DELETE', `${pins}/plank`)).statusCode).toBe(204);
    expect((await rig.call(coach, 'DELETE', `${pins}/plank`)).statusCode).toBe(204);
    expect((await rig.call(ada, 'GET', pins)).json().pins.map((p: { exerciseId: string }) => p.exerciseId)).toEqual(['wall-angel']);
  });
});
