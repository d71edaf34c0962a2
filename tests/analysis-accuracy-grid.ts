/**
 * The larger accuracy grid (every scenario × mounting × rate, windows and automatic calibration), printed as a
 * table. Not part of `npm test` (minutes, not seconds): `npx tsx tests/analysis-accuracy-grid.ts [scenario,...]
 * [--auto | --stream] [--rates 25,50,100] [--seeds 1,2] [--mountings a,b] [--errors typical|uncalibrated]
 * [--gyro-bias SIGMA_DPS] [--duration S]`.
 */
import { MOUNTING_NAMES } from '@stance/firmware-sim';
import { evaluateCase, formatFigures, pool, type AccuracyFigures } from './analysis-accuracy-eval.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const scenarios = (args[0] && !args[0].startsWith('--') ? args[0] : 'desk-day,buzz-responder,standing-desk,walk,lie-down,fidgety-sitter').split(',');
const rates = (opt('--rates') ?? '25,50,100').split(',').map(Number);
const seeds = (opt('--seeds') ?? '1').split(',').map(Number);
const calibration = args.includes('--auto') ? 'auto' : args.includes('--stream') ? 'stream' : 'windows';
const errors = opt('--errors') as 'typical' | 'uncalibrated' | undefined;
const gyroBias = opt('--gyro-bias');
const mountings = (opt('--mountings')?.split(',') ?? MOUNTING_NAMES) as typeof MOUNTING_NAMES;
const durationS = opt('--duration') ? Number(opt('--duration')) : undefined;

const rows: AccuracyFigures[] = [];
for (const scenario of scenarios) {
  for (const mounting of mountings) {
    for (const rateHz of rates) {
      for (const seed of seeds) {
        rows.push({ ...evaluateCase({ scenario, mounting, rateHz, seed, calibration, ...(durationS ? { durationS } : {}),
          ...(gyroBias ? { errors: { gyroBiasDps: Number(gyroBias) } } : errors ? { errors } : {}) }), label: `${scenario} ${mounting} ${rateHz} Hz s${seed}` });
      }
    }
  }
}
console.log(formatFigures(rows));
console.log(JSON.stringify(pool(rows)));
