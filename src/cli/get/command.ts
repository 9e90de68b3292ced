// `sluice get rollout NAME` and `sluice get analysisrun NAME`.
import { EXPERIMENT_WORDS, experimentsNotRun, UsageError } from '../shared/errors.ts';
import { stringFlag, switchFlag } from '../shared/flags.ts';
import { runWithTarget, type CommandContext } from '../shared/run-command.ts';
import { showRollout, watchRollout } from './rollout.ts';
import { spec } from './spec.ts';

type Kind = 'rollout' | 'analysisrun';
const KINDS: Record<string, Kind> = { rollout: 'rollout', rollouts: 'rollout', ro: 'rollout', analysisrun: 'analysisrun', analysisruns: 'analysisrun', ar: 'analysisrun' };

/** `--timeout-seconds N`: a whole number of seconds, 0 (the default) for no limit. */
export function timeoutSecondsOf(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d+$/.test(text)) throw new UsageError(`--timeout-seconds takes a whole number of seconds, not "${text}"`);
  return Number(text);
}

export function parseGetWords(words: string[]): { kind: Kind; name: string } {
  const [word, name, ...rest] = words;
  if (word !== undefined && EXPERIMENT_WORDS.includes(word)) throw experimentsNotRun('show');
  const kind = word === undefined ? undefined : KINDS[word];
  if (!kind || !name || rest.length > 0) throw new UsageError('write sluice get rollout NAME or sluice get analysisrun NAME');
  return { kind, name };
}

export function run(args: string[]): Promise<number> {
  return runWithTarget(spec, args, (words, parsed) => ({ ...parseGetWords(words), timeoutSeconds: timeoutSecondsOf(stringFlag(parsed, 'timeout-seconds')) }), async (context, { kind, name, timeoutSeconds }) => {
    const watch = switchFlag(context.parsed, 'watch');
    const output = stringFlag(context.parsed, 'output');
    if (watch && output) throw new UsageError('-w redraws the tree; it does not combine with -o');
    if (kind === 'analysisrun') return showAnalysisRun(context, name, output);
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
