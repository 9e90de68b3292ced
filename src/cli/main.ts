// sluice's command line: dispatches to src/cli/<command>/command.ts, loaded on demand.
import process from 'node:process';

export interface Command {
  /** Runs the command and resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

const commands: Record<string, CommandEntry> = {
  lint: { summary: 'check manifests: sluice lint -f FILE|DIR [-f ...]', load: () => import('./lint/command.ts') },
  analyze: {
    summary: 'run an analysis on this machine: sluice analyze -f FILE [--template NAME] [--arg name=value] [-o json]',
    load: () => import('./analyze/command.ts'),
  },
  run: { summary: 'run manifests on this machine until interrupted: sluice run -f FILE|DIR [--images FILE] [--state-dir DIR]', load: () => import('./run/command.ts') },
  apply: { summary: 'change what the local runtime runs: sluice apply -f FILE|DIR', load: () => import('./apply/command.ts') },
  delete: { summary: 'remove objects from the local runtime: sluice delete -f FILE|DIR', load: () => import('./delete/command.ts') },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return ['usage: sluice COMMAND [options]', '', 'commands:', ...lines, '', 'sluice COMMAND --help shows the options of a command.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 1 : 0;
  }
  const entry = commands[name];
  if (!entry) {
    process.stderr.write(`sluice: unknown command "${name}"; run "sluice --help" for the list of commands\n`);
    return 1;
  }
  const command = await entry.load();
  return command.run(rest);
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
