/**
 * `npm run -s analyze -- FILE.csv [options]` (contracts section 3): reads a recording, prints one JSON
 * document. The I/O shell around analyze-run.ts: arguments, file, stdout, exit codes.
 * Exit codes: 0 done, 1 bad input or calibration refused (one line on stderr), 2 usage.
 */
import { readFileSync } from 'node:fs';
import { CalibrationError } from '../calibration-error.js';
import { ANALYZE_USAGE, HelpRequested, parseAnalyzeArgs, type AnalyzeArgs } from './analyze-args.js';
import { analyzeRecording } from './analyze-run.js';
import { writeAnalyzeJson } from './analyze-output.js';
import { readImuCsv } from './csv-reader.js';
import { InputError } from './input-error.js';
import { checkRecording } from './recording-checks.js';

function algorithmName(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return `stance-posture@${typeof pkg.version === 'string' ? pkg.version : '0.0.0'}`;
  } catch {
    return 'stance-posture@0.0.0';
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: AnalyzeArgs;
  try {
    args = parseAnalyzeArgs(argv);
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(`${ANALYZE_USAGE}\n`);
      return 0;
    }
    process.stderr.write(`analyze: ${(err as Error).message}\n${ANALYZE_USAGE}\n`);
    return 2;
  }
  try {
    const cols = await readImuCsv(args.file);
    checkRecording(cols);
    const result = analyzeRecording(cols, args);
    await writeAnalyzeJson(process.stdout, algorithmName(), result);
    return 0;
  } catch (err) {
    if (err instanceof InputError) {
      process.stderr.write(`analyze: ${args.file}: ${err.message}\n`);
      return 1;
    }
    if (err instanceof CalibrationError) {
      process.stderr.write(`analyze: ${args.file}: calibration refused (${err.code}): ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

// `npm run analyze` switches into the project root; a relative FILE means the caller's folder.
if (process.env['npm_lifecycle_event'] === 'analyze' && process.env['INIT_CWD']) process.chdir(process.env['INIT_CWD']);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`analyze: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 3;
  },
);
