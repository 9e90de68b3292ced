// `sluice get rollout NAME` and `sluice get analysisrun NAME`.
import { UsageError } from '../shared/errors.ts';
import { stringFlag, switchFlag } from '../shared/flags.ts';
import { runWithTarget, type CommandContext } from '../shared/run-command.ts';
import { showRollout, watchRollout } from './rollout.ts';
import { spec } from './spec.ts';

/** `--timeout-seconds N`: whole seconds (checked by the parser), 0 (the default) for no limit. */
export function timeoutSecondsOf(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d+$/.test(text)) throw new UsageError(`--timeout-seconds takes a whole number of seconds, not "${text}"`);
  return Number(text);
}

export function run(args: string[]): Promise<number> {
  return runWithTarget(spec, args, (words) => words[0] ?? '', async (context, name) => {
    const output = stringFlag(context.parsed, 'output');
    if (context.subcommand === 'analysisrun') return showAnalysisRun(context, name, output);
    const watch = switchFlag(context.parsed, 'watch');
    if (watch && output) throw new UsageError('-w redraws the tree; it does not combine with -o');
    const timeoutSeconds = timeoutSecondsOf(stringFlag(context.parsed, 'timeout-seconds'));
    return watch ? watchRollout(context, name, timeoutSeconds * 1000) : showRollout(context, name, output);
  });
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
