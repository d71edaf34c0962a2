/** Command-line arguments of `analyze` (contracts section 3), validated into a typed object. */
import { InputError } from './input-error.js';

export interface AnalyzeArgs {
  file: string;
  /** Seconds window of the neutral hold, file time base; absent: automatic calibration. */
  neutral?: [number, number];
  /** Seconds window containing one forward bend. */
  bend?: [number, number];
  slouchDeg?: number;
  minSlouchS?: number;
  /** Spacing of the series points, seconds. Default 1. */
  everyS: number;
  emitUp: boolean;
}

export const ANALYZE_USAGE = [
  'usage: npm run -s analyze -- FILE.csv [--neutral A:B] [--bend A:B] [--slouch-deg N] [--min-slouch-s N] [--every S] [--emit-up]',
  '  FILE.csv          header row with time_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps (any order, extra columns ignored)',
  '  --neutral A:B     seconds window in which the wearer holds the neutral posture (default: calibrate automatically)',
  '  --bend A:B        seconds window containing one forward bend (finds the forward axis)',
  '  --slouch-deg N    flexion above which the posture counts as slouched, degrees (default 20)',
  '  --min-slouch-s N  shortest slouch that counts as an episode, seconds (default 30)',
  '  --every S         spacing of the series points, seconds (default 1)',
  '  --emit-up         add "up": [t, x, y, z] per input sample (unit vector opposite to gravity, sensor frame)',
].join('\n');

/** Thrown for --help: not an error, print the usage and exit 0. */
export class HelpRequested extends Error {}

export function parseAnalyzeArgs(argv: readonly string[]): AnalyzeArgs {
  let file: string | undefined;
  const out: AnalyzeArgs = { file: '', everyS: 1, emitUp: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new InputError(`${name} needs a value`, 0);
      return v;
    };
    switch (name) {
      case '--help':
      case '-h':
        throw new HelpRequested();
      case '--neutral':
        out.neutral = parseWindow(name, takeValue());
        break;
      case '--bend':
        out.bend = parseWindow(name, takeValue());
        break;
      case '--slouch-deg':
        out.slouchDeg = parseFinite(name, takeValue(), -90, 90);
        break;
      case '--min-slouch-s':
        out.minSlouchS = parseFinite(name, takeValue(), 0, 86400);
        break;
      case '--every': {
        const v = parseFinite(name, takeValue(), 0, 86400);
        if (v <= 0) throw new InputError('--every must be more than 0 seconds', 0);
        out.everyS = v;
        break;
      }
      case '--emit-up':
        out.emitUp = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new InputError(`unknown option ${arg}`, 0);
        if (file !== undefined) throw new InputError(`one file only (got "${file}" and "${arg}")`, 0);
        file = arg;
    }
  }
  if (file === undefined) throw new InputError('no input file given', 0);
  if (out.bend && !out.neutral) throw new InputError('--bend needs --neutral as well', 0);
  out.file = file;
  return out;
}

function parseFinite(name: string, text: string, min: number, max: number): number {
  const v = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(v) || v < min || v > max) throw new InputError(`${name} expects a number from ${min} to ${max}, got "${text}"`, 0);
  return v;
}

function parseWindow(name: string, text: string): [number, number] {
  const parts = text.split(':');
  const a = parts.length === 2 ? Number(parts[0]) : Number.NaN;
  const b = parts.length === 2 ? Number(parts[1]) : Number.NaN;
  if (parts.length !== 2 || parts[0]!.trim() === '' || parts[1]!.trim() === '' || !Number.isFinite(a) || !Number.isFinite(b) || !(b > a)) {
    throw new InputError(`${name} expects A:B seconds with A < B, got "${text}"`, 0);
  }
  return [a, b];
}
