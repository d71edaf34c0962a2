/**
 * How the clip sits on the wearer: a fixed rotation sensor → trunk and a lever arm from the hip pivot.
 * Trunk frame f (forward), l (left), u (up), contracts section 1.
 */
import { axisAngle3, fromColumns, multiply3, type Mat3 } from './rotation.js';
import { normal, type Rng } from './rng.js';

export type MountingName = 'back-clip' | 'collar' | 'rotated' | 'tilted' | 'upside-down' | 'random';

export interface Mounting {
  name: string;
  /** Row-major 3×3 rotation: `v_trunk = sensorToTrunk · v_sensor`; its columns are the sensor axes in the trunk frame. */
  sensorToTrunk: Float64Array;
  /** Sensor position relative to the hip pivot, trunk frame (f, l, u), metres. */
  leverArmM: Float64Array;
}

export const MOUNTING_NAMES: readonly MountingName[] = Object.freeze([
  'back-clip',
  'collar',
  'rotated',
  'tilted',
  'upside-down',
  'random',
]);

const DEG = Math.PI / 180;

/** Back clip: sensor x up the spine (u), y to the wearer's left (l), z out of the back (−f). */
function backClip(): Mat3 {
  return fromColumns([0, 0, 1], [0, 1, 0], [-1, 0, 0]);
}

/** Turns the base mounting by rotations about the sensor's own axes (applied in order). */
function turned(base: Mat3, ...turns: [number, number, number, number][]): Mat3 {
  let m = base;
  for (const [x, y, z, deg] of turns) m = multiply3(m, axisAngle3(x, y, z, deg * DEG));
  return m;
}

const DESCRIPTIONS: Record<MountingName, string> = {
  'back-clip': 'upper back, 0.45 m above the hips; x up the spine, y left, z out of the back',
  collar: 'on the back of the collar, 0.60 m up, tipped 25° following the neck and rolled 5°',
  rotated: 'back clip turned 90° about its face (x to the left) and tilted 8°',
  tilted: 'back clip tilted 35° about y and 20° about x',
  'upside-down': 'back clip turned 180° about its face (x down the spine)',
  random: 'a uniformly random rotation drawn from the seed, on the upper back',
};

export function describeMounting(name: MountingName): string {
  return DESCRIPTIONS[name];
}

export function isMountingName(name: string): name is MountingName {
  return (MOUNTING_NAMES as readonly string[]).includes(name);
}

/** A named mounting; `random` draws its rotation from `rng`. */
export function namedMounting(name: MountingName, rng: Rng): Mounting {
  const back = Float64Array.of(-0.1, 0, 0.45);
  switch (name) {
    case 'back-clip':
      return { name, sensorToTrunk: backClip(), leverArmM: back };
    case 'collar':
      return { name, sensorToTrunk: turned(backClip(), [0, 1, 0, 25], [1, 0, 0, 5]), leverArmM: Float64Array.of(-0.08, 0, 0.6) };
    case 'rotated':
      return { name, sensorToTrunk: turned(backClip(), [0, 0, 1, 90], [0, 1, 0, 8]), leverArmM: back };
    case 'tilted':
      return { name, sensorToTrunk: turned(backClip(), [0, 1, 0, 35], [1, 0, 0, 20]), leverArmM: back };
    case 'upside-down':
      return { name, sensorToTrunk: turned(backClip(), [0, 0, 1, 180]), leverArmM: back };
    case 'random': {
      // Uniform rotation: a normalised 4-D Gaussian quaternion (w, x, y, z) turned into a matrix.
      let w = normal(rng), x = normal(rng), y = normal(rng), z = normal(rng);
      const n = Math.hypot(w, x, y, z) || 1;
      w /= n; x /= n; y /= n; z /= n;
      const m = Float64Array.of(
        1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
        2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
        2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
      );
      return { name, sensorToTrunk: m, leverArmM: back };
    }
  }
}

/** A copy of `m` with its rotation turned by `angleDeg` about the sensor axis `axis` (a clip that slipped). */
export function slippedMounting(m: Mounting, axis: readonly [number, number, number], angleDeg: number): Mounting {
  return {
    name: `${m.name}+slip`,
    sensorToTrunk: multiply3(m.sensorToTrunk, axisAngle3(axis[0], axis[1], axis[2], angleDeg * DEG)),
    leverArmM: Float64Array.from(m.leverArmM),
  };
}

/** A mounting from a name (the `random` one drawn from `rng`) or a caller's object (copied, checked). */
export function resolveMounting(option: MountingName | Mounting, rng: Rng): Mounting {
  if (typeof option === 'string') {
    if (!isMountingName(option)) throw new RangeError(`unknown mounting "${option}" (known: ${MOUNTING_NAMES.join(', ')})`);
    return namedMounting(option, rng);
  }
  const m = Float64Array.from(option.sensorToTrunk);
  if (m.length !== 9 || option.leverArmM.length !== 3) throw new RangeError('mounting: sensorToTrunk needs 9 numbers, leverArmM 3');
  // Rotation check: MᵀM = I and det M = +1, to 1e-6.
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      const dot = m[i]! * m[j]! + m[3 + i]! * m[3 + j]! + m[6 + i]! * m[6 + j]!;
      if (Math.abs(dot - (i === j ? 1 : 0)) > 1e-6) throw new RangeError(`mounting "${option.name}": sensorToTrunk is not a rotation`);
    }
  const det = m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
  if (det < 0) throw new RangeError(`mounting "${option.name}": sensorToTrunk is a reflection, not a rotation`);
  return { name: option.name, sensorToTrunk: m, leverArmM: Float64Array.from(option.leverArmM) };
}
