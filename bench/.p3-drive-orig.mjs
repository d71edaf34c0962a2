// firmware-sim/src/model/rotation.ts
function fromColumns(x, y, z) {
  return Float64Array.of(x[0] ?? 0, y[0] ?? 0, z[0] ?? 0, x[1] ?? 0, y[1] ?? 0, z[1] ?? 0, x[2] ?? 0, y[2] ?? 0, z[2] ?? 0);
}
function multiply3(a, b) {
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      out[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
  return out;
}
function axisAngle3(x, y, z, angleRad) {
  const n2 = Math.hypot(x, y, z);
  x /= n2;
  y /= n2;
  z /= n2;
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  const k = 1 - c;
  return Float64Array.of(
    c + x * x * k,
    x * y * k - z * s,
    x * z * k + y * s,
    y * x * k + z * s,
    c + y * y * k,
    y * z * k - x * s,
    z * x * k - y * s,
    z * y * k + x * s,
    c + z * z * k
  );
}

// firmware-sim/src/model/rng.ts
function splitmix32(x) {
  x = x + 2654435769 | 0;
  let z = x;
  z = Math.imul(z ^ z >>> 16, 2246822507);
  z = Math.imul(z ^ z >>> 13, 3266489909);
  return (z ^ z >>> 16) >>> 0;
}
function deriveSeed(seed, label) {
  let h = 2166136261 ^ splitmix32(seed >>> 0) ^ splitmix32(Math.floor(seed / 4294967296) | 0);
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return splitmix32(h) >>> 0;
}
function createRng(seed) {
  const s = seed >>> 0;
  const rng = { s: Int32Array.of(splitmix32(s), splitmix32(s + 1), splitmix32(s + 2), 1), spare: Float64Array.of(Number.NaN) };
  for (let i = 0; i < 15; i++) nextUint32(rng);
  return rng;
}
function nextUint32(r2) {
  const st = r2.s;
  const a = st[0], b = st[1], c = st[2], d = st[3];
  const t = (a + b | 0) + d | 0;
  st[3] = d + 1 | 0;
  st[0] = b ^ b >>> 9;
  st[1] = c + (c << 3) | 0;
  st[2] = (c << 21 | c >>> 11) + t | 0;
  return t >>> 0;
}
function uniform(r2) {
  return nextUint32(r2) / 4294967296;
}
function between(r2, lo, hi) {
  return lo + (hi - lo) * uniform(r2);
}
function sign(r2) {
  return uniform(r2) < 0.5 ? -1 : 1;
}
function normal(r2) {
  const spare = r2.spare[0];
  if (spare === spare) {
    r2.spare[0] = Number.NaN;
    return spare;
  }
  let u;
  let v;
  let s;
  do {
    u = 2 * uniform(r2) - 1;
    v = 2 * uniform(r2) - 1;
    s = u * u + v * v;
  } while (s >= 1 || s === 0);
  const k = Math.sqrt(-2 * Math.log(s) / s);
  r2.spare[0] = v * k;
  return u * k;
}
var NORMAL_TABLE_BITS = 16;
var NORMAL_TABLE = (() => {
  const r2 = createRng(24301);
  const t = new Float64Array(1 << NORMAL_TABLE_BITS);
  for (let i = 0; i < t.length; i++) t[i] = normal(r2);
  return t;
})();
function tableNormal(r2) {
  return NORMAL_TABLE[nextUint32(r2) >>> 32 - NORMAL_TABLE_BITS];
}

// firmware-sim/src/model/mounting.ts
var MOUNTING_NAMES = Object.freeze([
  "back-clip",
  "collar",
  "rotated",
  "tilted",
  "upside-down",
  "random"
]);
var DEG = Math.PI / 180;
function backClip() {
  return fromColumns([0, 0, 1], [0, 1, 0], [-1, 0, 0]);
}
function turned(base, ...turns) {
  let m = base;
  for (const [x, y, z, deg] of turns) m = multiply3(m, axisAngle3(x, y, z, deg * DEG));
  return m;
}
function isMountingName(name) {
  return MOUNTING_NAMES.includes(name);
}
function namedMounting(name, rng) {
  const back = Float64Array.of(-0.1, 0, 0.45);
  switch (name) {
    case "back-clip":
      return { name, sensorToTrunk: backClip(), leverArmM: back };
    case "collar":
      return { name, sensorToTrunk: turned(backClip(), [0, 1, 0, 25], [1, 0, 0, 5]), leverArmM: Float64Array.of(-0.08, 0, 0.6) };
    case "rotated":
      return { name, sensorToTrunk: turned(backClip(), [0, 0, 1, 90], [0, 1, 0, 8]), leverArmM: back };
    case "tilted":
      return { name, sensorToTrunk: turned(backClip(), [0, 1, 0, 35], [1, 0, 0, 20]), leverArmM: back };
    case "upside-down":
      return { name, sensorToTrunk: turned(backClip(), [0, 0, 1, 180]), leverArmM: back };
    case "random": {
      let w = normal(rng), x = normal(rng), y = normal(rng), z = normal(rng);
      const n2 = Math.hypot(w, x, y, z) || 1;
      w /= n2;
      x /= n2;
      y /= n2;
      z /= n2;
      const m = Float64Array.of(
        1 - 2 * (y * y + z * z),
        2 * (x * y - w * z),
        2 * (x * z + w * y),
        2 * (x * y + w * z),
        1 - 2 * (x * x + z * z),
        2 * (y * z - w * x),
        2 * (x * z - w * y),
        2 * (y * z + w * x),
        1 - 2 * (x * x + y * y)
      );
      return { name, sensorToTrunk: m, leverArmM: back };
    }
  }
}
function slippedMounting(m, axis, angleDeg) {
  return {
    name: `${m.name}+slip`,
    sensorToTrunk: multiply3(m.sensorToTrunk, axisAngle3(axis[0], axis[1], axis[2], angleDeg * DEG)),
    leverArmM: Float64Array.from(m.leverArmM)
  };
}
function resolveMounting(option, rng) {
  if (typeof option === "string") {
    if (!isMountingName(option)) throw new RangeError(`unknown mounting "${option}" (known: ${MOUNTING_NAMES.join(", ")})`);
    return namedMounting(option, rng);
  }
  const m = Float64Array.from(option.sensorToTrunk);
  if (m.length !== 9 || option.leverArmM.length !== 3) throw new RangeError("mounting: sensorToTrunk needs 9 numbers, leverArmM 3");
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      const dot = m[i] * m[j] + m[3 + i] * m[3 + j] + m[6 + i] * m[6 + j];
      if (Math.abs(dot - (i === j ? 1 : 0)) > 1e-6) throw new RangeError(`mounting "${option.name}": sensorToTrunk is not a rotation`);
    }
  const det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  if (det < 0) throw new RangeError(`mounting "${option.name}": sensorToTrunk is a reflection, not a rotation`);
  return { name: option.name, sensorToTrunk: m, leverArmM: Float64Array.from(option.leverArmM) };
}

// firmware-sim/src/model/sensor-errors.ts
var DEFAULT_SENSOR_ERROR_SETTINGS = Object.freeze({
  gyroBiasDps: 2,
  gyroBiasWalkDpsPerSqrtS: 0.01,
  gyroNoiseDensityDpsPerSqrtHz: 0.01,
  gyroScaleErrorFraction: 5e-3,
  // A product sensor's accelerometer is trimmed at the factory (six-face calibration); what is left is a few mg
  // of offset and a few tenths of a percent of scale. The raw part's figures are in UNCALIBRATED_SENSOR_ERROR_SETTINGS.
  accBiasG: 4e-3,
  accScaleErrorFraction: 3e-3,
  accNoiseDensityGPerSqrtHz: 18e-5,
  accRangeG: 4,
  gyroRangeDps: 500,
  adcBits: 16,
  clockErrorPpm: 100,
  timestampJitterS: 1e-3
});
var UNCALIBRATED_SENSOR_ERROR_SETTINGS = Object.freeze({
  ...DEFAULT_SENSOR_ERROR_SETTINGS,
  accBiasG: 0.02,
  accScaleErrorFraction: 0.01
});
var NO_SENSOR_ERROR_SETTINGS = Object.freeze({
  gyroBiasDps: 0,
  gyroBiasWalkDpsPerSqrtS: 0,
  gyroNoiseDensityDpsPerSqrtHz: 0,
  gyroScaleErrorFraction: 0,
  accBiasG: 0,
  accScaleErrorFraction: 0,
  accNoiseDensityGPerSqrtHz: 0,
  accRangeG: 0,
  gyroRangeDps: 0,
  adcBits: 0,
  clockErrorPpm: 0,
  timestampJitterS: 0
});
function resolveSensorErrors(option) {
  if (option === void 0 || option === "typical") return DEFAULT_SENSOR_ERROR_SETTINGS;
  if (option === "none") return NO_SENSOR_ERROR_SETTINGS;
  if (option === "uncalibrated") return UNCALIBRATED_SENSOR_ERROR_SETTINGS;
  return Object.freeze({ ...DEFAULT_SENSOR_ERROR_SETTINGS, ...option });
}
var WALK_KNOT_S = 1;
function createSensorErrorState(settings2, rateHz, rng, walkRng) {
  const draw3 = (sigma) => Float64Array.of(sigma * normal(rng), sigma * normal(rng), sigma * normal(rng));
  const levels = settings2.adcBits > 0 ? 2 ** settings2.adcBits : 0;
  const gyroBiasDps = draw3(settings2.gyroBiasDps);
  return {
    settings: settings2,
    gyroBiasDps,
    gyroScale: draw3(settings2.gyroScaleErrorFraction).map((e) => 1 + e),
    accBiasG: draw3(settings2.accBiasG),
    accScale: draw3(settings2.accScaleErrorFraction).map((e) => 1 + e),
    clockErrorPpm: settings2.clockErrorPpm * normal(rng),
    gyroSigmaDps: settings2.gyroNoiseDensityDpsPerSqrtHz * Math.sqrt(rateHz / 2),
    accSigmaG: settings2.accNoiseDensityGPerSqrtHz * Math.sqrt(rateHz / 2),
    jitterS: Math.min(settings2.timestampJitterS, 0.5 / rateHz),
    walkFrom: new Float64Array(3),
    walkTo: new Float64Array(3),
    walkKnotS: 0,
    walkStepDps: settings2.gyroBiasWalkDpsPerSqrtS * Math.sqrt(WALK_KNOT_S),
    walkRng,
    accLsbG: levels > 0 && settings2.accRangeG > 0 ? 2 * settings2.accRangeG / levels : 0,
    gyroLsbDps: levels > 0 && settings2.gyroRangeDps > 0 ? 2 * settings2.gyroRangeDps / levels : 0
  };
}
function quantise(x, lsb, range) {
  if (range > 0) {
    const hi = range - lsb;
    if (x > hi) x = hi;
    else if (x < -range) x = -range;
  }
  return lsb > 0 ? Math.round(x / lsb) * lsb : x;
}
function advanceBiasWalk(e, tS) {
  const rng = e.walkRng;
  while (tS >= e.walkKnotS + WALK_KNOT_S) {
    e.walkKnotS += WALK_KNOT_S;
    for (let k = 0; k < 3; k++) {
      e.walkFrom[k] = e.walkTo[k];
      e.walkTo[k] = e.walkTo[k] + e.walkStepDps * normal(rng);
    }
  }
}
function applySensorErrors(e, firstIndex, rateHz, count, acc, gyr, offset, rng) {
  const s = e.settings;
  const gb0 = e.gyroBiasDps[0], gb1 = e.gyroBiasDps[1], gb2 = e.gyroBiasDps[2];
  const gs0 = e.gyroScale[0], gs1 = e.gyroScale[1], gs2 = e.gyroScale[2];
  const ab0 = e.accBiasG[0], ab1 = e.accBiasG[1], ab2 = e.accBiasG[2];
  const as0 = e.accScale[0], as1 = e.accScale[1], as2 = e.accScale[2];
  const gSigma = e.gyroSigmaDps, aSigma = e.accSigmaG;
  const gLsb = e.gyroLsbDps, aLsb = e.accLsbG, gRange = s.gyroRangeDps, aRange = s.accRangeG;
  const walking = e.walkStepDps > 0;
  const from = e.walkFrom, to = e.walkTo;
  for (let j = 0; j < count; j++) {
    const i3 = 3 * (offset + j);
    let wx = 0, wy = 0, wz = 0;
    if (walking) {
      const tS = (firstIndex + j) / rateHz;
      if (tS >= e.walkKnotS + WALK_KNOT_S) advanceBiasWalk(e, tS);
      const f = (tS - e.walkKnotS) / WALK_KNOT_S;
      wx = from[0] + f * (to[0] - from[0]);
      wy = from[1] + f * (to[1] - from[1]);
      wz = from[2] + f * (to[2] - from[2]);
    }
    let gx = gs0 * gyr[i3] + gb0 + wx, gy = gs1 * gyr[i3 + 1] + gb1 + wy, gz = gs2 * gyr[i3 + 2] + gb2 + wz;
    let ax = as0 * acc[i3] + ab0, ay = as1 * acc[i3 + 1] + ab1, az = as2 * acc[i3 + 2] + ab2;
    if (gSigma > 0) {
      gx += gSigma * tableNormal(rng);
      gy += gSigma * tableNormal(rng);
      gz += gSigma * tableNormal(rng);
    }
    if (aSigma > 0) {
      ax += aSigma * tableNormal(rng);
      ay += aSigma * tableNormal(rng);
      az += aSigma * tableNormal(rng);
    }
    if (gLsb > 0 || gRange > 0) {
      gx = quantise(gx, gLsb, gRange);
      gy = quantise(gy, gLsb, gRange);
      gz = quantise(gz, gLsb, gRange);
    }
    if (aLsb > 0 || aRange > 0) {
      ax = quantise(ax, aLsb, aRange);
      ay = quantise(ay, aLsb, aRange);
      az = quantise(az, aLsb, aRange);
    }
    gyr[i3] = gx;
    gyr[i3 + 1] = gy;
    gyr[i3 + 2] = gz;
    acc[i3] = ax;
    acc[i3 + 1] = ay;
    acc[i3 + 2] = az;
  }
}

// firmware-sim/src/scenarios/scenario-types.ts
var DEFAULT_START_MS = 1763712e6;
var MIN_RATE_HZ = 25;
var MAX_RATE_HZ = 300;

// firmware-sim/src/scenarios/calibration-routine.ts
var NEUTRAL_SWAY_GAIN = 0.2;
function* calibrationRoutine(b, standing) {
  const r2 = b.rng;
  const t0 = b.timeS;
  yield b.move({ flexionDeg: 0, lateralDeg: 0, swayGain: NEUTRAL_SWAY_GAIN }, 0, "still");
  const holdS = between(r2, 6, 10);
  yield b.hold(holdS, "still");
  b.windows.neutral = [t0 + 0.5, t0 + holdS - 0.5];
  const bendStartS = b.timeS;
  yield b.move({ flexionDeg: between(r2, 30, 40) }, between(r2, 1.5, 2.2), "moving");
  yield b.hold(between(r2, 1, 2), "moving");
  yield b.move({ flexionDeg: 0, swayGain: standing ? 1.4 : 1 }, between(r2, 1.5, 2.2), "moving");
  b.windows.bend = [bendStartS - 0.5, b.timeS + 0.5];
  yield b.hold(between(r2, 1.5, 2.5), "still");
}

// firmware-sim/src/model/motion-segment.ts
var FLEXION = 0;
var LATERAL = 1;
var HEADING = 2;
var HIP_UP = 3;
var SWAY = 4;
var WALK = 5;
var POSE_CHANNELS = 6;
function poseOf(p, base) {
  const out = base ? Float64Array.from(base) : new Float64Array(POSE_CHANNELS);
  if (p.flexionDeg !== void 0) out[FLEXION] = p.flexionDeg;
  if (p.lateralDeg !== void 0) out[LATERAL] = p.lateralDeg;
  if (p.headingDeg !== void 0) out[HEADING] = p.headingDeg;
  if (p.hipUpM !== void 0) out[HIP_UP] = p.hipUpM;
  if (p.swayGain !== void 0) out[SWAY] = p.swayGain;
  if (p.walkGain !== void 0) out[WALK] = p.walkGain;
  return out;
}
function samePose(a, b) {
  for (let k = 0; k < POSE_CHANNELS; k++) if (a[k] !== b[k]) return false;
  return true;
}

// firmware-sim/src/scenarios/moves.ts
var STANDING_HIP_UP_M = 0.45;
function uprightFlexionDeg(b) {
  return between(b.rng, -1, 8);
}
function* settle(b, durationS, maxFlexionDeg = 11, minFlexionDeg = -3) {
  const end = Math.min(b.timeS + durationS, b.durationS);
  while (end - b.timeS > 0.5) {
    const left = end - b.timeS;
    const holdS = Math.min(left, between(b.rng, 20, 90));
    yield b.hold(holdS, "still");
    if (end - b.timeS < 4) continue;
    const f = b.pose[FLEXION] + between(b.rng, -2, 2);
    yield b.move(
      { flexionDeg: Math.min(maxFlexionDeg, Math.max(minFlexionDeg, f)), lateralDeg: b.pose[LATERAL] * 0.5 + between(b.rng, -1.5, 1.5) },
      between(b.rng, 1.5, 3),
      "still"
    );
  }
}
function* reach(b) {
  const back = { flexionDeg: b.pose[FLEXION], lateralDeg: b.pose[LATERAL], headingDeg: b.pose[HEADING] };
  yield b.move(
    { flexionDeg: between(b.rng, 60, 85), lateralDeg: between(b.rng, -15, 15), headingDeg: back.headingDeg + between(b.rng, -20, 20) },
    between(b.rng, 1.2, 2),
    "moving"
  );
  yield b.hold(between(b.rng, 1, 3), "moving");
  yield b.move(back, between(b.rng, 1.2, 2), "moving");
}
function* fidget(b) {
  const back = { flexionDeg: b.pose[FLEXION], lateralDeg: b.pose[LATERAL], headingDeg: b.pose[HEADING] };
  yield b.move(
    {
      flexionDeg: Math.min(18, back.flexionDeg + between(b.rng, -5, 10)),
      lateralDeg: back.lateralDeg + between(b.rng, -12, 12),
      headingDeg: back.headingDeg + between(b.rng, -25, 25)
    },
    between(b.rng, 0.8, 1.6),
    "moving"
  );
  yield b.hold(between(b.rng, 1, 6), "moving");
  yield b.move(back, between(b.rng, 0.8, 1.6), "moving");
}
function* slouch(b, levelDeg, holdS, creepS, hapticReactionS) {
  const lo = levelDeg >= 20 ? 23 : levelDeg - 2.5;
  const hi = levelDeg >= 20 ? 35 : 16.5;
  const buzzedDuring = (seg2) => hapticReactionS !== void 0 && b.lastHapticS >= seg2.t0S;
  const creepActivity = 1.875 * Math.abs(levelDeg - b.pose[FLEXION]) / creepS > 6 ? "moving" : "still";
  let seg = b.move({ flexionDeg: levelDeg, lateralDeg: b.pose[LATERAL] + between(b.rng, -3, 3) }, creepS, creepActivity);
  yield seg;
  let pending = buzzedDuring(seg);
  const end = b.timeS + holdS;
  b.buzzed = false;
  while (!pending && end - b.timeS > 0.5 && b.remainingS() > 0.5) {
    yield b.hold(Math.min(end - b.timeS, between(b.rng, 8, 40)), "still", hapticReactionS);
    if (b.buzzed || end - b.timeS < 6) break;
    const f = Math.min(hi, Math.max(lo, b.pose[FLEXION] + between(b.rng, -2, 2)));
    seg = b.move({ flexionDeg: f }, between(b.rng, 2, 4), "still");
    yield seg;
    pending = buzzedDuring(seg);
  }
  if (pending && hapticReactionS !== void 0) yield b.hold(Math.max(0, b.lastHapticS + hapticReactionS - b.timeS), "still");
  b.buzzed = false;
  yield b.move({ flexionDeg: uprightFlexionDeg(b), lateralDeg: between(b.rng, -2, 2) }, between(b.rng, 1, 2.5), "moving");
}
function* randomSlouch(b, hapticReactionS) {
  const u = uniform(b.rng);
  if (u < 0.2) {
    yield* slouch(b, between(b.rng, 13, 16), between(b.rng, 20, 240), between(b.rng, 10, 30), hapticReactionS);
  } else if (u < 0.45) {
    yield* slouch(b, between(b.rng, 24, 32), between(b.rng, 4, 12), between(b.rng, 3, 6), hapticReactionS);
  } else {
    yield* slouch(b, between(b.rng, 24, 34), between(b.rng, 45, 600), between(b.rng, 8, 40), hapticReactionS);
  }
}
function* standUp(b) {
  yield b.move({ flexionDeg: between(b.rng, 30, 40), hipUpM: 0.15, swayGain: 0.5 }, between(b.rng, 0.8, 1.1), "moving");
  yield b.move({ flexionDeg: between(b.rng, 0, 5), lateralDeg: 0, hipUpM: STANDING_HIP_UP_M, swayGain: 1.4 }, between(b.rng, 0.9, 1.3), "moving");
}
function* sitDown(b) {
  yield b.move({ flexionDeg: between(b.rng, 25, 35), hipUpM: 0.15, swayGain: 0.5 }, between(b.rng, 0.9, 1.3), "moving");
  yield b.move({ flexionDeg: uprightFlexionDeg(b), lateralDeg: between(b.rng, -2, 2), hipUpM: 0, swayGain: 1 }, between(b.rng, 0.8, 1.2), "moving");
}
function* walkBout(b, durationS) {
  const end = b.timeS + durationS;
  yield b.move({ walkGain: 1, flexionDeg: between(b.rng, 2, 7), lateralDeg: 0, swayGain: 0.5 }, between(b.rng, 1.2, 2), "walking");
  while (end - b.timeS > 3) {
    yield b.hold(Math.min(end - b.timeS, between(b.rng, 5, 30)), "walking");
    if (end - b.timeS < 5) break;
    const turnDeg = sign(b.rng) * between(b.rng, 30, 180);
    yield b.move({ headingDeg: b.pose[HEADING] + turnDeg }, Math.abs(turnDeg) / between(b.rng, 45, 90) + 0.5, "walking");
  }
  yield b.move({ walkGain: 0, flexionDeg: between(b.rng, 0, 4), swayGain: 1.4 }, between(b.rng, 1.2, 2), "walking");
}
function* lieDown(b) {
  yield b.move({ flexionDeg: -40, hipUpM: -0.05, swayGain: 0.3 }, between(b.rng, 1.2, 1.8), "moving");
  yield b.move({ flexionDeg: between(b.rng, -87, -82), lateralDeg: between(b.rng, -3, 3), hipUpM: -0.1 }, between(b.rng, 1.2, 1.8), "moving");
}
function* roll(b, to) {
  const target = to === "supine" ? { flexionDeg: between(b.rng, -87, -82), lateralDeg: between(b.rng, -3, 3) } : to === "prone" ? { flexionDeg: between(b.rng, 80, 86), lateralDeg: between(b.rng, -3, 3) } : { flexionDeg: between(b.rng, -10, 10), lateralDeg: (to === "right" ? 1 : -1) * between(b.rng, 78, 86) };
  yield b.move(target, between(b.rng, 1.5, 2.5), "moving");
}
function* getUp(b) {
  yield b.move({ flexionDeg: -40, lateralDeg: 0, hipUpM: -0.05 }, between(b.rng, 1.5, 2.2), "moving");
  yield b.move({ flexionDeg: uprightFlexionDeg(b), hipUpM: 0, swayGain: 1 }, between(b.rng, 1.2, 1.8), "moving");
}

// firmware-sim/src/scenarios/buzz-responder.ts
var buzzResponderScenario = {
  name: "buzz-responder",
  description: "creeping slouches (25-33 deg) that end 1-4 s after a haptic buzz (notifyHaptic), else after 3-6 min",
  defaultDurationS: 1800,
  defaultMounting: "back-clip",
  reactsToHaptic: true,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    while (b.remainingS() > 0.5) {
      yield* settle(b, between(b.rng, 30, 120));
      if (b.remainingS() < 0.5) break;
      yield* slouch(b, between(b.rng, 25, 33), between(b.rng, 180, 360), between(b.rng, 10, 30), between(b.rng, 1, 4));
    }
  }
};

// firmware-sim/src/scenarios/calibration.ts
var calibrationScenario = {
  name: "calibration",
  description: "neutral hold (6-10 s), one forward bend of 30-40 deg, then quiet upright sitting",
  defaultDurationS: 30,
  defaultMounting: "back-clip",
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    yield* settle(b, b.remainingS());
  }
};

// firmware-sim/src/scenarios/desk-day.ts
function* deskWork(b, breakEveryS) {
  let nextBreakS = b.timeS + between(b.rng, breakEveryS[0], breakEveryS[1]);
  while (b.remainingS() > 0.5) {
    if (b.timeS > nextBreakS && b.remainingS() > 240) {
      yield* settle(b, between(b.rng, 5, 15));
      yield* standUp(b);
      yield* walkBout(b, between(b.rng, 40, 180));
      yield* settle(b, between(b.rng, 10, 60));
      yield* walkBout(b, between(b.rng, 30, 120));
      yield* sitDown(b);
      nextBreakS = b.timeS + between(b.rng, breakEveryS[0], breakEveryS[1]);
      continue;
    }
    yield* settle(b, between(b.rng, 40, 480));
    if (b.remainingS() < 0.5) break;
    const u = uniform(b.rng);
    if (u < 0.6) yield* randomSlouch(b);
    else if (u < 0.85) yield* reach(b);
    else yield* fidget(b);
  }
}
var deskDayScenario = {
  name: "desk-day",
  description: "hours of desk sitting: creeping slouches of varied length and depth, reaches, fidgets, walking breaks",
  defaultDurationS: 2 * 3600,
  defaultMounting: "back-clip",
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    yield* deskWork(b, [1500, 3e3]);
  }
};

// firmware-sim/src/scenarios/fidgety-sitter.ts
var fidgetySitterScenario = {
  name: "fidgety-sitter",
  description: "upright sitting broken every few seconds by reaches, fidgets and short (<15 s) forward leans; no real slouch episode",
  defaultDurationS: 900,
  defaultMounting: "back-clip",
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    while (b.remainingS() > 0.5) {
      yield* settle(b, between(b.rng, 4, 40));
      if (b.remainingS() < 0.5) break;
      const u = uniform(b.rng);
      if (u < 0.35) yield* reach(b);
      else if (u < 0.8) yield* fidget(b);
      else yield* slouch(b, between(b.rng, 22, 30), between(b.rng, 3, 8), between(b.rng, 2, 4));
    }
  }
};

// firmware-sim/src/scenarios/lie-down.ts
var lieDownScenario = {
  name: "lie-down",
  description: "sit, lie down supine (~-85 deg), roll to the right side, prone, left side, back, then sit up",
  defaultDurationS: 600,
  defaultMounting: "back-clip",
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    while (b.remainingS() > 0.5) {
      yield* settle(b, between(b.rng, 20, 40));
      if (b.remainingS() < 0.5) break;
      yield* lieDown(b);
      yield b.hold(between(b.rng, 40, 90), "lying");
      for (const side of ["right", "prone", "left", "supine"]) {
        yield* roll(b, side);
        yield b.hold(between(b.rng, 30, 80), "lying");
      }
      yield* getUp(b);
    }
  }
};

// firmware-sim/src/scenarios/not-worn.ts
function flatOnDesk(b) {
  const m = b.mounting.sensorToTrunk;
  const s = uniform(b.rng) < 0.7 ? 1 : -1;
  const tilt = 0.06;
  let uf = s * m[2] + tilt * normal(b.rng), ul = s * m[5] + tilt * normal(b.rng), uu = s * m[8] + tilt * normal(b.rng);
  const n2 = Math.hypot(uf, ul, uu);
  uf /= n2;
  ul /= n2;
  uu /= n2;
  return { flexionDeg: Math.asin(-uf) * 180 / Math.PI, lateralDeg: Math.atan2(ul, uu) * 180 / Math.PI };
}
var notWornScenario = {
  name: "not-worn",
  description: "worn briefly, then unclipped and left lying flat on a desk (nudged once) for the rest of the run",
  defaultDurationS: 600,
  defaultMounting: "back-clip",
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    yield* settle(b, Math.min(between(b.rng, 40, 90), Math.max(0, b.remainingS() - 20)));
    const flat = flatOnDesk(b);
    yield b.move({ ...flat, headingDeg: between(b.rng, -180, 180), hipUpM: 0.3, swayGain: 0 }, between(b.rng, 2, 3.5), "moving");
    const restS = Math.max(1, b.remainingS());
    yield b.hold(restS * between(b.rng, 0.3, 0.6), "not_worn");
    yield b.move(
      { flexionDeg: b.pose[FLEXION], lateralDeg: b.pose[LATERAL], headingDeg: b.pose[HEADING] + between(b.rng, 20, 60) },
      between(b.rng, 0.8, 1.5),
      "not_worn"
    );
    yield b.hold(Math.max(1, b.remainingS()), "not_worn");
  }
};

// firmware-sim/src/scenarios/sensor-slip.ts
var sensorSlipScenario = {
  name: "sensor-slip",
  description: "desk sitting; at 35-55 % of the run the clip turns 25-45 deg about a random axis (stale calibration)",
  defaultDurationS: 1200,
  defaultMounting: "back-clip",
  reactsToHaptic: false,
  startsStanding: false,
  *script(b) {
    yield* calibrationRoutine(b, false);
    const slipAtS = Number.isFinite(b.durationS) ? b.durationS * between(b.rng, 0.35, 0.55) : between(b.rng, 600, 1800);
    const work = deskWork(b, [1e9, 1e9]);
    let slipped = false;
    for (; ; ) {
      if (!slipped && b.timeS >= slipAtS) {
        slipped = true;
        const axis = [normal(b.rng), normal(b.rng), normal(b.rng)];
        yield b.slip(axis, between(b.rng, 25, 45) * (normal(b.rng) < 0 ? -1 : 1), between(b.rng, 0.4, 1));
      }
      const r2 = work.next();
      if (r2.done === true) break;
      yield r2.value;
    }
  }
};

// firmware-sim/src/scenarios/standing-desk.ts
var standingDeskScenario = {
  name: "standing-desk",
  description: "standing at a desk: side leans of 6-15 deg held for seconds to minutes, a few forward slouches, reaches",
  defaultDurationS: 1200,
  defaultMounting: "back-clip",
  reactsToHaptic: false,
  startsStanding: true,
  *script(b) {
    yield* calibrationRoutine(b, true);
    while (b.remainingS() > 0.5) {
      yield* settle(b, between(b.rng, 20, 150), 9, -3);
      if (b.remainingS() < 0.5) break;
      const u = uniform(b.rng);
      if (u < 0.55) {
        const back = b.pose[LATERAL];
        yield b.move({ lateralDeg: sign(b.rng) * between(b.rng, 6, 15) }, between(b.rng, 1.5, 3), "moving");
        yield b.hold(between(b.rng, 10, 120), "still");
        yield b.move({ lateralDeg: back }, between(b.rng, 1.5, 3), "moving");
      } else if (u < 0.8) {
        const long = uniform(b.rng) < 0.6;
        yield* slouch(b, between(b.rng, 23, 30), long ? between(b.rng, 50, 240) : between(b.rng, 4, 10), long ? between(b.rng, 8, 25) : between(b.rng, 3, 5));
      } else yield* reach(b);
    }
  }
};

// firmware-sim/src/scenarios/walk.ts
var walkScenario = {
  name: "walk",
  description: "walking bouts of 1-2 min (1.8-2 steps/s, 1.1-1.4 m/s) with turns, separated by short standing pauses",
  defaultDurationS: 300,
  defaultMounting: "back-clip",
  reactsToHaptic: false,
  startsStanding: true,
  *script(b) {
    yield* calibrationRoutine(b, true);
    yield* settle(b, between(b.rng, 4, 8), 8, -3);
    while (b.remainingS() > 0.5) {
      yield* walkBout(b, Math.min(b.remainingS(), between(b.rng, 60, 120)));
      yield* settle(b, between(b.rng, 8, 20), 8, -3);
    }
  }
};

// firmware-sim/src/scenarios/registry.ts
var SCENARIOS = Object.freeze([
  calibrationScenario,
  deskDayScenario,
  standingDeskScenario,
  walkScenario,
  lieDownScenario,
  fidgetySitterScenario,
  buzzResponderScenario,
  notWornScenario,
  sensorSlipScenario
]);
function scenarioNames() {
  return SCENARIOS.map((s) => s.name);
}
function scenarioDefinition(name) {
  const def = SCENARIOS.find((s) => s.name === name);
  if (!def) throw new RangeError(`unknown scenario "${name}" (known: ${scenarioNames().join(", ")})`);
  return def;
}

// firmware-sim/src/model/imu-synthesis.ts
var STANDARD_GRAVITY_MPS2 = 9.80665;
var DEG2 = 180 / Math.PI;
function synthesizeImu(k, m, lever, sx, sy, sz, acc, gyr, i3, up) {
  const ct = Math.cos(k.th), st = Math.sin(k.th);
  const cp = Math.cos(k.ph), sp = Math.sin(k.ph);
  const thd = k.thd, phd = k.phd, psd = k.psd;
  const thdd = k.thdd, phdd = k.phdd, psdd = k.psdd;
  const uf = -st, ul = ct * sp, uu = ct * cp;
  const w1 = phd - st * psd;
  const w2 = cp * thd + sp * ct * psd;
  const w3 = -sp * thd + cp * ct * psd;
  const a1 = phdd - ct * thd * psd - st * psdd;
  const a2 = -sp * phd * thd + cp * thdd + cp * phd * ct * psd - sp * st * thd * psd + sp * ct * psdd;
  const a3 = -cp * phd * thd - sp * thdd - sp * phd * ct * psd - cp * st * thd * psd + cp * ct * psdd;
  const r1 = lever[0], r2 = lever[1], r3 = lever[2];
  const c1 = w2 * r3 - w3 * r2, c2 = w3 * r1 - w1 * r3, c3 = w1 * r2 - w2 * r1;
  let f1 = (a2 * r3 - a3 * r2 + (w2 * c3 - w3 * c2)) / STANDARD_GRAVITY_MPS2 + uf;
  let f2 = (a3 * r1 - a1 * r3 + (w3 * c1 - w1 * c3)) / STANDARD_GRAVITY_MPS2 + ul;
  let f3 = (a1 * r2 - a2 * r1 + (w1 * c2 - w2 * c1)) / STANDARD_GRAVITY_MPS2 + uu;
  const ax = k.ax, ay = k.ay, az = k.az;
  if (ax !== 0 || ay !== 0 || az !== 0) {
    const cy = Math.cos(k.ps), sy2 = Math.sin(k.ps);
    const r00 = cy * ct, r01 = cy * st * sp - sy2 * cp, r02 = cy * st * cp + sy2 * sp;
    const r10 = sy2 * ct, r11 = sy2 * st * sp + cy * cp, r12 = sy2 * st * cp - cy * sp;
    f1 += (r00 * ax + r10 * ay + uf * az) / STANDARD_GRAVITY_MPS2;
    f2 += (r01 * ax + r11 * ay + ul * az) / STANDARD_GRAVITY_MPS2;
    f3 += (r02 * ax + r12 * ay + uu * az) / STANDARD_GRAVITY_MPS2;
  }
  const m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7], m8 = m[8];
  acc[i3] = m0 * f1 + m3 * f2 + m6 * f3;
  acc[i3 + 1] = m1 * f1 + m4 * f2 + m7 * f3;
  acc[i3 + 2] = m2 * f1 + m5 * f2 + m8 * f3;
  gyr[i3] = (m0 * w1 + m3 * w2 + m6 * w3 + sx) * DEG2;
  gyr[i3 + 1] = (m1 * w1 + m4 * w2 + m7 * w3 + sy) * DEG2;
  gyr[i3 + 2] = (m2 * w1 + m5 * w2 + m8 * w3 + sz) * DEG2;
  if (up !== null) {
    up[i3] = m0 * uf + m3 * ul + m6 * uu;
    up[i3 + 1] = m1 * uf + m4 * ul + m7 * uu;
    up[i3 + 2] = m2 * uf + m5 * ul + m8 * uu;
  }
}

// firmware-sim/src/model/min-jerk.ts
function minJerk(tS, t0S, durationS, out) {
  if (durationS <= 0 || tS >= t0S + durationS) {
    out.s = 1;
    out.ds = 0;
    out.dds = 0;
    return;
  }
  if (tS <= t0S) {
    out.s = 0;
    out.ds = 0;
    out.dds = 0;
    return;
  }
  const tau = (tS - t0S) / durationS;
  const t2 = tau * tau;
  const t3 = t2 * tau;
  out.s = t3 * (10 - 15 * tau + 6 * t2);
  out.ds = 30 * t2 * (1 - tau) * (1 - tau) / durationS;
  out.dds = 60 * tau * (1 - 3 * tau + 2 * t2) / (durationS * durationS);
}

// firmware-sim/src/model/motion-style.ts
var SWAY_FLEXION = 0;
var SWAY_LATERAL = 3;
var SWAY_HEADING = 6;
var GAIT_PITCH = 9;
var GAIT_ROLL = 10;
var GAIT_YAW = 11;
var GAIT_BOUNCE = 12;
var GAIT_SIDE = 13;
var GAIT_SURGE = 14;
var OSCILLATORS = 15;
function drawMotionStyle(rng) {
  const omega = new Float64Array(OSCILLATORS);
  const phase = new Float64Array(OSCILLATORS);
  const amplitude = new Float64Array(OSCILLATORS);
  const sway = (slot, scaleDeg) => {
    const bands = [
      [0.02, 0.05, 0.5],
      [0.08, 0.14, 0.28],
      [0.2, 0.3, 0.12]
    ];
    bands.forEach(([lo, hi, a], j) => {
      omega[slot + j] = 2 * Math.PI * between(rng, lo, hi);
      phase[slot + j] = 2 * Math.PI * uniform(rng);
      amplitude[slot + j] = a * scaleDeg * between(rng, 0.8, 1.2);
    });
  };
  sway(SWAY_FLEXION, 1);
  sway(SWAY_LATERAL, 0.7);
  sway(SWAY_HEADING, 1.5);
  const stepHz = between(rng, 1.8, 2);
  const step = 2 * Math.PI * stepHz;
  const gait = [
    [GAIT_PITCH, step, between(rng, 1.5, 2.5)],
    [GAIT_ROLL, step / 2, between(rng, 2, 3)],
    [GAIT_YAW, step / 2, between(rng, 2, 4)],
    [GAIT_BOUNCE, step, between(rng, 0.02, 0.03)],
    [GAIT_SIDE, step / 2, between(rng, 0.015, 0.025)],
    [GAIT_SURGE, step, between(rng, 8e-3, 0.015)]
  ];
  for (const [slot, w, a] of gait) {
    omega[slot] = w;
    phase[slot] = 2 * Math.PI * uniform(rng);
    amplitude[slot] = a;
  }
  return { omega, phase, amplitude, stepHz, walkSpeedMps: between(rng, 1.1, 1.4) };
}
function createOscillatorBank(style, dtS) {
  const bank = {
    style,
    sin: new Float64Array(OSCILLATORS),
    cos: new Float64Array(OSCILLATORS),
    stepSin: style.omega.map((w) => Math.sin(w * dtS)),
    stepCos: style.omega.map((w) => Math.cos(w * dtS))
  };
  syncOscillators(bank, 0);
  return bank;
}
function syncOscillators(b, tS) {
  for (let j = 0; j < OSCILLATORS; j++) {
    const a = b.style.omega[j] * tS + b.style.phase[j];
    b.sin[j] = Math.sin(a);
    b.cos[j] = Math.cos(a);
  }
}
function stepOscillators(b) {
  const s = b.sin, c = b.cos, ss = b.stepSin, sc = b.stepCos;
  for (let j = 0; j < OSCILLATORS; j++) {
    const sj = s[j], cj = c[j];
    s[j] = sj * sc[j] + cj * ss[j];
    c[j] = cj * sc[j] - sj * ss[j];
  }
}

// firmware-sim/src/model/trunk-kinematics.ts
var RAD = Math.PI / 180;
function createTrunkKinematics() {
  return { th: 0, thd: 0, thdd: 0, ph: 0, phd: 0, phdd: 0, ps: 0, psd: 0, psdd: 0, ax: 0, ay: 0, az: 0 };
}
var osc = new Float64Array(3);
function oscSum(b, first, count) {
  const amp = b.style.amplitude, w = b.style.omega, s = b.sin, c = b.cos;
  let v = 0, d = 0, dd = 0;
  for (let j = first; j < first + count; j++) {
    const a = amp[j], wj = w[j];
    v += a * s[j];
    d += a * wj * c[j];
    dd -= a * wj * wj * s[j];
  }
  osc[0] = v;
  osc[1] = d;
  osc[2] = dd;
}
function evaluateTrunk(seg, tS, bank, k, mj) {
  const from = seg.from, to = seg.to;
  let s = 0, ds = 0, dds = 0;
  if (!seg.hold) {
    minJerk(tS, seg.t0S, seg.t1S - seg.t0S, mj);
    s = mj.s;
    ds = mj.ds;
    dds = mj.dds;
  }
  const dF = to[FLEXION] - from[FLEXION], dL = to[LATERAL] - from[LATERAL], dH = to[HEADING] - from[HEADING];
  const dU = to[HIP_UP] - from[HIP_UP], dS = to[SWAY] - from[SWAY], dW = to[WALK] - from[WALK];
  let th = from[FLEXION] + dF * s, thd = dF * ds, thdd = dF * dds;
  let ph = from[LATERAL] + dL * s, phd = dL * ds, phdd = dL * dds;
  const psb = from[HEADING] + dH * s, psbd = dH * ds, psbdd = dH * dds;
  let ps = psb, psd = psbd, psdd = psbdd;
  const g = from[SWAY] + dS * s, gd = dS * ds, gdd = dS * dds;
  const w = from[WALK] + dW * s, wd = dW * ds, wdd = dW * dds;
  k.az = dU * dds;
  k.ax = 0;
  k.ay = 0;
  if (g !== 0 || gd !== 0) {
    oscSum(bank, SWAY_FLEXION, 3);
    let oscV = osc[0], oscD = osc[1], oscDD = osc[2];
    th += g * oscV;
    thd += gd * oscV + g * oscD;
    thdd += gdd * oscV + 2 * gd * oscD + g * oscDD;
    oscSum(bank, SWAY_LATERAL, 3);
    oscV = osc[0];
    oscD = osc[1];
    oscDD = osc[2];
    ph += g * oscV;
    phd += gd * oscV + g * oscD;
    phdd += gdd * oscV + 2 * gd * oscD + g * oscDD;
    oscSum(bank, SWAY_HEADING, 3);
    oscV = osc[0];
    oscD = osc[1];
    oscDD = osc[2];
    ps += g * oscV;
    psd += gd * oscV + g * oscD;
    psdd += gdd * oscV + 2 * gd * oscD + g * oscDD;
  }
  if (w !== 0 || wd !== 0) {
    oscSum(bank, GAIT_PITCH, 1);
    let oscV = osc[0], oscD = osc[1], oscDD = osc[2];
    th += w * oscV;
    thd += wd * oscV + w * oscD;
    thdd += wdd * oscV + 2 * wd * oscD + w * oscDD;
    oscSum(bank, GAIT_ROLL, 1);
    oscV = osc[0];
    oscD = osc[1];
    oscDD = osc[2];
    ph += w * oscV;
    phd += wd * oscV + w * oscD;
    phdd += wdd * oscV + 2 * wd * oscD + w * oscDD;
    oscSum(bank, GAIT_YAW, 1);
    oscV = osc[0];
    oscD = osc[1];
    oscDD = osc[2];
    ps += w * oscV;
    psd += wd * oscV + w * oscD;
    psdd += wdd * oscV + 2 * wd * oscD + w * oscDD;
    oscSum(bank, GAIT_BOUNCE, 1);
    oscV = osc[0];
    oscD = osc[1];
    oscDD = osc[2];
    k.az += wdd * oscV + 2 * wd * oscD + w * oscDD;
    oscSum(bank, GAIT_SURGE, 1);
    oscV = osc[0];
    oscD = osc[1];
    oscDD = osc[2];
    const q = w * oscV, qd = wd * oscV + w * oscD, qdd = wdd * oscV + 2 * wd * oscD + w * oscDD;
    oscSum(bank, GAIT_SIDE, 1);
    oscV = osc[0];
    oscD = osc[1];
    oscDD = osc[2];
    const r2 = w * oscV, rd = wd * oscV + w * oscD, rdd = wdd * oscV + 2 * wd * oscD + w * oscDD;
    const v = w * bank.style.walkSpeedMps, vd = wd * bank.style.walkSpeedMps;
    const b1 = psbd * RAD, b2 = psbdd * RAD;
    const along = qdd - q * b1 * b1 - 2 * rd * b1 - r2 * b2 + vd;
    const across = 2 * qd * b1 + q * b2 + rdd - r2 * b1 * b1 + v * b1;
    const c = Math.cos(psb * RAD), sn = Math.sin(psb * RAD);
    k.ax = along * c - across * sn;
    k.ay = along * sn + across * c;
  }
  k.th = th * RAD;
  k.thd = thd * RAD;
  k.thdd = thdd * RAD;
  k.ph = ph * RAD;
  k.phd = phd * RAD;
  k.phdd = phdd * RAD;
  k.ps = ps * RAD;
  k.psd = psd * RAD;
  k.psdd = psdd * RAD;
}

// firmware-sim/src/scenarios/script-builder.ts
var ScriptBuilder = class {
  constructor(rng, durationS, mounting, start) {
    this.rng = rng;
    this.durationS = durationS;
    this.mounting = mounting;
    this.pose = poseOf(start);
  }
  rng;
  durationS;
  mounting;
  /** True time at the end of the last segment handed out, seconds. */
  timeS = 0;
  /** Pose at that time. */
  pose;
  /** Set by the engine when a buzz cut the last hold short; the script clears it when it reacts. */
  buzzed = false;
  /** True time of the last haptic buzz, NaN before the first. */
  lastHapticS = Number.NaN;
  /** Where the calibration routine happened (true time). */
  windows = {};
  remainingS() {
    return this.durationS - this.timeS;
  }
  /** Stay in the current pose (sway and gait continue) for `durationS`. */
  hold(durationS, activity, hapticReactionS) {
    const seg = {
      t0S: this.timeS,
      t1S: this.timeS + Math.max(0, durationS),
      from: this.pose,
      to: this.pose,
      activity,
      hold: true
    };
    if (hapticReactionS !== void 0) seg.hapticReactionS = hapticReactionS;
    this.timeS = seg.t1S;
    return seg;
  }
  /** Move to the changed pose along a minimum-jerk profile lasting `durationS`. */
  move(change, durationS, activity) {
    const to = poseOf(change, this.pose);
    const seg = {
      t0S: this.timeS,
      t1S: this.timeS + Math.max(0, durationS),
      from: this.pose,
      to,
      activity,
      hold: samePose(this.pose, to)
    };
    this.pose = to;
    this.timeS = seg.t1S;
    return seg;
  }
  /** The clip turns by `angleDeg` about the sensor axis `axis` while the pose holds. */
  slip(axis, angleDeg, durationS) {
    const seg = this.hold(durationS, "moving");
    seg.slip = { axis, angleDeg };
    return seg;
  }
};

// firmware-sim/src/scenarios/scenario-engine.ts
var ACTIVITY_CODES = Object.freeze(["still", "moving", "walking", "lying", "not_worn", "unknown"]);
var ACTIVITY_CODE = new Map(ACTIVITY_CODES.map((a, i) => [a, i]));
var OSCILLATOR_RESYNC = 4096;
var DEG3 = Math.PI / 180;
function checkOptions(def, o) {
  if (!Number.isFinite(o.seed)) throw new RangeError(`scenario ${def.name}: seed must be a finite number`);
  if (!(o.rateHz >= MIN_RATE_HZ && o.rateHz <= MAX_RATE_HZ))
    throw new RangeError(`scenario ${def.name}: rateHz must be ${MIN_RATE_HZ}..${MAX_RATE_HZ}, got ${o.rateHz}`);
  const durationS = o.durationS ?? def.defaultDurationS;
  if (!(durationS > 0)) throw new RangeError(`scenario ${def.name}: durationS must be > 0, got ${durationS}`);
  return durationS;
}
function createEngine(def, o) {
  const durationS = checkOptions(def, o);
  const rate = o.rateHz;
  const mounting = resolveMounting(o.mounting ?? def.defaultMounting, createRng(deriveSeed(o.seed, "mounting")));
  const errors = createSensorErrorState(
    resolveSensorErrors(o.errors),
    rate,
    createRng(deriveSeed(o.seed, "sensor-errors")),
    createRng(deriveSeed(o.seed, "gyro-bias-walk"))
  );
  const builder = new ScriptBuilder(createRng(deriveSeed(o.seed, `script:${def.name}`)), durationS, mounting, {
    hipUpM: def.startsStanding ? STANDING_HIP_UP_M : 0,
    swayGain: 0.2
  });
  const script = def.script(builder);
  const bank = createOscillatorBank(drawMotionStyle(createRng(deriveSeed(o.seed, "style"))), 1 / rate);
  const e = {
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
    seg: { t0S: 0, t1S: 0, from: builder.pose, to: builder.pose, activity: "still", hold: true },
    segActivityCode: 0,
    script,
    scriptDone: false,
    bank,
    kin: createTrunkKinematics(),
    mj: { s: 0, ds: 0, dds: 0 },
    noiseRng: createRng(deriveSeed(o.seed, "noise")),
    jitterRng: createRng(deriveSeed(o.seed, "jitter")),
    firstJitterS: 0
  };
  return e;
}
function advanceSegment(e, tS) {
  while (tS >= e.seg.t1S) {
    const done = e.seg;
    if (done.slip) {
      e.mounting = slippedMounting(e.mounting, done.slip.axis, done.slip.angleDeg);
      e.mountingChanges.push({ atS: done.t1S * e.clockScale, mounting: e.mounting });
    }
    let next;
    const r2 = e.scriptDone ? void 0 : e.script.next();
    if (r2 === void 0 || r2.done === true) {
      e.scriptDone = true;
      next = { t0S: done.t1S, t1S: Infinity, from: done.to, to: done.to, activity: done.activity, hold: true };
    } else next = r2.value;
    e.seg = next;
    e.segActivityCode = ACTIVITY_CODE.get(next.activity) ?? ACTIVITY_CODES.length - 1;
  }
}
function produce(e, count, out, offset) {
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
      minJerk(tS, seg.t0S, seg.t1S - seg.t0S, mj);
      const [ax, ay, az] = seg.slip.axis;
      const n2 = Math.hypot(ax, ay, az);
      m = multiply3(m, axisAngle3(ax, ay, az, seg.slip.angleDeg * DEG3 * mj.s));
      const rate2 = seg.slip.angleDeg * DEG3 * mj.ds / n2;
      sx = ax * rate2;
      sy = ay * rate2;
      sz = az * rate2;
    }
    synthesizeImu(kin, m, e.mounting.leverArmM, sx, sy, sz, out.acc, out.gyr, i3, out.upSensor);
    let jit = 0;
    if (jitter > 0) {
      jit = jitter * uniform(jitterRng);
      if (i === 0) e.firstJitterS = jit;
      jit -= e.firstJitterS;
    }
    out.timeS[k] = tS * e.clockScale + jit;
    if (out.flexionDeg) out.flexionDeg[k] = kin.th / DEG3;
    if (out.lateralDeg) out.lateralDeg[k] = kin.ph / DEG3;
    if (out.headingDeg) out.headingDeg[k] = kin.ps / DEG3;
    if (out.activity) out.activity[k] = e.segActivityCode;
    e.index = i + 1;
    stepOscillators(bank);
  }
  applySensorErrors(err, e.index - count, rate, count, out.acc, out.gyr, offset, noiseRng);
}

// firmware-sim/src/scenarios/generate-scenario.ts
function generateScenario(name, options) {
  const def = scenarioDefinition(name);
  const e = createEngine(def, options);
  if (!Number.isFinite(e.totalSamples)) throw new RangeError(`generateScenario(${name}): durationS must be finite`);
  const n2 = e.totalSamples;
  const out = {
    timeS: new Float64Array(n2),
    acc: new Float64Array(3 * n2),
    gyr: new Float64Array(3 * n2),
    flexionDeg: new Float64Array(n2),
    lateralDeg: new Float64Array(n2),
    headingDeg: new Float64Array(n2),
    activity: new Uint8Array(n2),
    upSensor: new Float64Array(3 * n2)
  };
  produce(e, n2, out, 0);
  const w = e.builder.windows;
  const toFile = (t) => Math.round(t * e.clockScale * 1e6) / 1e6;
  const neutral = w.neutral ?? [0, 0];
  const err = e.errors;
  return {
    name,
    rateHz: e.rateHz,
    seed: e.seed,
    mounting: e.startMounting,
    mountingChanges: e.mountingChanges,
    errors: {
      settings: err.settings,
      gyroBiasDps: Array.from(err.gyroBiasDps),
      gyroScale: Array.from(err.gyroScale),
      accBiasG: Array.from(err.accBiasG),
      accScale: Array.from(err.accScale),
      clockErrorPpm: err.clockErrorPpm
    },
    timeS: out.timeS,
    acc: out.acc,
    gyr: out.gyr,
    truth: {
      flexionDeg: out.flexionDeg,
      lateralDeg: out.lateralDeg,
      headingDeg: out.headingDeg,
      activity: Array.from(out.activity, (c) => ACTIVITY_CODES[c] ?? "unknown"),
      upSensor: out.upSensor
    },
    windows: w.bend ? { neutral: [toFile(neutral[0]), toFile(neutral[1])], bend: [toFile(w.bend[0]), toFile(w.bend[1])] } : { neutral: [toFile(neutral[0]), toFile(neutral[1])] }
  };
}

// packages/protocol/src/types.ts
var ACTIVITIES = Object.freeze([
  "still",
  "moving",
  "walking",
  "lying",
  "not_worn",
  "unknown"
]);
var POSTURES = Object.freeze(["upright", "slouched", "unknown"]);

// packages/protocol/src/limits.ts
var MAX_PAYLOAD_BYTES = 256 * 1024;
var MAX_MESSAGE_BYTES = 16 * 1024;

// packages/protocol/src/reject-reasons.ts
var BATCH_REJECT_REASON_DESCRIPTIONS = Object.freeze({
  too_large: "payload longer than MAX_PAYLOAD_BYTES",
  empty: "empty payload, or a batch with no samples",
  bad_json: "text that is not JSON (or not UTF-8)",
  not_an_object: "JSON whose top level is not an object",
  unknown_version: 'JSON "v" other than 1, or a binary version byte other than 0x01',
  missing_field: "one of seq, t0, hz, acc, gyr is absent",
  bad_type: "a field of the wrong JSON type, or a payload that is neither bytes nor a string",
  bad_seq: "seq not an integer in 0..2^32-1",
  bad_time: "t0 not an integer epoch ms in [2000-01-01, 2200-01-01)",
  bad_rate: "hz not a finite number in (0, 1000]",
  bad_header: "binary scale byte with an unknown range code",
  truncated: "binary payload shorter than its header says",
  length_mismatch: "acc or gyr length not a multiple of 3, acc and gyr lengths differ, or trailing bytes",
  too_many_samples: "more than MAX_SAMPLES_PER_BATCH samples",
  non_finite: "a sample that is NaN or infinite (JSON null, binary 0x8000)",
  out_of_range: "a sample with |acc| > 16 g or |gyr| > 4000 deg/s"
});
var BATCH_REJECT_REASONS = Object.freeze(
  Object.keys(BATCH_REJECT_REASON_DESCRIPTIONS)
);
var MESSAGE_REJECT_REASON_DESCRIPTIONS = Object.freeze({
  too_large: "payload longer than MAX_MESSAGE_BYTES",
  empty: "empty payload",
  bad_json: "text that is not JSON (or not UTF-8)",
  not_an_object: "JSON whose top level is not an object",
  missing_field: "a required field is absent",
  bad_type: "a field of the wrong JSON type, or a payload that is neither bytes nor a string",
  bad_value: "a field of the right type with a value outside what the protocol allows",
  unknown_type: 'an event or command "type" this protocol version does not know'
});
var MESSAGE_REJECT_REASONS = Object.freeze(
  Object.keys(MESSAGE_REJECT_REASON_DESCRIPTIONS)
);

// packages/protocol/src/topics.ts
var DEVICE_TOPIC_KINDS = Object.freeze(["imu", "status", "event", "cmd"]);
var DEVICE_PUBLISH_KINDS = Object.freeze(["imu", "status", "event"]);

// packages/protocol/src/payload-text.ts
var utf8 = new TextDecoder("utf-8", { fatal: true });

// packages/protocol/src/binary-codec.ts
var BINARY_ACC_RANGES_G = Object.freeze([2, 4, 8, 16]);
var BINARY_GYR_RANGES_DPS = Object.freeze([250, 500, 1e3, 2e3, 4e3]);

// packages/protocol/src/messages.ts
var HAPTIC_PATTERNS = Object.freeze(["short", "double", "long"]);
var KNOWN_BUTTON_ACTIONS = Object.freeze(["calibrate", "snooze"]);

// packages/protocol/src/sequence-tracker.ts
var DEFAULT_SEQUENCE_TRACKER_SETTINGS = Object.freeze({
  windowBatches: 256
});
var SEQUENCE_VERDICT_KINDS = Object.freeze([
  "new",
  "late",
  "gap",
  "reboot",
  "duplicate",
  "stale"
]);
var NEW = Object.freeze({ kind: "new", fresh: true, missed: 0 });
var LATE = Object.freeze({ kind: "late", fresh: true, missed: 0 });
var DUPLICATE = Object.freeze({ kind: "duplicate", fresh: false, missed: 0 });
var STALE = Object.freeze({ kind: "stale", fresh: false, missed: 0 });

// firmware-sim/src/device/device-connection.ts
import mqtt, { ErrorWithReasonCode } from "mqtt";

// firmware-sim/src/device/sim-device-options.ts
var DEFAULT_SIM_DEVICE_OPTIONS = Object.freeze({
  batchS: 1,
  format: "json",
  speed: 1,
  catchUp: false,
  maxBatches: Infinity,
  bufferBatches: 3600,
  maxInflight: 16,
  keepaliveS: 30,
  reconnectPeriodMs: 1e3,
  connectTimeoutMs: 1e4,
  fw: "1.2.0",
  batteryPct: 100,
  batteryDrainPctPerH: 4
});

// firmware-sim/src/fleet/fleet-settings.ts
var DEFAULT_FLEET_SETTINGS = Object.freeze({
  devices: 1,
  brokerUrl: "mqtt://localhost:1883",
  speed: 1,
  durationS: void 0,
  rateHz: 50,
  format: "json",
  idPrefix: "sim-",
  tokens: Object.freeze({ kind: "none" }),
  seed: 1,
  batchS: 1,
  historyDays: 0,
  bufferBatches: 3600,
  maxInflight: 16,
  staggerMs: void 0,
  drainTimeoutS: 30,
  reconnectPeriodMs: 1e3,
  fw: "1.2.0"
});

// firmware-sim/src/fleet/fleet-progress.ts
var DEFAULT_FLEET_PROGRESS_SETTINGS = Object.freeze({
  ttyIntervalMs: 250,
  plainIntervalMs: 5e3,
  barWidth: 24
});

// bench/.p3-orig/packages/analysis/src/calibration-error.ts
var CALIBRATION_ERRORS = Object.freeze({
  window_empty: "the %s window holds too few samples (%s, need %s)",
  window_out_of_range: "the %s window [%s, %s) lies outside the %s samples given",
  window_moving: "the wearer was not holding still during the neutral window (%s)",
  bend_too_shallow: "the forward bend is too shallow: %s\xB0 deep, need at least %s\xB0",
  bend_not_planar: "the bend was not a clean forward bend: sideways/forward ratio %s, at most %s allowed",
  invalid_vector: "an up vector in the %s window is not a finite non-zero vector (sample %s)"
});
var CalibrationError = class extends Error {
  code;
  detail;
  constructor(code, args, detail = {}) {
    let i = 0;
    super(CALIBRATION_ERRORS[code].replace(/%s/g, () => String(args[i++] ?? "?")));
    this.name = "CalibrationError";
    this.code = code;
    this.detail = Object.freeze({ ...detail });
  }
};

// bench/.p3-orig/packages/analysis/src/vector.ts
function vec3AngleDeg(a, b) {
  const ax = a[0] ?? 0;
  const ay = a[1] ?? 0;
  const az = a[2] ?? 0;
  const bx = b[0] ?? 0;
  const by = b[1] ?? 0;
  const bz = b[2] ?? 0;
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  const sin = Math.sqrt(cx * cx + cy * cy + cz * cz);
  const cos = ax * bx + ay * by + az * bz;
  return Math.atan2(sin, cos) * 180 / Math.PI;
}

// bench/.p3-orig/packages/analysis/src/forward-axis.ts
var DEG4 = Math.PI / 180;
var DEFAULT_BEND_SETTINGS = Object.freeze({
  minSamples: 10,
  minDepthDeg: 12,
  depthPercentile: 0.95,
  topFraction: 0.6,
  movingFraction: 0.25,
  maxLateralRatio: 0.3,
  fullQualityDepthDeg: 30
});
function forwardFromBend(up, range, u, settings2 = {}) {
  const s = { ...DEFAULT_BEND_SETTINGS, ...settings2 };
  const total = Math.floor(up.length / 3);
  if (range.start < 0 || range.end > total || range.start > range.end) {
    throw new CalibrationError("window_out_of_range", ["bend", range.start, range.end, total]);
  }
  const count = range.end - range.start;
  if (count < s.minSamples) throw new CalibrationError("window_empty", ["bend", count, s.minSamples]);
  const ux = u[0], uy = u[1], uz = u[2];
  const dev = new Float64Array(3 * count);
  const tilt = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const i = range.start + k;
    const n2 = Math.hypot(up[3 * i], up[3 * i + 1], up[3 * i + 2]);
    if (!(n2 > 0) || !Number.isFinite(n2)) throw new CalibrationError("invalid_vector", ["bend", i]);
    const x = up[3 * i] / n2, y = up[3 * i + 1] / n2, z = up[3 * i + 2] / n2;
    const c = x * ux + y * uy + z * uz;
    const dx = x - c * ux, dy = y - c * uy, dz = z - c * uz;
    dev[3 * k] = dx;
    dev[3 * k + 1] = dy;
    dev[3 * k + 2] = dz;
    tilt[k] = Math.atan2(Math.hypot(dx, dy, dz), c) / DEG4;
  }
  const sorted = tilt.slice().sort();
  const depthDeg = sorted[Math.min(count - 1, Math.floor(s.depthPercentile * (count - 1)))];
  if (!(depthDeg >= s.minDepthDeg)) {
    throw new CalibrationError("bend_too_shallow", [depthDeg.toFixed(1), s.minDepthDeg], { bendDepthDeg: depthDeg });
  }
  let gx = 0, gy = 0, gz = 0;
  for (let k = 0; k < count; k++) {
    if (tilt[k] < s.topFraction * depthDeg) continue;
    gx += dev[3 * k];
    gy += dev[3 * k + 1];
    gz += dev[3 * k + 2];
  }
  const gn = Math.hypot(gx, gy, gz);
  const f = Float64Array.of(-gx / gn, -gy / gn, -gz / gn);
  const lx = uy * f[2] - uz * f[1], ly = uz * f[0] - ux * f[2], lz = ux * f[1] - uy * f[0];
  let sagittalSq = 0, lateralSq = 0;
  for (let k = 0; k < count; k++) {
    if (tilt[k] < s.movingFraction * depthDeg) continue;
    const dx = dev[3 * k], dy = dev[3 * k + 1], dz = dev[3 * k + 2];
    const sag = dx * f[0] + dy * f[1] + dz * f[2];
    const lat = dx * lx + dy * ly + dz * lz;
    sagittalSq += sag * sag;
    lateralSq += lat * lat;
  }
  const lateralRatio = Math.sqrt(lateralSq / sagittalSq);
  if (!(lateralRatio <= s.maxLateralRatio)) {
    throw new CalibrationError("bend_not_planar", [lateralRatio.toFixed(2), s.maxLateralRatio], { bendDepthDeg: depthDeg, bendLateralRatio: lateralRatio });
  }
  const quality = Math.min(1, depthDeg / s.fullQualityDepthDeg) * (1 - lateralRatio / s.maxLateralRatio);
  return { f, depthDeg, lateralRatio, quality };
}
var DEFAULT_MOTION_FORWARD_SETTINGS = Object.freeze({
  minTiltDeg: 5,
  maxTiltDeg: 70,
  minEvidenceS: 60,
  halfEvidenceS: 60,
  minAnisotropy: 0.5,
  minOneSidedness: 0.35,
  maxStepS: 1
});
function createMotionForward(u, settings2 = {}) {
  const s = Object.freeze({ ...DEFAULT_MOTION_FORWARD_SETTINGS, ...settings2 });
  const state = {
    settings: s,
    u: new Float64Array(3),
    evidenceS: 0,
    known: false,
    f: new Float64Array(3),
    quality: 0,
    anisotropy: 0,
    oneSidedness: 0,
    m1: new Float64Array(3),
    m2: new Float64Array(6),
    cosMin: Math.cos(s.minTiltDeg * DEG4),
    cosMax: Math.cos(s.maxTiltDeg * DEG4)
  };
  setMotionForwardNeutral(state, u);
  return state;
}
function resetMotionForward(e) {
  const s = e;
  s.m1.fill(0);
  s.m2.fill(0);
  s.evidenceS = 0;
  s.known = false;
  s.quality = 0;
  s.anisotropy = 0;
  s.oneSidedness = 0;
  s.f.fill(0);
}
function setMotionForwardNeutral(e, u) {
  const n2 = Math.hypot(u[0], u[1], u[2]);
  e.u[0] = u[0] / n2;
  e.u[1] = u[1] / n2;
  e.u[2] = u[2] / n2;
}
function updateMotionForward(e, dtS, up) {
  const s = e;
  if (!(dtS > 0)) return;
  const n2 = Math.sqrt(up[0] * up[0] + up[1] * up[1] + up[2] * up[2]);
  if (!(n2 > 0) || !Number.isFinite(n2)) return;
  const x = up[0] / n2, y = up[1] / n2, z = up[2] / n2;
  const c = x * s.u[0] + y * s.u[1] + z * s.u[2];
  if (c > s.cosMin || c < s.cosMax) return;
  const w = Math.min(dtS, s.settings.maxStepS);
  s.evidenceS += w;
  const m1 = s.m1, m2 = s.m2;
  m1[0] = m1[0] + w * x;
  m1[1] = m1[1] + w * y;
  m1[2] = m1[2] + w * z;
  m2[0] = m2[0] + w * x * x;
  m2[1] = m2[1] + w * x * y;
  m2[2] = m2[2] + w * x * z;
  m2[3] = m2[3] + w * y * y;
  m2[4] = m2[4] + w * y * z;
  m2[5] = m2[5] + w * z * z;
}
function quadratic(m, ax, ay, az, bx, by, bz) {
  return ax * (m[0] * bx + m[1] * by + m[2] * bz) + ay * (m[1] * bx + m[3] * by + m[4] * bz) + az * (m[2] * bx + m[4] * by + m[5] * bz);
}
function solveMotionForward(e) {
  const s = e;
  const u = s.u;
  const ax = Math.abs(u[0]), ay = Math.abs(u[1]), az = Math.abs(u[2]);
  let e1x, e1y, e1z;
  if (ax <= ay && ax <= az) {
    e1x = 0;
    e1y = u[2];
    e1z = -u[1];
  } else if (ay <= az) {
    e1x = -u[2];
    e1y = 0;
    e1z = u[0];
  } else {
    e1x = u[1];
    e1y = -u[0];
    e1z = 0;
  }
  const n1 = Math.hypot(e1x, e1y, e1z);
  e1x /= n1;
  e1y /= n1;
  e1z /= n1;
  const e2x = u[1] * e1z - u[2] * e1y, e2y = u[2] * e1x - u[0] * e1z, e2z = u[0] * e1y - u[1] * e1x;
  const m1 = s.m1, m2 = s.m2;
  const mean1 = m1[0] * e1x + m1[1] * e1y + m1[2] * e1z;
  const mean2 = m1[0] * e2x + m1[1] * e2y + m1[2] * e2z;
  const a = quadratic(m2, e1x, e1y, e1z, e1x, e1y, e1z);
  const b = quadratic(m2, e1x, e1y, e1z, e2x, e2y, e2z);
  const c = quadratic(m2, e2x, e2y, e2z, e2x, e2y, e2z);
  const half = Math.hypot((a - c) / 2, b);
  const l1 = (a + c) / 2 + half;
  const l2 = (a + c) / 2 - half;
  const angle = 0.5 * Math.atan2(2 * b, a - c);
  const ca = Math.cos(angle), sa = Math.sin(angle);
  const meanAlong = (mean1 * ca + mean2 * sa) / s.evidenceS;
  const rmsAlong = Math.sqrt(l1 / s.evidenceS);
  s.anisotropy = l1 > 0 ? 1 - Math.max(0, l2) / l1 : 0;
  s.oneSidedness = rmsAlong > 0 ? Math.min(1, Math.abs(meanAlong) / rmsAlong) : 0;
  const sign2 = meanAlong > 0 ? -1 : 1;
  s.f[0] = sign2 * (ca * e1x + sa * e2x);
  s.f[1] = sign2 * (ca * e1y + sa * e2y);
  s.f[2] = sign2 * (ca * e1z + sa * e2z);
  const st = s.settings;
  s.quality = s.evidenceS > 0 ? s.anisotropy * s.oneSidedness * (s.evidenceS / (s.evidenceS + st.halfEvidenceS)) : 0;
  s.known = s.evidenceS >= st.minEvidenceS && s.anisotropy >= st.minAnisotropy && s.oneSidedness >= st.minOneSidedness;
}
function forwardFromMotion(up, timeS, range, u, settings2 = {}) {
  const e = createMotionForward(u, settings2);
  const v = new Float64Array(3);
  for (let i = Math.max(1, range.start); i < range.end; i++) {
    v[0] = up[3 * i];
    v[1] = up[3 * i + 1];
    v[2] = up[3 * i + 2];
    updateMotionForward(e, timeS[i] - timeS[i - 1], v);
  }
  solveMotionForward(e);
  return e;
}

// bench/.p3-orig/packages/analysis/src/calibration.ts
var DEFAULT_NEUTRAL_SETTINGS = Object.freeze({
  minSamples: 10,
  outlierMedianFactor: 3,
  outlierFloorDeg: 1.5,
  minKeptFraction: 0.6,
  maxSpreadDeg: 4
});
function indexRangeForTimes(timeS, fromS, toS) {
  let start = 0;
  while (start < timeS.length && timeS[start] < fromS) start++;
  let end = start;
  while (end < timeS.length && timeS[end] < toS) end++;
  return { start, end };
}
function checkRange(up, range, name, minSamples) {
  const count = Math.floor(up.length / 3);
  if (range.start < 0 || range.end > count || range.start > range.end) {
    throw new CalibrationError("window_out_of_range", [name, range.start, range.end, count]);
  }
  if (range.end - range.start < minSamples) {
    throw new CalibrationError("window_empty", [name, range.end - range.start, minSamples]);
  }
  for (let i = range.start; i < range.end; i++) {
    const n2 = Math.hypot(up[3 * i], up[3 * i + 1], up[3 * i + 2]);
    if (!(n2 > 0) || !Number.isFinite(n2)) throw new CalibrationError("invalid_vector", [name, i]);
  }
}
function meanDirection(up, range, keep, out) {
  let x = 0, y = 0, z = 0;
  for (let i = range.start; i < range.end; i++) {
    if (!keep[i - range.start]) continue;
    const n3 = Math.hypot(up[3 * i], up[3 * i + 1], up[3 * i + 2]);
    x += up[3 * i] / n3;
    y += up[3 * i + 1] / n3;
    z += up[3 * i + 2] / n3;
  }
  const n2 = Math.hypot(x, y, z);
  out[0] = x / n2;
  out[1] = y / n2;
  out[2] = z / n2;
}
function angleToDeg(up, i, u) {
  return vec3AngleDeg(up.subarray(3 * i, 3 * i + 3), u);
}
function neutralFromWindow(up, range, settings2 = {}) {
  const s = { ...DEFAULT_NEUTRAL_SETTINGS, ...settings2 };
  checkRange(up, range, "neutral", s.minSamples);
  const count = range.end - range.start;
  const keep = new Uint8Array(count).fill(1);
  const angles = new Float64Array(count);
  const u = new Float64Array(3);
  meanDirection(up, range, keep, u);
  let kept = count;
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < count; k++) angles[k] = angleToDeg(up, range.start + k, u);
    const median = angles.slice().sort()[count >> 1];
    const limit = Math.max(s.outlierFloorDeg, s.outlierMedianFactor * median);
    kept = 0;
    for (let k = 0; k < count; k++) {
      keep[k] = angles[k] <= limit ? 1 : 0;
      kept += keep[k];
    }
    meanDirection(up, range, keep, u);
  }
  let sumSq = 0;
  for (let k = 0; k < count; k++) {
    if (!keep[k]) continue;
    const a = angleToDeg(up, range.start + k, u);
    sumSq += a * a;
  }
  const spreadDeg = Math.sqrt(sumSq / kept);
  const keptFraction = kept / count;
  const figures = { neutralSpreadDeg: spreadDeg, neutralKeptFraction: keptFraction };
  if (keptFraction < s.minKeptFraction) {
    throw new CalibrationError("window_moving", [`only ${(keptFraction * 100).toFixed(0)}% of it was steady`], figures);
  }
  if (spreadDeg > s.maxSpreadDeg) {
    throw new CalibrationError("window_moving", [`spread ${spreadDeg.toFixed(1)}\xB0 > ${s.maxSpreadDeg}\xB0`], figures);
  }
  const quality = Math.max(0, 1 - spreadDeg / s.maxSpreadDeg) * keptFraction;
  return { u, spreadDeg, keptFraction, quality };
}
function writeFrame(frame, u, forward) {
  const un = Math.hypot(u[0], u[1], u[2]);
  const ux = u[0] / un, uy = u[1] / un, uz = u[2] / un;
  const d = forward[0] * ux + forward[1] * uy + forward[2] * uz;
  let fx = forward[0] - d * ux, fy = forward[1] - d * uy, fz = forward[2] - d * uz;
  const fn = Math.hypot(fx, fy, fz);
  if (!(fn > 1e-9 * Math.hypot(forward[0], forward[1], forward[2]))) return false;
  fx /= fn;
  fy /= fn;
  fz /= fn;
  frame.f[0] = fx;
  frame.f[1] = fy;
  frame.f[2] = fz;
  frame.l[0] = uy * fz - uz * fy;
  frame.l[1] = uz * fx - ux * fz;
  frame.l[2] = ux * fy - uy * fx;
  frame.u[0] = ux;
  frame.u[1] = uy;
  frame.u[2] = uz;
  return true;
}
function frameFromAxes(u, forward) {
  const frame = { f: new Float64Array(3), l: new Float64Array(3), u: new Float64Array(3) };
  return writeFrame(frame, u, forward) ? frame : null;
}
function writePerpendicular(out, u) {
  const ax = Math.abs(u[0]), ay = Math.abs(u[1]), az = Math.abs(u[2]);
  if (ax <= ay && ax <= az) {
    out[0] = 0;
    out[1] = u[2];
    out[2] = -u[1];
  } else if (ay <= az) {
    out[0] = -u[2];
    out[1] = 0;
    out[2] = u[0];
  } else {
    out[0] = u[1];
    out[1] = -u[0];
    out[2] = 0;
  }
  return out;
}
function neutralOnlyCalibration(u, quality, detail) {
  const frame = frameFromAxes(u, writePerpendicular(new Float64Array(3), u));
  return { frame, method: "neutral-only", quality, detail };
}
var DEFAULT_WINDOW_CALIBRATION_SETTINGS = Object.freeze({
  neutral: DEFAULT_NEUTRAL_SETTINGS,
  bend: DEFAULT_BEND_SETTINGS
});
function calibrateFromWindows(up, neutral, bend, settings2 = {}) {
  const n2 = neutralFromWindow(up, neutral, settings2.neutral);
  const neutralDetail = { source: "window", neutralSpreadDeg: n2.spreadDeg, neutralKeptFraction: n2.keptFraction, neutralQuality: n2.quality };
  if (!bend) return neutralOnlyCalibration(n2.u, n2.quality, neutralDetail);
  const b = forwardFromBend(up, bend, n2.u, settings2.bend);
  const frame = frameFromAxes(n2.u, b.f);
  return {
    frame,
    method: "windows",
    quality: n2.quality * b.quality,
    detail: { ...neutralDetail, bendDepthDeg: b.depthDeg, bendLateralRatio: b.lateralRatio, bendQuality: b.quality }
  };
}
function calibrateNeutralWithMotion(up, timeS, neutral, motion, settings2 = {}) {
  const n2 = neutralFromWindow(up, neutral, settings2.neutral);
  const m = forwardFromMotion(up, timeS, motion, n2.u, settings2.motion);
  const detail = {
    source: "window",
    neutralSpreadDeg: n2.spreadDeg,
    neutralKeptFraction: n2.keptFraction,
    neutralQuality: n2.quality,
    motionEvidenceS: m.evidenceS,
    motionAnisotropy: m.anisotropy,
    motionOneSidedness: m.oneSidedness,
    motionQuality: m.quality
  };
  if (!m.known) return neutralOnlyCalibration(n2.u, n2.quality, detail);
  return { frame: frameFromAxes(n2.u, m.f), method: "neutral+motion", quality: n2.quality * m.quality, detail };
}

// bench/.p3-orig/packages/analysis/src/gyro-bias.ts
var DEFAULT_GYRO_BIAS_SETTINGS = Object.freeze({
  stillGyroDeviationDps: 1,
  stillAccDeviationG: 0.02,
  maxStillTiltRateDps: 2,
  maxStillRateDps: 6,
  maxInitialBiasDps: 10,
  stillBlockS: 0.25,
  stillTimeS: 1,
  biasAveragingS: 3
});
function createGyroBias(settings2, biasDps) {
  const s = Object.freeze({ ...DEFAULT_GYRO_BIAS_SETTINGS, ...settings2 });
  const state = {
    settings: s,
    biasDps: biasDps ?? new Float64Array(3),
    still: false,
    stillForS: 0.5,
    stillBlocks: 0,
    learned: false,
    blockT: 0.5,
    n: 0,
    sgx: 0.5,
    sgy: 0.5,
    sgz: 0.5,
    sg2: 0.5,
    sax: 0.5,
    say: 0.5,
    saz: 0.5,
    sa2: 0.5,
    blockS: s.stillBlockS,
    invAveragingS: 1 / Math.max(s.biasAveragingS, 1e-9),
    gyroVar: s.stillGyroDeviationDps * s.stillGyroDeviationDps,
    accVar: s.stillAccDeviationG * s.stillAccDeviationG,
    maxRate2: s.maxStillRateDps * s.maxStillRateDps,
    maxInitial2: s.maxInitialBiasDps * s.maxInitialBiasDps,
    maxTiltPerS2: (s.maxStillTiltRateDps * Math.PI / 180) ** 2,
    lax: 0.5,
    lay: 0.5,
    laz: 0.5,
    stillTimeS: s.stillTimeS
  };
  resetGyroBias(state);
  return state;
}
function clearBlock(s) {
  s.blockT = 0;
  s.n = 0;
  s.sgx = s.sgy = s.sgz = s.sg2 = 0;
  s.sax = s.say = s.saz = s.sa2 = 0;
}
function resetGyroBias(b) {
  const s = b;
  s.still = false;
  s.stillForS = 0;
  s.stillBlocks = 0;
  s.lax = s.lay = s.laz = Number.NaN;
  clearBlock(s);
}
function endBlock(s) {
  const inv = 1 / s.n;
  const mgx = s.sgx * inv;
  const mgy = s.sgy * inv;
  const mgz = s.sgz * inv;
  const max = s.sax * inv;
  const may = s.say * inv;
  const maz = s.saz * inv;
  const gVar = s.sg2 * inv - (mgx * mgx + mgy * mgy + mgz * mgz);
  const aVar = s.sa2 * inv - (max * max + may * may + maz * maz);
  const bias = s.biasDps;
  const rx = mgx - bias[0];
  const ry = mgy - bias[1];
  const rz = mgz - bias[2];
  const dx = max - s.lax;
  const dy = may - s.lay;
  const dz = maz - s.laz;
  s.lax = max;
  s.lay = may;
  s.laz = maz;
  const still = s.n >= 2 && gVar < s.gyroVar && aVar < s.accVar && dx * dx + dy * dy + dz * dz < s.maxTiltPerS2 * s.blockT * s.blockT && rx * rx + ry * ry + rz * rz < (s.learned ? s.maxRate2 : s.maxInitial2);
  if (still) {
    s.stillForS += s.blockT;
    if (s.stillForS > s.stillTimeS) {
      s.stillBlocks++;
      let m = s.blockT * s.invAveragingS;
      if (!s.learned && m < 1 / s.stillBlocks) m = 1 / s.stillBlocks;
      if (m > 1) m = 1;
      bias[0] = bias[0] + m * rx;
      bias[1] = bias[1] + m * ry;
      bias[2] = bias[2] + m * rz;
    }
  } else {
    if (s.stillBlocks * s.blockS >= s.stillTimeS) s.learned = true;
    s.stillForS = 0;
    s.stillBlocks = 0;
  }
  s.still = still;
  clearBlock(s);
}
function updateGyroBias(b, dtS, ax, ay, az, gx, gy, gz) {
  const s = b;
  s.n++;
  s.sgx += gx;
  s.sgy += gy;
  s.sgz += gz;
  s.sg2 += gx * gx + gy * gy + gz * gz;
  s.sax += ax;
  s.say += ay;
  s.saz += az;
  s.sa2 += ax * ax + ay * ay + az * az;
  if ((s.blockT += dtS) >= s.blockS) endBlock(s);
  return s.still;
}

// bench/.p3-orig/packages/analysis/src/orientation-filter-settings.ts
var DEFAULT_ORIENTATION_FILTER_SETTINGS = Object.freeze({
  ...DEFAULT_GYRO_BIAS_SETTINGS,
  accTimeConstantS: 2,
  correctionTimeConstantS: 1.5,
  stillTimeConstantS: 0.15,
  biasGainPerS2: 0.1,
  biasLearningMaxRateDps: 30,
  maxBiasDps: 10,
  startupS: 1,
  accelerationRejectionDeg: 10,
  accelerationMagnitudeToleranceG: 0.1,
  recoveryTriggerS: 5,
  reinitialiseAfterGapS: 1,
  gyroRangeDps: 2e3
});

// bench/.p3-orig/packages/analysis/src/orientation-filter.ts
var DEG_TO_RAD = Math.PI / 180;
var RAD_TO_DEG = 180 / Math.PI;
function createOrientationFilter(settings2) {
  const s = Object.freeze({ ...DEFAULT_ORIENTATION_FILTER_SETTINGS, ...settings2 });
  const gyroBiasDps = new Float64Array(3);
  const rej = s.accelerationRejectionDeg;
  const tol = s.accelerationMagnitudeToleranceG;
  const learnRad = s.biasLearningMaxRateDps * DEG_TO_RAD;
  const state = {
    settings: s,
    up: new Float64Array([0, 0, 1]),
    gyroBiasDps,
    initialised: false,
    accelerationRejected: false,
    still: false,
    bias: createGyroBias(s, gyroBiasDps),
    sample: new Float64Array(7),
    // Numeric fields start as doubles (0.5 then reset) so their representation never changes.
    elapsedS: 0.5,
    rejectedForS: 0.5,
    p: new Float64Array(3),
    invAccTau: 1 / Math.max(s.accTimeConstantS, 1e-9),
    invCorrTau: 1 / Math.max(s.correctionTimeConstantS, 1e-9),
    invStillTau: 1 / Math.max(s.stillTimeConstantS, 1e-9),
    stillAccDev2: 9 * s.stillAccDeviationG * s.stillAccDeviationG,
    biasGainDeg: s.biasGainPerS2 * RAD_TO_DEG,
    biasRate2: learnRad * learnRad,
    maxBias: s.maxBiasDps,
    startupS: s.startupS,
    rejectCos2: rej > 0 && rej < 90 ? Math.cos(rej * DEG_TO_RAD) ** 2 : 0,
    magLow2: tol > 0 && tol < 1 ? (1 - tol) * (1 - tol) : 0,
    magHigh2: tol > 0 ? (1 + tol) * (1 + tol) : Infinity,
    recoveryS: s.recoveryTriggerS,
    gapS: s.reinitialiseAfterGapS > 0 ? s.reinitialiseAfterGapS : Infinity,
    gyroClip: s.gyroRangeDps > 0 ? 0.98 * s.gyroRangeDps : Infinity
  };
  resetOrientationFilter(state);
  return state;
}
function resetOrientationFilter(f) {
  const s = f;
  s.initialised = false;
  s.accelerationRejected = false;
  s.still = false;
  s.elapsedS = 0;
  s.rejectedForS = 0;
  resetGyroBias(s.bias);
}
function initialise(s, ax, ay, az, a2) {
  const inv = 1 / Math.sqrt(a2);
  const p = s.p;
  p[0] = ax;
  p[1] = ay;
  p[2] = az;
  s.up[0] = ax * inv;
  s.up[1] = ay * inv;
  s.up[2] = az * inv;
  s.elapsedS = 0;
  s.rejectedForS = 0;
  s.initialised = true;
}
function updateOrientationFilter(f, dtS, ax, ay, az, gx, gy, gz) {
  const x = f.sample;
  x[0] = dtS;
  x[1] = ax;
  x[2] = ay;
  x[3] = az;
  x[4] = gx;
  x[5] = gy;
  x[6] = gz;
  stepOrientationFilter(f);
}
function stepOrientationFilter(s) {
  const x = s.sample;
  const dtS = x[0];
  const ax = x[1];
  const ay = x[2];
  const az = x[3];
  const gx = x[4];
  const gy = x[5];
  const gz = x[6];
  const dt = dtS > 0 ? dtS : 0;
  const clip = s.gyroClip;
  if (dt > s.gapS || Math.abs(gx) > clip || Math.abs(gy) > clip || Math.abs(gz) > clip) {
    resetOrientationFilter(s);
  }
  const still = s.still = updateGyroBias(s.bias, dt, ax, ay, az, gx, gy, gz);
  const a2 = ax * ax + ay * ay + az * az;
  const accOk = a2 > 1e-6 && a2 < 1e6;
  if (!s.initialised) {
    if (accOk) initialise(s, ax, ay, az, a2);
    return;
  }
  const bias = s.gyroBiasDps;
  const rx = (bias[0] - gx) * DEG_TO_RAD * dt;
  const ry = (bias[1] - gy) * DEG_TO_RAD * dt;
  const rz = (bias[2] - gz) * DEG_TO_RAD * dt;
  const t2 = rx * rx + ry * ry + rz * rz;
  if (!(t2 <= 1)) {
    resetOrientationFilter(s);
    if (accOk) initialise(s, ax, ay, az, a2);
    return;
  }
  const sinc = 1 - t2 * (1 / 6) * (1 - t2 * (1 / 20));
  const cosc = 0.5 - t2 * (1 / 24) * (1 - t2 * (1 / 30));
  const pv = s.p;
  let px = pv[0];
  let py = pv[1];
  let pz = pv[2];
  let cx = ry * pz - rz * py;
  let cy = rz * px - rx * pz;
  let cz = rx * py - ry * px;
  px += sinc * cx + cosc * (ry * cz - rz * cy);
  py += sinc * cy + cosc * (rz * cx - rx * cz);
  pz += sinc * cz + cosc * (rx * cy - ry * cx);
  const up = s.up;
  let ux = up[0];
  let uy = up[1];
  let uz = up[2];
  cx = ry * uz - rz * uy;
  cy = rz * ux - rx * uz;
  cz = rx * uy - ry * ux;
  ux += sinc * cx + cosc * (ry * cz - rz * cy);
  uy += sinc * cy + cosc * (rz * cx - rx * cz);
  uz += sinc * cz + cosc * (rx * cy - ry * cx);
  const elapsed = s.elapsedS += dt;
  const startup = elapsed < s.startupS;
  let kc = 0;
  s.accelerationRejected = !accOk;
  if (accOk) {
    let kl = dt * s.invAccTau;
    kc = dt * s.invCorrTau;
    const dax = ax - px;
    const day = ay - py;
    const daz = az - pz;
    if (still && dax * dax + day * day + daz * daz < s.stillAccDev2 && a2 >= s.magLow2 && a2 <= s.magHigh2) {
      const ks = dt * s.invStillTau;
      if (ks > kl) kl = ks;
      if (ks > kc) kc = ks;
    }
    if (startup) {
      const km = dt / elapsed;
      if (km > kl) kl = km;
      if (km > kc) kc = km;
    }
    if (kl > 1) kl = 1;
    if (kc > 1) kc = 1;
    px += kl * dax;
    py += kl * day;
    pz += kl * daz;
    const p2 = px * px + py * py + pz * pz;
    const dot = px * ux + py * uy + pz * uz;
    let ok = startup || dot > 0 && dot * dot >= s.rejectCos2 * p2 && p2 >= s.magLow2 && p2 <= s.magHigh2;
    let rejectedFor = s.rejectedForS + (ok ? -9 * dt : dt);
    if (rejectedFor < 0) rejectedFor = 0;
    if (rejectedFor > s.recoveryS) {
      rejectedFor = 0;
      ok = true;
      kc = 1;
    }
    s.rejectedForS = rejectedFor;
    s.accelerationRejected = !ok;
    if (!ok) {
      kc = 0;
    } else {
      if (!startup && !still && t2 < s.biasRate2 * dt * dt && s.biasGainDeg > 0) {
        const kb = s.biasGainDeg * dt;
        const m = s.maxBias;
        let b = bias[0] - kb * (py * uz - pz * uy);
        bias[0] = b > m ? m : b < -m ? -m : b;
        b = bias[1] - kb * (pz * ux - px * uz);
        bias[1] = b > m ? m : b < -m ? -m : b;
        b = bias[2] - kb * (px * uy - py * ux);
        bias[2] = b > m ? m : b < -m ? -m : b;
      }
      ux += kc * (px - ux);
      uy += kc * (py - uy);
      uz += kc * (pz - uz);
    }
  }
  pv[0] = px;
  pv[1] = py;
  pv[2] = pz;
  const u2 = ux * ux + uy * uy + uz * uz;
  const un = u2 > 1.001 || u2 < 0.999 ? 1 / Math.sqrt(u2) : 1.5 - 0.5 * u2;
  up[0] = ux * un;
  up[1] = uy * un;
  up[2] = uz * un;
}

// bench/.p3-orig/packages/analysis/src/trunk-angles.ts
var RAD_TO_DEG2 = 180 / Math.PI;
function trunkAngles(frame, up, out) {
  const x = up[0];
  const y = up[1];
  const z = up[2];
  const n2 = x * x + y * y + z * z;
  if (!(n2 > 0) || n2 === Infinity) {
    out.flexionDeg = NaN;
    out.lateralDeg = NaN;
    return;
  }
  const f = frame.f;
  const l = frame.l;
  const u = frame.u;
  const uf = (x * f[0] + y * f[1] + z * f[2]) / Math.sqrt(n2);
  const ul = x * l[0] + y * l[1] + z * l[2];
  const uu = x * u[0] + y * u[1] + z * u[2];
  out.flexionDeg = Math.asin(uf > 1 ? -1 : uf < -1 ? 1 : -uf) * RAD_TO_DEG2;
  out.lateralDeg = Math.atan2(ul, uu) * RAD_TO_DEG2;
}
function tiltFromNeutralDeg(u, up) {
  return vec3AngleDeg(u, up);
}
function forwardKnown(calibration2) {
  return calibration2.method !== "neutral-only";
}
function calibratedAngles(calibration2, up, out) {
  if (forwardKnown(calibration2)) {
    trunkAngles(calibration2.frame, up, out);
    return;
  }
  out.flexionDeg = tiltFromNeutralDeg(calibration2.frame.u, up);
  out.lateralDeg = NaN;
}

// bench/.p3-orig/packages/analysis/src/wear-detector.ts
var RAD_TO_DEG3 = 180 / Math.PI;
function createWearDetector(settings2, blocksPerSecond) {
  const windowS = Math.max(2, Math.round(settings2.quietWindowS));
  return {
    settings: settings2,
    notWorn: false,
    quietS: 0,
    accSpreadDeg: Number.NaN,
    gyroSpreadDps: Number.NaN,
    blocksPerSecond: Math.max(1, Math.round(blocksPerSecond)),
    windowS,
    blocks: 0,
    n: 0,
    ax: 0,
    ay: 0,
    az: 0,
    gx: 0,
    gy: 0,
    gz: 0,
    acc2: 0,
    gyr2: 0,
    accNoise2: 0,
    gyrNoise2: 0,
    accMeans: new Float64Array(3 * windowS),
    gyrMeans: new Float64Array(3 * windowS),
    head: 0,
    count: 0
  };
}
function resetWearDetector(w) {
  w.notWorn = false;
  w.quietS = 0;
  w.accSpreadDeg = w.gyroSpreadDps = Number.NaN;
  w.blocks = w.n = 0;
  w.ax = w.ay = w.az = w.gx = w.gy = w.gz = w.acc2 = w.gyr2 = 0;
  w.accNoise2 = w.gyrNoise2 = 0;
  w.head = w.count = 0;
}
function addWearBlock(w, n2, ax, ay, az, gx, gy, gz, acc2, gyr2) {
  w.n += n2;
  w.ax += ax;
  w.ay += ay;
  w.az += az;
  w.gx += gx;
  w.gy += gy;
  w.gz += gz;
  w.acc2 += acc2;
  w.gyr2 += gyr2;
  if (++w.blocks >= w.blocksPerSecond) closeSecond(w);
}
function closeSecond(w) {
  const s = w.settings;
  const inv = 1 / w.n;
  let ax = w.ax * inv, ay = w.ay * inv, az = w.az * inv;
  const norm = Math.sqrt(ax * ax + ay * ay + az * az);
  const gx = w.gx * inv, gy = w.gy * inv, gz = w.gz * inv;
  const accVarMean = Math.max(0, w.acc2 * inv - norm * norm) * inv / (norm > 0 ? norm * norm : 1);
  const gyrVarMean = Math.max(0, w.gyr2 * inv - (gx * gx + gy * gy + gz * gz)) * inv;
  const k = w.count === 0 ? 1 : 0.2;
  w.accNoise2 += k * (accVarMean - w.accNoise2);
  w.gyrNoise2 += k * (gyrVarMean - w.gyrNoise2);
  if (norm > 0) {
    ax /= norm;
    ay /= norm;
    az /= norm;
  }
  const h = w.head;
  w.accMeans[3 * h] = ax;
  w.accMeans[3 * h + 1] = ay;
  w.accMeans[3 * h + 2] = az;
  w.gyrMeans[3 * h] = gx;
  w.gyrMeans[3 * h + 1] = gy;
  w.gyrMeans[3 * h + 2] = gz;
  w.head = h + 1 === w.windowS ? 0 : h + 1;
  if (w.count < w.windowS) w.count++;
  w.blocks = w.n = 0;
  w.ax = w.ay = w.az = w.gx = w.gy = w.gz = w.acc2 = w.gyr2 = 0;
  if (w.count < w.windowS) return;
  w.accSpreadDeg = spread(w.accMeans, w.windowS) * RAD_TO_DEG3;
  w.gyroSpreadDps = spread(w.gyrMeans, w.windowS);
  const f = s.quietNoiseFactor;
  const accLimitDeg = Math.max(s.quietAccDeg, f * Math.sqrt(w.accNoise2) * RAD_TO_DEG3);
  const gyrLimitDps = Math.max(s.quietGyroDps, f * Math.sqrt(w.gyrNoise2));
  if (w.accSpreadDeg < accLimitDeg && w.gyroSpreadDps < gyrLimitDps) {
    w.quietS = w.quietS === 0 ? w.windowS : w.quietS + 1;
  } else {
    w.quietS = 0;
  }
  w.notWorn = w.quietS >= s.notWornAfterS;
}
function spread(v, n2) {
  let mx = 0, my = 0, mz = 0;
  for (let i = 0; i < n2; i++) {
    mx += v[3 * i];
    my += v[3 * i + 1];
    mz += v[3 * i + 2];
  }
  mx /= n2;
  my /= n2;
  mz /= n2;
  let sum = 0;
  for (let i = 0; i < n2; i++) {
    const dx = v[3 * i] - mx, dy = v[3 * i + 1] - my, dz = v[3 * i + 2] - mz;
    sum += dx * dx + dy * dy + dz * dz;
  }
  return Math.sqrt(sum / n2);
}

// bench/.p3-orig/packages/analysis/src/step-periodicity.ts
function judgeSteps(c) {
  const s = c.settings;
  const n2 = c.walkBlocks;
  const v = c.vert;
  const d = c.vertLinear;
  const head = c.vertHead;
  let sum = 0;
  let sum2 = 0;
  for (let k = 0; k < n2; k++) {
    const x = v[head + k < n2 ? head + k : head + k - n2];
    d[k] = x;
    sum += x;
    sum2 += x * x;
  }
  const mean = sum / n2;
  const var0 = sum2 - sum * mean;
  c.stepHz = Number.NaN;
  if (!(var0 / n2 >= s.minStepAccG * s.minStepAccG)) return false;
  for (let k = 0; k < n2; k++) d[k] = d[k] - mean;
  let best = -1;
  let bestLag = 0;
  for (let lag = c.minLag; lag <= c.maxLag; lag++) {
    let acc = 0;
    for (let k = 0; k + lag < n2; k++) acc += d[k] * d[k + lag];
    const r2 = acc / (n2 - lag) / (var0 / n2);
    if (r2 > best) {
      best = r2;
      bestLag = lag;
    }
  }
  if (best < s.minStepCorrelation) return false;
  c.stepHz = 1 / (bestLag * s.blockS);
  return true;
}

// bench/.p3-orig/packages/analysis/src/activity.ts
var DEFAULT_ACTIVITY_SETTINGS = Object.freeze({
  blockS: 0.0625,
  warmUpS: 1,
  gapS: 1,
  walkWindowS: 3,
  evaluateEveryS: 0.5,
  minStepHz: 1.3,
  maxStepHz: 2.6,
  minStepAccG: 0.03,
  minStepCorrelation: 0.4,
  motionWindowS: 1,
  movingGyroDps: 10,
  movingAccG: 0.05,
  lyingTiltDeg: 60,
  lyingAfterS: 5,
  uprightTiltDeg: 45,
  quietWindowS: 10,
  quietAccDeg: 0.05,
  quietGyroDps: 0.05,
  quietNoiseFactor: 3,
  notWornAfterS: 60
});
function createActivityClassifier(settings2 = {}) {
  const s = Object.freeze({ ...DEFAULT_ACTIVITY_SETTINGS, ...settings2 });
  if (!(s.blockS > 0) || !(s.walkWindowS > 4 / s.minStepHz * 0.5) || !(s.maxStepHz > s.minStepHz)) {
    throw new RangeError("activity: blockS must be > 0, walkWindowS at least two step periods, maxStepHz > minStepHz");
  }
  const walkBlocks = Math.max(8, Math.round(s.walkWindowS / s.blockS));
  const c = {
    settings: s,
    activity: "unknown",
    stepHz: Number.NaN,
    wear: createWearDetector(s, 1 / s.blockS),
    blockLeftS: s.blockS,
    sinceStartS: 0,
    bDtS: 0,
    upX: Number.NaN,
    upY: Number.NaN,
    upZ: Number.NaN,
    cosTilt: Number.NaN,
    bN: 0,
    bGyr2: 0,
    bAx: 0,
    bAy: 0,
    bAz: 0,
    bGx: 0,
    bGy: 0,
    bGz: 0,
    vert: new Float64Array(walkBlocks),
    vertHead: 0,
    vertCount: 0,
    vertLinear: new Float64Array(walkBlocks),
    blocksToEvaluate: 0,
    walkVotes: 0,
    walking: false,
    gyr2Ema: 0,
    accMagEma: 1,
    accVarEma: 0,
    emaReady: false,
    bAcc2: 0,
    tiltHighS: 0,
    lying: false,
    walkBlocks,
    evalBlocks: Math.max(1, Math.round(s.evaluateEveryS / s.blockS)),
    minLag: Math.max(1, Math.floor(1 / s.maxStepHz / s.blockS)),
    maxLag: Math.min(walkBlocks - 4, Math.ceil(1 / s.minStepHz / s.blockS)),
    alpha: Math.min(1, s.blockS / s.motionWindowS),
    warmUpBlocks: Math.ceil(s.warmUpS / s.blockS),
    cosLying: Math.cos(s.lyingTiltDeg * Math.PI / 180),
    cosUpright: Math.cos(s.uprightTiltDeg * Math.PI / 180)
  };
  return c;
}
function resetActivityClassifier(c) {
  c.activity = "unknown";
  c.stepHz = Number.NaN;
  c.blockLeftS = c.settings.blockS;
  c.sinceStartS = 0;
  c.bDtS = 0;
  c.bN = c.bGyr2 = 0;
  c.bAx = c.bAy = c.bAz = c.bGx = c.bGy = c.bGz = 0;
  c.vertHead = c.vertCount = 0;
  c.blocksToEvaluate = 0;
  c.walkVotes = 0;
  c.walking = false;
  c.emaReady = false;
  c.bAcc2 = 0;
  resetWearDetector(c.wear);
  c.tiltHighS = 0;
  c.lying = false;
}
function addActivitySample(c, dtS, ax, ay, az, gx, gy, gz) {
  if (dtS > c.settings.gapS) resetActivityClassifier(c);
  else if (dtS > 0) c.bDtS += dtS;
  c.bN++;
  c.bGyr2 += gx * gx + gy * gy + gz * gz;
  c.bAcc2 += ax * ax + ay * ay + az * az;
  c.bAx += ax;
  c.bAy += ay;
  c.bAz += az;
  c.bGx += gx;
  c.bGy += gy;
  c.bGz += gz;
}
function closeActivityBlock(c, upX, upY, upZ, cosTilt) {
  c.upX = upX;
  c.upY = upY;
  c.upZ = upZ;
  c.cosTilt = cosTilt;
  if (c.bN > 0) closeBlock(c);
}
function closeBlock(c) {
  const cosTilt = c.cosTilt;
  if (cosTilt < c.cosLying) c.tiltHighS += c.bDtS;
  else c.tiltHighS = 0;
  if (!c.lying && c.tiltHighS >= c.settings.lyingAfterS) c.lying = true;
  else if (c.lying && !(cosTilt <= c.cosUpright)) c.lying = false;
  c.bDtS = 0;
  const s = c.settings;
  const inv = 1 / c.bN;
  c.vert[c.vertHead] = (c.bAx * c.upX + c.bAy * c.upY + c.bAz * c.upZ) * inv - 1;
  c.vertHead = c.vertHead + 1 === c.walkBlocks ? 0 : c.vertHead + 1;
  if (c.vertCount < c.walkBlocks) c.vertCount++;
  const gyr2 = c.bGyr2 * inv;
  const mag = Math.sqrt(c.bAcc2 * inv);
  if (!c.emaReady) {
    c.gyr2Ema = gyr2;
    c.accMagEma = mag;
    c.accVarEma = 0;
    c.emaReady = true;
  } else {
    const a = c.alpha;
    c.gyr2Ema += a * (gyr2 - c.gyr2Ema);
    const d = mag - c.accMagEma;
    c.accMagEma += a * d;
    c.accVarEma += a * (d * d - c.accVarEma);
  }
  addWearBlock(c.wear, c.bN, c.bAx, c.bAy, c.bAz, c.bGx, c.bGy, c.bGz, c.bAcc2, c.bGyr2);
  c.bN = c.bGyr2 = c.bAcc2 = 0;
  c.bAx = c.bAy = c.bAz = c.bGx = c.bGy = c.bGz = 0;
  c.sinceStartS += s.blockS;
  if (++c.blocksToEvaluate >= c.evalBlocks && c.vertCount === c.walkBlocks) {
    c.blocksToEvaluate = 0;
    const vote = judgeSteps(c);
    if (vote !== c.walking) {
      if (++c.walkVotes >= 2) {
        c.walking = vote;
        c.walkVotes = 0;
      }
    } else {
      c.walkVotes = 0;
    }
  }
  c.activity = decide(c);
}
function decide(c) {
  const s = c.settings;
  if (c.sinceStartS < s.warmUpS) return "unknown";
  if (c.wear.notWorn) return "not_worn";
  if (c.lying) return "lying";
  if (c.walking) return "walking";
  if (c.gyr2Ema > s.movingGyroDps * s.movingGyroDps || c.accVarEma > s.movingAccG * s.movingAccG) return "moving";
  return "still";
}

// bench/.p3-orig/packages/analysis/src/slouch-detector.ts
var DEFAULT_SLOUCH_DETECTOR_SETTINGS = Object.freeze({
  slouchDeg: 20,
  minSlouchS: 30,
  hysteresisDeg: 2,
  graceS: 2,
  maxGapS: 10
});
var IDLE = 0;
var CANDIDATE = 1;
var CONFIRMED = 2;
function createSlouchDetector(settings2 = {}) {
  const s = Object.freeze({ ...DEFAULT_SLOUCH_DETECTOR_SETTINGS, ...settings2 });
  if (!(s.minSlouchS >= 0) || !(s.hysteresisDeg >= 0) || !(s.graceS >= 0) || !(s.maxGapS >= 0) || !Number.isFinite(s.slouchDeg)) {
    throw new RangeError("slouch detector: slouchDeg must be finite, minSlouchS, hysteresisDeg, graceS and maxGapS >= 0");
  }
  const d = {
    settings: s,
    posture: "unknown",
    episodeConfirmed: false,
    episodeEnded: false,
    episodeCancelled: false,
    inEpisode: false,
    episode: { startS: 0, endS: 0, durationS: 0, peakFlexionDeg: 0, meanFlexionDeg: 0, doseDegS: 0 },
    phase: IDLE,
    above: false,
    prevTS: Number.NaN,
    prevFlexionDeg: Number.NaN,
    startS: 0,
    lastAboveS: 0,
    belowSinceS: Number.NaN,
    peakDeg: 0,
    sumFlexDegS: 0,
    sumDtS: 0,
    doseDegS: 0,
    pendingFlexDegS: 0,
    pendingDtS: 0,
    inTS: Number.NaN,
    inDtS: Number.NaN,
    inFlexionDeg: Number.NaN
  };
  return d;
}
function resetSlouchDetector(d) {
  d.posture = "unknown";
  d.episodeConfirmed = false;
  d.episodeEnded = false;
  d.episodeCancelled = false;
  d.inEpisode = false;
  d.phase = IDLE;
  d.above = false;
  d.prevTS = Number.NaN;
  d.prevFlexionDeg = Number.NaN;
  d.belowSinceS = Number.NaN;
}
function updateSlouchDetector(d, tS, dtS, flexionDeg, activity, assessable) {
  d.inTS = tS;
  d.inDtS = dtS;
  d.inFlexionDeg = flexionDeg;
  stepSlouchDetector(d, activity, assessable);
}
function stepSlouchDetector(d, activity, assessable) {
  const tS = d.inTS;
  const dtS = d.inDtS;
  const flexionDeg = d.inFlexionDeg;
  d.episodeConfirmed = false;
  d.episodeEnded = false;
  d.episodeCancelled = false;
  const s = d.settings;
  const thr = s.slouchDeg;
  const prevT = d.prevTS;
  const prevF = d.prevFlexionDeg;
  if (d.phase !== IDLE && tS - d.lastAboveS > s.maxGapS && !(tS - prevT <= s.maxGapS && prevF === prevF)) {
    if (d.phase === CONFIRMED) closeEpisode(d);
    d.phase = IDLE;
  }
  const blocked = !assessable || activity === "walking" || activity === "lying" || activity === "not_worn";
  if (!assessable || Number.isNaN(flexionDeg)) {
    d.above = false;
    d.posture = "unknown";
  } else if (flexionDeg > thr) {
    d.above = true;
  } else if (flexionDeg < thr - s.hysteresisDeg) {
    d.above = false;
  }
  const continuous = !Number.isNaN(prevF) && tS > prevT && tS - prevT <= s.maxGapS;
  d.prevTS = tS;
  d.prevFlexionDeg = blocked || activity === "unknown" ? Number.NaN : flexionDeg;
  if (blocked) {
    if (d.phase === CONFIRMED) closeEpisode(d);
    d.phase = IDLE;
    d.posture = assessable && activity === "walking" ? d.above ? "slouched" : "upright" : "unknown";
    return;
  }
  if (activity === "unknown") {
    d.posture = "unknown";
    return;
  }
  d.posture = d.above ? "slouched" : "upright";
  if (d.phase === IDLE) {
    if (flexionDeg <= thr) return;
    const start = continuous && prevF <= thr ? prevT + (tS - prevT) * (thr - prevF) / (flexionDeg - prevF) : tS;
    const lead = tS - start;
    d.phase = CANDIDATE;
    d.startS = start;
    d.lastAboveS = tS;
    d.belowSinceS = Number.NaN;
    d.peakDeg = flexionDeg;
    d.sumFlexDegS = flexionDeg * lead;
    d.sumDtS = lead;
    d.doseDegS = (flexionDeg - thr) * lead * 0.5;
    d.pendingFlexDegS = 0;
    d.pendingDtS = 0;
    return;
  }
  if (flexionDeg > thr) {
    d.sumFlexDegS += d.pendingFlexDegS + flexionDeg * dtS;
    d.sumDtS += d.pendingDtS + dtS;
    d.pendingFlexDegS = 0;
    d.pendingDtS = 0;
    d.doseDegS += (flexionDeg - thr) * dtS;
    if (flexionDeg > d.peakDeg) d.peakDeg = flexionDeg;
    d.lastAboveS = tS;
    d.belowSinceS = Number.NaN;
    if (d.phase === CANDIDATE && tS - d.startS >= s.minSlouchS) {
      d.phase = CONFIRMED;
      d.inEpisode = true;
      d.episodeConfirmed = true;
      fillEpisode(d, tS);
    } else if (d.phase === CONFIRMED) {
      fillEpisode(d, tS);
    }
    return;
  }
  if (continuous && prevF > thr) {
    const cross = prevT + (tS - prevT) * (prevF - thr) / (prevF - flexionDeg);
    const part = cross - prevT;
    d.sumFlexDegS += 0.5 * (prevF + thr) * part;
    d.sumDtS += part;
    d.doseDegS += 0.5 * (prevF - thr) * part;
    d.lastAboveS = cross;
    d.pendingFlexDegS = flexionDeg * (tS - cross);
    d.pendingDtS = tS - cross;
  } else {
    d.pendingFlexDegS += flexionDeg * dtS;
    d.pendingDtS += dtS;
  }
  if (flexionDeg < thr - s.hysteresisDeg) {
    if (Number.isNaN(d.belowSinceS)) d.belowSinceS = tS;
    if (tS - d.belowSinceS >= s.graceS) {
      if (d.phase === CONFIRMED) closeEpisode(d);
      d.phase = IDLE;
    }
  }
}
function cancelSlouchDetector(d) {
  d.episodeConfirmed = false;
  d.episodeEnded = false;
  d.episodeCancelled = d.phase === CONFIRMED;
  if (d.episodeCancelled) fillEpisode(d, d.lastAboveS);
  d.inEpisode = false;
  d.phase = IDLE;
}
function closeEpisode(d) {
  fillEpisode(d, d.lastAboveS);
  d.inEpisode = false;
  d.episodeEnded = true;
}
function fillEpisode(d, endS) {
  const e = d.episode;
  e.startS = d.startS;
  e.endS = endS;
  e.durationS = endS - d.startS;
  e.peakFlexionDeg = d.peakDeg;
  e.meanFlexionDeg = d.sumDtS > 0 ? d.sumFlexDegS / d.sumDtS : d.peakDeg;
  e.doseDegS = d.doseDegS;
}

// bench/.p3-orig/packages/analysis/src/point-binner.ts
var ACTIVITY_BY_INDEX = ["still", "moving", "walking", "lying", "not_worn", "unknown"];
var POSTURE_BY_INDEX = ["upright", "slouched", "unknown"];
function createPointBinner(intervalS) {
  if (!(intervalS > 0)) throw new RangeError("point binner: intervalS must be > 0");
  return {
    intervalS,
    ready: false,
    point: { tMs: 0, flexionDeg: Number.NaN, lateralDeg: Number.NaN, activity: "unknown", posture: "unknown", worn: false },
    binIndex: Number.NaN,
    binStartS: Number.NaN,
    binEndS: Number.NaN,
    n: 0,
    flexN: 0,
    flexSum: 0,
    latN: 0,
    latSum: 0,
    activityCounts: new Int32Array(6),
    postureCounts: new Int32Array(3),
    inTS: Number.NaN,
    inFlexionDeg: Number.NaN,
    inLateralDeg: Number.NaN
  };
}
function resetPointBinner(b) {
  b.ready = false;
  b.binIndex = b.binStartS = b.binEndS = Number.NaN;
  clearBin(b);
}
function addToPointBinner(b, tS, flexionDeg, lateralDeg, activity, posture) {
  b.inTS = tS;
  b.inFlexionDeg = flexionDeg;
  b.inLateralDeg = lateralDeg;
  addSample(b, activity, posture);
}
function addSample(b, activity, posture) {
  const tS = b.inTS;
  const flexionDeg = b.inFlexionDeg;
  const lateralDeg = b.inLateralDeg;
  b.ready = false;
  if (!(tS < b.binEndS && tS >= b.binStartS)) {
    if (b.n > 0) emit(b);
    const bin = Math.floor(tS / b.intervalS);
    b.binIndex = bin;
    b.binStartS = bin * b.intervalS;
    b.binEndS = (bin + 1) * b.intervalS;
  }
  b.n++;
  if (flexionDeg === flexionDeg) {
    b.flexSum += flexionDeg;
    b.flexN++;
  }
  if (lateralDeg === lateralDeg) {
    b.latSum += lateralDeg;
    b.latN++;
  }
  b.activityCounts[activityIndex(activity)]++;
  b.postureCounts[posture === "upright" ? 0 : posture === "slouched" ? 1 : 2]++;
}
function flushPointBinner(b) {
  b.ready = false;
  if (b.n > 0) emit(b);
  b.binIndex = b.binStartS = b.binEndS = Number.NaN;
}
function emit(b) {
  const pt = b.point;
  pt.tMs = b.binIndex * b.intervalS * 1e3;
  pt.flexionDeg = b.flexN > 0 ? b.flexSum / b.flexN : Number.NaN;
  pt.lateralDeg = b.latN > 0 ? b.latSum / b.latN : Number.NaN;
  pt.activity = ACTIVITY_BY_INDEX[argMax(b.activityCounts)];
  pt.posture = POSTURE_BY_INDEX[argMax(b.postureCounts)];
  pt.worn = pt.activity !== "not_worn";
  b.ready = true;
  clearBin(b);
}
function clearBin(b) {
  b.n = b.flexN = b.flexSum = b.latN = b.latSum = 0;
  const a = b.activityCounts;
  for (let i = 0; i < a.length; i++) a[i] = 0;
  const q = b.postureCounts;
  for (let i = 0; i < q.length; i++) q[i] = 0;
}
function activityIndex(a) {
  switch (a) {
    case "still":
      return 0;
    case "moving":
      return 1;
    case "walking":
      return 2;
    case "lying":
      return 3;
    case "not_worn":
      return 4;
    default:
      return 5;
  }
}
function argMax(counts) {
  let best = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i] > counts[best]) best = i;
  return best;
}

// bench/.p3-orig/packages/analysis/src/calibration-still.ts
var DEFAULT_STILL_TRACKER_SETTINGS = Object.freeze({
  stillGyroDps: 6,
  gyroSmoothingS: 0.5,
  maxDriftDeg: 3,
  settleS: 3
});
function createStillTracker(settings2 = {}) {
  const s = Object.freeze({ ...DEFAULT_STILL_TRACKER_SETTINGS, ...settings2 });
  return { settings: s, dtS: 0.5, settled: false, runS: 0, gyroDps: 0, anchor: new Float64Array(3), cosDrift: Math.cos(s.maxDriftDeg * Math.PI / 180) };
}
function resetStillTracker(t) {
  const s = t;
  s.settled = false;
  s.runS = 0;
  s.gyroDps = 0;
}
function updateStillTracker(t, dtS, up, gyrDps, usable) {
  const s = t;
  s.dtS = dtS;
  stepStillTracker(s, up, gyrDps, usable);
}
function stepStillTracker(s, up, gyrDps, usable) {
  const dtS = s.dtS;
  const gx = gyrDps[0], gy = gyrDps[1], gz = gyrDps[2];
  const g = Math.sqrt(gx * gx + gy * gy + gz * gz);
  const alpha = dtS > 0 ? dtS / (s.settings.gyroSmoothingS + dtS) : 0;
  s.gyroDps += alpha * (g - s.gyroDps);
  const x = up[0], y = up[1], z = up[2];
  if (!usable || !(s.gyroDps < s.settings.stillGyroDps) || !(dtS > 0)) {
    s.runS = 0;
    s.settled = false;
    return;
  }
  const a = s.anchor;
  const n2 = Math.sqrt(x * x + y * y + z * z);
  const c = (x * a[0] + y * a[1] + z * a[2]) / n2;
  if (s.runS === 0 || !(c >= s.cosDrift)) {
    a[0] = x / n2;
    a[1] = y / n2;
    a[2] = z / n2;
    s.runS = 0;
  }
  s.runS += dtS;
  s.settled = s.runS >= s.settings.settleS;
}

// bench/.p3-orig/packages/analysis/src/walking-reference.ts
var DEFAULT_WALKING_REFERENCE_SETTINGS = Object.freeze({
  settleS: 4,
  minWalkS: 30
});
function createWalkingReference(settings2 = {}) {
  const s = Object.freeze({ ...DEFAULT_WALKING_REFERENCE_SETTINGS, ...settings2 });
  const state = { settings: s, walkS: 0, known: false, up: new Float64Array(3), boutS: 0, sum: new Float64Array(3) };
  return state;
}
function resetWalkingReference(w) {
  const s = w;
  s.walkS = 0;
  s.known = false;
  s.boutS = 0;
  s.up.fill(0);
  s.sum.fill(0);
}
function updateWalkingReference(w, dtS, up, activity) {
  const s = w;
  if (activity !== "walking" || !(dtS > 0)) {
    s.boutS = 0;
    return;
  }
  s.boutS += dtS;
  if (s.boutS < s.settings.settleS) return;
  const n2 = Math.sqrt(up[0] * up[0] + up[1] * up[1] + up[2] * up[2]);
  if (!(n2 > 0) || !Number.isFinite(n2)) return;
  const sum = s.sum;
  sum[0] = sum[0] + dtS * up[0] / n2;
  sum[1] = sum[1] + dtS * up[1] / n2;
  sum[2] = sum[2] + dtS * up[2] / n2;
  s.walkS += dtS;
  const m = Math.sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]);
  s.up[0] = sum[0] / m;
  s.up[1] = sum[1] / m;
  s.up[2] = sum[2] / m;
  s.known = s.walkS >= s.settings.minWalkS;
}

// bench/.p3-orig/packages/analysis/src/auto-calibrator.ts
var DEFAULT_AUTO_CALIBRATOR_SETTINGS = Object.freeze({
  still: Object.freeze({}),
  clusterRadiusDeg: 6,
  maxClusters: 12,
  minStillS: 60,
  neutralMinShare: 0.3,
  neutralLockS: 600,
  refineEveryS: 5,
  // Only tilts of 18°+ count: sideways leans (a standing desk: 6-15° held for minutes, either side) would
  // otherwise pull the principal axis sideways; slouches past a 20° threshold, bends and reaches go forward.
  motion: Object.freeze({ minTiltDeg: 18 }),
  walking: Object.freeze({}),
  firstHoldMinS: 2,
  firstHoldMaxS: 8,
  walkingMaxDeg: 12,
  firstHoldMinShare: 0.1,
  firstHoldOvertakeRatio: 4,
  candidateMinShare: 0.1
});
var DEG5 = Math.PI / 180;
function length3(x, y, z) {
  return Math.sqrt(x * x + y * y + z * z);
}
function createAutoCalibrator(settings2 = {}) {
  const s = Object.freeze({ ...DEFAULT_AUTO_CALIBRATOR_SETTINGS, ...settings2 });
  const cal = {
    frame: { f: new Float64Array(3), l: new Float64Array(3), u: new Float64Array(3) },
    method: "neutral-only",
    quality: 0,
    // Fixed keys, numbers updated in place.
    detail: {
      source: "auto",
      neutralSource: "",
      walkingS: 0,
      stillS: 0,
      neutralStillS: 0,
      neutralShare: 0,
      neutralSpreadDeg: 0,
      neutralQuality: 0,
      motionEvidenceS: 0,
      motionAnisotropy: 0,
      motionOneSidedness: 0,
      motionQuality: 0
    }
  };
  const state = {
    settings: s,
    dtS: 0.5,
    state: "collecting",
    calibration: null,
    version: 0,
    stillS: 0,
    neutralSource: "",
    walking: createWalkingReference(s.walking),
    still: createStillTracker(s.still),
    holdTrusted: true,
    holdSum: new Float64Array(3),
    holdS: 0,
    holdDone: false,
    holdRejected: false,
    holdConfirmed: false,
    motion: createMotionForward([0, 0, 1], s.motion),
    sums: new Float64Array(3 * s.maxClusters),
    weights: new Float64Array(s.maxClusters),
    neutral: -1,
    locked: false,
    forwardKnown: false,
    sinceRefineS: 0,
    cosRadius: Math.cos(s.clusterRadiusDeg * DEG5),
    cal,
    scratch: new Float64Array(3)
  };
  return state;
}
function resetAutoCalibrator(a, firstHoldIsNeutral = true) {
  const s = a;
  s.holdTrusted = firstHoldIsNeutral;
  s.holdSum.fill(0);
  s.holdS = 0;
  s.holdDone = false;
  s.holdRejected = false;
  s.holdConfirmed = false;
  s.neutralSource = "";
  resetWalkingReference(s.walking);
  s.state = "collecting";
  s.calibration = null;
  s.stillS = 0;
  s.sums.fill(0);
  s.weights.fill(0);
  s.neutral = -1;
  s.locked = false;
  s.forwardKnown = false;
  s.sinceRefineS = 0;
  resetStillTracker(s.still);
  resetMotionForward(s.motion);
  s.version++;
}
function updateAutoCalibrator(a, dtS, up, gyrDps, activity) {
  const s = a;
  s.dtS = dtS;
  stepAutoCalibrator(s, up, gyrDps, activity);
}
function stepAutoCalibrator(s, up, gyrDps, activity) {
  const dtS = s.dtS;
  const worn = activity !== "not_worn" && activity !== "lying";
  updateStillTracker(s.still, dtS, up, gyrDps, worn && activity !== "walking");
  if (!(dtS > 0) || !worn) return;
  updateWalkingReference(s.walking, dtS, up, activity);
  if (s.still.settled) {
    s.stillS += dtS;
    addToCluster(s, up);
    if (s.holdTrusted && !s.holdDone && s.holdS < s.settings.firstHoldMaxS) addToHold(s, up);
  } else if (s.holdTrusted && !s.holdDone && s.holdS > 0) {
    if (s.holdS >= s.settings.firstHoldMinS) s.holdDone = true;
    else {
      s.holdS = 0;
      s.holdSum.fill(0);
    }
  }
  if (s.holdTrusted && !s.holdDone && s.holdS >= s.settings.firstHoldMaxS) s.holdDone = true;
  if (s.calibration !== null) updateMotionForward(s.motion, dtS, up);
  s.sinceRefineS += dtS;
  if (s.sinceRefineS >= s.settings.refineEveryS || s.holdDone && s.calibration === null && !s.holdRejected) {
    s.sinceRefineS = 0;
    refine(s);
  }
}
function addToHold(s, up) {
  const dtS = s.dtS;
  const n2 = length3(up[0], up[1], up[2]);
  const h = s.holdSum;
  h[0] = h[0] + dtS * up[0] / n2;
  h[1] = h[1] + dtS * up[1] / n2;
  h[2] = h[2] + dtS * up[2] / n2;
  s.holdS += dtS;
}
function clusterCos(s, k, v) {
  const x = s.sums[3 * k], y = s.sums[3 * k + 1], z = s.sums[3 * k + 2];
  return (x * v[0] + y * v[1] + z * v[2]) / length3(x, y, z);
}
function addToCluster(s, up) {
  const dtS = s.dtS;
  const n2 = length3(up[0], up[1], up[2]);
  const x = up[0] / n2, y = up[1] / n2, z = up[2] / n2;
  const sums = s.sums, weights = s.weights;
  let best = -1, bestCos = s.cosRadius, empty = -1, lightest = -1;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k];
    if (w === 0) {
      if (empty < 0) empty = k;
      continue;
    }
    const sx = sums[3 * k], sy = sums[3 * k + 1], sz = sums[3 * k + 2];
    const c = (x * sx + y * sy + z * sz) / length3(sx, sy, sz);
    if (c >= bestCos) {
      bestCos = c;
      best = k;
    }
    if (k !== s.neutral && (lightest < 0 || w < weights[lightest])) lightest = k;
  }
  if (best < 0) {
    best = empty >= 0 ? empty : lightest;
    if (best < 0) return;
    sums[3 * best] = 0;
    sums[3 * best + 1] = 0;
    sums[3 * best + 2] = 0;
    weights[best] = 0;
  }
  sums[3 * best] = sums[3 * best] + dtS * x;
  sums[3 * best + 1] = sums[3 * best + 1] + dtS * y;
  sums[3 * best + 2] = sums[3 * best + 2] + dtS * z;
  weights[best] = weights[best] + dtS;
}
function stillNear(s, v) {
  let w = 0;
  for (let k = 0; k < s.weights.length; k++) if (s.weights[k] > 0 && clusterCos(s, k, v) >= s.cosRadius) w += s.weights[k];
  return w;
}
function chooseNeutral(s) {
  const st = s.settings;
  const u = s.scratch;
  const walk = s.walking;
  const cosWalk = Math.cos(st.walkingMaxDeg * DEG5);
  if (s.holdDone && !s.holdRejected) {
    const h = s.holdSum;
    const n2 = Math.hypot(h[0], h[1], h[2]);
    u[0] = h[0] / n2;
    u[1] = h[1] / n2;
    u[2] = h[2] / n2;
    const farFromWalking = walk.known && u[0] * walk.up[0] + u[1] * walk.up[1] + u[2] * walk.up[2] < cosWalk;
    let neverBack = false;
    if (!s.holdConfirmed && s.stillS >= st.neutralLockS) {
      const near = stillNear(s, u);
      let heaviest = 0;
      for (let k2 = 0; k2 < s.weights.length; k2++) heaviest = Math.max(heaviest, s.weights[k2]);
      neverBack = near < st.firstHoldMinShare * s.stillS || heaviest > st.firstHoldOvertakeRatio * near;
      s.holdConfirmed = !neverBack;
    }
    if (!farFromWalking && !neverBack) {
      s.neutralSource = "first-hold";
      return s.holdS;
    }
    s.holdRejected = true;
    s.neutral = -1;
    s.locked = false;
    resetMotionForward(s.motion);
    s.forwardKnown = false;
  }
  if (s.stillS < st.minStillS) return -1;
  const weights = s.weights;
  let pick = -1;
  if (walk.known) {
    let bestCos = -2;
    for (let k2 = 0; k2 < weights.length; k2++) {
      if (weights[k2] < st.candidateMinShare * s.stillS) continue;
      const c = clusterCos(s, k2, walk.up);
      if (c > bestCos) {
        bestCos = c;
        pick = k2;
      }
    }
    if (pick >= 0) s.neutralSource = "walking-cluster";
  }
  if (pick < 0 && !s.locked) {
    let heaviest = 0;
    for (let k2 = 1; k2 < weights.length; k2++) if (weights[k2] > weights[heaviest]) heaviest = k2;
    if (weights[heaviest] >= st.neutralMinShare * s.stillS) pick = heaviest;
    if (pick >= 0) s.neutralSource = "cluster";
  }
  if (pick < 0) pick = s.neutral;
  if (pick !== s.neutral) {
    s.neutral = pick;
    s.forwardKnown = false;
    resetMotionForward(s.motion);
  }
  if (s.stillS >= st.neutralLockS && s.neutral >= 0) s.locked = true;
  if (s.neutral < 0) return -1;
  const k = s.neutral;
  u[0] = s.sums[3 * k];
  u[1] = s.sums[3 * k + 1];
  u[2] = s.sums[3 * k + 2];
  const resultant = Math.hypot(u[0], u[1], u[2]);
  u[0] /= resultant;
  u[1] /= resultant;
  u[2] /= resultant;
  return weights[k];
}
function refine(s) {
  const w = chooseNeutral(s);
  if (w < 0) return;
  const u = s.scratch;
  const fromHold = s.neutralSource === "first-hold";
  const k = s.neutral;
  const resultant = !fromHold && k >= 0 ? Math.hypot(s.sums[3 * k], s.sums[3 * k + 1], s.sums[3 * k + 2]) : w;
  setMotionForwardNeutral(s.motion, u);
  solveMotionForward(s.motion);
  const cal = s.cal;
  const m = s.motion;
  if (m.known && writeFrame(cal.frame, u, m.f)) s.forwardKnown = true;
  else if (s.forwardKnown) writeFrame(cal.frame, u, cal.frame.f);
  else writeFrame(cal.frame, u, writePerpendicular(cal.frame.f, u));
  const known = s.forwardKnown;
  const spreadDeg = Math.sqrt(Math.max(0, 2 * (1 - resultant / w))) / DEG5;
  const share = fromHold ? s.stillS > 0 ? stillNear(s, u) / s.stillS : 0 : w / s.stillS;
  const walkAgrees = s.walking.known ? 1 : 0.8;
  const neutralQuality = walkAgrees * (fromHold ? Math.max(0.5, Math.min(1, share / 0.5)) : Math.min(1, share / 0.5) * Math.max(0, 1 - spreadDeg / s.settings.clusterRadiusDeg));
  cal.method = known ? "auto" : "neutral-only";
  cal.quality = known ? neutralQuality * m.quality : neutralQuality;
  const d = cal.detail;
  d["stillS"] = s.stillS;
  d["neutralStillS"] = w;
  d["neutralShare"] = share;
  d["neutralSpreadDeg"] = spreadDeg;
  d["neutralQuality"] = neutralQuality;
  d["neutralSource"] = s.neutralSource;
  d["walkingS"] = s.walking.walkS;
  d["motionEvidenceS"] = m.evidenceS;
  d["motionAnisotropy"] = m.anisotropy;
  d["motionOneSidedness"] = m.oneSidedness;
  d["motionQuality"] = m.quality;
  s.calibration = cal;
  s.state = known ? "calibrated" : "neutral-only";
  s.version++;
}

// bench/.p3-orig/packages/analysis/src/calibration-staleness.ts
var DEFAULT_CALIBRATION_STALENESS_SETTINGS = Object.freeze({
  still: Object.freeze({}),
  lateralLimitDeg: 8,
  nearNeutralDeg: 12,
  returnS: 2,
  awayMinS: 180,
  awayMaxS: 1800,
  awayMaxExtensionDeg: 12,
  lateralMinStillS: 60,
  walkingTauS: 30,
  walkingMinS: 20,
  walkingMaxFlexionDeg: 20,
  walkingMaxExtensionDeg: 10,
  notWornMinS: 60,
  rewornCheckS: 180,
  rewornMinStillS: 20,
  rewornLimitDeg: 10,
  uprightBandDeg: 7,
  uprightTauS: 1200,
  uprightMinShare: 0.08
});
function createCalibrationStaleness(settings2 = {}) {
  const s = Object.freeze({ ...DEFAULT_CALIBRATION_STALENESS_SETTINGS, ...settings2 });
  const state = {
    settings: s,
    dtS: 0.5,
    calibration: null,
    stale: false,
    reason: "none",
    lateralOffsetDeg: NaN,
    walkingFlexionDeg: NaN,
    walkingLateralDeg: NaN,
    uprightShare: 1,
    awayS: 0,
    awayLateralSum: 0,
    awayFlexionSum: 0,
    nearS: 0,
    stillS: 0,
    stillTracker: createStillTracker(s.still),
    walkS: 0,
    walkUp: new Float64Array(3),
    notWornS: 0,
    rewornS: -1,
    rewornStillS: 0,
    rewornMinTiltDeg: Infinity,
    angles: { flexionDeg: 0, lateralDeg: 0 }
  };
  return state;
}
function setStalenessCalibration(d, calibration2) {
  const s = d;
  s.calibration = calibration2;
  s.stale = false;
  s.reason = "none";
  s.lateralOffsetDeg = calibration2 && forwardKnown(calibration2) ? 0 : NaN;
  s.walkingFlexionDeg = NaN;
  s.walkingLateralDeg = NaN;
  s.uprightShare = 1;
  s.awayS = s.awayLateralSum = s.awayFlexionSum = s.nearS = 0;
  s.stillS = 0;
  s.walkS = 0;
  s.walkUp.fill(0);
  s.notWornS = 0;
  s.rewornS = -1;
  resetStillTracker(s.stillTracker);
}
function flag(s, reason) {
  s.stale = true;
  s.reason = reason;
}
function updateCalibrationStaleness(d, dtS, up, gyrDps, activity) {
  const s = d;
  s.dtS = dtS;
  stepCalibrationStaleness(s, up, gyrDps, activity);
}
function stepCalibrationStaleness(s, up, gyrDps, activity) {
  const dtS = s.dtS;
  const cal = s.calibration;
  const st = s.settings;
  const worn = activity !== "not_worn";
  updateStillTracker(s.stillTracker, dtS, up, gyrDps, worn && activity !== "lying" && activity !== "walking");
  if (!cal || s.stale || !(dtS > 0)) return;
  if (!worn) {
    s.notWornS += dtS;
    if (s.notWornS >= st.notWornMinS) {
      s.rewornS = 0;
      s.rewornStillS = 0;
      s.rewornMinTiltDeg = Infinity;
    }
    return;
  }
  s.notWornS = 0;
  if (s.rewornS >= 0) s.rewornS += dtS;
  const signed = forwardKnown(cal);
  if (activity === "walking") {
    updateWalking(s, up, signed);
    return;
  }
  if (!s.stillTracker.settled) return;
  s.stillS += dtS;
  const tilt = tiltFromNeutralDeg(cal.frame.u, up);
  const a = s.angles;
  calibratedAngles(cal, up, a);
  const k = dtS / st.uprightTauS;
  s.uprightShare += Math.min(1, k) * ((tilt <= st.uprightBandDeg ? 1 : 0) - s.uprightShare);
  if (s.stillS >= st.uprightTauS && s.uprightShare < st.uprightMinShare) return flag(s, "neutral_lost");
  if (tilt <= st.nearNeutralDeg) {
    s.nearS += dtS;
    if (s.nearS >= st.returnS) {
      s.awayS = s.awayLateralSum = s.awayFlexionSum = 0;
      if (signed) s.lateralOffsetDeg = 0;
    }
  } else {
    s.nearS = 0;
    s.awayS += dtS;
    if (signed) {
      s.awayLateralSum += dtS * a.lateralDeg;
      s.awayFlexionSum += dtS * a.flexionDeg;
      s.lateralOffsetDeg = s.awayLateralSum / s.awayS;
    }
    if (s.stillS >= st.lateralMinStillS && s.awayS >= st.awayMinS) {
      if (signed && Math.abs(s.lateralOffsetDeg) > st.lateralLimitDeg) return flag(s, "lateral_offset");
      if (signed && s.awayFlexionSum / s.awayS < -st.awayMaxExtensionDeg) return flag(s, "backward_offset");
      if (s.awayS >= st.awayMaxS) return flag(s, "away_too_long");
    }
  }
  if (s.rewornS >= 0) {
    s.rewornStillS += dtS;
    if (tilt < s.rewornMinTiltDeg) s.rewornMinTiltDeg = tilt;
    if (s.rewornS >= st.rewornCheckS && s.rewornStillS >= st.rewornMinStillS) {
      if (s.rewornMinTiltDeg > st.rewornLimitDeg) return flag(s, "reworn_offset");
      s.rewornS = -1;
    }
  }
}
function updateWalking(s, up, signed) {
  const st = s.settings;
  const dtS = s.dtS;
  const w = s.walkUp;
  const n2 = Math.sqrt(up[0] * up[0] + up[1] * up[1] + up[2] * up[2]);
  const k = dtS / Math.min(st.walkingTauS, s.walkS + dtS);
  w[0] = w[0] + k * (up[0] / n2 - w[0]);
  w[1] = w[1] + k * (up[1] / n2 - w[1]);
  w[2] = w[2] + k * (up[2] / n2 - w[2]);
  s.walkS += dtS;
  calibratedAngles(s.calibration, w, s.angles);
  s.walkingFlexionDeg = s.angles.flexionDeg;
  s.walkingLateralDeg = s.angles.lateralDeg;
  if (s.walkS < st.walkingMinS) return;
  if (s.walkingFlexionDeg > st.walkingMaxFlexionDeg) return flag(s, "walking_offset");
  if (signed && (s.walkingFlexionDeg < -st.walkingMaxExtensionDeg || Math.abs(s.walkingLateralDeg) > st.lateralLimitDeg)) {
    flag(s, "walking_offset");
  }
}

// bench/.p3-orig/packages/analysis/src/pipeline-calibration.ts
var DEFAULT_PIPELINE_CALIBRATION_SETTINGS = Object.freeze({
  auto: Object.freeze({}),
  staleness: Object.freeze({})
});
function createPipelineCalibration(given, settings2 = {}, seeded = false) {
  const s = Object.freeze({ ...DEFAULT_PIPELINE_CALIBRATION_SETTINGS, ...settings2 });
  const c = {
    settings: s,
    calibration: null,
    given: false,
    seeded: false,
    usable: false,
    changed: false,
    stale: false,
    auto: createAutoCalibrator(s.auto),
    staleness: createCalibrationStaleness(s.staleness),
    autoVersion: -1,
    dtS: 0.5,
    gyr: new Float64Array(3)
  };
  if (given) setGivenCalibration(c, given, seeded);
  return c;
}
function setGivenCalibration(c, calibration2, seeded = false) {
  c.calibration = calibration2;
  c.given = calibration2 !== null;
  c.seeded = calibration2 !== null && seeded;
  c.usable = calibration2 !== null;
  c.stale = false;
  c.changed = true;
  if (!c.given) {
    resetAutoCalibrator(c.auto);
    c.autoVersion = -1;
  }
  setStalenessCalibration(c.staleness, calibration2);
}
function updatePipelineCalibration(c, dtS, up, gx, gy, gz, activity) {
  const g = c.gyr;
  g[0] = gx;
  g[1] = gy;
  g[2] = gz;
  c.dtS = dtS;
  stepPipelineCalibration(c, up, activity);
}
function stepPipelineCalibration(c, up, activity) {
  c.changed = false;
  const g = c.gyr;
  const dtS = c.dtS;
  if (!c.given) {
    const a = c.auto;
    updateAutoCalibrator(a, dtS, up, g, activity);
    if (a.calibration !== null && a.version !== c.autoVersion) {
      if (c.calibration === null) {
        setStalenessCalibration(c.staleness, a.calibration);
        c.stale = false;
      }
      c.autoVersion = a.version;
      c.calibration = a.calibration;
      c.usable = true;
      c.changed = true;
    }
  }
  if (c.calibration === null) return;
  updateCalibrationStaleness(c.staleness, dtS, up, g, activity);
  if (!c.staleness.stale) return;
  c.stale = true;
  c.usable = false;
  if (c.seeded) {
    c.given = false;
    c.seeded = false;
  }
  if (!c.given) {
    resetAutoCalibrator(c.auto, false);
    c.autoVersion = -1;
    c.calibration = null;
    c.changed = true;
    setStalenessCalibration(c.staleness, null);
  }
}

// bench/.p3-orig/packages/analysis/src/posture-pipeline-settings.ts
var DEFAULT_POSTURE_PIPELINE_SETTINGS = Object.freeze({
  slouchDeg: 20,
  minSlouchS: 30,
  hysteresisDeg: 2,
  graceS: 2,
  pointIntervalS: 1,
  maxStepS: 1,
  calibrationStepS: 0.25,
  calibration: null,
  calibrationMode: "fixed",
  filter: {},
  activity: {},
  calibrationSettings: {}
});

// bench/.p3-orig/packages/analysis/src/posture-pipeline-state.ts
function createPosturePipeline(settings2 = {}) {
  const s = Object.freeze({ ...DEFAULT_POSTURE_PIPELINE_SETTINGS, ...settings2 });
  if (!(s.pointIntervalS > 0) || !(s.maxStepS > 0)) throw new RangeError("posture pipeline: pointIntervalS and maxStepS must be > 0");
  return new PosturePipelineState(s);
}
var PosturePipelineState = class {
  settings;
  filter;
  activityClassifier;
  slouch;
  calibrator;
  tS = Number.NaN;
  up;
  activity = "unknown";
  posture = "unknown";
  calibration;
  calibrationChanged = false;
  calibrationStale = false;
  pointReady = false;
  point;
  episodeConfirmed = false;
  episodeEnded = false;
  episodeCancelled = false;
  episode = { startMs: 0, endMs: 0, durationS: 0, peakFlexionDeg: 0, meanFlexionDeg: 0, doseDegS: 0 };
  samples = 0;
  droppedSamples = 0;
  sample = new Float64Array(7);
  flagged = false;
  prevTS = Number.NaN;
  tickS;
  tickEndS = Number.NaN;
  tickCell = Number.NaN;
  binEndS = Number.NaN;
  tickN = 0;
  tickStepS = 0;
  angles = { flexionDeg: Number.NaN, lateralDeg: Number.NaN };
  sampleAngles = { flexionDeg: Number.NaN, lateralDeg: Number.NaN };
  /** `samples` and calibration when `sampleAngles` was computed (-1: never, or forgotten by a reset). */
  sampleAnglesAt = -1;
  sampleAnglesCal = null;
  calStepS = 0;
  calGx = 0;
  calGy = 0;
  calGz = 0;
  points;
  constructor(s) {
    this.settings = s;
    this.filter = createOrientationFilter(s.filter);
    this.activityClassifier = createActivityClassifier(s.activity);
    this.slouch = createSlouchDetector({ slouchDeg: s.slouchDeg, minSlouchS: s.minSlouchS, hysteresisDeg: s.hysteresisDeg, graceS: s.graceS });
    this.calibrator = createPipelineCalibration(s.calibration, s.calibrationSettings, s.calibrationMode === "seed");
    this.up = this.filter.up;
    this.calibration = s.calibration;
    this.points = createPointBinner(s.pointIntervalS);
    this.point = this.points.point;
    this.tickS = this.activityClassifier.settings.blockS;
  }
  get flexionDeg() {
    return this.computeSampleAngles().flexionDeg;
  }
  get lateralDeg() {
    return this.computeSampleAngles().lateralDeg;
  }
  /** Computed once per sample and calibration, however often read (the analyze summary reads them five times). */
  computeSampleAngles() {
    const out = this.sampleAngles;
    const cal = this.calibration;
    if (this.sampleAnglesAt === this.samples && this.sampleAnglesCal === cal) return out;
    this.sampleAnglesAt = this.samples;
    this.sampleAnglesCal = cal;
    if (cal !== null && this.filter.initialised) {
      calibratedAngles(cal, this.up, out);
    } else {
      out.flexionDeg = Number.NaN;
      out.lateralDeg = Number.NaN;
    }
    return out;
  }
};

// bench/.p3-orig/packages/analysis/src/posture-pipeline.ts
function updatePosturePipeline(p, tS, ax, ay, az, gx, gy, gz) {
  const x = p.sample;
  x[0] = tS;
  x[1] = ax;
  x[2] = ay;
  x[3] = az;
  x[4] = gx;
  x[5] = gy;
  x[6] = gz;
  stepPosturePipeline(p, false);
}
function stepPosturePipeline(p, finishing) {
  if (p.flagged) clearFlags(p);
  const s = p.settings;
  const x = p.sample;
  const tS = x[0];
  const prev = p.prevTS;
  const dt = tS - prev;
  if (!(dt > 0) && prev === prev) {
    p.droppedSamples++;
    return;
  }
  const gap = !(dt <= s.maxStepS);
  if (gap || !(tS < p.tickEndS)) {
    if (p.tickN > 0) {
      const tickT = p.tS;
      const stepS = p.tickStepS;
      const f2 = p.filter;
      const up = f2.up;
      const ac = p.activityClassifier;
      const w = stepS / ac.bN;
      p.calGx += ac.bGx * w;
      p.calGy += ac.bGy * w;
      p.calGz += ac.bGz * w;
      p.calStepS += stepS;
      if (gap || p.calStepS >= s.calibrationStepS) feedCalibration(p);
      const cal = p.calibration;
      const angles = p.angles;
      let cosTilt = Number.NaN;
      if (cal !== null && f2.initialised) {
        calibratedAngles(cal, up, angles);
        const u = cal.frame.u;
        cosTilt = up[0] * u[0] + up[1] * u[1] + up[2] * u[2];
      } else {
        angles.flexionDeg = Number.NaN;
        angles.lateralDeg = Number.NaN;
      }
      closeActivityBlock(ac, up[0], up[1], up[2], cosTilt);
      const activity = f2.initialised ? ac.activity : "unknown";
      p.activity = activity;
      const flex = angles.flexionDeg;
      const sd = p.slouch;
      updateSlouchDetector(sd, tickT, stepS, flex, activity, flex === flex && p.calibrator.usable);
      const posture = sd.posture;
      p.posture = posture;
      if (sd.episodeConfirmed || sd.episodeEnded) copyEpisode(p);
      p.episodeConfirmed = sd.episodeConfirmed;
      p.episodeEnded = sd.episodeEnded;
      const pb = p.points;
      addToPointBinner(pb, tickT, flex, angles.lateralDeg, activity, posture);
      if (!(tS < pb.binEndS)) flushPointBinner(pb);
      p.pointReady = pb.ready;
      p.flagged = pb.ready || sd.episodeConfirmed || sd.episodeEnded || p.episodeCancelled || p.calibrationChanged;
      p.tickN = 0;
      p.tickStepS = 0;
    }
    if (finishing) return;
    const ts = p.tickS;
    let cell = p.tickCell + 1;
    if (!(tS < (cell + 1) * ts && tS >= cell * ts)) cell = Math.floor(tS / ts);
    p.tickCell = cell;
    const gridEndS = (cell + 1) * ts;
    if (!(tS < p.binEndS)) p.binEndS = (Math.floor(tS / s.pointIntervalS) + 1) * s.pointIntervalS;
    p.tickEndS = gridEndS < p.binEndS ? gridEndS : p.binEndS;
  }
  p.prevTS = tS;
  p.tS = tS;
  p.samples++;
  const f = p.filter;
  const dtS = prev === prev ? dt : 0;
  const ax = x[1];
  const ay = x[2];
  const az = x[3];
  const gx = x[4];
  const gy = x[5];
  const gz = x[6];
  updateOrientationFilter(f, dtS, ax, ay, az, gx, gy, gz);
  const bias = f.gyroBiasDps;
  addActivitySample(p.activityClassifier, dtS, ax, ay, az, gx - bias[0], gy - bias[1], gz - bias[2]);
  p.tickN++;
  if (!gap) p.tickStepS += dt;
}
function feedCalibration(p) {
  const pc = p.calibrator;
  const k = p.calStepS > 0 ? 1 / p.calStepS : 0;
  updatePipelineCalibration(pc, p.calStepS, p.filter.up, p.calGx * k, p.calGy * k, p.calGz * k, p.activityClassifier.activity);
  p.calStepS = p.calGx = p.calGy = p.calGz = 0;
  if (pc.changed) {
    p.calibration = pc.calibration;
    p.calibrationChanged = true;
  }
  if (pc.stale && !p.calibrationStale) {
    cancelSlouchDetector(p.slouch);
    if (p.slouch.episodeCancelled) {
      copyEpisode(p);
      p.episodeCancelled = true;
    }
  }
  p.calibrationStale = pc.stale;
}
function clearFlags(p) {
  p.pointReady = false;
  p.episodeConfirmed = false;
  p.episodeEnded = false;
  p.episodeCancelled = false;
  p.calibrationChanged = false;
  p.flagged = false;
}
function setPosturePipelineCalibration(p, calibration2) {
  setGivenCalibration(p.calibrator, calibration2);
  p.calibration = p.calibrator.calibration;
  p.calibrationChanged = true;
  p.flagged = true;
  p.calibrationStale = false;
  resetSlouchDetector(p.slouch);
}
function rewindPosturePipeline(p) {
  resetPosturePipeline(p);
  p.samples = 0;
  p.droppedSamples = 0;
  p.tS = Number.NaN;
}
function resetPosturePipeline(p) {
  resetOrientationFilter(p.filter);
  resetActivityClassifier(p.activityClassifier);
  resetSlouchDetector(p.slouch);
  p.prevTS = Number.NaN;
  p.tickEndS = p.tickCell = p.binEndS = Number.NaN;
  p.tickN = 0;
  p.tickStepS = 0;
  p.sampleAnglesAt = -1;
  p.calStepS = p.calGx = p.calGy = p.calGz = 0;
  resetPointBinner(p.points);
  p.pointReady = false;
}
function copyEpisode(p) {
  const e = p.slouch.episode;
  const out = p.episode;
  out.startMs = e.startS * 1e3;
  out.endMs = e.endS * 1e3;
  out.durationS = e.durationS;
  out.peakFlexionDeg = e.peakFlexionDeg;
  out.meanFlexionDeg = e.meanFlexionDeg;
  out.doseDegS = e.doseDegS;
}

// bench/.p3-orig/packages/analysis/src/cli/input-error.ts
var InputError = class extends Error {
  name = "InputError";
  /** 1-based line of the CSV file the problem is on; 0 when it is not about one line. */
  line;
  constructor(reason, line) {
    super(line > 0 ? `line ${line}: ${reason}` : reason);
    this.line = line;
  }
};

// bench/.p3-orig/packages/analysis/src/flexion-histogram.ts
var HISTOGRAM_MIN_DEG = -90;
var HISTOGRAM_MAX_DEG = 120;
var HISTOGRAM_BIN_DEG = 0.5;
var HISTOGRAM_BIN_COUNT = (HISTOGRAM_MAX_DEG - HISTOGRAM_MIN_DEG) / HISTOGRAM_BIN_DEG;

// bench/.p3-orig/packages/analysis/src/aggregates.ts
var DEFAULT_AGGREGATE_SETTINGS = Object.freeze({
  movementBreakMinS: 60,
  utcOffsetMin: 0
});

// bench/.p3-orig/packages/analysis/src/cli/analyze-series.ts
function round(x, digits) {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

// bench/.p3-orig/packages/analysis/src/cli/analyze-run.ts
var PRIME_S = 120;
function pipelineSettings(options) {
  const base = {};
  if (options.slouchDeg !== void 0) base.slouchDeg = options.slouchDeg;
  if (options.minSlouchS !== void 0) base.minSlouchS = options.minSlouchS;
  return base;
}
function primedPipeline(cols, settings2, primeS = PRIME_S) {
  const p = createPosturePipeline(settings2);
  const t0 = cols.timeS[0];
  for (let i = 0; i < cols.count && cols.timeS[i] - t0 < primeS; i++) feed(p, cols, i);
  rewindPosturePipeline(p);
  if (p.settings.calibration === null) setPosturePipelineCalibration(p, null);
  return p;
}
function calibrateRecording(cols, options, settings2 = {}) {
  const base = { ...settings2, ...pipelineSettings(options) };
  if (options.neutral) {
    const calibration2 = windowCalibration(cols, options.neutral, options.bend, base);
    const how2 = { source: options.bend ? "neutral and bend windows" : "neutral window, forward axis from the movement", neutral: options.neutral, ...options.bend ? { bend: options.bend } : {} };
    return { calibration: calibration2, how: how2 };
  }
  const first = primedPipeline(cols, { ...base, calibration: null });
  let kept = null;
  let foundAtS = Number.NaN;
  for (let i = 0; i < cols.count; i++) {
    feed(first, cols, i);
    if (first.calibrationStale) break;
    const c = first.calibration;
    if (!first.calibrationChanged || c === null) continue;
    if (kept === null) foundAtS = cols.timeS[i] - cols.timeS[0];
    kept = copyCalibration(c);
  }
  const how = {
    source: "automatic: a first pass calibrates the way the service would, a second analyses the whole file with that calibration as it stood before anything made it stale",
    foundAfterS: Number.isNaN(foundAtS) ? null : round(foundAtS, 1),
    staleDuringFirstPass: first.calibrator.stale
  };
  return { calibration: kept, how };
}
function copyCalibration(c) {
  return {
    frame: { f: Float64Array.from(c.frame.f), l: Float64Array.from(c.frame.l), u: Float64Array.from(c.frame.u) },
    method: c.method,
    quality: c.quality,
    detail: { ...c.detail }
  };
}
function feed(p, cols, i) {
  const a = cols.acc;
  const g = cols.gyr;
  updatePosturePipeline(p, cols.timeS[i], a[3 * i], a[3 * i + 1], a[3 * i + 2], g[3 * i], g[3 * i + 1], g[3 * i + 2]);
}
function windowCalibration(cols, neutral, bend, base) {
  const t0 = cols.timeS[0];
  const t1 = cols.timeS[cols.count - 1];
  for (const [name, w] of [["--neutral", neutral], ["--bend", bend]]) {
    if (w && (w[1] <= t0 || w[0] >= t1)) {
      throw new InputError(`${name} ${w[0]}:${w[1]} lies outside the recording (${t0} to ${t1} s)`, 0);
    }
  }
  const f = createOrientationFilter(base.filter);
  const up = new Float64Array(3 * cols.count);
  for (let i = 0, prev2 = Number.NaN; i < cols.count && cols.timeS[i] - t0 < PRIME_S; i++) {
    const t = cols.timeS[i];
    const a = cols.acc;
    const g = cols.gyr;
    updateOrientationFilter(f, prev2 === prev2 ? t - prev2 : 0, a[3 * i], a[3 * i + 1], a[3 * i + 2], g[3 * i], g[3 * i + 1], g[3 * i + 2]);
    prev2 = t;
  }
  resetOrientationFilter(f);
  let prev = Number.NaN;
  for (let i = 0; i < cols.count; i++) {
    const t = cols.timeS[i];
    const a = cols.acc;
    const g = cols.gyr;
    updateOrientationFilter(f, prev === prev ? t - prev : 0, a[3 * i], a[3 * i + 1], a[3 * i + 2], g[3 * i], g[3 * i + 1], g[3 * i + 2]);
    prev = t;
    up[3 * i] = f.up[0];
    up[3 * i + 1] = f.up[1];
    up[3 * i + 2] = f.up[2];
  }
  const n2 = indexRangeForTimes(cols.timeS, neutral[0], neutral[1]);
  if (bend) return calibrateFromWindows(up, n2, indexRangeForTimes(cols.timeS, bend[0], bend[1]));
  return calibrateNeutralWithMotion(up, cols.timeS, n2, { start: 0, end: cols.count });
}

// bench/.p3-drive-orig.ts
var mode = process.argv[2] ?? "given";
var rec = generateScenario("desk-day", { seed: 1, rateHz: 50, durationS: 600 });
var n = rec.timeS.length;
var { calibration } = calibrateRecording({ count: n, timeS: rec.timeS, acc: rec.acc, gyr: rec.gyr }, { neutral: rec.windows.neutral, ...rec.windows.bend ? { bend: rec.windows.bend } : {}, everyS: 1, emitUp: false });
var settings = mode === "auto" ? { calibration: null } : mode === "off" ? { calibration, calibrationStepS: Infinity } : { calibration };
var span = rec.timeS[n - 1] + 0.02;
function run(passes) {
  const p = createPosturePipeline(settings);
  const { timeS, acc, gyr } = rec;
  let pts = 0;
  const t0 = process.cpuUsage();
  for (let k = 0; k < passes; k++) {
    const off = k * span;
    for (let i = 0; i < n; i++) {
      const j = 3 * i;
      updatePosturePipeline(p, timeS[i] + off, acc[j], acc[j + 1], acc[j + 2], gyr[j], gyr[j + 1], gyr[j + 2]);
      if (p.pointReady) pts++;
    }
  }
  const u = process.cpuUsage(t0);
  if (pts < 10) throw new Error("x");
  return n * passes / ((u.user + u.system) / 1e6);
}
run(3);
var r = [];
for (let i = 0; i < 7; i++) r.push(run(40));
r.sort((a, b) => a - b);
console.log(mode, (r[3] / 1e6).toFixed(2), (r[6] / 1e6).toFixed(2));
