// sluice's command line: dispatches to src/cli/<command>/command.ts, loaded on demand.
import process from 'node:process';
import { describeError } from './shared/errors.ts';

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
  demo: { summary: 'the colorapi canary scenario on this machine, live: sluice demo [--fast] [--ci]', load: () => import('./demo/command.ts') },
  get: { summary: 'show a rollout or an analysis run: sluice get rollout NAME [-w] [-o json|yaml] | get analysisrun NAME', load: () => import('./get/command.ts') },
  list: { summary: 'list rollouts: sluice list rollouts [-A] [-w]', load: () => import('./list/command.ts') },
  status: { summary: 'wait until a rollout is Healthy (0) or Degraded (1): sluice status NAME [--timeout D]', load: () => import('./status/command.ts') },
  promote: { summary: 'promote a paused rollout: sluice promote NAME [--full]', load: () => import('./promote/command.ts') },
  pause: { summary: 'pause rollouts: sluice pause NAME...', load: () => import('./pause/command.ts') },
  resume: { summary: 'resume paused rollouts: sluice resume NAME...', load: () => import('./resume/command.ts') },
  abort: { summary: 'abort the update of rollouts: sluice abort NAME...', load: () => import('./abort/command.ts') },
  retry: { summary: 'retry aborted rollouts: sluice retry rollout NAME...', load: () => import('./retry/command.ts') },
  restart: { summary: 'restart the pods of a rollout: sluice restart NAME', load: () => import('./restart/command.ts') },
  set: { summary: 'set a container image: sluice set image NAME CONTAINER=IMAGE', load: () => import('./set/command.ts') },
  undo: { summary: 'roll back to an earlier revision: sluice undo NAME [--to-revision N]', load: () => import('./undo/command.ts') },
  create: {
    summary: 'create objects or an analysis run: sluice create -f FILE [-w] | create analysisrun --from NAME|--from-file FILE [-a NAME=VALUE]',
    load: () => import('./create/command.ts'),
  },
  terminate: { summary: 'end analysis runs in progress: sluice terminate analysisrun NAME...', load: () => import('./terminate/command.ts') },
  version: { summary: 'print the version: sluice version [--short]', load: () => import('./version/command.ts') },
  completion: { summary: 'print a shell completion script: sluice completion bash|zsh|fish', load: () => import('./completion/command.ts').then((module) => module.forCommands(commands)) },
  controller: { summary: 'run the Kubernetes controller: sluice controller [--kubeconfig F] [--namespace NS] [--instance-id ID] [--leader-elect]', load: () => import('./controller/command.ts') },
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
  let finished = false;
  // A command whose work stops with nothing left to wait for (a promise no timer or socket will
  // settle) would otherwise end with Node's "unsettled top-level await" and exit code 13.
  process.once('beforeExit', () => {
    if (finished) return;
    process.stderr.write('sluice: internal error: the command stopped before it finished, with nothing left to wait for; please report it\n');
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
