/**
 * `npm run sim -- <command> [options]`: the simulated sensor's command line.
 * Each subcommand lives in its own file and exports `run(argv): Promise<number>` (the exit code).
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  export: { summary: 'write a scenario as analysis CSV plus its ground truth', load: () => import('./export-command.js') },
  run: { summary: 'drive a fleet of simulated devices against an MQTT broker', load: () => import('./run-command.js') },
  scenarios: { summary: 'list the named scenarios', load: () => import('./scenarios-command.js') },
};

function usage(): string {
  const lines = ['usage: npm run sim -- <command> [options]   (each command takes --help)', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`sim: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}

// `npm run sim` switches into the project root; paths on the command line mean the caller's folder.
if (process.env['npm_lifecycle_event'] === 'sim' && process.env['INIT_CWD']) process.chdir(process.env['INIT_CWD']);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`sim: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
