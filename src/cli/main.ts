// sluice's command line: dispatches to src/cli/<command>/command.ts, loaded on demand. What each
// command takes is its spec (commands.ts); `sluice --help` and `sluice help COMMAND` print them.
// Only the command run is loaded: the specs of every command (commands.ts) are loaded for help
// and for an unknown command, so `sluice version` starts as fast as Node.js allows.
import process from 'node:process';
import type { CommandPath } from './shared/command-spec.ts';
import { describeError } from './shared/errors.ts';

export interface Command {
  /** Runs the command and resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

/** Each command's code, by the name of its spec. */
export const LOADERS: Record<string, () => Promise<Command>> = {
  lint: () => import('./lint/command.ts'),
  analyze: () => import('./analyze/command.ts'),
  run: () => import('./run/command.ts'),
  apply: () => import('./apply/command.ts'),
  delete: () => import('./delete/command.ts'),
  demo: () => import('./demo/command.ts'),
  get: () => import('./get/command.ts'),
  list: () => import('./list/command.ts'),
  status: () => import('./status/command.ts'),
  promote: () => import('./promote/command.ts'),
  pause: () => import('./pause/command.ts'),
  resume: () => import('./resume/command.ts'),
  abort: () => import('./abort/command.ts'),
  retry: () => import('./retry/command.ts'),
  restart: () => import('./restart/command.ts'),
  set: () => import('./set/command.ts'),
  undo: () => import('./undo/command.ts'),
  create: () => import('./create/command.ts'),
  terminate: () => import('./terminate/command.ts'),
  dashboard: () => import('./dashboard/command.ts'),
  notifications: () => import('./notifications/command.ts'),
  version: () => import('./version/command.ts'),
  completion: () => import('./completion/command.ts'),
  controller: () => import('./controller/command.ts'),
};

export async function usage(): Promise<string> {
  const { COMMANDS } = await import('./commands.ts');
  const width = Math.max(...COMMANDS.map((spec) => spec.name.length));
  const lines = COMMANDS.map((spec) => `  ${spec.name.padEnd(width)}  ${spec.summary}`);
  return [
    'usage: sluice COMMAND [options]',
    '',
    'commands:',
    ...lines,
    '',
    'sluice COMMAND --help (or sluice help COMMAND) shows the words and options of a command.',
  ].join('\n');
}

/** `sluice help [COMMAND [SUBCOMMAND]]`. */
async function help(words: string[]): Promise<number> {
  const [name, word, ...rest] = words;
  if (name === undefined) {
    process.stdout.write(`${await usage()}\n`);
    return 0;
  }
  const { commandNamed } = await import('./commands.ts');
  const { helpText, subcommandOf } = await import('./shared/command-spec.ts');
  const root = commandNamed(name);
  const sub = root && word !== undefined ? subcommandOf(root, word) : undefined;
  if (!root || (word !== undefined && !sub) || rest.length > 0) {
    process.stderr.write(
      `sluice help: no command "${words.join(' ')}"; run "sluice --help" for the list of commands\n`,
    );
    return 1;
  }
  const path: CommandPath = sub ? [root, sub] : [root];
  process.stdout.write(helpText(path));
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(`${await usage()}\n`);
    return name === undefined ? 1 : 0;
  }
  if (name === 'help') return help(rest);
  const load = Object.hasOwn(LOADERS, name) ? LOADERS[name] : undefined;
  if (!load) {
    const { COMMANDS } = await import('./commands.ts');
    const { closestName } = await import('./shared/flags.ts');
    const closest = closestName(
      name,
      COMMANDS.map((spec) => spec.name),
    );
    process.stderr.write(
      `sluice: unknown command "${name}"${closest ? ` (did you mean ${closest}?)` : ''}; run "sluice --help" for the list of commands\n`,
    );
    return 1;
  }
  const command = await load();
  return command.run(rest);
}

if (import.meta.main) {
  let finished = false;
  // A command whose work stops with nothing left to wait for (a promise no timer or socket will
  // settle) would otherwise end with Node's "unsettled top-level await" and exit code 13.
  process.once('beforeExit', () => {
    if (finished) return;
    process.stderr.write(
      'sluice: internal error: the command stopped before it finished, with nothing left to wait for; please report it\n',
    );
    process.exit(1);
  });
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`sluice: ${describeError(error)}\n`);
    if (process.env['SLUICE_DEBUG'] && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  } finally {
    finished = true;
  }
}
