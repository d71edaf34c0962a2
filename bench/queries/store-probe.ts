import { openDatabase, createSqliteStore } from '@stance/ingest';
import { summariseAggregate } from '@stance/analysis';
import { ensureQueryDataset } from './query-dataset.js';
const ds = ensureQueryDataset('/work/main');
const db = openDatabase({ dataDir: ds.dataDir, sync: 'normal' });
const store = createSqliteStore(db);
const DAY = 86400000;
const time = async (label: string, f: () => Promise<unknown>) => {
  const ms: number[] = []; let n = 0;
  for (let i = 0; i < 21; i++) { const t = performance.now(); const r = await f(); ms.push(performance.now() - t); n = Array.isArray(r) ? r.length : 0; }
  ms.sort((a, b) => a - b);
  console.log(label.padEnd(34), 'n', String(n).padStart(6), 'median', ms[10]!.toFixed(1), 'min', ms[0]!.toFixed(1));
};
const w = ds.wearers[3]!;
const end = ds.settings.endDayMs - w.utcOffsetMin * 60000;
const year = { fromMs: end - 365 * DAY, toMs: end };
await time('readPoints day 1s', () => store.readPoints(w.id, { fromMs: end - DAY, toMs: end }, 1000));
await time('readPoints week 60s', () => store.readPoints(w.id, { fromMs: end - 7 * DAY, toMs: end }, 60000));
await time('readRollups year', () => store.readRollups(w.id, 'day', year));
await time('readRollups year + summarise', async () => (await store.readRollups(w.id, 'day', year)).map((b) => summariseAggregate(b.aggregate)));
await time('readAlerts year', () => store.readAlerts(w.id, year));
const buckets = await store.readRollups(w.id, 'day', year); const alerts = await store.readAlerts(w.id, year);
await time('filter per bucket (route today)', async () => buckets.map((b) => alerts.filter((a) => a.buzzMs >= b.startMs && a.buzzMs < b.aggregate.endMs).length));
await time('one pass', async () => { let i = 0; return buckets.map((b) => { while (i < alerts.length && alerts[i]!.buzzMs < b.startMs) i++; let n = 0; for (let j = i; j < alerts.length && alerts[j]!.buzzMs < b.aggregate.endMs; j++) n++; return n; }); });
