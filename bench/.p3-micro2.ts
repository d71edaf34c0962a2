import { trunkAngles } from '../packages/analysis/src/trunk-angles.js';
import { trunkAngles as trunkAnglesOld } from './.p3-orig/packages/analysis/src/trunk-angles.js';
const frame = { f: new Float64Array([1, 0, 0]), l: new Float64Array([0, 1, 0]), u: new Float64Array([0, 0, 1]) };
const N = 1 << 16; const ups = new Float64Array(3 * N);
for (let i = 0; i < N; i++) { const a = (Math.random() - 0.5) * 0.7, b = (Math.random() - 0.5) * 0.3; const c = Math.sqrt(1 - a * a - b * b); ups[3 * i] = a; ups[3 * i + 1] = b; ups[3 * i + 2] = c; }
const out = { flexionDeg: 0, lateralDeg: 0 }; const up = new Float64Array(3);
function t1(): number { let s = 0; for (let r = 0; r < 100; r++) for (let i = 0; i < N; i++) { up[0] = ups[3 * i]!; up[1] = ups[3 * i + 1]!; up[2] = ups[3 * i + 2]!; trunkAngles(frame, up, out); s += out.flexionDeg; } return s; }
function t0(): number { let s = 0; for (let r = 0; r < 100; r++) for (let i = 0; i < N; i++) { up[0] = ups[3 * i]!; up[1] = ups[3 * i + 1]!; up[2] = ups[3 * i + 2]!; trunkAnglesOld(frame, up, out); s += out.flexionDeg; } return s; }
for (let k = 0; k < 3; k++) for (const [nm, f] of [['old', t0], ['new', t1]] as const) { f(); const t = process.hrtime.bigint(); f(); console.log(nm, (Number(process.hrtime.bigint() - t) / (100 * N)).toFixed(1), 'ns'); }
