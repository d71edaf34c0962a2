/** `npm run sim -- scenarios`: the named scenarios with one-line descriptions. */
import { describeMounting, MOUNTING_NAMES } from '../model/mounting.js';
import { scenarioDefinitions } from '../scenarios/registry.js';
import { FlagError, flagHelp, parseFlags, type FlagSpec } from './sim-flags.js';

const FLAGS: Record<string, FlagSpec> = {
  mountings: { kind: 'boolean', help: 'also list the named mountings' },
  help: { kind: 'boolean', help: 'show this help' },
};

function duration(s: number): string {
  return s >= 3600 ? `${s / 3600} h` : s >= 60 ? `${s / 60} min` : `${s} s`;
}

export async function run(argv: string[]): Promise<number> {
  let flags;
  try {
    flags = parseFlags(argv, FLAGS);
  } catch (err) {
    if (err instanceof FlagError) {
      console.error(`sim scenarios: ${err.message} (see --help)`);
      return 2;
    }
    throw err;
  }
  if (flags['help'] === true) {
    console.log(flagHelp('usage: npm run sim -- scenarios [--mountings]', FLAGS));
    return 0;
  }
  const defs = scenarioDefinitions();
  const width = Math.max(...defs.map((d) => d.name.length)) + 2;
  for (const d of defs) console.log(`${d.name.padEnd(width)}${duration(d.defaultDurationS).padEnd(8)}${d.description}`);
  if (flags['mountings'] === true) {
    console.log('\nmountings:');
    for (const m of MOUNTING_NAMES) console.log(`  ${m.padEnd(13)}${describeMounting(m)}`);
  }
  return 0;
}
