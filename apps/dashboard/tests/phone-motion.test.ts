/** The phone sensor's pure parts: DeviceMotion readings into protocol units, resampled into valid batches. */
import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeJsonBatch, type ImuBatch } from '@stance/protocol';
import { motionSampleOf, STANDARD_GRAVITY } from '../src/screens/phone/device-motion.js';
import { MotionResampler, type MotionSample } from '../src/screens/phone/motion-resampler.js';
import { createTiltMeter, setUpright, tiltFromUprightDeg, updateTiltMeter } from '../src/screens/phone/tilt-meter.js';

const sample = (tMs: number, x: number): MotionSample => ({ tMs, acc: [x, 1, 0], gyr: [2 * x, 0, -x] });

describe('motionSampleOf', () => {
  it('converts m/s² to g and maps rotationRate (alpha z, beta x, gamma y) to x, y, z in deg/s', () => {
    const event = {
      accelerationIncludingGravity: { x: 0, y: 0, z: STANDARD_GRAVITY },
      rotationRate: { alpha: 3, beta: 1, gamma: 2 },
      timeStamp: 250.5,
    } as unknown as DeviceMotionEvent;
    expect(motionSampleOf(event, 1_700_000_000_000)).toEqual({ tMs: 1_700_000_000_250.5, acc: [0, 0, 1], gyr: [1, 2, 3] });
  });

  it('answers null when the accelerometer is missing, and zero rates without a gyroscope', () => {
    const noAcc = { accelerationIncludingGravity: { x: null, y: 1, z: 1 }, rotationRate: null, timeStamp: 0 } as unknown as DeviceMotionEvent;
    expect(motionSampleOf(noAcc, 0)).toBeNull();
    const noGyro = { accelerationIncludingGravity: { x: 0, y: 9.80665, z: 0 }, rotationRate: null, timeStamp: 0 } as unknown as DeviceMotionEvent;
    expect(motionSampleOf(noGyro, 0)?.gyr).toEqual([0, 0, 0]);
  });
});

describe('MotionResampler', () => {
  it('puts uneven readings on an even 50 Hz grid and cuts one-second batches the protocol accepts', () => {
    const r = new MotionResampler();
    const batches: ImuBatch[] = [];
    // About 60 readings a second with jitter, x rising 1 per second.
    for (let t = 1_700_000_000_003.7, i = 0; t < 1_700_000_002_600; i++, t += 16 + (i % 3)) {
      batches.push(...r.push(sample(t, (t - 1_700_000_000_000) / 1000)));
    }
    expect(batches.map((b) => b.seq)).toEqual([0, 1]);
    for (const b of batches) {
      expect(b.count).toBe(50);
      expect(b.hz).toBe(50);
      expect(Number.isInteger(b.t0Ms)).toBe(true);
      const decoded = decodeBatch(encodeJsonBatch(b));
      expect(decoded.ok).toBe(true);
    }
    const [first, second] = batches as [ImuBatch, ImuBatch];
    expect(first.t0Ms).toBe(1_700_000_000_004);
    expect(second.t0Ms).toBe(first.t0Ms + 1000);
    // Linear interpolation: x at grid time t is (t - epoch) / 1000.
    for (let i = 0; i < 50; i++) expect(first.acc[3 * i]).toBeCloseTo((4 + 20 * i) / 1000, 9);
    expect(second.gyr[0]).toBeCloseTo((2 * 1004) / 1000, 9);
  });

  it('ends the batch in progress at a pause and starts a new grid after it (a gap, never invented samples)', () => {
    const r = new MotionResampler();
    const out: ImuBatch[] = [];
    for (let t = 0; t <= 500; t += 10) out.push(...r.push(sample(1_700_000_000_000 + t, 0)));
    expect(out).toEqual([]);
    out.push(...r.push(sample(1_700_000_003_000, 0)));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ seq: 0, t0Ms: 1_700_000_000_000, count: 26 });
    for (let t = 3010; t <= 4000; t += 10) out.push(...r.push(sample(1_700_000_000_000 + t, 0)));
    expect(out[1]).toMatchObject({ seq: 1, t0Ms: 1_700_000_003_000, count: 50 });
  });

  it('flushes the partial batch on stop and keeps counting seq afterwards', () => {
    const r = new MotionResampler();
    for (let t = 0; t <= 100; t += 10) r.push(sample(1_700_000_000_000 + t, 0));
    expect(r.flush()).toMatchObject({ seq: 0, count: 6 });
    expect(r.flush()).toBeNull();
    expect(r.nextSeq).toBe(1);
  });
});

describe('tilt meter', () => {
  it('measures the angle between gravity now and gravity when upright was set, whatever the mounting', () => {
    const r = (30 * Math.PI) / 180;
    for (const upright of [[0, 1, 0], [0.6, 0, 0.8]] as const) {
      const m = createTiltMeter({ smoothingS: 0.001 });
      updateTiltMeter(m, 0, upright);
      expect(tiltFromUprightDeg(m)).toBeNull();
      expect(setUpright(m)).toBe(true);
      expect(tiltFromUprightDeg(m)).toBeCloseTo(0, 6);
      // Tilted 30° about an axis perpendicular to upright (y for the first, x's partner for the second).
      const tilted: [number, number, number] = upright[1] === 1
        ? [0, Math.cos(r), Math.sin(r)]
        : [0.6 * Math.cos(r), Math.sin(r), 0.8 * Math.cos(r)];
      for (let t = 10; t < 200; t += 10) updateTiltMeter(m, t, tilted);
      expect(tiltFromUprightDeg(m)).toBeCloseTo(30, 3);
    }
  });
});
