import { startService } from '../tests/helpers.ts';
import { accountsApi } from '../tests/wearer-accounts.ts';
import { emptyStoreBatch } from '../src/store/store-port.ts';
import { pointsCsv } from '../src/export/points-csv.ts';
const r = await startService({ adminEmail: 'admin@clinic.test', adminPassword: 'correct horse' });
const api = await accountsApi(r.service);
const ada = await api.wearer('ada@clinic.test', 'Ada');
const T0 = Date.UTC(2025, 10, 1);
const points = [];
for (let i = 0; i < 86_400; i++) points.push({ wearerId: ada.wearerId, deviceId: 'd', tMs: T0 + i * 1000, flexionDeg: 10 + 15 * Math.sin(i / 300), lateralDeg: 1, activity: 'still' as const, posture: 'upright' as const, worn: true });
r.service.db.transaction(() => r.service.store.write({ ...emptyStoreBatch(), points }))();
for (let run = 0; run < 2; run++) {
let last = performance.now(); const gaps: number[] = [];
let t = performance.now(); let readMs = 0;
for await (const c of pointsCsv(r.service.store, ada.wearerId, { fromMs: T0, toMs: T0 + 86_400_000 }, 1000, 0)) { const n = performance.now(); gaps.push(Math.round(n - last)); last = n; }
console.log('chunk gaps ms', gaps.join(','), 'total', Math.round(performance.now() - t));
}
const s = performance.now(); const p = await r.service.store.readPoints(ada.wearerId, { fromMs: T0, toMs: T0 + 86_400_000 }); console.log('readPoints day', Math.round(performance.now() - s), 'ms', p.length);
await r.stop();
