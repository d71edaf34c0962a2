import { createIngestService, DEFAULT_INGEST_SETTINGS } from '@stance/ingest';
import { ensureQueryDataset } from './query-dataset.js';
import { queryCases } from './query-cases.js';
const ds = ensureQueryDataset('/work/main');
const service = await createIngestService({ ...DEFAULT_INGEST_SETTINGS, host: '127.0.0.1', httpPort: 0, mqttPort: 0, mqttWsPath: '', logLevel: 'silent', dataDir: ds.dataDir, adminEmail: 'bench-admin@example.org', adminPassword: 'bench-admin-password' });
await service.start();
const login = await service.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'bench-admin@example.org', password: 'bench-admin-password' } });
const headers = { authorization: `Bearer ${login.json().token}` };
const name = process.argv[2] ?? 'posture, a day per second';
const c = queryCases(ds.settings).find((x) => x.name === name)!;
const ms: number[] = [];
for (let i = 0; i < Number(process.argv[3] ?? 30); i++) {
  const t = performance.now();
  const r = await service.app.inject({ method: 'GET', url: c.url(ds.wearers[i % 100]!), headers });
  ms.push(performance.now() - t);
  if (r.statusCode !== 200) console.log(r.statusCode, r.body.slice(0, 300));
  if (i === 0 && process.argv[4]) console.log(r.body.slice(0, 600));
}
ms.sort((a, b) => a - b);
console.log(name, 'median', ms[ms.length >> 1]!.toFixed(1), 'min', ms[0]!.toFixed(1));
await service.stop();
