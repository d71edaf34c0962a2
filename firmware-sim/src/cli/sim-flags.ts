/**
 * A small `--flag value` / `--flag=value` parser for the sim's commands: every flag declared with its
 * kind and help line, so `--help` lists them all and anything else is a one-line error (exit 2).
 */
export interface FlagSpec {
  /** 'string', 'number' (finite), or 'boolean' (takes no value). */
  kind: 'string' | 'number' | 'boolean';
  /** Value name shown in help, e.g. "HZ". */
  arg?: string;
  help: string;
  required?: boolean;
}

export class FlagError extends Error {
  override readonly name = 'FlagError';
}

export type ParsedFlags = Record<string, string | number | boolean>;

export function parseFlags(argv: readonly string[], specs: Record<string, FlagSpec>): ParsedFlags {
  const out: ParsedFlags = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith('--')) throw new FlagError(`unexpected argument "${token}"`);
    const eq = token.indexOf('=');
    const name = token.slice(2, eq < 0 ? undefined : eq);
    const spec = specs[name];
    if (!spec) throw new FlagError(`unknown flag --${name}`);
    if (spec.kind === 'boolean') {
      if (eq >= 0) throw new FlagError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = token.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
      throw new FlagError(`--${name} needs a value (${spec.arg ?? 'VALUE'})`);
    if (spec.kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new FlagError(`--${name} must be a number, got "${value}"`);
      out[name] = n;
    } else out[name] = value;
  }
  if (out['help'] !== true)
    for (const [name, spec] of Object.entries(specs))
      if (spec.required === true && out[name] === undefined) throw new FlagError(`missing --${name} ${spec.arg ?? ''}`.trimEnd());
  return out;
}

export function flagHelp(usage: string, specs: Record<string, FlagSpec>): string {
  const rows = Object.entries(specs).map(([name, s]) => [`--${name}${s.arg ? ` ${s.arg}` : ''}`, s.help] as const);
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return [usage, '', 'options:', ...rows.map(([l, h]) => `  ${l.padEnd(width)}${h}`)].join('\n');
}
