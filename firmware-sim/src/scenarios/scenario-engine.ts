/**
 * Runs a scenario script sample by sample: pulls motion segments as time reaches them, evaluates the
 * trunk kinematics, synthesises the ideal IMU readings for the current mounting, applies the sensor
 * errors and stamps the sample with the sensor's (drifting, jittery) clock. Typed arrays only; the one
 * allocation per sample happens only while a clip is slipping.
 */
import type { Activity } from '@stance/protocol';
import { synthesizeImu } from '../model/imu-synthesis.js';
import { minJerk, type MinJerk } from '../model/min-jerk.js';
import type { MotionSegment } from '../model/motion-segment.js';
import { createOscillatorBank, drawMotionStyle, stepOscillators, syncOscillators, type OscillatorBank } from '../model/motion-style.js';
import { resolveMounting, slippedMounting, type Mounting } from '../model/mounting.js';
import { axisAngle3, multiply3 } from '../model/rotation.js';
import { createRng, deriveSeed, uniform, type Rng } from '../model/rng.js';
import { applySensorErrors, createSensorErrorState, resolveSensorErrors, type SensorErrorState } from '../model/sensor-errors.js';
import { createTrunkKinematics, evaluateTrunk, type TrunkKinematics } from '../model/trunk-kinematics.js';
import { STANDING_HIP_UP_M } from './moves.js';
import type { ScenarioDefinition } from './scenario-definition.js';
import { DEFAULT_START_MS, MAX_RATE_HZ, MIN_RATE_HZ, type MountingChange, type ScenarioOptions } from './scenario-types.js';
import { ScriptBuilder } from './script-builder.js';

/** Truth activities by code, as the engine stores them per sample. */
export const ACTIVITY_CODES: readonly Activity[] = Object.freeze(['still', 'moving', 'walking', 'lying', 'not_worn', 'unknown']);
const ACTIVITY_CODE = new Map<Activity, number>(ACTIVITY_CODES.map((a, i) => [a, i]));

/** Samples between exact re-synchronisations of the oscillator bank. */
const OSCILLATOR_RESYNC = 4096;
const DEG = Math.PI / 180;

export interface ScenarioEngine {
  readonly def: ScenarioDefinition;
  readonly seed: number;
  readonly rateHz: number;
  readonly durationS: number;
  /** Samples in the recording (Infinity when endless). */
  readonly totalSamples: number;
  readonly startMs: number;
  readonly startMounting: Mounting;
  readonly mountingChanges: MountingChange[];
  readonly errors: SensorErrorState;
  readonly builder: ScriptBuilder;
  /** Sensor clock seconds per true second: 1 + clock error. */
  readonly clockScale: number;
  /** Index of the next sample. */
  index: number;
  mounting: Mounting;
  seg: MotionSegment;
  /** Index of the current segment's activity in ACTIVITY_CODES. */
  segActivityCode: number;
  readonly script: Iterator<MotionSegment, void, void>;
  scriptDone: boolean;
  readonly bank: OscillatorBank;
  readonly kin: TrunkKinematics;
  readonly mj: MinJerk;
  /** White noise (sensor errors) and timestamp jitter: separate generators, each drawn in sample order. */
  readonly noiseRng: Rng;
  readonly jitterRng: Rng;
  firstJitterS: number;
}

/** Where `produce` writes; truth arrays are optional (streams skip them). */
export interface EngineBuffers {
  timeS: Float64Array;
  acc: Float64Array;
  gyr: Float64Array;
  flexionDeg: Float64Array | null;
  lateralDeg: Float64Array | null;
  headingDeg: Float64Array | null;
  activity: Uint8Array | null;
  upSensor: Float64Array | null;
}

function checkOptions(def: ScenarioDefinition, o: ScenarioOptions): number {
  if (!Number.isFinite(o.seed)) throw new RangeError(`scenario ${def.name}: seed must be a finite number`);
  if (!(o.rateHz >= MIN_RATE_HZ && o.rateHz <= MAX_RATE_HZ))
    throw new RangeError(`scenario ${def.name}: rateHz must be ${MIN_RATE_HZ}..${MAX_RATE_HZ}, got ${o.rateHz}`);
  const durationS = o.durationS ?? def.defaultDurationS;
  if (!(durationS > 0)) throw new RangeError(`scenario ${def.name}: durationS must be > 0, got ${durationS}`);
  return durationS;
}

export function createEngine(def: ScenarioDefinition, o: ScenarioOptions): ScenarioEngine {
  const durationS = checkOptions(def, o);
  const rate = o.rateHz;
  const mounting = resolveMounting(o.mounting ?? def.defaultMounting, createRng(deriveSeed(o.seed, 'mounting')));
  const errors = createSensorErrorState(
    resolveSensorErrors(o.errors),
    rate,
    createRng(deriveSeed(o.seed, 'sensor-errors')),
    createRng(deriveSeed(o.seed, 'gyro-bias-walk')),
  );
  const builder = new ScriptBuilder(createRng(deriveSeed(o.seed, `script:${def.name}`)), durationS, mounting, {
    hipUpM: def.startsStanding ? STANDING_HIP_UP_M : 0,
    swayGain: 0.2,
  });
  const script = def.script(builder);
  const bank = createOscillatorBank(drawMotionStyle(createRng(deriveSeed(o.seed, 'style'))), 1 / rate);
  const e: ScenarioEngine = {
    def,
    seed: o.seed,
    rateHz: rate,
    durationS,
    totalSamples: Number.isFinite(durationS) ? Math.round(durationS * rate) : Infinity,
    startMs: o.startMs ?? DEFAULT_START_MS,
    startMounting: mounting,
    mountingChanges: [],
    errors,
    builder,
    clockScale: 1 + errors.clockErrorPpm * 1e-6,
    index: 0,
    mounting,
    // An empty segment at t = 0: the first sample pulls the script's first real one.
    seg: { t0S: 0, t1S: 0, from: builder.pose, to: builder.pose, activity: 'still', hold: true },
    segActivityCode: 0,
    script,
    scriptDone: false,
    bank,
    kin: createTrunkKinematics(),
    mj: { s: 0, ds: 0, dds: 0 },
    noiseRng: createRng(deriveSeed(o.seed, 'noise')),
    jitterRng: createRng(deriveSeed(o.seed, 'jitter')),
    firstJitterS: 0,
  };
  return e;
}

/** Ends the current segment (committing a slip) and pulls the next one covering `tS`. */
function advanceSegment(e: ScenarioEngine, tS: number): void {
  while (tS >= e.seg.t1S) {
    const done = e.seg;
    if (done.slip) {
      e.mounting = slippedMounting(e.mounting, done.slip.axis, done.slip.angleDeg);
      e.mountingChanges.push({ atS: done.t1S * e.clockScale, mounting: e.mounting });
    }
    let next: MotionSegment;
    const r = e.scriptDone ? undefined : e.script.next();
    if (r === undefined || r.done === true) {
      // Script finished: hold the last pose for good.
      e.scriptDone = true;
      next = { t0S: done.t1S, t1S: Infinity, from: done.to, to: done.to, activity: done.activity, hold: true };
    } else next = r.value;
    e.seg = next;
    e.segActivityCode = ACTIVITY_CODE.get(next.activity) ?? ACTIVITY_CODES.length - 1;
  }
}

function cutHold(e: ScenarioEngine, buzzS: number): void {
  const seg = e.seg;
  if (seg.hapticReactionS === undefined || !seg.hold) return;
  const end = Math.max(seg.t0S, buzzS + seg.hapticReactionS);
  if (end < seg.t1S) {
    seg.t1S = end;
    e.builder.timeS = end;
  }
  e.builder.buzzed = true;
}

/** A haptic buzz at the next sample's time. */
export function engineHaptic(e: ScenarioEngine): void {
  const tS = e.index / e.rateHz;
  e.builder.lastHapticS = tS;
  if (e.def.reactsToHaptic && tS < e.seg.t1S) cutHold(e, tS);
}

/** Writes `count` samples at `offset` of `out` (must not pass the end). */
export function produce(e: ScenarioEngine, count: number, out: EngineBuffers, offset: number): void {
  const rate = e.rateHz;
  const err = e.errors;
  const jitter = err.jitterS;
  const { kin, bank, mj, noiseRng, jitterRng } = e;
  syncOscillators(bank, e.index / rate);
  for (let j = 0; j < count; j++) {
    const i = e.index;
    const tS = i / rate;
    if (j > 0 && j % OSCILLATOR_RESYNC === 0) syncOscillators(bank, tS);
    if (tS >= e.seg.t1S) advanceSegment(e, tS);
    const seg = e.seg;
    evaluateTrunk(seg, tS, bank, kin, mj);
    const k = offset + j;
    const i3 = 3 * k;
    let m = e.mounting.sensorToTrunk;
    let sx = 0, sy = 0, sz = 0;
    if (seg.slip) {
      // Clip turning about a sensor axis: M(t) = M0·Rot(axis, β(t)); extra sensor-frame rate β'·axis.
      minJerk(tS, seg.t0S, seg.t1S - seg.t0S, mj);
      const [ax, ay, az] = seg.slip.axis;
      const n = Math.hypot(ax, ay, az);
      m = multiply3(m, axisAngle3(ax, ay, az, seg.slip.angleDeg * DEG * mj.s));
      const rate = (seg.slip.angleDeg * DEG * mj.ds) / n;
      sx = ax * rate;
      sy = ay * rate;
      sz = az * rate;
    }
    synthesizeImu(kin, m, e.mounting.leverArmM, sx, sy, sz, out.acc, out.gyr, i3, out.upSensor);
    let jit = 0;
    if (jitter > 0) {
      jit = jitter * uniform(jitterRng);
      if (i === 0) e.firstJitterS = jit;
      jit -= e.firstJitterS;
    }
    out.timeS[k] = tS * e.clockScale + jit;
    if (out.flexionDeg) out.flexionDeg[k] = kin.th / DEG;
    if (out.lateralDeg) out.lateralDeg[k] = kin.ph / DEG;
    if (out.headingDeg) out.headingDeg[k] = kin.ps / DEG;
    if (out.activity) out.activity[k] = e.segActivityCode;
    e.index = i + 1;
    stepOscillators(bank);
  }
  applySensorErrors(err, e.index - count, rate, count, out.acc, out.gyr, offset, noiseRng);
}
