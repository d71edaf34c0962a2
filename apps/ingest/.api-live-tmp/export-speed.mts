import { startService } from '../tests/helpers.ts';
import { accountsApi } from '../tests/wearer-accounts.ts';
import { emptyStoreBatch } from '../src/store/store-port.ts';
const days = Number(process.argv[2] ?? 1);
const r = await startService({ adminEmail: 'admin@clinic.test', adminPassword: 'correct horse', httpPort: 31030, mqttPort: 31031 });
const api = await accountsApi(r.service);
const ada = await api.wearer('ada@clinic.test', 'Ada');
const T0 = Date.UTC(2025, 10, 1);
const t0 = performance.now();
for (let d = 0; d < days; d++) {
  const points = [];
  for (let i = 0; i < 86_400; i++) {
    const tMs = T0 + d * 86_400_000 + i * 1000;
    points.push({ wearerId: ada.wearerId, deviceId: 'd', tMs, flexionDeg: 10 + 15 * Math.sin(i / 300), lateralDeg: Math.cos(i / 77) * 3, activity: 'still' as const, posture: (i % 600 < 200 ? 'slouched' : 'upright') as 'slouched' | 'upright', worn: true });
  }
  r.service.db.transaction(() => r.service.store.write({ ...emptyStoreBatch(), points }))();
}
console.log(`wrote ${days * 86_400} points in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const url = `http://127.0.0.1:31030/api/wearers/${ada.wearerId}/export/points.csv?from=${T0}&to=${T0 + days * 86_400_000}`;
for (let run = 0; run < 3; run++) {
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const start = performance.now();
  const res = await fetch(url, { headers: ada.headers });
  let bytes = 0, firstByteMs = 0;
  for await (const chunk of res.body!) { if (bytes === 0) firstByteMs = performance.now() - start; bytes += chunk.length; }
  const ms = performance.now() - start;
  clearInterval(timer);
  console.log(`run ${run}: ${res.status} ${(bytes / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms (first byte ${firstByteMs.toFixed(0)} ms), ${((days * 86_400) / (ms / 1000) / 1000).toFixed(0)} k rows/s, RSS +${((peak - rss0) / 1e6).toFixed(0)} MB peak`);
}
// JSON for comparison (one day max)
if (days === 1) {
  const s = performance.now();
  const j = await fetch(url.replace('/export/points.csv', '/posture'), { headers: ada.headers });
  const body = await j.text();
  console.log(`JSON /posture same day: ${(body.length / 1e6).toFixed(1)} MB in ${(performance.now() - s).toFixed(0)} ms`);
}
await r.stop();
