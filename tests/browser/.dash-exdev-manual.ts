// Manual run for dash-exdev (not a test; removed before handing over): the harness's service on fixed ports
// with weeks of history for wearer A, a plan started two weeks ago, and a live simulated sensor.
import { openScenario, SimDevice } from '@stance/firmware-sim';
import { startStanceForBrowser } from './browser-harness.js';
import { importHistory, type WornSession } from '../../demo/simulated-history.js';

const DAY = 86_400_000;
const t0 = Date.now();
const stance = await startStanceForBrowser({
  historyHours: 0,
  dashboardDir: '/tmp/dash-exdev-dist',
  settings: { httpPort: 31060, mqttPort: 31061 },
  live: false,
});
const days = Number(process.env.DAYS ?? 0);
const sessions: WornSession[] = [];
for (let d = days; d >= 1; d--) {
  const scenario = d > 14 ? 'desk-day' : 'standing-desk';
  sessions.push({ startMs: t0 - d * DAY - 6 * 3600_000, seed: 100 + d, parts: [{ scenario, durationS: Number(process.env.SESSION_S ?? 1200) }] });
}
const hours = Number(process.env.HOURS ?? 1);
const endMs = t0 - 5 * 60_000;
sessions.push({ startMs: endMs - hours * 3600_000, seed: 11, parts: [{ scenario: 'desk-day', durationS: hours * 3600 }] });
const r = await importHistory(stance.service, stance.deviceA.id, sessions);
console.log('imported', r.batches, 'batches in', (Date.now() - t0) / 1000, 's');
if (process.env.LIVE !== '0') {
  const sensor = new SimDevice({
    deviceId: stance.deviceA.id, token: stance.deviceA.token, brokerUrl: stance.mqttUrl,
    stream: openScenario(process.env.SCENARIO ?? 'fidgety-sitter', { seed: 7, rateHz: 25, durationS: Infinity, startMs: Date.now() }),
    format: 'binary', speed: 1, reconnectPeriodMs: 200,
  });
  sensor.start();
}
const token = await stance.tokenOf(stance.wearerA);
if (process.env.PLAN) await stance.api(token, 'POST', `/api/wearers/${stance.wearerA.wearerId}/plan`, { startMs: t0 - 14 * DAY });
console.log(JSON.stringify({ base: stance.baseUrl, wearerA: stance.wearerA, wearerB: stance.wearerB, coach: stance.coach, token }));
process.on('SIGTERM', () => void stance.stop().then(() => process.exit(0)));
await new Promise(() => undefined);
