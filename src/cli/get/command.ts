// `sluice get rollout NAME`, `sluice get analysisrun NAME` and `sluice get experiment NAME`.
import { UsageError } from '../shared/errors.ts';
import { numberFlag, stringFlag, switchFlag } from '../shared/flags.ts';
import { runWithTarget, type CommandContext } from '../shared/run-command.ts';
import { showExperiment, watchExperiment } from './experiment.ts';
import { showRollout, watchRollout } from './rollout.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runWithTarget(
    spec,
    args,
    (words) => words[0] ?? '',
    async (context, name) => {
      const output = stringFlag(context.parsed, 'output');
      if (context.subcommand === 'analysisrun') return showAnalysisRun(context, name, output);
      const watch = switchFlag(context.parsed, 'watch');
      if (watch && output) throw new UsageError('-w redraws the tree; it does not combine with -o');
      if (context.subcommand === 'experiment')
        return watch ? watchExperiment(context, name) : showExperiment(context, name, output);
      // Whole seconds (checked by the parser, from the spec); 0, the default, for no limit.
      const timeoutSeconds = numberFlag(context.parsed, 'timeout-seconds') ?? 0;
      return watch ? watchRollout(context, name, timeoutSeconds * 1000) : showRollout(context, name, output);
    },
  );
}

async function showAnalysisRun(context: CommandContext, name: string, output: string | undefined): Promise<number> {
  const run = await context.target.analysisRun(context.namespace, name);
  if (output) {
    const { renderObjects } = await import('../render/objects-output.ts');
    context.out.write(renderObjects([run], output as 'json' | 'yaml'));
    return 0;
  }
  const [{ analysisRunDetail }, { renderAnalysisRun }, { colourWanted }] = await Promise.all([
    import('../../view/analysis-run-detail.ts'),
    import('../render/analysis-run.ts'),
    import('../render/terminal.ts'),
  ]);
  const color = colourWanted(context.out, switchFlag(context.parsed, 'no-color'));
  context.out.write(renderAnalysisRun(analysisRunDetail(run, Date.now()), { color }));
  return 0;
}
