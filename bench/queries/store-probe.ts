import { openDatabase, createSqliteStore } from '@stance/ingest';
import { summariseAggregate } from '@stance/analysis';
import { ensureQueryDataset } from './query-dataset.js';
const ds = ensureQueryDataset('/work/main');
const db = openDatabase({ dataDir: ds.dataDir, sync: 'normal' });
const store = createSqliteStore(db);
const DAY = 86400000;
const time = async (label: string, f: () => Promise<unknown>) => {
  const ms: number[] = [];
  let n = 0;
  for (let i = 0; i < 15; i++) { const t = performance.now(); const r = await f(); ms.push(performance.now() - t); n = Array.isArray(r) ? r.length : 0; }
  ms.sort((a, b) => a - b);
  console.log(label, 'n', n, 'median', ms[7]!.toFixed(1), 'min', ms[0]!.toFixed(1));
};
const w = ds.wearers[3]!;
const end = ds.settings.endDayMs - w.utcOffsetMin * 60000;
await time('readPoints day 1s', () => store.readPoints(w.id, { fromMs: end - DAY, toMs: end }, 1000));
await time('readPoints week 60s', () => store.readPoints(w.id, { fromMs: end - 7 * DAY, toMs: end }, 60000));
const raw = db.prepare('SELECT t_ms, flexion_deg, lateral_deg, activity, posture FROM posture_point WHERE wearer_id = ? AND t_ms >= ? AND t_ms < ? ORDER BY t_ms');
await time('sql week rows', async () => raw.all(w.id, end - 7 * DAY, end));
const rawR = db.prepare('SELECT t_ms, flexion_deg, lateral_deg, activity, posture FROM posture_point WHERE wearer_id = ? AND t_ms >= ? AND t_ms < ? ORDER BY t_ms').raw(true);
await time('sql week rows raw', async () => rawR.all(w.id, end - 7 * DAY, end));
await time('readRollups year', () => store.readRollups(w.id, 'day', { fromMs: end - 365 * DAY, toMs: end }));
await time('readRollups year + summarise', async () => (await store.readRollups(w.id, 'day', { fromMs: end - 365 * DAY, toMs: end })).map((b) => summariseAggregate(b.aggregate)));
const rr = db.prepare("SELECT start_ms, aggregate FROM rollup WHERE wearer_id = ? AND size = 'day' AND start_ms >= ? AND start_ms < ?");
await time('sql rollups year', async () => rr.all(w.id, end - 366 * DAY, end));
await time('sql rollups year+parse', async () => rr.all(w.id, end - 366 * DAY, end).map((r: any) => JSON.parse(r.aggregate)));
