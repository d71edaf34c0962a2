import { asinRad, atanRad, atan2Rad } from '../packages/analysis/src/inverse-trig.js';
let bad = 0, n = 0;
for (let i = 0; i < 3e6; i++) {
  const e = Math.pow(2, -40 * Math.random());
  const x = (Math.random() * 2 - 1) * e;
  n++;
  if (!Object.is(asinRad(x), Math.asin(x))) { bad++; if (bad < 5) console.log('asin', x, asinRad(x), Math.asin(x)); }
  if (!Object.is(atanRad(x), Math.atan(x))) { bad++; if (bad < 5) console.log('atan', x); }
  const y = Math.random() * 2 - 1, z = Math.random() * 2 - 1;
  if (!Object.is(atan2Rad(y * e, z), Math.atan2(y * e, z))) { bad++; if (bad < 5) console.log('atan2', y * e, z); }
}
for (const x of [0, -0, 0.5, -0.5, 0.4375, -0.4375, 0.49999999999999994, 0.43749999999999994, NaN, 1, -1, 2**-27, 2**-29, 1e-300, 5e-324])
  for (const f of [[asinRad, Math.asin], [atanRad, Math.atan]] as const) if (!Object.is(f[0](x), f[1](x))) { bad++; console.log('edge', f[1].name, x); }
for (const [y, x] of [[0, 1], [-0, 1], [0, -1], [-0, -1], [1, 0], [0, 0], [-0, 0], [NaN, 1], [1, NaN], [0.4, 1], [-0.4, 1e-300]]) if (!Object.is(atan2Rad(y!, x!), Math.atan2(y!, x!))) { bad++; console.log('edge atan2', y, x); }
console.log('mismatches', bad, 'of', 3 * n);
