/**
 * The exercise catalogue, the exercise log (logged by the wearer or their coach, listed by range, deleted), and
 * recommendations: ranked from the wearer's own week with reasons quoting their numbers, a coach's pins first
 * with the coach's dose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES, getExercise } from '@stance/analysis';
import { DAY_MS, HOUR_MS, MONDAY_MS, createCast, resourceRig, writeWornDays, type ResourceRig, type RigAccount } from './resource-helpers.js';

const NOW = MONDAY_MS + 4 * DAY_MS + 18 * HOUR_MS; // Friday 18:00 UTC

describe('exercises, log and recommendations', () => {
  let rig: ResourceRig;
  let ada: RigAccount;
  let ben: RigAccount;
  let coach: RigAccount;
  beforeAll(async () => {
    rig = await resourceRig(NOW);
    ({ ada, ben, coach } = await createCast(rig));
  });
  afterAll(async () => {
    await rig.stop();
  });

  it('answers the catalogue to anyone signed in', async () => {
    expect((await rig.call(null, 'GET', '/api/exercises')).statusCode).toBe(401);
    const reply = await rig.call(ben, 'GET', '/api/exercises');
    expect(reply.statusCode).toBe(200);
    const { exercises, disclaimer } = reply.json();
    expect(exercises).toHaveLength(EXERCISES.length);
    const chinTuck = getExercise('chin-tuck')!;
    expect(exercises.find((e: { id: string }) => e.id === 'chin-tuck')).toEqual({
      id: 'chin-tuck', name: chinTuck.name, category: chinTuck.category, dose: chinTuck.dose, howTo: chinTuck.instructions,
      targets: chinTuck.muscles, findings: chinTuck.findings, cautions: chinTuck.cautions, unilateral: chinTuck.unilateral,
    });
    expect(disclaimer).toMatch(/not a diagnosis/);
  });

  it('logs exercises for the wearer (by the wearer or the coach), lists them by range and deletes them', async () => {
    const base = `/api/wearers/${ada.wearerId}/exercise-log`;
    const mine = await rig.call(ada, 'POST', base, { exerciseId: 'chin-tuck', doneMs: NOW - HOUR_MS, note: ' after lunch ' });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toEqual({ id: mine.json().id, exerciseId: 'chin-tuck', name: getExercise('chin-tuck')!.name, doneMs: NOW - HOUR_MS, loggedBy: 'Ada', note: 'after lunch' });
    const byCoach = await rig.call(coach, 'POST', base, { exerciseId: 'band-row' });
    expect(byCoach.json()).toMatchObject({ exerciseId: 'band-row', doneMs: NOW, loggedBy: 'Cleo', note: null });
    await rig.call(ada, 'POST', base, { exerciseId: 'plank', doneMs: NOW - 10 * DAY_MS });

    const unknown = await rig.call(ada, 'POST', base, { exerciseId: 'juggling' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'EXERCISE_NOT_FOUND']);
    expect((await rig.call(ben, 'POST', base, { exerciseId: 'plank' })).statusCode).toBe(403);
    expect((await rig.call(ben, 'GET', base)).statusCode).toBe(403);

    const recent = (await rig.call(ada, 'GET', `${base}?from=${NOW - DAY_MS}&to=${NOW + 1}`)).json().entries;
    expect(recent.map((e: { exerciseId: string }) => e.exerciseId)).toEqual(['chin-tuck', 'band-row']);
    const all = (await rig.call(coach, 'GET', base)).json().entries;
    expect(all.map((e: { exerciseId: string }) => e.exerciseId)).toEqual(['plank', 'chin-tuck', 'band-row']);
    expect((await rig.call(ada, 'GET', `${base}?from=${NOW}`)).statusCode).toBe(400);

    expect((await rig.call(ada, 'DELETE', `${base}/${mine.json().id}`)).statusCode).toBe(204);
    const gone = await rig.call(ada, 'DELETE', `${base}/${mine.json().id}`);
    expect([gone.statusCode, gone.json().error.code]).toEqual([404, 'EXERCISE_LOG_ENTRY_NOT_FOUND']);
    expect((await rig.call(ben, 'DELETE', `${base}/${byCoach.json().id}`)).statusCode).toBe(403);
    expect((await rig.call(coach, 'GET', base)).json().entries).toHaveLength(2);
  });

  it('says when there is not enough data, and still shows the coach\'s pins', async () => {
    const first = (await rig.call(ben, 'GET', `/api/wearers/${ben.wearerId}/recommendations`)).json();
    expect(first).toMatchObject({ status: 'not-enough-data', recommendations: [] });
    expect(first.message).toMatch(/not enough data/);
    expect(first.disclaimer).toMatch(/physiotherapist/);
  });

  it('recommends from the wearer\'s week with reasons that quote their numbers, pins first', async () => {
    // Monday to Friday, 3 h a day from 09:00, half of it slouched at 28°: 1 h 30 min of slouching a day.
    const days = [0, 1, 2, 3, 4].map((d) => ({ dayMs: MONDAY_MS + d * DAY_MS, fromHour: 9, hours: 3, slouchShare: 0.5 }));
    writeWornDays(rig.store, ada.wearerId!, 0, days);

    const plain = (await rig.call(ada, 'GET', `/api/wearers/${ada.wearerId}/recommendations`)).json();
    expect(plain.status).toBe('ok');
    expect(plain.recommendations.length).toBeGreaterThanOrEqual(2);
    expect(plain.recommendations.every((r: { pinned: boolean }) => !r.pinned)).toBe(true);
    const load = plain.recommendations.find((r: { reason: string }) => /slouched 1 h 30 min a day this week/i.test(r.reason));
    expect(load, JSON.stringify(plain.recommendations.map((r: { reason: string }) => r.reason))).toBeDefined();
    const exercise = getExercise(load.exerciseId)!;
    expect(load).toMatchObject({ name: exercise.name, category: exercise.category, dose: exercise.dose, howTo: exercise.instructions });

    // The coach pins two: one the data also calls for (chin tuck answers slouch-load), one it does not.
    expect((await rig.call(ada, 'PUT', `/api/wearers/${ada.wearerId}/pins/cat-cow`, {})).statusCode).toBe(403);
    expect((await rig.call(coach, 'PUT', `/api/wearers/${ada.wearerId}/pins/cat-cow`, { dose: '5 slow rounds, mornings' })).statusCode).toBe(200);
    rig.clock.nowMs += 1000;
    expect((await rig.call(coach, 'PUT', `/api/wearers/${ada.wearerId}/pins/chin-tuck`, {})).statusCode).toBe(200);
    const pinned = (await rig.call(ada, 'GET', `/api/wearers/${ada.wearerId}/recommendations`)).json().recommendations;
    expect(pinned.slice(0, 2).map((r: { exerciseId: string; pinned: boolean }) => [r.exerciseId, r.pinned])).toEqual([['cat-cow', true], ['chin-tuck', true]]);
    expect(pinned[0].dose).toBe('5 slow rounds, mornings');
    expect(pinned[0].reason).toBe('Chosen by your coach, Cleo.');
    expect(pinned[1].reason).toMatch(/^Chosen by your coach, Cleo\. It also answers what your data shows: slouched 1 h 30 min a day this week/);
    expect(pinned.slice(2).every((r: { pinned: boolean }) => !r.pinned)).toBe(true);
    expect(pinned.filter((r: { exerciseId: string }) => r.exerciseId === 'chin-tuck')).toHaveLength(1);
    rig.clock.nowMs = NOW;
  });
});
