/**
 * Is the sensor on a body? A wearer sitting perfectly still still breathes (a sway of a few tenths of a degree
 * at 0.2-0.3 Hz) and has a heartbeat; a sensor on a desk has only white noise, which per-second means average
 * away. So: per-second means of the accelerometer direction and of the gyroscope, their spread over the last
 * `quietWindowS` seconds, compared with fixed floors or with what the sensor's own noise leaves in a
 * per-second mean (estimated from the variance inside each second, so a noisier part still qualifies).
 * Quiet without a break for `notWornAfterS` means not worn; any movement ends it at once.
 *
 * Fed with block sums by the activity classifier (activity.ts), not per sample. No allocation per block.
 */

export interface WearDetectorSettings {
  /** Window of per-second means over which micro-movement is measured, s (whole seconds). */
  quietWindowS: number;
  /** Largest spread of the per-second mean accelerometer direction of a sensor nobody wears, degrees. */
  quietAccDeg: number;
  /** Largest spread of the per-second mean gyroscope of a sensor nobody wears, °/s. */
  quietGyroDps: number;
  /** Or this many times what white sensor noise alone leaves in a per-second mean. */
  quietNoiseFactor: number;
  /** Quiet this long without a break means not worn, s. */
  notWornAfterS: number;
}

const RAD_TO_DEG = 180 / Math.PI;

export interface WearDetector {
  readonly settings: Readonly<WearDetectorSettings>;
  /** The sensor has been quiet for `notWornAfterS`. */
  notWorn: boolean;
  /** Seconds of continuous quiet (0 after any movement). */
  quietS: number;
  /** Spreads over the last window: mean accelerometer direction (°) and mean gyroscope (°/s); NaN until full. */
  accSpreadDeg: number;
  gyroSpreadDps: number;
  // Internal state below.
  readonly blocksPerSecond: number;
  readonly windowS: number;
  blocks: number;
  n: number;
  ax: number; ay: number; az: number; gx: number; gy: number; gz: number;
  acc2: number; gyr2: number;
  accNoise2: number; gyrNoise2: number;
  readonly accMeans: Float64Array;
  readonly gyrMeans: Float64Array;
  head: number;
  count: number;
}

export function createWearDetector(settings: Readonly<WearDetectorSettings>, blocksPerSecond: number): WearDetector {
  const windowS = Math.max(2, Math.round(settings.quietWindowS));
  return {
    settings,
    notWorn: false,
    quietS: 0,
    accSpreadDeg: Number.NaN,
    gyroSpreadDps: Number.NaN,
    blocksPerSecond: Math.max(1, Math.round(blocksPerSecond)),
    windowS,
    blocks: 0,
    n: 0,
    ax: 0, ay: 0, az: 0, gx: 0, gy: 0, gz: 0,
    acc2: 0, gyr2: 0,
    accNoise2: 0, gyrNoise2: 0,
    accMeans: new Float64Array(3 * windowS),
    gyrMeans: new Float64Array(3 * windowS),
    head: 0,
    count: 0,
  };
}

export function resetWearDetector(w: WearDetector): void {
  w.notWorn = false;
  w.quietS = 0;
  w.accSpreadDeg = w.gyroSpreadDps = Number.NaN;
  w.blocks = w.n = 0;
  w.ax = w.ay = w.az = w.gx = w.gy = w.gz = w.acc2 = w.gyr2 = 0;
  w.accNoise2 = w.gyrNoise2 = 0;
  w.head = w.count = 0;
}

/** One block: `n` samples and their sums (acc in g, gyro in °/s) and sums of squared norms. */
export function addWearBlock(
  w: WearDetector,
  n: number,
  ax: number, ay: number, az: number,
  gx: number, gy: number, gz: number,
  acc2: number, gyr2: number,
): void {
  w.n += n;
  w.ax += ax; w.ay += ay; w.az += az;
  w.gx += gx; w.gy += gy; w.gz += gz;
  w.acc2 += acc2;
  w.gyr2 += gyr2;
  if (++w.blocks >= w.blocksPerSecond) closeSecond(w);
}

function closeSecond(w: WearDetector): void {
  const s = w.settings;
  const inv = 1 / w.n;
  let ax = w.ax * inv, ay = w.ay * inv, az = w.az * inv;
  const norm = Math.sqrt(ax * ax + ay * ay + az * az);
  const gx = w.gx * inv, gy = w.gy * inv, gz = w.gz * inv;
  // Variance of this second's mean from the spread inside it (white noise: variance / samples), smoothed;
  // the accelerometer's as an angle (divided by |g|²).
  const accVarMean = (Math.max(0, w.acc2 * inv - norm * norm) * inv) / (norm > 0 ? norm * norm : 1);
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
  w.accMeans[3 * h] = ax; w.accMeans[3 * h + 1] = ay; w.accMeans[3 * h + 2] = az;
  w.gyrMeans[3 * h] = gx; w.gyrMeans[3 * h + 1] = gy; w.gyrMeans[3 * h + 2] = gz;
  w.head = h + 1 === w.windowS ? 0 : h + 1;
  if (w.count < w.windowS) w.count++;
  w.blocks = w.n = 0;
  w.ax = w.ay = w.az = w.gx = w.gy = w.gz = w.acc2 = w.gyr2 = 0;
  if (w.count < w.windowS) return;
  w.accSpreadDeg = spread(w.accMeans, w.windowS) * RAD_TO_DEG;
  w.gyroSpreadDps = spread(w.gyrMeans, w.windowS);
  const f = s.quietNoiseFactor;
  const accLimitDeg = Math.max(s.quietAccDeg, f * Math.sqrt(w.accNoise2) * RAD_TO_DEG);
  const gyrLimitDps = Math.max(s.quietGyroDps, f * Math.sqrt(w.gyrNoise2));
  if (w.accSpreadDeg < accLimitDeg && w.gyroSpreadDps < gyrLimitDps) {
    // The first quiet window already covers windowS seconds of stillness.
    w.quietS = w.quietS === 0 ? w.windowS : w.quietS + 1;
  } else {
    w.quietS = 0;
  }
  w.notWorn = w.quietS >= s.notWornAfterS;
}

/** RMS distance of `n` interleaved 3-vectors from their mean. */
function spread(v: Float64Array, n: number): number {
  let mx = 0, my = 0, mz = 0;
  for (let i = 0; i < n; i++) { mx += v[3 * i]!; my += v[3 * i + 1]!; mz += v[3 * i + 2]!; }
  mx /= n; my /= n; mz /= n;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const dx = v[3 * i]! - mx, dy = v[3 * i + 1]! - my, dz = v[3 * i + 2]! - mz;
    sum += dx * dx + dy * dy + dz * dz;
  }
  return Math.sqrt(sum / n);
}
