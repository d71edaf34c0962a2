/**
 * A wearer's history through the real pipeline (desk-day, 10 min, one slouch buzzed twice): the alerts list,
 * the summary's extra fields, the hour-by-weekday pattern and the flexion distribution all add up to the
 * rollups; the calibrations list with its staleness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioBatches } from './analysis-helpers.js';
import { DAY_MS, resourceRig, type ResourceRig, type RigAccount } from './resource-helpers.js';

const T0 = 1_763_712_000_000; // desk-day starts 2025-11-21 (a Friday) 08:00 UTC
const OFFSET_MIN = 60; // the wearer is at UTC+1: the data lies in local hours 9 and 10 (and 9:00 is hour 9)

describe('wearer history', () => {
  let rig: ResourceRig;
  let wearer: RigAccount;
  let other: RigAccount;
  const range = `from=${T0 - DAY_MS}&to=${T0 + DAY_MS}`;
  beforeAll(async () => {
    rig = await resourceRig(T0 + 20 * 60_000);
    wearer = await rig.account('Ada', ['wearer']);
    other = await rig.account('Ben', ['wearer']);
    rig.store.putWearerSettings(wearer.wearerId!, {}, OFFSET_MIN);
    rig.registry.create('hist-1', wearer.wearerId);
    for (const batch of scenarioBatches('desk-day', 600)) rig.append('hist-1', batch);
    rig.runner.drain();
  });
  afterAll(async () => {
    await rig.stop();
  });

  it('lists the alerts as stored, and counts them in the summary buckets', async () => {
    const reply = await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/alerts?${range}`);
    expect(reply.statusCode).toBe(200);
    const { alerts } = reply.json();
    const stored = await rig.store.readAlerts(wearer.wearerId!, { fromMs: 0, toMs: T0 + DAY_MS });
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(alerts).toEqual(stored.map((a) => ({
      deviceId: 'hist-1', buzzMs: a.buzzMs, slouchStartMs: a.slouchStartMs, repeat: a.repeat, outcome: a.outcome, responseS: a.responseS, resolvedMs: a.resolvedMs,
    })));

    const buckets = (await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/summary?${range}&bucket=hour`)).json().buckets;
    expect(buckets.reduce((n: number, b: { alertCount: number }) => n + b.alertCount, 0)).toBe(alerts.length);
    expect(buckets.reduce((n: number, b: { correctedCount: number }) => n + b.correctedCount, 0))
      .toBe(alerts.filter((a: { outcome: string }) => a.outcome === 'corrected').length);
    for (const b of buckets) {
      expect(b.assessedS).toBe(b.uprightS + b.slouchS);
      expect(b.stillS + b.movingS + b.walkingS + b.lyingS).toBeLessThanOrEqual(b.wornS);
      expect(b.longestEpisodeS).toBeGreaterThanOrEqual(0);
      expect(b).toHaveProperty('meanLateralDeg');
      expect(b).toHaveProperty('movementBreaks');
    }
    expect(buckets.reduce((n: number, b: { episodeCount: number }) => n + b.episodeCount, 0)).toBeGreaterThanOrEqual(1);
  });

  it('puts every assessed second of the hour rollups into the pattern cell of its local weekday and hour', async () => {
    const hours = (await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/summary?${range}&bucket=hour`)).json().buckets;
    const assessedS = hours.reduce((n: number, b: { assessedS: number }) => n + b.assessedS, 0);
    const slouchS = hours.reduce((n: number, b: { slouchS: number }) => n + b.slouchS, 0);
    expect(assessedS).toBeGreaterThan(300);
    expect(slouchS).toBeGreaterThan(60);

    const reply = await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/pattern?${range}`);
    expect(reply.statusCode).toBe(200);
    const { cells } = reply.json();
    expect(cells).toHaveLength(7 * 24);
    expect(cells.reduce((n: number, c: { assessedS: number }) => n + c.assessedS, 0)).toBe(assessedS);
    expect(cells.reduce((n: number, c: { slouchS: number }) => n + c.slouchS, 0)).toBe(slouchS);
    // 08:00-08:10 UTC on a Friday is 09:00-09:10 at UTC+1: Friday (4), hour 9, and nowhere else.
    const used = cells.filter((c: { assessedS: number }) => c.assessedS > 0);
    expect(used.map((c: { weekday: number; hour: number }) => [c.weekday, c.hour])).toEqual([[4, 9]]);
    expect(used[0].slouchPct).toBeCloseTo((used[0].slouchS / used[0].assessedS) * 100, 9);
    expect(cells.find((c: { weekday: number; hour: number }) => c.weekday === 0 && c.hour === 0).slouchPct).toBeNull();

    // The same range read from day buckets (longer than 14 days) gives the same cells.
    const long = (await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/pattern?from=${T0 - 20 * DAY_MS}&to=${T0 + DAY_MS}`)).json().cells;
    expect(long).toEqual(cells);
  });

  it('answers the flexion distribution: every assessed second in one bin, and the lateral mean', async () => {
    const hours = (await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/summary?${range}&bucket=hour`)).json().buckets;
    const assessedS = hours.reduce((n: number, b: { assessedS: number }) => n + b.assessedS, 0);
    const reply = await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/distribution?${range}`);
    expect(reply.statusCode).toBe(200);
    const { flexion, lateral } = reply.json();
    expect(flexion.seconds.reduce((a: number, b: number) => a + b, 0)).toBe(assessedS);
    expect(flexion.binStartDeg).toHaveLength(flexion.seconds.length);
    for (let i = 1; i < flexion.binStartDeg.length; i++) expect(flexion.binStartDeg[i] - flexion.binStartDeg[i - 1]).toBe(5);
    expect(flexion.binStartDeg[0] % 5).toBe(0);
    // The slouch peaks about 35°: some seconds lie in the 30-35° bin or above.
    const from30 = flexion.binStartDeg.findIndex((d: number) => d >= 30);
    expect(from30).toBeGreaterThan(0);
    expect(flexion.seconds.slice(from30).reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(0);
    expect(lateral.meanDeg === null || Math.abs(lateral.meanDeg) < 30).toBe(true);
    const fine = (await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/distribution?${range}&binDeg=0.5`)).json();
    expect(fine.flexion.seconds.reduce((a: number, b: number) => a + b, 0)).toBe(assessedS);
    expect((await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/distribution?${range}&binDeg=0.7`)).statusCode).toBe(400);
    expect((await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/distribution?from=0&to=${500 * DAY_MS}`)).statusCode).toBe(400);
  });

  it('lists calibrations newest first; the newest is stale after 14 days', async () => {
    const empty = await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/calibrations`);
    expect(empty.json()).toEqual({ calibrations: [] });
    const calibrated = await rig.call(wearer, 'POST', `/api/wearers/${wearer.wearerId}/calibration`, {});
    expect(calibrated.statusCode).toBe(200);
    const first = calibrated.json();
    const list = (await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/calibrations`)).json().calibrations;
    expect(list).toEqual([{ deviceId: 'hist-1', tMs: first.t, source: 'api', method: first.method, quality: first.quality, stale: false }]);

    rig.clock.nowMs += 15 * DAY_MS;
    const later = (await rig.call(wearer, 'GET', `/api/wearers/${wearer.wearerId}/calibrations?limit=5`)).json().calibrations;
    expect(later[0].stale).toBe(true);
    rig.clock.nowMs -= 15 * DAY_MS;
  });

  it('refuses another wearer, answers empty lists for a wearer without data', async () => {
    for (const path of ['alerts?' + range, 'pattern?' + range, 'distribution?' + range, 'calibrations']) {
      const refused = await rig.call(other, 'GET', `/api/wearers/${wearer.wearerId}/${path}`);
      expect(refused.statusCode, path).toBe(403);
    }
    expect((await rig.call(other, 'GET', `/api/wearers/${other.wearerId}/alerts?${range}`)).json()).toEqual({ alerts: [] });
    const cells = (await rig.call(other, 'GET', `/api/wearers/${other.wearerId}/pattern?${range}`)).json().cells;
    expect(cells.every((c: { assessedS: number; slouchPct: number | null }) => c.assessedS === 0 && c.slouchPct === null)).toBe(true);
    expect((await rig.call(other, 'GET', `/api/wearers/${other.wearerId}/distribution?${range}`)).json())
      .toEqual({ flexion: { binStartDeg: [], seconds: [] }, lateral: { meanDeg: null } });
    expect((await rig.call(null, 'GET', `/api/wearers/${other.wearerId}/pattern?${range}`)).statusCode).toBe(401);
  });
});
