/**
 * `npm run demo`: the service on its embedded defaults with a coach and three wearers who have two weeks of
 * simulated history and live simulated sensors, so a newcomer sees a full dashboard within a minute. See
 * demo/README.md. A second run on the same DATA_DIR reuses the accounts and data and imports only the gap.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SimDevice } from '@stance/firmware-sim';
import { createIngestService, settingsFromEnv, StanceError, type IngestSettings } from '@stance/ingest';
import { DEMO_ADMIN, DEMO_COACH, DEMO_PASSWORD, DEMO_WEARERS } from './demo-people.js';
import { DemoFlagError, parseDemoFlags, DEMO_USAGE, type DemoFlags } from './demo-flags.js';
import { DEMO_STATE_FILE } from './demo-state.js';
import { seedDemo } from './demo-seed.js';
import { startLiveSensors } from './live-sensors.js';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function demoSettings(flags: DemoFlags): IngestSettings {
  const env = { ...process.env };
  if (flags.dataDir !== null) env.DATA_DIR = flags.dataDir;
  env.DATA_DIR ??= './data-demo';
  if (flags.port !== null) env.PORT = String(flags.port);
  if (flags.mqttPort !== null) env.MQTT_PORT = String(flags.mqttPort);
  env.LOG_LEVEL ??= 'warn';
  // The demo signs in as this admin to create everyone else.
  env.POSTURE_ADMIN_EMAIL = DEMO_ADMIN.email;
  env.POSTURE_ADMIN_PASSWORD = DEMO_PASSWORD;
  return settingsFromEnv(env);
}

/** Removes a previous demo's DATA_DIR, but only one the demo made (never an unrelated folder). */
function removeDemoData(dataDir: string): void {
  if (!fs.existsSync(dataDir)) return;
  const entries = fs.readdirSync(dataDir);
  if (entries.length > 0 && !entries.includes(DEMO_STATE_FILE)) {
    throw new Error(`--fresh: ${dataDir} has no ${DEMO_STATE_FILE}, so it is not a demo's; remove it yourself if you mean it`);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const flags = parseDemoFlags(process.argv.slice(2));
  if (flags.help) {
    say(DEMO_USAGE);
    return;
  }
  const settings = demoSettings(flags);
  if (flags.fresh) removeDemoData(settings.dataDir);
  if (!fs.existsSync(path.join(settings.dashboardDir, 'index.html'))) {
    say(`warning: no dashboard in ${settings.dashboardDir} (npm run build): the API works, the pages will not`);
  }
  const service = await createIngestService(settings, { logger: { level: settings.logLevel } });
  await service.start();
  const url = `http://localhost:${service.httpPort}/`;
  say(`Stance demo: seeding ${settings.dataDir} ...`);
  const report = await seedDemo(service, { days: flags.days, nowMs: Date.now(), log: say });
  const hours = Object.values(report.hoursByWearer).reduce((a, b) => a + b, 0);
  say(
    `  ${report.created ? 'seeded' : 'topped up'}: ${hours.toFixed(1)} h of sensor data (${report.batches} batches) through the pipeline in ` +
      `${(report.seedingMs / 1000).toFixed(1)} s`,
  );
  if (flags.seedOnly) {
    await service.stop();
    return;
  }
  const mqttUrl = `mqtt://127.0.0.1:${service.broker.tcpPort}`;
  const sensors: SimDevice[] = await startLiveSensors(
    mqttUrl,
    DEMO_WEARERS.map((wearer) => {
      const saved = report.state.wearers.find((w) => w.key === wearer.key);
      if (saved === undefined) throw new Error(`no saved state for ${wearer.key}`);
      return { deviceId: saved.deviceId, token: saved.deviceToken, scenario: wearer.liveScenario, seed: wearer.seed };
    }),
  );
  say('');
  say(`Stance demo running at ${url}`);
  say(`  coach    ${DEMO_COACH.email}  (sees all three wearers)`);
  for (const wearer of DEMO_WEARERS) say(`  wearer   ${wearer.email.padEnd(18)} ${wearer.habit.summary}`);
  say(`  admin    ${DEMO_ADMIN.email}`);
  say(`  password for every account: ${DEMO_PASSWORD}`);
  say(`  live sensors on ${mqttUrl.replace('127.0.0.1', 'localhost')}: ${DEMO_WEARERS.map((w) => `demo-${w.key} (${w.liveScenario})`).join(', ')}`);
  say('Ctrl-C stops (run again to continue with the same data; --fresh starts over).');

  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    say('stopping ...');
    Promise.all(sensors.map((s) => s.stop()))
      .then(() => service.stop())
      .then(() => process.exit(0), (error: unknown) => {
        console.error('demo: stop failed:', error);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  const usage = error instanceof DemoFlagError || (error instanceof StanceError && error.code === 'CONFIG_INVALID');
  process.exit(usage ? 2 : 1);
});
