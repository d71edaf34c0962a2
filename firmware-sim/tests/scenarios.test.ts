import { describe, expect, it } from 'vitest';
import { generateScenario, openScenario, scenarioNames, truthEpisodes, type Recording } from '../src/index.js';

const DEG = Math.PI / 180;
const NAMES = [
  'calibration', 'desk-day', 'standing-desk', 'walk', 'lie-down',
  'fidgety-sitter', 'buzz-responder', 'not-worn', 'sensor-slip',
];

function between(rec: Recording, a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rec.timeS.length; i++) if (rec.timeS[i]! >= a && rec.timeS[i]! <= b) out.push(i);
  return out;
}

/** Trunk flexion an ideal sensor's accelerometer shows, through the known mounting. */
function accFlexionDeg(m: Float64Array, acc: Float64Array, i: number): number {
  const x = acc[3 * i]!, y = acc[3 * i + 1]!, z = acc[3 * i + 2]!;
  const n = Math.hypot(x, y, z);
  return Math.asin(-(m[0]! * x + m[1]! * y + m[2]! * z) / n) / DEG;
}

describe('scenario library', () => {
  it('has the named scenarios', () => {
    expect(scenarioNames()).toEqual(NAMES);
  });

  it.each(NAMES)('%s starts with the calibration routine and reports its windows', (name) => {
    const rec = generateScenario(name, { seed: 21, rateHz: 50, durationS: 60 });
    expect(rec.timeS.length).toBe(3000);
    const [n0, n1] = rec.windows.neutral;
    expect(n1 - n0).toBeGreaterThanOrEqual(5);
    expect(n1 - n0).toBeLessThanOrEqual(9);
    const neutral = between(rec, n0, n1);
    const meanFlexion = neutral.reduce((s, i) => s + rec.truth.flexionDeg[i]!, 0) / neutral.length;
    expect(Math.abs(meanFlexion)).toBeLessThan(0.3);
    for (const i of neutral) {
      expect(Math.abs(rec.truth.flexionDeg[i]!)).toBeLessThan(0.6);
      expect(Math.abs(rec.truth.lateralDeg[i]!)).toBeLessThan(0.6);
      expect(rec.truth.activity[i]).toBe('still');
    }
    const bend = rec.windows.bend!;
    const peak = Math.max(...between(rec, bend[0], bend[1]).map((i) => rec.truth.flexionDeg[i]!));
    expect(peak).toBeGreaterThan(29);
    expect(peak).toBeLessThan(41);
  });

  it.each(NAMES)('%s is deterministic per seed and differs between seeds', (name) => {
    const a = generateScenario(name, { seed: 5, rateHz: 25, durationS: 40 });
    const b = generateScenario(name, { seed: 5, rateHz: 25, durationS: 40 });
    const c = generateScenario(name, { seed: 6, rateHz: 25, durationS: 40 });
    expect(b.acc).toEqual(a.acc);
    expect(b.gyr).toEqual(a.gyr);
    expect(b.timeS).toEqual(a.timeS);
    expect(b.truth.flexionDeg).toEqual(a.truth.flexionDeg);
    expect(c.acc).not.toEqual(a.acc);
  });

  it('streams exactly the samples the whole recording holds, in blocks of any size', () => {
    const rec = generateScenario('desk-day', { seed: 8, rateHz: 50, durationS: 120 });
    const s = openScenario('desk-day', { seed: 8, rateHz: 50, durationS: 120 });
    expect(s.durationS).toBe(120);
    let at = 0;
    for (const n of [1, 7, 500, 1000, 999, 3000, 10000]) {
      const block = s.next(n);
      expect(block.count).toBe(Math.min(n, 6000 - at));
      expect(block.t0Ms).toBe(1763712000000 + Math.round(rec.timeS[at]! * 1000));
      expect(Array.from(block.acc)).toEqual(Array.from(rec.acc.subarray(3 * at, 3 * (at + block.count))));
      expect(Array.from(block.gyr)).toEqual(Array.from(rec.gyr.subarray(3 * at, 3 * (at + block.count))));
      at += block.count;
    }
    expect(at).toBe(6000);
    expect(s.next(10).count).toBe(0);
  });

  it('endless streams keep going', () => {
    const s = openScenario('walk', { seed: 1, rateHz: 100, durationS: Infinity, startMs: 0 });
    expect(s.durationS).toBe(Infinity);
    let last = s.next(1000);
    for (let k = 0; k < 9; k++) last = s.next(1000);
    expect(last.count).toBe(1000);
    expect(Math.abs(last.t0Ms - 90000)).toBeLessThan(100);
  });

  it('rejects bad options with a clear error', () => {
    expect(() => generateScenario('nope', { seed: 1, rateHz: 50 })).toThrow(/unknown scenario "nope"/);
    expect(() => generateScenario('walk', { seed: 1, rateHz: 10 })).toThrow(/rateHz/);
    expect(() => generateScenario('walk', { seed: 1, rateHz: 50, durationS: Infinity })).toThrow(/finite/);
    expect(() => generateScenario('walk', { seed: 1, rateHz: 50, mounting: 'hat' as 'collar' })).toThrow(/unknown mounting "hat"/);
    const squashed = { name: 'bad', sensorToTrunk: Float64Array.of(2, 0, 0, 0, 1, 0, 0, 0, 1), leverArmM: Float64Array.of(0, 0, 0.45) };
    expect(() => generateScenario('walk', { seed: 1, rateHz: 50, mounting: squashed })).toThrow(/not a rotation/);
  });

  it('takes a mounting object', () => {
    const own = { name: 'chest', sensorToTrunk: Float64Array.of(0, 1, 0, -1, 0, 0, 0, 0, 1), leverArmM: Float64Array.of(0.12, 0, 0.35) };
    const rec = generateScenario('calibration', { seed: 1, rateHz: 50, durationS: 10, mounting: own, errors: 'none' });
    expect(rec.mounting.name).toBe('chest');
    // Neutral: up is the sensor's z axis.
    expect(rec.acc[2]).toBeCloseTo(1, 3);
  });
});

describe('ground truth', () => {
  it('desk-day has long and short slouches, cleanly on either side of 20° / 30 s', () => {
    const rec = generateScenario('desk-day', { seed: 3, rateHz: 25 });
    expect(rec.timeS[rec.timeS.length - 1]).toBeCloseTo(7200, -1);
    const all = truthEpisodes(rec, 20, 0);
    const long = truthEpisodes(rec, 20, 30);
    expect(long.length).toBeGreaterThanOrEqual(3);
    expect(all.length).toBeGreaterThan(long.length + 3); // short slouches and reaches too
    for (const e of all) expect(e.durationS < 22 || e.durationS > 45).toBe(true);
    for (const e of long) {
      expect(e.meanFlexionDeg).toBeGreaterThan(22);
      expect(e.meanFlexionDeg).toBeLessThan(36);
    }
    // Upright sitting is upright: most still samples are well below the threshold.
    let still = 0, upright = 0;
    for (let i = 0; i < rec.timeS.length; i++) {
      if (rec.truth.activity[i] !== 'still') continue;
      still++;
      if (rec.truth.flexionDeg[i]! < 12.5) upright++;
    }
    expect(upright / still).toBeGreaterThan(0.5);
    const acts = new Set(rec.truth.activity);
    expect([...acts].sort()).toEqual(['moving', 'still', 'walking']);
  });

  it('fidgety-sitter never slouches for 30 s; lie-down and walk have none either', () => {
    for (const seed of [1, 2, 3]) {
      expect(truthEpisodes(generateScenario('fidgety-sitter', { seed, rateHz: 25 }), 20, 30)).toEqual([]);
      expect(truthEpisodes(generateScenario('fidgety-sitter', { seed, rateHz: 25 }), 20, 0).length).toBeGreaterThan(10);
    }
    const lying = generateScenario('lie-down', { seed: 1, rateHz: 25 });
    expect(truthEpisodes(lying, 20, 30)).toEqual([]);
    expect(lying.truth.activity.filter((a) => a === 'lying').length / 25).toBeGreaterThan(200);
    expect(Math.min(...lying.truth.flexionDeg)).toBeLessThan(-80);
    expect(Math.max(...lying.truth.flexionDeg)).toBeGreaterThan(78);
    expect(Math.max(...lying.truth.lateralDeg.map(Math.abs))).toBeGreaterThan(75);
    const walk = generateScenario('walk', { seed: 1, rateHz: 100 });
    expect(truthEpisodes(walk, 20, 30)).toEqual([]);
    expect(walk.truth.activity.filter((a) => a === 'walking').length / 100).toBeGreaterThan(200);
  });

  it('walking shows step-rate bounce in the accelerometer', () => {
    const rec = generateScenario('walk', { seed: 2, rateHz: 100, errors: 'none' });
    const idx = rec.truth.activity.map((a, i) => (a === 'walking' ? i : -1)).filter((i) => i >= 0).slice(500, 2500);
    const norms = idx.map((i) => Math.hypot(rec.acc[3 * i]!, rec.acc[3 * i + 1]!, rec.acc[3 * i + 2]!));
    const peak = Math.max(...norms.map((n) => Math.abs(n - 1)));
    expect(peak).toBeGreaterThan(0.2);
    expect(peak).toBeLessThan(0.8);
    // Zero crossings of |a|−1 at ~2 per step: 1.8–2 Hz steps → 3.6–4 crossings per second.
    let crossings = 0;
    for (let k = 1; k < norms.length; k++) if ((norms[k - 1]! - 1) * (norms[k]! - 1) < 0) crossings++;
    expect(crossings / 20).toBeGreaterThan(3.2);
    expect(crossings / 20).toBeLessThan(4.4);
  });

  it('not-worn ends lying still on the desk', () => {
    const rec = generateScenario('not-worn', { seed: 4, rateHz: 50 });
    const n = rec.timeS.length;
    expect(rec.truth.activity[n - 1]).toBe('not_worn');
    expect(rec.truth.activity.filter((a) => a === 'not_worn').length / 50).toBeGreaterThan(400);
    // The sensor is flat: its z axis is within ~15° of vertical (the clip rests tilted a little).
    const z = Math.abs(rec.truth.upSensor[3 * (n - 1) + 2]!);
    expect(z).toBeGreaterThan(Math.cos(15 * DEG));
  });

  it('sensor-slip changes the mounting part way', () => {
    const rec = generateScenario('sensor-slip', { seed: 9, rateHz: 25 });
    expect(rec.mountingChanges.length).toBe(1);
    const change = rec.mountingChanges[0]!;
    expect(change.atS).toBeGreaterThan(0.3 * 1200);
    expect(change.atS).toBeLessThan(0.6 * 1200);
    // Rotation angle between the two mountings: acos((trace(M0ᵀ M1) − 1) / 2).
    const angle = Math.acos(Math.min(1, (rec.mounting.sensorToTrunk.reduce((s, v, k) => s + v * change.mounting.sensorToTrunk[k]!, 0) - 1) / 2)) / DEG;
    expect(angle).toBeGreaterThan(24);
    expect(angle).toBeLessThan(46);
  });

  it('buzz-responder sits up a few seconds after notifyHaptic', () => {
    const opts = { seed: 12, rateHz: 50, errors: 'none' as const };
    const rec = generateScenario('buzz-responder', opts);
    const m = rec.mounting.sensorToTrunk;
    // First moment the wearer has been slouched (> 20°) for 40 s.
    const first = truthEpisodes(rec, 20, 30)[0]!;
    const buzzAt = Math.round((first.startS + 40) * 50);
    const stream = openScenario('buzz-responder', opts);
    const before = stream.next(buzzAt);
    expect(accFlexionDeg(m, before.acc, buzzAt - 1)).toBeGreaterThan(20);
    stream.notifyHaptic();
    const after = stream.next(10 * 50);
    // Within 1–4 s of the buzz the wearer sits up (plus ≤ 2.5 s to get there); at 10 s they are upright.
    const flexAt = (s: number): number => accFlexionDeg(m, after.acc, Math.round(s * 50) - 1);
    expect(flexAt(0.5)).toBeGreaterThan(20);
    expect(flexAt(10)).toBeLessThan(12);
    // Without the buzz the same wearer is still slouched then.
    expect(rec.truth.flexionDeg[buzzAt + 499]!).toBeGreaterThan(20);
  });
});

describe('buzz-responder in a feedback loop', () => {
  it('slouches end soon after a detector that buzzes at 30 s', () => {
    const opts = { seed: 30, rateHz: 25, errors: 'none' as const, durationS: 1800 };
    const m = generateScenario('buzz-responder', { ...opts, durationS: 1 }).mounting.sensorToTrunk;
    const stream = openScenario('buzz-responder', opts);
    let slouchedS = 0, buzzes = 0;
    const lengths: number[] = [];
    for (;;) {
      const block = stream.next(25); // one second
      if (block.count === 0) break;
      const flexion = accFlexionDeg(m, block.acc, block.count - 1);
      if (flexion > 20) {
        slouchedS++;
        if (slouchedS === 30) {
          stream.notifyHaptic();
          buzzes++;
        }
      } else {
        if (slouchedS > 0) lengths.push(slouchedS);
        slouchedS = 0;
      }
    }
    expect(buzzes).toBeGreaterThanOrEqual(5);
    // Every slouch the detector buzzed ended within 30 + 4 (reaction) + 2.5 (sitting up) seconds.
    for (const l of lengths) expect(l).toBeLessThanOrEqual(37);
    expect(lengths.filter((l) => l >= 30).length).toBe(buzzes);
  });
});

describe('truthEpisodes', () => {
  it('starts at the threshold crossing and ignores walking', () => {
    const n = 1000;
    const rec = generateScenario('calibration', { seed: 1, rateHz: 25, durationS: 40, errors: 'none' });
    const f = rec.truth.flexionDeg;
    expect(f.length).toBe(n);
    for (let i = 0; i < n; i++) {
      f[i] = i >= 100 && i < 500 ? 30 : i >= 600 ? 25 : 0;
      rec.truth.activity[i] = i >= 900 && i < 920 ? 'walking' : 'still';
    }
    f[99] = 10; // crossing half way to sample 100 → 3.98 s
    const eps = truthEpisodes(rec, 20, 5);
    expect(eps.length).toBe(2);
    expect(eps[0]!.startS).toBeCloseTo(3.98, 6);
    expect(eps[0]!.endS).toBeCloseTo((499 + 1 / 3) / 25, 6); // 30 → 0 crosses 20 a third of the way
    expect(eps[0]!.peakFlexionDeg).toBe(30);
    expect(eps[0]!.meanFlexionDeg).toBe(30);
    expect(eps[1]!.startS).toBeCloseTo(599.8 / 25, 6);
    expect(eps[1]!.endS).toBeCloseTo(36, 6); // walking ends it; the 3 s after walking are too short
    expect(truthEpisodes(rec, 20, 15).length).toBe(1);
  });
});
