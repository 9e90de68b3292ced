// `sluice retry rollout NAME...`: status.abort back to false; `sluice retry experiment NAME...`:
// the Experiment's status cleared, as Argo's plugin does.
import { runControlVerb } from '../shared/control-command.ts';
import { runWithTarget, someNames } from '../shared/run-command.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  if (isExperiment(args)) {
    return runWithTarget(spec, args, someNames, async ({ target, namespace, out }, names) => {
      for (const name of names) {
        await target.retryExperiment(namespace, name);
        out.write(`experiment '${name}' retried\n`);
      }
      return 0;
    });
  }
  return runControlVerb(spec, args, 'retry', (name) => `rollout '${name}' retried`);
}

/** The first word that is not a flag names the subcommand. */
function isExperiment(args: string[]): boolean {
  const word = args.find((arg) => !arg.startsWith('-'));
  return word === 'experiment' || word === 'experiments' || word === 'exp';
}
