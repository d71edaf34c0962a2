// Manual run for dash-exdev (not a test; removed before handing over): the harness's service on fixed ports
// with weeks of history for wearer A and a plan started two weeks ago.
import { startStanceForBrowser } from './browser-harness.js';
import { importHistory, type WornSession } from '../../demo/simulated-history.js';

const DAY = 86_400_000;
const t0 = Date.now();
const stance = await startStanceForBrowser({
  historyHours: Number(process.env.HOURS ?? 1),
  dashboardDir: '/tmp/dash-exdev-dist',
  settings: { httpPort: 31060, mqttPort: 31061 },
  live: true,
});
console.log('started', (Date.now() - t0) / 1000, 's; history batches', stance.historyBatches);
const days = Number(process.env.DAYS ?? 0);
if (days > 0) {
  const sessions: WornSession[] = [];
  for (let d = days; d >= 1; d--) {
    const start = t0 - d * DAY - 6 * 3600_000;
    // Slouching lessens after the plan: 'desk-day' before, more upright scenarios after.
    const scenario = d > 14 ? 'desk-day' : 'standing-desk';
    sessions.push({ startMs: start, seed: 100 + d, parts: [{ scenario, durationS: Number(process.env.SESSION_S ?? 1200) }] });
  }
  const t1 = Date.now();
  const r = await importHistory(stance.service, 'sim-ada', sessions);
  console.log('imported', r.batches, 'batches in', (Date.now() - t1) / 1000, 's');
}
const token = await stance.tokenOf(stance.wearerA);
if (process.env.PLAN) await stance.api(token, 'POST', `/api/wearers/${stance.wearerA.wearerId}/plan`, { startMs: t0 - 14 * DAY });
console.log(JSON.stringify({ base: stance.baseUrl, wearerA: stance.wearerA, wearerB: stance.wearerB, coach: stance.coach, token }));
process.on('SIGTERM', () => void stance.stop().then(() => process.exit(0)));
await new Promise(() => undefined);
