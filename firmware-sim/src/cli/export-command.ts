/** `npm run sim -- export`: a scenario as analysis CSV plus its ground truth. */
import { isMountingName, MOUNTING_NAMES } from '../model/mounting.js';
import { writeRecordingFiles } from '../export/recording-csv.js';
import { generateScenario } from '../scenarios/generate-scenario.js';
import { scenarioNames } from '../scenarios/registry.js';
import { MAX_RATE_HZ, MIN_RATE_HZ } from '../scenarios/scenario-types.js';
import { DEFAULT_TRUTH_MIN_SLOUCH_S, DEFAULT_TRUTH_SLOUCH_DEG } from '../truth/episodes.js';
import { FlagError, flagHelp, parseFlags, type FlagSpec } from './sim-flags.js';

const FLAGS: Record<string, FlagSpec> = {
  scenario: { kind: 'string', arg: 'NAME', help: `scenario to run (required): ${scenarioNames().join(', ')}`, required: true },
  seed: { kind: 'number', arg: 'N', help: 'seed; same seed, same recording (default 1)' },
  rate: { kind: 'number', arg: 'HZ', help: `nominal sample rate, ${MIN_RATE_HZ}..${MAX_RATE_HZ} Hz (default 50)` },
  out: { kind: 'string', arg: 'FILE.csv', help: 'analysis CSV to write (required); FILE.truth.csv and FILE.truth.json go beside it', required: true },
  duration: { kind: 'number', arg: 'S', help: "length in seconds (default: the scenario's own, see `sim scenarios`)" },
  mounting: { kind: 'string', arg: 'M', help: `how the clip sits: ${MOUNTING_NAMES.join(', ')} (default back-clip)` },
  errors: { kind: 'string', arg: 'none|typical|uncalibrated', help: 'sensor errors: typical factory-trimmed MEMS part (default), the raw part (uncalibrated), or an ideal sensor (none)' },
  help: { kind: 'boolean', help: 'show this help' },
};

const USAGE =
  'usage: npm run sim -- export --scenario NAME --out FILE.csv [--seed N] [--rate HZ] [--duration S] [--mounting M] [--errors none|typical|uncalibrated]\n' +
  `Truth episodes in FILE.truth.json use a ${DEFAULT_TRUTH_SLOUCH_DEG} deg threshold and ${DEFAULT_TRUTH_MIN_SLOUCH_S} s minimum.`;

export async function run(argv: string[]): Promise<number> {
  let flags;
  try {
    flags = parseFlags(argv, FLAGS);
    if (flags['help'] === true) {
      console.log(flagHelp(USAGE, FLAGS));
      return 0;
    }
    const scenario = flags['scenario'] as string;
    if (!scenarioNames().includes(scenario)) throw new FlagError(`unknown scenario "${scenario}" (known: ${scenarioNames().join(', ')})`);
    const rate = (flags['rate'] as number | undefined) ?? 50;
    if (!(rate >= MIN_RATE_HZ && rate <= MAX_RATE_HZ)) throw new FlagError(`--rate must be ${MIN_RATE_HZ}..${MAX_RATE_HZ}, got ${rate}`);
    const seed = (flags['seed'] as number | undefined) ?? 1;
    if (!Number.isInteger(seed) || seed < 0) throw new FlagError(`--seed must be a non-negative integer, got ${seed}`);
    const duration = flags['duration'] as number | undefined;
    if (duration !== undefined && !(duration > 0 && duration <= 7 * 86400)) throw new FlagError(`--duration must be > 0 s and at most a week, got ${duration}`);
    const mounting = (flags['mounting'] as string | undefined) ?? undefined;
    if (mounting !== undefined && !isMountingName(mounting)) throw new FlagError(`unknown mounting "${mounting}" (known: ${MOUNTING_NAMES.join(', ')})`);
    const errors = (flags['errors'] as string | undefined) ?? 'typical';
    if (errors !== 'none' && errors !== 'typical' && errors !== 'uncalibrated') {
      throw new FlagError(`--errors must be none, typical or uncalibrated, got "${errors}"`);
    }
    const rec = generateScenario(scenario, {
      seed,
      rateHz: rate,
      ...(duration !== undefined ? { durationS: duration } : {}),
      ...(mounting !== undefined && isMountingName(mounting) ? { mounting } : {}),
      errors,
    });
    const paths = writeRecordingFiles(rec, flags['out'] as string);
    console.error(`sim export: ${rec.timeS.length} samples of ${scenario} (seed ${seed}, ${rate} Hz) → ${paths.csv}, ${paths.truthCsv}, ${paths.truthJson}`);
    return 0;
  } catch (err) {
    if (err instanceof FlagError) {
      console.error(`sim export: ${err.message} (see --help)`);
      return 2;
    }
    throw err;
  }
}
