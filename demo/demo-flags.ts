/** The demo's command line: `npm run demo -- [flags]`. Bad flags give a one-line error (exit 2 from main). */
export interface DemoFlags {
  /** DATA_DIR (default: the environment's, else ./data-demo). */
  dataDir: string | null;
  /** HTTP port (default: PORT, else 3000). */
  port: number | null;
  /** MQTT port (default: MQTT_PORT, else 1883). */
  mqttPort: number | null;
  /** Days of history on the first run, today included. */
  days: number;
  /** Remove the previous demo's DATA_DIR first. */
  fresh: boolean;
  /** Seed (or top up), print the time it took, and exit without live sensors. */
  seedOnly: boolean;
  help: boolean;
}

export const DEMO_USAGE = `npm run demo -- [flags]

  --data-dir DIR   where the database goes (default DATA_DIR, else ./data-demo)
  --port N         HTTP port: dashboard and API (default PORT, else 3000)
  --mqtt-port N    MQTT port of the embedded broker (default MQTT_PORT, else 1883)
  --days N         days of history on the first run, 1..28 (default 14)
  --fresh          remove the previous demo's data first
  --seed-only      seed, report the time, and exit (no live sensors)
  --help           this text`;

export class DemoFlagError extends Error {}

export function parseDemoFlags(argv: readonly string[]): DemoFlags {
  const flags: DemoFlags = { dataDir: null, port: null, mqttPort: null, days: 14, fresh: false, seedOnly: false, help: false };
  const integer = (name: string, value: string | undefined, min: number, max: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min || n > max) throw new DemoFlagError(`${name} wants an integer in ${min}..${max}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--data-dir':
        if (value === undefined || value === '') throw new DemoFlagError('--data-dir wants a folder');
        flags.dataDir = value;
        i++;
        break;
      case '--port': flags.port = integer(flag, value, 0, 65535); i++; break;
      case '--mqtt-port': flags.mqttPort = integer(flag, value, 0, 65535); i++; break;
      case '--days': flags.days = integer(flag, value, 1, 28); i++; break;
      case '--fresh': flags.fresh = true; break;
      case '--seed-only': flags.seedOnly = true; break;
      case '--help': case '-h': flags.help = true; break;
      default: throw new DemoFlagError(`unknown flag ${flag} (--help lists them)`);
    }
  }
  return flags;
}
