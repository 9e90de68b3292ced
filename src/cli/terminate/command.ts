// `sluice terminate analysisrun NAME...`: spec.terminate: true on each run, as Argo's plugin.
import { EXPERIMENT_WORDS, experimentsNotRun, UsageError } from '../shared/errors.ts';
import { runWithTarget } from '../shared/run-command.ts';
import { spec } from './spec.ts';

const RUN_WORDS = ['analysisrun', 'analysisruns', 'ar'];

export function parseTerminateWords(words: string[]): string[] {
  const [kind, ...names] = words;
  if (kind !== undefined && EXPERIMENT_WORDS.includes(kind)) throw experimentsNotRun('terminate');
  if (!kind || !RUN_WORDS.includes(kind) || names.length === 0) throw new UsageError(`write sluice ${spec.usage}`);
  return names;
}

export function run(args: string[]): Promise<number> {
  return runWithTarget(spec, args, parseTerminateWords, async ({ target, namespace, out }, names) => {
    for (const name of names) {
      await target.terminateAnalysisRun(namespace, name);
      out.write(`analysisRun '${name}' terminated\n`);
    }
    return 0;
  });
}
