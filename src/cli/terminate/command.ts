// `sluice terminate analysisrun|experiment NAME...`: spec.terminate: true on each, as Argo's plugin.
import { runWithTarget } from '../shared/run-command.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runWithTarget(
    spec,
    args,
    (words) => words,
    async ({ target, namespace, out, subcommand }, names) => {
      if (subcommand === 'experiment') {
        for (const name of names) {
          await target.terminateExperiment(namespace, name);
          out.write(`experiment '${name}' terminated\n`);
        }
        return 0;
      }
      for (const name of names) {
        await target.terminateAnalysisRun(namespace, name);
        out.write(`analysisRun '${name}' terminated\n`);
      }
      return 0;
    },
  );
}
