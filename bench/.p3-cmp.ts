import { readFileSync } from 'node:fs';
const a = JSON.parse(readFileSync(process.argv[2]!, 'utf8')), b = JSON.parse(readFileSync(process.argv[3]!, 'utf8'));
for (const k of Object.keys(a)) {
  const x = a[k], y = b[k];
  const md = (u: number[], v: number[]) => { let m = 0; for (let i = 0; i < u.length; i++) { const d = Math.abs((u[i] ?? NaN) - (v[i] ?? NaN)); if (d > m || d !== d && u[i] === u[i]) m = d !== d ? Infinity : d; } return m; };
  let actDiff = 0; for (let i = 0; i < x.act.length; i++) if (x.act[i] !== y.act[i]) actDiff++;
  console.log(k, 'points', x.flex.length, y.flex.length, 'max|dflex|', md(x.flex, y.flex).toExponential(2), 'max|dup|', md(x.upx, y.upx).toExponential(2), 'act/posture diffs', actDiff, 'episodes', JSON.stringify(x.eps) === JSON.stringify(y.eps) ? 'same' : `${x.eps} vs ${y.eps}`, 'dbias', md(x.bias, y.bias).toExponential(2));
}
