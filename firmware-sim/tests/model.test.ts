import { describe, expect, it } from 'vitest';
import { synthesizeImu } from '../src/model/imu-synthesis.js';
import { MOUNTING_NAMES, namedMounting, type Mounting } from '../src/model/mounting.js';
import { createRng, deriveSeed, between, normal } from '../src/model/rng.js';
import { multiply3, trunkRotation } from '../src/model/rotation.js';
import { createTrunkKinematics } from '../src/model/trunk-kinematics.js';
import { calibrationRoutine } from '../src/scenarios/calibration-routine.js';
import { fidget, lieDown, getUp, reach, roll, slouch, standUp, sitDown, walkBout } from '../src/scenarios/moves.js';
import type { ScenarioDefinition } from '../src/scenarios/scenario-definition.js';
import { createEngine, produce } from '../src/scenarios/scenario-engine.js';
import { generateScenario } from '../src/index.js';
import { angleBetweenDeg, quatAngleDeg, quatFromMatrix, quatFromRotationVector, quatMul, type Quat } from './helpers.js';

const DEG = Math.PI / 180;

function mountings(): Mounting[] {
  const out = MOUNTING_NAMES.map((n) => namedMounting(n, createRng(1)));
  for (let s = 2; s < 8; s++) out.push(namedMounting('random', createRng(deriveSeed(s, 'm'))));
  return out;
}

describe('sensor model, every error zero', () => {
  it('accelerometer gives back the true tilt within 0.05° when still, for every mounting and many postures', () => {
    const rng = createRng(7);
    const k = createTrunkKinematics();
    const acc = new Float64Array(3), gyr = new Float64Array(3), up = new Float64Array(3);
    let worstTilt = 0, worstAngle = 0, worstGyro = 0;
    for (const m of mountings()) {
      const M = m.sensorToTrunk;
      for (let i = 0; i < 300; i++) {
        k.th = between(rng, -85, 85) * DEG;
        k.ph = between(rng, -80, 80) * DEG;
        k.ps = between(rng, -180, 180) * DEG;
        synthesizeImu(k, M, m.leverArmM, 0, 0, 0, acc, gyr, 0, up);
        const n = Math.hypot(acc[0]!, acc[1]!, acc[2]!);
        worstTilt = Math.max(worstTilt, angleBetweenDeg(acc[0]!, acc[1]!, acc[2]!, up[0]!, up[1]!, up[2]!), Math.abs(n - 1) * 1e3);
        // Back to trunk angles through the mounting (U = M·acc).
        const uf = M[0]! * acc[0]! + M[1]! * acc[1]! + M[2]! * acc[2]!;
        const ul = M[3]! * acc[0]! + M[4]! * acc[1]! + M[5]! * acc[2]!;
        const uu = M[6]! * acc[0]! + M[7]! * acc[1]! + M[8]! * acc[2]!;
        const flex = Math.asin(-uf / n) / DEG, lat = Math.atan2(ul, uu) / DEG;
        worstAngle = Math.max(worstAngle, Math.abs(flex - k.th / DEG), Math.abs(lat - k.ph / DEG));
        worstGyro = Math.max(worstGyro, Math.hypot(gyr[0]!, gyr[1]!, gyr[2]!));
      }
    }
    expect(worstTilt).toBeLessThan(0.05);
    expect(worstAngle).toBeLessThan(0.05);
    expect(worstGyro).toBe(0);
  });

  it('accelerometer matches the true up within 0.05° in generated still stretches (desk, not worn)', () => {
    for (const mounting of ['back-clip', 'tilted', 'upside-down', 'random'] as const) {
      const rec = generateScenario('not-worn', { seed: 3, rateHz: 50, durationS: 150, errors: 'none', mounting });
      let worst = 0, n = 0;
      for (let i = 0; i < rec.timeS.length; i++) {
        const j = 3 * i, a = rec.acc, u = rec.truth.upSensor, g = rec.gyr;
        // On the desk and not being nudged.
        if (rec.truth.activity[i] !== 'not_worn' || Math.hypot(g[j]!, g[j + 1]!, g[j + 2]!) > 1e-9) continue;
        worst = Math.max(worst, angleBetweenDeg(a[j]!, a[j + 1]!, a[j + 2]!, u[j]!, u[j + 1]!, u[j + 2]!));
        n++;
      }
      expect(n).toBeGreaterThan(1000);
      expect(worst).toBeLessThan(0.05);
    }
  });

  it('truth flexion and lateral are exactly the angles of the true up vector (contracts section 1)', () => {
    const rec = generateScenario('lie-down', { seed: 5, rateHz: 25, durationS: 400, errors: 'none', mounting: 'collar' });
    const M = rec.mounting.sensorToTrunk;
    let worst = 0;
    for (let i = 0; i < rec.timeS.length; i++) {
      const j = 3 * i, u = rec.truth.upSensor;
      const uf = M[0]! * u[j]! + M[1]! * u[j + 1]! + M[2]! * u[j + 2]!;
      const ul = M[3]! * u[j]! + M[4]! * u[j + 1]! + M[5]! * u[j + 2]!;
      const uu = M[6]! * u[j]! + M[7]! * u[j + 1]! + M[8]! * u[j + 2]!;
      worst = Math.max(worst, Math.abs(Math.asin(-uf) / DEG - rec.truth.flexionDeg[i]!), Math.abs(Math.atan2(ul, uu) / DEG - rec.truth.lateralDeg[i]!));
    }
    expect(worst).toBeLessThan(1e-6);
  });
});

/** 60 s of everything: calibration, reaches, fidgets, a slouch, standing, walking with turns, lying. */
const VARIED: ScenarioDefinition = {
  name: 'varied-test',
  description: 'test only',
  defaultDurationS: 60,
  defaultMounting: 'tilted',
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    yield* reach(b);
    yield* fidget(b);
    yield* slouch(b, 28, 2, 3);
    yield* standUp(b);
    yield* walkBout(b, 15);
    yield* sitDown(b);
    yield* lieDown(b);
    yield* roll(b, 'right');
    yield b.slip([0.3, -0.5, 1], 35, 0.7);
    yield* getUp(b);
  },
};

function integrateGyro(rateHz: number, mounting: 'tilted' | 'random'): { errorDeg: number; travelDeg: number } {
  const e = createEngine(VARIED, { seed: 11, rateHz, errors: 'none', mounting });
  const n = e.totalSamples;
  const buf = {
    timeS: new Float64Array(n), acc: new Float64Array(3 * n), gyr: new Float64Array(3 * n),
    flexionDeg: new Float64Array(n), lateralDeg: new Float64Array(n), headingDeg: new Float64Array(n),
    activity: null, upSensor: null,
  };
  produce(e, n, buf, 0);
  const M = e.startMounting.sensorToTrunk;
  const orientation = (i: number): Quat =>
    quatFromMatrix(multiply3(trunkRotation(buf.flexionDeg[i]! * DEG, buf.lateralDeg[i]! * DEG, buf.headingDeg[i]! * DEG), M));
  // Third-order integrator: trapezoid rotation vector with the coning correction (ω_k × ω_k+1)·dt²/12.
  let q = orientation(0);
  let travel = 0;
  const dt = 1 / rateHz, g = buf.gyr;
  for (let i = 0; i + 1 < n; i++) {
    const a = 3 * i, b = a + 3;
    const w0x = g[a]! * DEG, w0y = g[a + 1]! * DEG, w0z = g[a + 2]! * DEG;
    const w1x = g[b]! * DEG, w1y = g[b + 1]! * DEG, w1z = g[b + 2]! * DEG;
    const rx = 0.5 * (w0x + w1x) * dt + ((w0y * w1z - w0z * w1y) * dt * dt) / 12;
    const ry = 0.5 * (w0y + w1y) * dt + ((w0z * w1x - w0x * w1z) * dt * dt) / 12;
    const rz = 0.5 * (w0z + w1z) * dt + ((w0x * w1y - w0y * w1x) * dt * dt) / 12;
    travel += Math.hypot(rx, ry, rz) / DEG;
    q = quatMul(q, quatFromRotationVector(rx, ry, rz));
    const norm = Math.hypot(...q);
    q = q.map((x) => x / norm) as Quat;
  }
  // The clip slipped near the end: the final orientation uses the mounting it ended with.
  const end = quatFromMatrix(
    multiply3(trunkRotation(buf.flexionDeg[n - 1]! * DEG, buf.lateralDeg[n - 1]! * DEG, buf.headingDeg[n - 1]! * DEG), e.mounting.sensorToTrunk),
  );
  return { errorDeg: quatAngleDeg(q, end), travelDeg: travel };
}

describe('gyroscope consistency', () => {
  it('integrates back to the true orientation after 60 s of varied motion (incl. a clip slip) at 50, 100, 200 Hz', () => {
    for (const mounting of ['tilted', 'random'] as const) {
      const errors = [50, 100, 200].map((rateHz) => {
        const { errorDeg, travelDeg } = integrateGyro(rateHz, mounting);
        expect(travelDeg).toBeGreaterThan(700); // the motion really is varied
        expect(errorDeg).toBeLessThan(0.1);
        return errorDeg;
      });
      // What is left is the integrator's own second-order error, shrinking 4× per doubling of the rate;
      // an inconsistent gyroscope would leave an error that does not shrink.
      expect(errors[2]!).toBeLessThan(errors[0]! / 8);
    }
  });
});

describe('accelerometer consistency', () => {
  it('integrates to a walking speed of 1.1–1.4 m/s and back to rest (errors zero, turns included)', () => {
    const rec = generateScenario('walk', { seed: 6, rateHz: 100, errors: 'none', mounting: 'collar' });
    const M = rec.mounting.sensorToTrunk;
    const g = 9.80665, dt = 0.01, a = rec.acc;
    let vx = 0, vy = 0, vz = 0, prev = [0, 0, 0];
    let worstStill = 0, minWalk = Infinity, maxWalk = 0;
    for (let i = 0; i < rec.timeS.length; i++) {
      // Specific force to the world frame through the true orientation R·M, minus gravity.
      const S = multiply3(trunkRotation(rec.truth.flexionDeg[i]! * DEG, rec.truth.lateralDeg[i]! * DEG, rec.truth.headingDeg[i]! * DEG), M);
      const x = a[3 * i]!, y = a[3 * i + 1]!, z = a[3 * i + 2]!;
      const w = [
        (S[0]! * x + S[1]! * y + S[2]! * z) * g,
        (S[3]! * x + S[4]! * y + S[5]! * z) * g,
        (S[6]! * x + S[7]! * y + S[8]! * z - 1) * g,
      ];
      if (i > 0) {
        vx += 0.5 * (w[0]! + prev[0]!) * dt;
        vy += 0.5 * (w[1]! + prev[1]!) * dt;
        vz += 0.5 * (w[2]! + prev[2]!) * dt;
      }
      prev = w;
      const speed = Math.hypot(vx, vy);
      if (rec.truth.activity[i] === 'still' && rec.timeS[i]! > 20) worstStill = Math.max(worstStill, Math.hypot(vx, vy, vz));
      // Mid-bout (not the ramps): the walking holds are 5 s or more after a ramp start.
      if (rec.truth.activity[i] === 'walking' && rec.truth.activity[i - 300] === 'walking' && rec.truth.activity[i + 300] === 'walking') {
        minWalk = Math.min(minWalk, speed);
        maxWalk = Math.max(maxWalk, speed);
      }
    }
    // The sensor's own velocity also has the lever arm's and the gait's few cm/s on top of the progression.
    // (Measured: 0.007 m/s at rest after 5 min and six turns; 1.02–1.41 m/s mid-bout.)
    expect(worstStill).toBeLessThan(0.015);
    expect(minWalk).toBeGreaterThan(0.9);
    expect(maxWalk).toBeLessThan(1.6);
  });
});

describe('sensor errors', () => {
  it("'typical' errors are drawn per device from the seed and quantise to 16 bits", () => {
    const rec = generateScenario('calibration', { seed: 4, rateHz: 100, durationS: 20 });
    const lsbAcc = 8 / 65536, lsbGyr = 1000 / 65536;
    for (let i = 0; i < 300; i++) {
      expect(Math.abs(rec.acc[i]! / lsbAcc - Math.round(rec.acc[i]! / lsbAcc))).toBeLessThan(1e-6);
      expect(Math.abs(rec.gyr[i]! / lsbGyr - Math.round(rec.gyr[i]! / lsbGyr))).toBeLessThan(1e-6);
    }
    // The gyro mean over the still neutral hold is the drawn bias (plus tiny sway), not zero.
    const [a, b] = rec.windows.neutral;
    const mean = [0, 0, 0];
    let n = 0;
    for (let i = 0; i < rec.timeS.length; i++) {
      if (rec.timeS[i]! < a || rec.timeS[i]! > b) continue;
      for (let k = 0; k < 3; k++) mean[k]! += rec.gyr[3 * i + k]!;
      n++;
    }
    for (let k = 0; k < 3; k++) expect(mean[k]! / n).toBeCloseTo(rec.errors.gyroBiasDps[k]!, 1);
    // Clock error shows in the timestamps: the last one is off nominal by ppm·t (± jitter).
    const last = rec.timeS.length - 1;
    const driftPpm = ((rec.timeS[last]! - last / 100) / (last / 100)) * 1e6;
    expect(Math.abs(driftPpm - rec.errors.clockErrorPpm)).toBeLessThan(60);
  });

  it("'none' is exact: no bias, noise, quantisation or jitter", () => {
    const rec = generateScenario('calibration', { seed: 4, rateHz: 100, durationS: 5, errors: 'none' });
    for (let i = 0; i < rec.timeS.length; i++) expect(rec.timeS[i]).toBe(i / 100);
    expect(rec.errors.gyroBiasDps.every((b) => b === 0)).toBe(true);
  });

  it('random numbers are reproducible and roughly normal', () => {
    const r1 = createRng(99), r2 = createRng(99);
    let s = 0, s2 = 0;
    for (let i = 0; i < 20000; i++) {
      const x = normal(r1);
      expect(normal(r2)).toBe(x);
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / 20000)).toBeLessThan(0.03);
    expect(Math.abs(s2 / 20000 - 1)).toBeLessThan(0.04);
  });
});
