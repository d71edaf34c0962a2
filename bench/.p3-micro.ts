import { trunkAngles } from '../packages/analysis/src/trunk-angles.js';
const frame = { f: new Float64Array([0.1, 0.99, 0.05]), l: new Float64Array([0.99, -0.1, 0]), u: new Float64Array([0, -0.05, 0.998]) };
const N = 1 << 16; const ups = new Float64Array(3 * N);
for (let i = 0; i < N; i++) { const a = Math.random() - 0.5, b = Math.random() - 0.5; const c = Math.sqrt(1 - a * a - b * b); ups[3 * i] = a; ups[3 * i + 1] = b; ups[3 * i + 2] = c; }
const out = { flexionDeg: 0, lateralDeg: 0 }; const up = new Float64Array(3);
function t1(): number { let s = 0; for (let r = 0; r < 100; r++) for (let i = 0; i < N; i++) { up[0] = ups[3 * i]!; up[1] = ups[3 * i + 1]!; up[2] = ups[3 * i + 2]!; trunkAngles(frame, up, out); s += out.flexionDeg; } return s; }
function t2(): number { let s = 0; for (let r = 0; r < 100; r++) for (let i = 0; i < N; i++) { s += Math.atan2(ups[3 * i]!, ups[3 * i + 2]!); } return s; }
function t3(): number { let s = 0; for (let r = 0; r < 100; r++) for (let i = 0; i < N; i++) { s += Math.asin(ups[3 * i]!); } return s; }
function t4(): number { let s = 0; for (let r = 0; r < 100; r++) for (let i = 0; i < N; i++) { s += ups[3 * i]! * ups[3 * i + 2]!; } return s; }
for (const [nm, f] of [['trunkAngles', t1], ['atan2', t2], ['asin', t3], ['mul', t4]] as const) { f(); const t0 = process.hrtime.bigint(); f(); const ns = Number(process.hrtime.bigint() - t0) / (100 * N); console.log(nm, ns.toFixed(1), 'ns'); }
function t5(): number { let s = 0; for (let r = 0; r < 100; r++) for (let i = 0; i < N; i++) { s += Math.atan(ups[3 * i]! / ups[3 * i + 2]!); } return s; }
t5(); { const t0 = process.hrtime.bigint(); t5(); console.log('atan(y/x)', (Number(process.hrtime.bigint() - t0) / (100 * N)).toFixed(1), 'ns'); }
let bad = 0; for (let i = 0; i < N; i++) { const y = ups[3 * i]!, x = ups[3 * i + 2]!; if (Math.atan2(y, x) !== Math.atan(y / x)) bad++; } console.log('atan2 != atan(y/x):', bad, 'of', N);
