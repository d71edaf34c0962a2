import { openDatabase } from '@stance/ingest';
import { ensureQueryDataset } from './query-dataset.js';
const ds = ensureQueryDataset('/work/main');
const db = openDatabase({ dataDir: ds.dataDir, sync: 'normal' });
const DAY = 86400000;
const time = (label: string, f: () => unknown[]) => {
  const ms: number[] = []; let n = 0;
  for (let i = 0; i < 11; i++) { const t = performance.now(); n = f().length; ms.push(performance.now() - t); }
  ms.sort((a, b) => a - b);
  console.log(label, 'n', n, 'median', ms[5]!.toFixed(1), 'min', ms[0]!.toFixed(1));
};
const w = ds.wearers[5]!;
const end = ds.settings.endDayMs - w.utcOffsetMin * 60000;
const g = db.prepare(`SELECT t_ms / 60000 AS k, avg(flexion_deg) f, avg(lateral_deg) l, count(*) n,
  sum(activity = 'still') a1, sum(activity='moving') a2, sum(activity='walking') a3, sum(activity='lying') a4, sum(activity='not_worn') a5,
  sum(posture='upright') p1, sum(posture='slouched') p2, sum(posture='unknown') p3
  FROM posture_point WHERE wearer_id = ? AND t_ms >= ? AND t_ms < ? GROUP BY t_ms / 60000`).raw(true);
time('group by week', () => g.all(w.id, end - 7 * DAY, end));
console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT t_ms / 60000 AS k, avg(flexion_deg) FROM posture_point WHERE wearer_id = ? AND t_ms >= ? AND t_ms < ? GROUP BY t_ms / 60000`).all('x', 0, 1));
const c = db.prepare(`SELECT count(*), avg(flexion_deg) FROM posture_point WHERE wearer_id = ? AND t_ms >= ? AND t_ms < ?`).raw(true);
time('count week', () => c.all(w.id, end - 7 * DAY, end));
const d = db.prepare(`SELECT t_ms, flexion_deg, lateral_deg, activity, posture FROM posture_point WHERE wearer_id = ? AND t_ms >= ? AND t_ms < ?`).raw(true);
time('day raw', () => d.all(w.id, end - DAY, end));
const it = db.prepare(`SELECT t_ms, flexion_deg, lateral_deg, activity, posture FROM posture_point WHERE wearer_id = ? AND t_ms >= ? AND t_ms < ?`).raw(true);
time('week iterate raw', () => { let n = 0; for (const r of it.iterate(w.id, end - 7 * DAY, end)) n++; return [n]; });
