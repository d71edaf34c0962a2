/**
 * `npm run -s -w @stance/ingest mosquitto-acl -- --password-file FILE --acl-file FILE`: writes Mosquitto's
 * password file and ACL from the device registry in DATA_DIR, with the service's own user from MQTT_USERNAME
 * and MQTT_PASSWORD (the same environment as the service). Relative paths are taken from where npm was typed.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mosquittoFiles, writeFileAtomic } from './broker/mosquitto-export.js';
import { settingsFromEnv } from './config.js';
import { openDatabase } from './db/open-database.js';
import { createDeviceRegistry } from './devices/device-registry.js';
import { StanceError } from './errors.js';

const USAGE = 'usage: mosquitto-acl --password-file FILE --acl-file FILE   (environment: DATA_DIR, MQTT_USERNAME, MQTT_PASSWORD)';

function main(): number {
  let values: { 'password-file'?: string; 'acl-file'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { 'password-file': { type: 'string' }, 'acl-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    console.error(`mosquitto-acl: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const passwordFile = values['password-file'];
  const aclFile = values['acl-file'];
  if (passwordFile === undefined || aclFile === undefined) {
    console.error(USAGE);
    return 2;
  }
  let settings;
  try {
    settings = settingsFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof StanceError)) throw error;
    console.error(`mosquitto-acl: ${error.message}`);
    return 2;
  }
  const base = process.env.INIT_CWD ?? process.cwd();
  const db = openDatabase({ dataDir: settings.dataDir, sync: settings.journalSync });
  try {
    const service = settings.mqttUsername !== null && settings.mqttPassword !== null ? { username: settings.mqttUsername, password: settings.mqttPassword } : null;
    const files = mosquittoFiles(createDeviceRegistry(db), { service });
    writeFileAtomic(path.resolve(base, passwordFile), files.passwordFile);
    writeFileAtomic(path.resolve(base, aclFile), files.acl);
    console.error(`mosquitto-acl: ${files.devices} devices${service ? ` and the service user ${service.username}` : ''} written; reload Mosquitto (kill -HUP) to apply`);
    if (service === null) console.error('mosquitto-acl: MQTT_USERNAME/MQTT_PASSWORD not set: no service user in the files');
    if (files.withoutHash.length > 0) {
      console.error(`mosquitto-acl: left out (no Mosquitto hash; rotate their tokens): ${files.withoutHash.join(', ')}`);
    }
    return 0;
  } finally {
    db.close();
  }
}

process.exitCode = main();
